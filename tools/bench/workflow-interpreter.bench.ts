/**
 * Benchmark (not a test): what interpreting a definition costs against a hand-written Temporal
 * workflow doing the same steps, before and after the interpreter was rebuilt for business time,
 * measured in one run. Three workflows take Haarlem's work route (definition v1) — the route of
 * test/fixtures/histories/haarlem-work-route-extension-expired.json, through the inburgering
 * extension to the expired term — on the time-skipping server, driven by the same reports and
 * clock jumps: the hand-written baseline, the interpreter before the rebuild (the frozen legacy
 * code, workflows/src/legacy) and the business-time interpreter after it. Their histories are then
 * replayed in turn, and the table gives medians, p95s and the ratios before/hand-written,
 * after/hand-written and after/before of wall time and process CPU per replay and per workflow
 * activation (one per WorkflowTaskCompleted event). A second table counts the history events of
 * a full Haarlem trajectory per route (work, education, klantmanager), before and after.
 *
 *   npm run bench:workflow -- [replays of each history, default 30]
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { compileDefinitionSource, haarlemCapabilities } from '@wegwijs/definitions';
import { createTimeSkippingEnvironment } from '@wegwijs/devstack';
import type { EngineActivities, EventActor, RecordTrajectoryEventsRequest, SupersedeEffectsRequest } from '@wegwijs/domain';
import { trajectoryWorkflowBundle } from '@wegwijs/temporal';
import { getTrajectoryStateQuery, recordMilestoneUpdate, trajectoryWorkflow, type MilestoneSubmission } from '@wegwijs/workflows';
import { expectedMilestonesQuery, handWrittenWorkRoute, recordWorkRouteMilestoneUpdate } from '../../workflows/bench/hand-written-work-route.workflow';
import {
  getTrajectoryStateQuery as getLegacyTrajectoryStateQuery,
  recordMilestoneUpdate as recordLegacyMilestoneUpdate,
  type StartTrajectoryInput as LegacyStartTrajectoryInput,
} from '../../workflows/src/legacy/legacy-messages';

type History = temporal.api.history.v1.IHistory;
/** The three workflows measured: the baseline, the interpreter before business time, and after. */
type Kind = 'hand-written' | 'before' | 'after';
const KINDS: readonly Kind[] = ['hand-written', 'before', 'after'];
/** The two interpreters, which take every route (the baseline knows only the work route). */
type Interpreter = Exclude<Kind, 'hand-written'>;
const INTERPRETERS: readonly Interpreter[] = ['before', 'after'];

const WARM_UP_REPLAYS = 3;
const DAY = 86_400_000;
const KLANTMANAGER: EventActor = { role: 'klantmanager', id: 'km-0007' };
const VLUCHTELINGENWERK: EventActor = { role: 'vluchtelingenwerk', id: 'vwn-12' };
const WIJKTEAM: EventActor = { role: 'wijkteam', id: 'swt-3' };
/**
 * Version 1 for all three: the hand-written baseline is version 1's work route, and the legacy
 * interpreter runs the versions it was written for (v1..v4), so the comparison holds one version.
 */
const haarlemV1 = compileDefinitionSource(readFileSync(join(__dirname, '../../definitions/haarlem-statushouders/v1.yaml'), 'utf8'), haarlemCapabilities);

/** Every activity the workflows call, as doubles: the benchmark measures workflow code, not activities. */
const activityDoubles = {
  async recordTrajectoryEvents(_request: RecordTrajectoryEventsRequest): Promise<void> {},
  async supersedeEffects(_request: SupersedeEffectsRequest): Promise<void> {},
  ...Object.fromEntries(Object.keys(haarlemCapabilities.activities).map((name) => [name, async () => (name === 'fetchTvsProfile' ? { complete: true } : {})])),
} satisfies EngineActivities & Record<string, unknown>;

async function main(): Promise<void> {
  const replays = Number(process.argv[2] ?? 30);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  log(`load average at start (1, 5, 15 min): ${loadAverage()} — the machine is shared`);
  const bundleStarted = performance.now();
  const { bundlerOptions } = trajectoryWorkflowBundle();
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: join(__dirname, '../../workflows/bench/bench-workflows.ts'),
    webpackConfigHook: bundlerOptions?.webpackConfigHook,
    logger: new DefaultLogger('WARN'),
  });
  log(`bundle (both interpreters and the hand-written baseline together): ${kib(workflowBundle.code.length)} KiB in ${seconds(performance.now() - bundleStarted)}`);

  const recordStarted = performance.now();
  const recorded = await recordAllRoutes(workflowBundle);
  log(`recorded the routes on the time-skipping server in ${seconds(performance.now() - recordStarted)}`);

  const samples = await replayInTurn(workflowBundle, recorded.workRoute, replays);
  log(`load average after replaying (1, 5, 15 min): ${loadAverage()}`);
  printReplayTable(recorded.workRoute, samples, replays);
  printRouteTable(recorded);
}

