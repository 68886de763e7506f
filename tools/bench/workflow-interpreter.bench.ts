/**
 * Benchmark (not a test): what interpreting a definition costs against a hand-written Temporal
 * workflow doing the same steps, measured in the same run. Both take Haarlem's work route — the
 * route of test/fixtures/histories/haarlem-work-route-extension-expired.json, through the
 * inburgering extension to the expired term — on the time-skipping server, driven by the same
 * reports and clock jumps; their two histories are then replayed alternately, and the table
 * gives medians, p95s and interpreter/hand-written ratios of wall time and process CPU per replay
 * and per workflow activation (one per WorkflowTaskCompleted event).
 *
 *   npm run bench:workflow -- [replays of each history, default 30]
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { compileDefinitionSource, haarlemCapabilities } from '@wegwijs/definitions';
import { createTimeSkippingEnvironment } from '@wegwijs/devstack';
import type { EventActor, RecordTrajectoryEventsRequest } from '@wegwijs/domain';
import { trajectoryWorkflowBundle } from '@wegwijs/temporal';
import { getTrajectoryStateQuery, recordMilestoneUpdate, trajectoryWorkflow, type MilestoneSubmission, type TrajectoryState } from '@wegwijs/workflows';
import { expectedMilestonesQuery, handWrittenWorkRoute, recordWorkRouteMilestoneUpdate } from '../../workflows/bench/hand-written-work-route.workflow';

type History = temporal.api.history.v1.IHistory;
type Kind = 'interpreter' | 'hand-written';

const WARM_UP_REPLAYS = 3;
const DAY = 86_400_000;
const KLANTMANAGER: EventActor = { role: 'klantmanager', id: 'km-0007' };
const VLUCHTELINGENWERK: EventActor = { role: 'vluchtelingenwerk', id: 'vwn-12' };
const haarlemV1 = compileDefinitionSource(readFileSync(join(__dirname, '../../definitions/haarlem-statushouders/v1.yaml'), 'utf8'), haarlemCapabilities);

/** Every activity the definition names, as doubles: the benchmark measures workflow code, not activities. */
const activityDoubles = {
  async recordTrajectoryEvents(_request: RecordTrajectoryEventsRequest): Promise<void> {},
  ...Object.fromEntries(Object.keys(haarlemCapabilities.activities).map((name) => [name, async () => (name === 'fetchTvsProfile' ? { complete: true } : {})])),
};

async function main(): Promise<void> {
  const replays = Number(process.argv[2] ?? 30);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const bundleStarted = performance.now();
  const { bundlerOptions } = trajectoryWorkflowBundle();
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: join(__dirname, '../../workflows/bench/bench-workflows.ts'),
    webpackConfigHook: bundlerOptions?.webpackConfigHook,
    logger: new DefaultLogger('WARN'),
  });
  log(`bundle (interpreter and hand-written together): ${kib(workflowBundle.code.length)} KiB in ${seconds(performance.now() - bundleStarted)}`);

  const recordStarted = performance.now();
  const histories = await recordBothRoutes(workflowBundle);
  log(`recorded both routes on the time-skipping server in ${seconds(performance.now() - recordStarted)}`);

  const samples = await replayAlternately(workflowBundle, histories, replays);
  printTable(histories, samples, replays);
}

// --- recording ------------------------------------------------------------------------------------