// --- recording ------------------------------------------------------------------------------------

interface Recorded {
  /** The work route by all three workflows: the histories that are replayed. */
  readonly workRoute: Record<Kind, History>;
  /** Every route by both interpreters: the history events of a full trajectory, before and after. */
  readonly routes: ReadonlyArray<{ readonly route: Route; readonly histories: Record<Interpreter, History> }>;
}

/** Every workflow through every route it knows, one after the other, on one time-skipping server. */
async function recordAllRoutes(workflowBundle: WorkflowBundle): Promise<Recorded> {
  const env = await createTimeSkippingEnvironment();
  try {
    const taskQueue = `workflow-bench-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities: activityDoubles });
    return await worker.runUntil(async () => {
      const starters: Record<Kind, Starter> = {
        'hand-written': startHandWritten(env, taskQueue),
        before: startBefore(env, taskQueue),
        after: startAfter(env, taskQueue),
      };
      const workRoute = {} as Record<Kind, History>;
      for (const kind of KINDS) workRoute[kind] = await runRoute(env, WORK_ROUTE, starters[kind]);
      const routes: Array<{ route: Route; histories: Record<Interpreter, History> }> = [{ route: WORK_ROUTE, histories: { before: workRoute.before, after: workRoute.after } }];
      for (const route of [EDUCATION_ROUTE, KLANTMANAGER_ROUTE]) {
        const histories = {} as Record<Interpreter, History>;
        for (const kind of INTERPRETERS) histories[kind] = await runRoute(env, route, starters[kind]);
        routes.push({ route, histories });
      }
      return { workRoute, routes };
    });
  } finally {
    await env.teardown();
  }
}

/** The facts a route starts with (a type, not an interface, so that it is a record of facts). */
type RouteFacts = {
  readonly housingDate: string;
  readonly permitGrantedDate: string;
  readonly age: number;
};

/** A workflow under test, started: whether it accepts a milestone now, and reporting one. */
interface RouteUnderTest {
  readonly handle: WorkflowHandle;
  readonly accepts: (milestone: string) => Promise<boolean>;
  readonly report: (submission: MilestoneSubmission) => Promise<void>;
}

type Starter = (id: string, facts: RouteFacts) => Promise<RouteUnderTest>;

/** What both interpreters' state says about a milestone: an open wait for it, or an inburgering milestone while the clock runs. */
function acceptedByInterpreter(state: { waitingOn: ReadonlyArray<{ milestone?: string }>; clocks: ReadonlyArray<{ status: string }> }, milestone: string): boolean {
  return state.waitingOn.some((wait) => wait.milestone === milestone) || (milestone.startsWith('inburgering.') && state.clocks.some((clock) => clock.status === 'running'));
}

function startAfter(env: TestWorkflowEnvironment, taskQueue: string): Starter {
  return async (id, facts) => {
    const handle = await env.client.workflow.start(trajectoryWorkflow, {
      workflowId: id,
      taskQueue,
      args: [{ trajectoryId: id, municipality: 'GM0392', caseReference: id.slice(7), definition: haarlemV1, facts, startedBy: KLANTMANAGER }],
    });
    return {
      handle,
      accepts: async (milestone) => acceptedByInterpreter(await handle.query(getTrajectoryStateQuery), milestone),
      report: async (submission) => void (await handle.executeUpdate(recordMilestoneUpdate, { args: [submission] })),
    };
  };
}

/** The interpreter before business time, by its bench workflow type (workflows/bench/bench-workflows.ts). */
function startBefore(env: TestWorkflowEnvironment, taskQueue: string): Starter {
  return async (id, facts) => {
    const input: LegacyStartTrajectoryInput = { trajectoryId: id, municipality: 'GM0392', caseReference: id.slice(7), definition: haarlemV1, facts, startedBy: KLANTMANAGER };
    const handle = await env.client.workflow.start('legacyTrajectoryWorkflow', { workflowId: id, taskQueue, args: [input] });
    return {
      handle,
      accepts: async (milestone) => acceptedByInterpreter(await handle.query(getLegacyTrajectoryStateQuery), milestone),
      report: async (submission) => void (await handle.executeUpdate(recordLegacyMilestoneUpdate, { args: [submission] })),
    };
  };
}

function startHandWritten(env: TestWorkflowEnvironment, taskQueue: string): Starter {
  return async (id, facts) => {
    const handle = await env.client.workflow.start(handWrittenWorkRoute, {
      workflowId: id,
      taskQueue,
      args: [{ trajectoryId: id, municipality: 'GM0392', caseReference: id.slice(7), facts, startedBy: KLANTMANAGER }],
    });
    return {
      handle,
      accepts: async (milestone) => (await handle.query(expectedMilestonesQuery)).includes(milestone),
      report: async (submission) => void (await handle.executeUpdate(recordWorkRouteMilestoneUpdate, { args: [submission] })),
    };
  };
}

/** What a route does to a trajectory: reports (each once the trajectory accepts it) and clock jumps. */
interface RouteDriver {
  readonly report: (milestone: string, payload?: Record<string, string | number | boolean>, actor?: EventActor) => Promise<void>;
  /** Lets this many days pass on the time-skipping server. */
  readonly sleepDays: (days: number) => Promise<void>;
  /** Lets time pass until noon (UTC) of this date. */
  readonly skipUntil: (date: string) => Promise<void>;
}

/** A full Haarlem trajectory as a test in test/workflows/haarlem-trajectory.test.ts drives it. */
interface Route {
  readonly name: string;
  readonly facts: (nowMs: number) => RouteFacts;
  readonly drive: (driver: RouteDriver, facts: RouteFacts) => Promise<void>;
}

/** 'runs 24 months of guidance and a 3-year inburgering term to the exact day, through an extension'. */
const WORK_ROUTE: Route = {
  name: 'work (Aan de slag), extension, term expired',
  facts: (now) => {
    const housingDate = nextDate(8, 31, now, 30);
    return { housingDate, permitGrantedDate: nextDate(2, 29, Date.parse(housingDate), 1, (year) => year % 4 === 0), age: 35 };
  },
  drive: async ({ report, sleepDays, skipUntil }, { housingDate, permitGrantedDate }) => {
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
    await sleepDays(200);
    await report('finance.followUpDecided', { followUp: 'none' });
    await skipUntil(plusYears(housingDate, 2));
    await report('guidance.warmHandoverToWijkteamDone', undefined, VLUCHTELINGENWERK);
    await skipUntil(`${Number(permitGrantedDate.slice(0, 4)) + 2}-03-01`);
    await report('inburgering.extensionGranted', { extension: 'P6M' });
  },
};

/** The steps every other route shares, with no consent to budget management (no financieel ontzorgen). */
async function throughIntake(report: RouteDriver['report']): Promise<void> {
  await report('coa.warmHandoverDone');
  await report('basis.livingAllowanceArranged');
  await report('basis.furnishingAllowanceArranged');
  await report('basis.languageSchoolConsentRecorded', { consent: true });
  await report('basis.budgetManagementConsentRecorded', { consent: false });
  await report('introduction.programmeCompleted');
  await report('participatieverklaring.completed');
  await report('mindfit.completed');
  await report('intake.noaAssessmentDone');
  await report('intake.followUpTalkHeld');
}

/** 'goes back to the client manager after a terugmelding, then into education via UAF, and ends on the diploma'. */
const EDUCATION_ROUTE: Route = {
  name: 'education (terugmelding, UAF), diploma',
  facts: (now) => ({ housingDate: isoDate(now + 7 * DAY), permitGrantedDate: isoDate(now - 60 * DAY), age: 26 }),
  drive: async ({ report, skipUntil }, { housingDate }) => {
    await throughIntake(report);
    await report('intake.planAgreed', { route: 'werk' });
    await report('work.terugmelding');
    await report('intake.planRevised', { route: 'onderwijs' });
    await report('education.adviceGiven', { advice: 'uaf' });
    await report('education.uafStudyStarted');
    await report('inburgering.diplomaObtained');
    await skipUntil(plusYears(housingDate, 2));
    await report('guidance.warmHandoverToWijkteamDone', undefined, WIJKTEAM);
  },
};

/** 'keeps a person not yet ready for work or education with the client manager until 24 months after housing'. */
const KLANTMANAGER_ROUTE: Route = {
  name: 'klantmanager (not ready), exemption',
  facts: (now) => ({ housingDate: isoDate(now + 3 * DAY), permitGrantedDate: isoDate(now - 30 * DAY), age: 52 }),
  drive: async ({ report, skipUntil }, { housingDate }) => {
    await throughIntake(report);
    // Education is for under-30s only: at 52 the default flow leads to traject klantmanager.
    await report('intake.planAgreed', { route: 'onderwijs' });
    await report('inburgering.exemptionGranted');
    await skipUntil(plusYears(housingDate, 2));
    await report('guidance.warmHandoverToWijkteamDone', undefined, VLUCHTELINGENWERK);
  },
};

/** Starts a trajectory, drives it through the route to its end, and answers its history. */
async function runRoute(env: TestWorkflowEnvironment, route: Route, start: Starter): Promise<History> {
  const facts = route.facts(await env.currentTimeMs());
  const underTest = await start(`GM0392.BENCH-${randomUUID().slice(0, 8)}`, facts);
  const report: RouteDriver['report'] = async (milestone, payload, actor = KLANTMANAGER) => {
    for (let attempt = 0; !(await underTest.accepts(milestone)); attempt++) {
      if (attempt === 200) throw new Error(`${underTest.handle.workflowId} (${route.name}) never waited for ${milestone}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await underTest.report({ milestone, milestoneId: randomUUID(), actor, payload });
  };
  const skipUntil = async (date: string) => {
    const target = Date.parse(`${date}T12:00:00Z`);
    const current = await env.currentTimeMs();
    if (target > current) await env.sleep(target - current);
  };
  await route.drive({ report, sleepDays: (days) => env.sleep(days * DAY), skipUntil }, facts);
  const result = (await underTest.handle.result()) as { status: string };
  if (result.status !== 'completed') throw new Error(`${underTest.handle.workflowId} (${route.name}) ended ${result.status}, not completed`);
  return underTest.handle.fetchHistory();
}