/** Both workflows through the same route, one after the other, on one time-skipping server. */
async function recordBothRoutes(workflowBundle: WorkflowBundle): Promise<Record<Kind, History>> {
  const env = await createTimeSkippingEnvironment();
  try {
    const taskQueue = `workflow-bench-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities: activityDoubles });
    return await worker.runUntil(async () => {
      const interpreter = await runWorkRoute(env, async (id, facts) => {
        const handle = await env.client.workflow.start(trajectoryWorkflow, {
          workflowId: id,
          taskQueue,
          args: [{ trajectoryId: id, municipality: 'GM0392', caseReference: id.slice(7), definition: haarlemV1, facts, startedBy: KLANTMANAGER }],
        });
        return {
          handle,
          expected: async () => expectedByInterpreter(await handle.query(getTrajectoryStateQuery)),
          report: async (submission) => void (await handle.executeUpdate(recordMilestoneUpdate, { args: [submission] })),
        };
      });
      const handWritten = await runWorkRoute(env, async (id, facts) => {
        const handle = await env.client.workflow.start(handWrittenWorkRoute, {
          workflowId: id,
          taskQueue,
          args: [{ trajectoryId: id, municipality: 'GM0392', caseReference: id.slice(7), facts, startedBy: KLANTMANAGER }],
        });
        return {
          handle,
          expected: () => handle.query(expectedMilestonesQuery),
          report: async (submission) => void (await handle.executeUpdate(recordWorkRouteMilestoneUpdate, { args: [submission] })),
        };
      });
      return { interpreter, 'hand-written': handWritten };
    });
  } finally {
    await env.teardown();
  }
}

/** What the interpreter accepts now: its open waits, and the inburgering clock's milestones while it runs. */
function expectedByInterpreter(state: TrajectoryState): string[] {
  const clockRunning = state.clocks.some((clock) => clock.status === 'running');
  return [...state.waitingOn.flatMap((wait) => (wait.milestone ? [wait.milestone] : [])), ...(clockRunning ? ['inburgering.extensionGranted'] : [])];
}

interface RouteUnderTest {
  readonly handle: WorkflowHandle;
  readonly expected: () => Promise<string[]>;
  readonly report: (submission: MilestoneSubmission) => Promise<void>;
}

/**
 * The route of the test 'runs 24 months of guidance and a 3-year inburgering term to the exact
 * day, through an extension' (test/workflows/haarlem-trajectory.test.ts), from start to result.
 */
async function runWorkRoute(
  env: TestWorkflowEnvironment,
  start: (id: string, facts: { housingDate: string; permitGrantedDate: string; age: number }) => Promise<RouteUnderTest>,
): Promise<History> {
  const now = await env.currentTimeMs();
  const housingDate = nextDate(8, 31, now, 30);
  const permitGrantedDate = nextDate(2, 29, Date.parse(housingDate), 1, (year) => year % 4 === 0);
  const route = await start(`GM0392.BENCH-${randomUUID().slice(0, 8)}`, { housingDate, permitGrantedDate, age: 35 });
  const report = async (milestone: string, payload?: Record<string, string | number | boolean>, actor: EventActor = KLANTMANAGER) => {
    for (let attempt = 0; !(await route.expected()).includes(milestone); attempt++) {
      if (attempt === 200) throw new Error(`${route.handle.workflowId} never waited for ${milestone}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await route.report({ milestone, milestoneId: randomUUID(), actor, payload });
  };
  const skipUntil = async (date: string) => {
    const target = Date.parse(`${date}T12:00:00Z`);
    const current = await env.currentTimeMs();
    if (target > current) await env.sleep(target - current);
  };

  await report('coa.warmHandoverDone');
  await report('basis.livingAllowanceArranged');
  await report('basis.furnishingAllowanceArranged');
  await report('basis.languageSchoolConsentRecorded', { consent: true });
  await report('basis.budgetManagementConsentRecorded', { consent: true });
  await report('intake.noaAssessmentDone');
  await report('intake.followUpTalkHeld', undefined, VLUCHTELINGENWERK);
  await report('intake.planAgreed', { route: 'werk' });
  await report('work.aanDeSlagTrajectoryStarted');
  await report('introduction.programmeCompleted');
  await report('participatieverklaring.completed');
  await report('mindfit.completed');
  await env.sleep(200 * DAY);
  await report('finance.followUpDecided', { followUp: 'none' });
  await skipUntil(`${Number(housingDate.slice(0, 4)) + 2}${housingDate.slice(4)}`);
  await report('guidance.warmHandoverToWijkteamDone', undefined, VLUCHTELINGENWERK);
  await skipUntil(`${Number(permitGrantedDate.slice(0, 4)) + 2}-03-01`);
  await report('inburgering.extensionGranted', { extension: 'P6M' });
  const result = (await route.handle.result()) as { status: string };
  if (result.status !== 'completed') throw new Error(`${route.handle.workflowId} ended ${result.status}, not completed`);
  return route.handle.fetchHistory();
}

/** YYYY-MM-DD of the first `month`-`day` on or after `from` that is at least `lead` days away. */
function nextDate(month: number, day: number, fromMs: number, leadDays: number, accept: (year: number) => boolean = () => true): string {
  const earliest = new Date(fromMs + leadDays * DAY);
  for (let year = earliest.getUTCFullYear(); ; year++) {
    const candidate = Date.UTC(year, month - 1, day);
    if (candidate >= earliest.getTime() && accept(year) && new Date(candidate).getUTCDate() === day) return new Date(candidate).toISOString().slice(0, 10);
  }
}

// --- replaying ------------------------------------------------------------------------------------

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * Replays the two histories one after the other on one replay worker (warm-up replays first,
 * not counted), timing each from the moment the worker asks for it until its result.
 */