/** YYYY-MM-DD of the first `month`-`day` on or after `from` that is at least `lead` days away. */
function nextDate(month: number, day: number, fromMs: number, leadDays: number, accept: (year: number) => boolean = () => true): string {
  const earliest = new Date(fromMs + leadDays * DAY);
  for (let year = earliest.getUTCFullYear(); ; year++) {
    const candidate = Date.UTC(year, month - 1, day);
    if (candidate >= earliest.getTime() && accept(year) && new Date(candidate).getUTCDate() === day) return new Date(candidate).toISOString().slice(0, 10);
  }
}

function isoDate(instantMs: number): string {
  return new Date(instantMs).toISOString().slice(0, 10);
}

function plusYears(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
}

// --- replaying ------------------------------------------------------------------------------------

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * Replays the three histories in turn on one replay worker (warm-up replays first, not counted),
 * timing each from the moment the worker asks for it until its result.
 */
async function replayInTurn(workflowBundle: WorkflowBundle, histories: Record<Kind, History>, replays: number): Promise<Record<Kind, Sample[]>> {
  const order: Kind[] = Array.from({ length: KINDS.length * (WARM_UP_REPLAYS + replays) }, (_, index) => KINDS[index % KINDS.length]);
  let started = { wall: 0, cpu: process.cpuUsage() };
  async function* feed() {
    for (const [index, kind] of order.entries()) {
      started = { wall: performance.now(), cpu: process.cpuUsage() };
      yield { workflowId: `${kind}-${index}`, history: histories[kind] };
    }
  }
  const samples: Record<Kind, Sample[]> = { 'hand-written': [], before: [], after: [] };
  let index = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle }, feed())) {
    const cpu = process.cpuUsage(started.cpu);
    const sample = { wallMs: performance.now() - started.wall, cpuMs: (cpu.user + cpu.system) / 1000 };
    if (result.error) throw result.error;
    const kind = order[index];
    if (index >= KINDS.length * WARM_UP_REPLAYS) samples[kind].push(sample);
    index++;
  }
  return samples;
}