async function replayAlternately(workflowBundle: WorkflowBundle, histories: Record<Kind, History>, replays: number): Promise<Record<Kind, Sample[]>> {
  const order: Kind[] = Array.from({ length: 2 * (WARM_UP_REPLAYS + replays) }, (_, index) => (index % 2 === 0 ? 'interpreter' : 'hand-written'));
  let started = { wall: 0, cpu: process.cpuUsage() };
  async function* feed() {
    for (const [index, kind] of order.entries()) {
      started = { wall: performance.now(), cpu: process.cpuUsage() };
      yield { workflowId: `${kind}-${index}`, history: histories[kind] };
    }
  }
  const samples: Record<Kind, Sample[]> = { interpreter: [], 'hand-written': [] };
  let index = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle }, feed())) {
    const cpu = process.cpuUsage(started.cpu);
    const sample = { wallMs: performance.now() - started.wall, cpuMs: (cpu.user + cpu.system) / 1000 };
    if (result.error) throw result.error;
    const kind = order[index];
    if (index >= 2 * WARM_UP_REPLAYS) samples[kind].push(sample);
    index++;
  }
  return samples;
}

// --- the report -----------------------------------------------------------------------------------

function printTable(histories: Record<Kind, History>, samples: Record<Kind, Sample[]>, replays: number): void {
  const activations = (kind: Kind) => histories[kind].events?.filter((event) => event.workflowTaskCompletedEventAttributes).length ?? 0;
  const committed = JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/histories/haarlem-work-route-extension-expired.json'), 'utf8')) as { events: unknown[] };
  const count = (kind: Kind, type: keyof temporal.api.history.v1.IHistoryEvent) => histories[kind].events?.filter((event) => event[type]).length ?? 0;
  const rows: Array<[string, (kind: Kind) => number, number]> = [
    ['history events', (kind) => histories[kind].events?.length ?? 0, 0],
    // The same steps: these should match.
    ['  activities scheduled', (kind) => count(kind, 'activityTaskScheduledEventAttributes'), 0],
    ['  timers started', (kind) => count(kind, 'timerStartedEventAttributes'), 0],
    ['  updates accepted', (kind) => count(kind, 'workflowExecutionUpdateAcceptedEventAttributes'), 0],
    ['  search-attribute upserts', (kind) => count(kind, 'upsertWorkflowSearchAttributesEventAttributes'), 0],
    ['history size (KiB)', (kind) => historyToJSON(histories[kind]).length / 1024, 1],
    ['activations (workflow tasks)', activations, 0],
    ['replay wall, median (ms)', (kind) => median(samples[kind].map((sample) => sample.wallMs)), 1],
    ['replay wall, p95 (ms)', (kind) => p95(samples[kind].map((sample) => sample.wallMs)), 1],
    ['replay CPU, median (ms)', (kind) => median(samples[kind].map((sample) => sample.cpuMs)), 1],
    ['replay CPU, p95 (ms)', (kind) => p95(samples[kind].map((sample) => sample.cpuMs)), 1],
    ['CPU per activation, median (µs)', (kind) => (1000 * median(samples[kind].map((sample) => sample.cpuMs))) / activations(kind), 0],
    ['CPU per activation, p95 (µs)', (kind) => (1000 * p95(samples[kind].map((sample) => sample.cpuMs))) / activations(kind), 0],
    ['wall per activation, median (µs)', (kind) => (1000 * median(samples[kind].map((sample) => sample.wallMs))) / activations(kind), 0],
  ];
  log('');
  log(`${replays} replays of each history, alternating, after ${WARM_UP_REPLAYS} warm-up replays each; CPU is process.cpuUsage (all threads)`);
  log(`(the committed fixture of this route has ${committed.events.length} events)`);
  log('');
  log(`${'measure'.padEnd(34)}${'interpreter'.padStart(13)}${'hand-written'.padStart(14)}${'ratio'.padStart(8)}`);
  for (const [label, value, digits] of rows) {
    const interpreted = value('interpreter');
    const handWritten = value('hand-written');
    log(`${label.padEnd(34)}${interpreted.toFixed(digits).padStart(13)}${handWritten.toFixed(digits).padStart(14)}${(interpreted / handWritten).toFixed(2).padStart(8)}`);
  }
}

function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

function p95(values: readonly number[]): number {
  return quantile(values, 0.95);
}

/** Nearest-rank quantile. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const kib = (bytes: number) => (bytes / 1024).toFixed(0);
const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`;
const log = (line: string) => process.stdout.write(`${line}\n`);

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