// --- the report -----------------------------------------------------------------------------------

const countEvents = (history: History, type?: keyof temporal.api.history.v1.IHistoryEvent) => history.events?.filter((event) => type === undefined || event[type]).length ?? 0;
const countActivities = (history: History, activityType: string) =>
  history.events?.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === activityType).length ?? 0;
const activations = (history: History) => countEvents(history, 'workflowTaskCompletedEventAttributes');
const historyKib = (history: History) => historyToJSON(history).length / 1024;

function printReplayTable(histories: Record<Kind, History>, samples: Record<Kind, Sample[]>, replays: number): void {
  const committed = JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/histories/haarlem-work-route-extension-expired.json'), 'utf8')) as { events: unknown[] };
  const count = (type: keyof temporal.api.history.v1.IHistoryEvent) => (kind: Kind) => countEvents(histories[kind], type);
  const wall = (kind: Kind) => samples[kind].map((sample) => sample.wallMs);
  const cpu = (kind: Kind) => samples[kind].map((sample) => sample.cpuMs);
  const rows: Array<[string, (kind: Kind) => number, number]> = [
    ['history events', (kind) => countEvents(histories[kind]), 0],
    // The same steps by the baseline and the interpreter before: these match. The interpreter
    // after calls the same activities but records events in fewer, larger batches; its wake-up
    // timer is re-armed only when the next due day moves (before its steady wake-up patch it was
    // re-armed whenever it was told something, and most of its timers ended cancelled).
    ['  activities scheduled', count('activityTaskScheduledEventAttributes'), 0],
    ['    of which recordTrajectoryEvents', (kind) => countActivities(histories[kind], 'recordTrajectoryEvents'), 0],
    ['  timers started', count('timerStartedEventAttributes'), 0],
    ['    of which cancelled', count('timerCanceledEventAttributes'), 0],
    ['  updates accepted', count('workflowExecutionUpdateAcceptedEventAttributes'), 0],
    ['  search-attribute upserts', count('upsertWorkflowSearchAttributesEventAttributes'), 0],
    ['  markers (patches)', count('markerRecordedEventAttributes'), 0],
    ['history size (KiB)', (kind) => historyKib(histories[kind]), 1],
    ['activations (workflow tasks)', (kind) => activations(histories[kind]), 0],
    ['replay wall, median (ms)', (kind) => median(wall(kind)), 1],
    ['replay wall, p95 (ms)', (kind) => p95(wall(kind)), 1],
    ['replay CPU, median (ms)', (kind) => median(cpu(kind)), 1],
    ['replay CPU, p95 (ms)', (kind) => p95(cpu(kind)), 1],
    ['CPU per activation, median (µs)', (kind) => (1000 * median(cpu(kind))) / activations(histories[kind]), 0],
    ['CPU per activation, p95 (µs)', (kind) => (1000 * p95(cpu(kind))) / activations(histories[kind]), 0],
    ['wall per activation, median (µs)', (kind) => (1000 * median(wall(kind))) / activations(histories[kind]), 0],
  ];
  log('');
  log(`Haarlem work route (v1): ${replays} replays of each history, in turn, after ${WARM_UP_REPLAYS} warm-up replays each; CPU is process.cpuUsage (all threads)`);
  log(`(the committed fixture of this route, recorded on the legacy interpreter, has ${committed.events.length} events)`);
  log('');
  log(`${'measure'.padEnd(34)}${'hand-written'.padStart(13)}${'before'.padStart(10)}${'after'.padStart(10)}${'before/hw'.padStart(11)}${'after/hw'.padStart(10)}${'after/before'.padStart(14)}`);
  for (const [label, value, digits] of rows) {
    const [handWritten, before, after] = KINDS.map(value);
    const ratio = (a: number, b: number) => (b === 0 ? '—' : (a / b).toFixed(2));
    log(
      `${label.padEnd(34)}${handWritten.toFixed(digits).padStart(13)}${before.toFixed(digits).padStart(10)}${after.toFixed(digits).padStart(10)}` +
        `${ratio(before, handWritten).padStart(11)}${ratio(after, handWritten).padStart(10)}${ratio(after, before).padStart(14)}`,
    );
  }
}

function printRouteTable({ routes }: Recorded): void {
  log('');
  log('History of a full Haarlem trajectory (v1) per route, before and after the rebuild for business time');
  log('');
  log(`${'route'.padEnd(46)}${'events before'.padStart(15)}${'after'.padStart(7)}${'after/before'.padStart(14)}${'KiB before'.padStart(12)}${'after'.padStart(8)}${'tasks before'.padStart(14)}${'after'.padStart(7)}`);
  for (const { route, histories } of routes) {
    const { before, after } = histories;
    log(
      `${route.name.padEnd(46)}${String(countEvents(before)).padStart(15)}${String(countEvents(after)).padStart(7)}${(countEvents(after) / countEvents(before)).toFixed(2).padStart(14)}` +
        `${historyKib(before).toFixed(0).padStart(12)}${historyKib(after).toFixed(0).padStart(8)}${String(activations(before)).padStart(14)}${String(activations(after)).padStart(7)}`,
    );
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

const loadAverage = () => loadavg().map((load) => load.toFixed(2)).join(', ');
const kib = (bytes: number) => (bytes / 1024).toFixed(0);
const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`;
const log = (line: string) => process.stdout.write(`${line}\n`);

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
