/**
 * How Wegwijs scales, measured against what the same Temporal server does for a workflow that does
 * nothing (workflows/bench/scale.workflow.ts), in the same run. A benchmark, not a test: nothing
 * asserts a time. Against its own `npm start` on free ports (tools/bench/bench-stack.ts), or, with
 * WEGWIJS_API_URL and TEMPORAL_ADDRESS set (and WEGWIJS_DATA_DIR holding that stack's development
 * signing key), against a stack that runs already.
 *
 *   npm run bench:scale                      # defaults below
 *   npm run bench:scale -- --starts 400 --burst 10000
 *
 * 1. Start throughput at a fixed concurrency: `POST /trajectories` (walking skeleton) against
 *    Update-with-Start of `trivialStart` on the same server, and against a plain workflow start
 *    (no worker involved: the server alone).
 * 2. Milestone latency: `POST /trajectories/{id}/milestones`, one client at a time (p50/p95/p99),
 *    against an Update of `trivialMilestones` (answered at once) on the same server, one at a time.
 * 3. History cost per milestone: a Haarlem trajectory's history events and search-attribute
 *    upserts, after its start and after each of its first milestones.
 * 4. A month-end burst: `--burst` workflows whose timers all fire at one instant, drained by one
 *    worker with the options Wegwijs's own worker runs with (`workflowTaskTuning`, the WORKER_*
 *    variables); how long until the last has run, and how many workflow tasks timed out, and how.
 *
 * `--only 4` (or `--only 1,2`) runs some sections alone; 2 needs 1 (its trajectories).
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { addDays, amsterdamDateOf } from '@wegwijs/calendar';
import { loadConfiguration } from '@wegwijs/config';
import { workflowTaskTuning } from '@wegwijs/temporal';
import { developmentIssuer, ensureDevelopmentSigningKey, issueDevelopmentToken, WORKSPACE_ROOT } from '@wegwijs/devstack';
import { Command } from 'commander';
import pLimit from 'p-limit';
import { enoughSignal, milestoneUpdate, startedUpdate, type trivialMilestones, type trivialStart } from '../../workflows/bench/scale.workflow';
import { startBenchStack, type BenchStack } from './bench-stack';
import { percentile } from '../../libs/read-models/bench/bench-database';

const BASELINE_TASK_QUEUE = 'wegwijs-bench-baseline';
const MUNICIPALITY = 'GM0392';

interface Options {
  readonly starts: number;
  readonly concurrency: number;
  readonly burst: number;
  readonly milestones: number;
  readonly sections: ReadonlySet<number>;
}

async function main(): Promise<void> {
  const options = new Command()
    .option('--starts <n>', 'trajectories (and baseline workflows) started per measurement', '200')
    .option('--concurrency <n>', 'requests in flight while measuring start throughput', '8')
    .option('--burst <n>', 'workflows whose timers fire at the same instant', '10000')
    .option('--milestones <n>', 'milestones timed one at a time', '200')
    .option('--only <sections>', 'the sections to run, by number (1,2 or 4, say)', '1,2,3,4')
    .parse()
    .opts<Record<Exclude<keyof Options, 'sections'> | 'only', string>>();
  const opts: Options = {
    starts: Number(options.starts),
    concurrency: Number(options.concurrency),
    burst: Number(options.burst),
    milestones: Number(options.milestones),
    sections: new Set(options.only.split(',').map(Number)),
  };
  if (opts.sections.has(2) && !opts.sections.has(1)) throw new Error('--only: section 2 times milestones on the trajectories section 1 starts');

  say(`machine load average at start: ${loadAverage()}`);
  const stack = process.env.WEGWIJS_API_URL && process.env.TEMPORAL_ADDRESS ? undefined : await startBenchStack(say);
  const apiUrl = stack?.apiUrl ?? process.env.WEGWIJS_API_URL!;
  const temporalAddress = stack?.temporalAddress ?? process.env.TEMPORAL_ADDRESS!;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  const workerConnection = await NativeConnection.connect({ address: temporalAddress });
  const bundle = await bundleWorkflowCode({ workflowsPath: join(WORKSPACE_ROOT, 'workflows/bench/scale.workflow.ts'), logger: new DefaultLogger('WARN') });
  // The options Wegwijs's worker runs with, from the same environment, so the burst measures them.
  const tuning = workflowTaskTuning(loadConfiguration(stack?.env ?? process.env));
  say(`worker options (WORKER_* variables): ${JSON.stringify(tuning)}`);
  const worker = await Worker.create({ connection: workerConnection, namespace: client.options.namespace, taskQueue: BASELINE_TASK_QUEUE, workflowBundle: bundle, ...tuning });
  const running = worker.run();
  try {
    const authorization = await klantmanagerAuthorization(stack, apiUrl);
    const api = new WegwijsApi(apiUrl, authorization);
    if (opts.sections.has(1)) {
      const trajectories = await startThroughput(api, client, opts);
      if (opts.sections.has(2)) await milestoneLatency(api, client, trajectories.slice(0, opts.milestones));
    }
    if (opts.sections.has(3)) await historyPerMilestone(api, client);
    if (opts.sections.has(4)) await timerBurst(client, opts.burst);
  } finally {
    worker.shutdown();
    await running;
    await workerConnection.close();
    await connection.close();
    await stack?.stop();
  }
  say(`machine load average at the end: ${loadAverage()}`);
}

async function startThroughput(api: WegwijsApi, client: Client, opts: Options): Promise<string[]> {
  say(`\n## 1. Start throughput (${opts.starts} each, ${opts.concurrency} in flight)`);
  const housingDate = addDays(amsterdamDateOf(new Date()), -30);
  const trajectoryIds: string[] = [];
  const stamp = Date.now().toString(36).toUpperCase();
  // Warm-up: the first starts pay for connections and the worker's first activations.
  await inParallel(opts.concurrency, opts.concurrency, (index) => api.startWalkingSkeleton(`WARM-${stamp}-${index}`, housingDate));
  await inParallel(opts.concurrency, opts.concurrency, () => client.workflow.executeUpdateWithStart(startedUpdate, { startWorkflowOperation: trivialStartOperation() }));

  const viaApi = await timedRate(opts.starts, opts.concurrency, async (index) => trajectoryIds.push(await api.startWalkingSkeleton(`BENCH-${stamp}-${index}`, housingDate)));
  const updateWithStart = await timedRate(opts.starts, opts.concurrency, () =>
    client.workflow.executeUpdateWithStart(startedUpdate, { startWorkflowOperation: trivialStartOperation() }),
  );
  const plainStart = await timedRate(opts.starts, opts.concurrency, () =>
    client.workflow.start('timerBurst', { taskQueue: BASELINE_TASK_QUEUE, workflowId: `bench-plain-${randomUUID()}`, args: [0] }),
  );
  table(
    ['measure', 'starts/s', 'Wegwijs ÷ this'],
    [
      ['POST /trajectories (walking skeleton, over HTTP)', viaApi.toFixed(1), '—'],
      ['Update-with-Start of a trivial workflow (baseline)', updateWithStart.toFixed(1), (viaApi / updateWithStart).toFixed(2)],
      ['plain workflow start, no worker involved', plainStart.toFixed(1), (viaApi / plainStart).toFixed(2)],
    ],
  );
  say(`load average after: ${loadAverage()}; 503 answers retried so far (warm-up included): ${api.retried}`);
  return trajectoryIds;
}

async function milestoneLatency(api: WegwijsApi, client: Client, trajectoryIds: readonly string[]): Promise<void> {
  say(`\n## 2. Milestone latency (${trajectoryIds.length} milestones, one at a time; the baseline's Updates interleaved with them)`);
  const viaApi: number[] = [];
  const baseline: number[] = [];
  const today = amsterdamDateOf(new Date());
  const trivial = await client.workflow.start<typeof trivialMilestones>('trivialMilestones', { taskQueue: BASELINE_TASK_QUEUE, workflowId: `bench-milestones-${randomUUID()}` });
  await trivial.executeUpdate(milestoneUpdate); // warm-up: the worker's first activation of it
  const timed = async (samples: number[], work: () => Promise<unknown>) => {
    const began = performance.now();
    await work();
    samples.push(performance.now() - began);
  };
  // Interleaved, so that both meet the same moments of the machine's load.
  for (const trajectoryId of trajectoryIds) {
    await timed(viaApi, () => api.reportMilestone(trajectoryId, { milestone: 'intake.completed', occurredOn: today }));
    await timed(baseline, () => trivial.executeUpdate(milestoneUpdate));
  }
  await trivial.signal(enoughSignal);
  const row = (name: string, samples: number[]) => {
    samples.sort((a, b) => a - b);
    return [name, ...[percentile(samples, 0.5), percentile(samples, 0.95), percentile(samples, 0.99), samples[samples.length - 1]].map((ms) => ms.toFixed(1))];
  };
  const ours = row('POST /trajectories/{id}/milestones (over HTTP)', viaApi);
  const theirs = row('Update of a trivial workflow (baseline, no HTTP)', baseline);
  table(
    ['measure', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
    [ours, theirs, ['Wegwijs ÷ baseline', ...ours.slice(1).map((value, index) => (Number(value) / Number(theirs[index + 1])).toFixed(2))]],
  );
  say(`load average after: ${loadAverage()}`);
}

/** Haarlem's first milestones, in the order of its work route (as test/e2e/business-time.test.ts). */
const HAARLEM_MILESTONES: ReadonlyArray<{ milestone: string; afterDays: number; payload?: Record<string, unknown> }> = [
  { milestone: 'coa.warmHandoverDone', afterDays: 3 },
  { milestone: 'basis.livingAllowanceArranged', afterDays: 5 },
  { milestone: 'basis.furnishingAllowanceArranged', afterDays: 6 },
  { milestone: 'basis.languageSchoolConsentRecorded', afterDays: 9, payload: { consent: true } },
  { milestone: 'basis.budgetManagementConsentRecorded', afterDays: 12, payload: { consent: true } },
  { milestone: 'intake.noaAssessmentDone', afterDays: 31 },
  { milestone: 'introduction.programmeCompleted', afterDays: 40 },
  { milestone: 'intake.followUpTalkHeld', afterDays: 45 },
  { milestone: 'intake.planAgreed', afterDays: 50, payload: { route: 'werk' } },
];

async function historyPerMilestone(api: WegwijsApi, client: Client): Promise<void> {
  say(`\n## 3. History cost per milestone (Haarlem, ${HAARLEM_MILESTONES.length} milestones of the work route)`);
  const housingDate = addDays(amsterdamDateOf(new Date()), -60);
  const trajectoryId = await api.start({
    municipality: MUNICIPALITY,
    caseReference: `BENCH-H-${Date.now().toString(36).toUpperCase()}`,
    definitionKey: 'haarlem-statushouders',
    facts: { housingDate, permitGrantedDate: addDays(housingDate, -40), age: 35 },
  });
  const handle = client.workflow.getHandle(trajectoryId);
  const afterStart = await settledHistory(handle);
  for (const { milestone, afterDays, payload } of HAARLEM_MILESTONES) {
    await api.reportMilestone(trajectoryId, { milestone, occurredOn: addDays(housingDate, afterDays), ...(payload ? { payload } : {}) });
  }
  const afterMilestones = await settledHistory(handle);
  const count = HAARLEM_MILESTONES.length;
  const events = afterMilestones.events - afterStart.events;
  const upserts = afterMilestones.upserts - afterStart.upserts;
  const tasks = afterMilestones.workflowTasks - afterStart.workflowTasks;
  table(
    ['measure', 'after the start', `after ${count} milestones`, 'per milestone'],
    [
      ['history events', String(afterStart.events), String(afterMilestones.events), (events / count).toFixed(1)],
      ['search-attribute upserts', String(afterStart.upserts), String(afterMilestones.upserts), (upserts / count).toFixed(1)],
      ['workflow tasks', String(afterStart.workflowTasks), String(afterMilestones.workflowTasks), (tasks / count).toFixed(1)],
      ['upserts per workflow task', '', '', tasks > 0 ? (upserts / tasks).toFixed(2) : '—'],
    ],
  );
}

interface HistoryCount {
  readonly events: number;
  readonly upserts: number;
  readonly workflowTasks: number;
}

/** The history once it has stopped growing (activities the last Update started have finished). */
async function settledHistory(handle: ReturnType<Client['workflow']['getHandle']>): Promise<HistoryCount> {
  let previous = -1;
  for (;;) {
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    if (events.length === previous) {
      return {
        events: events.length,
        upserts: events.filter((event) => event.upsertWorkflowSearchAttributesEventAttributes).length,
        workflowTasks: events.filter((event) => event.workflowTaskCompletedEventAttributes).length,
      };
    }
    previous = events.length;
    await new Promise((resolveLater) => setTimeout(resolveLater, 1000));
  }
}

async function timerBurst(client: Client, size: number): Promise<void> {
  say(`\n## 4. Month-end burst: ${size} timers firing at one instant`);
  const startsPerSecond = await timedRate(200, 32, (index) =>
    client.workflow.start('timerBurst', { taskQueue: BASELINE_TASK_QUEUE, workflowId: `bench-pilot-${index}-${randomUUID()}`, args: [Date.now()] }),
  );
  // Fire once every timer is surely set: the measured start rate, with room to spare.
  const fireAt = Date.now() + Math.ceil((size / startsPerSecond) * 1500) + 15_000;
  const ids: string[] = [];
  const startedBegin = performance.now();
  await inParallel(size, 32, async (index) => {
    const workflowId = `bench-burst-${index}-${randomUUID()}`;
    ids.push(workflowId);
    await client.workflow.start('timerBurst', { taskQueue: BASELINE_TASK_QUEUE, workflowId, args: [fireAt] });
  });
  const allStarted = Date.now();
  say(`started ${size} in ${((performance.now() - startedBegin) / 1000).toFixed(1)} s; all timers set ${((fireAt - allStarted) / 1000).toFixed(1)} s before they fire`);
  let lastClosed = Date.now();
  for (;;) {
    const { count } = await client.workflow.count(`WorkflowType = 'timerBurst' AND ExecutionStatus = 'Running'`);
    if (count === 0) break;
    lastClosed = Date.now();
    await new Promise((resolveLater) => setTimeout(resolveLater, 250));
  }
  const lateness: number[] = [];
  const timeouts = { scheduleToStart: 0, startToClose: 0 };
  await inParallel(ids.length, 32, async (index) => {
    const handle = client.workflow.getHandle(ids[index]);
    lateness.push(await handle.result());
    const history = await handle.fetchHistory();
    for (const event of history.events ?? []) {
      const timedOut = event.workflowTaskTimedOutEventAttributes;
      if (!timedOut) continue;
      // Schedule-to-start: it waited too long on the worker's sticky queue; start-to-close: taken, not finished in time.
      if (timedOut.timeoutType === temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) timeouts.scheduleToStart++;
      else timeouts.startToClose++;
    }
  });
  lateness.sort((a, b) => a - b);
  table(
    ['timers', 'drained after (s)', 'lateness p50 ms', 'p99 ms', 'max ms', 'workflow-task timeouts', 'of which schedule-to-start / start-to-close'],
    [
      [
        String(size),
        (Math.max(0, lastClosed - fireAt) / 1000).toFixed(1),
        percentile(lateness, 0.5).toFixed(0),
        percentile(lateness, 0.99).toFixed(0),
        lateness[lateness.length - 1].toFixed(0),
        String(timeouts.scheduleToStart + timeouts.startToClose),
        `${timeouts.scheduleToStart} / ${timeouts.startToClose}`,
      ],
    ],
  );
  say(`(the visibility store is polled every 250 ms: "drained after" is exact to about that; lateness is the workflow's own clock when its timer's task ran)`);
  say(`load average after: ${loadAverage()}`);
}

/** The API as a klantmanager uses it, over HTTP; any answer but the expected one ends the benchmark. */
class WegwijsApi {
  constructor(
    private readonly baseUrl: string,
    private readonly authorization: string,
  ) {}

  startWalkingSkeleton(caseReference: string, housingDate: string): Promise<string> {
    return this.start({ municipality: MUNICIPALITY, caseReference, definitionKey: 'walking-skeleton', facts: { housingDate } });
  }

  async start(body: Record<string, unknown>): Promise<string> {
    const answer = await this.send('POST', '/trajectories', body, 201);
    return (answer as { trajectoryId: string }).trajectoryId;
  }

  async reportMilestone(trajectoryId: string, body: Record<string, unknown>): Promise<void> {
    await this.send('POST', `/trajectories/${trajectoryId}/milestones`, body, 200, { 'idempotency-key': randomUUID() });
  }

  /** 503s (a busy or still-starting worker) answered again after Retry-After, as a client would. */
  retried = 0;

  private async send(method: string, path: string, body: unknown, expected: number, headers: Record<string, string> = {}): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: this.authorization, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status === 503 && attempt < 10) {
        this.retried++;
        await new Promise((resolveLater) => setTimeout(resolveLater, Number(response.headers.get('retry-after') ?? 1) * 1000));
        continue;
      }
      if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    }
  }
}

async function klantmanagerAuthorization(stack: BenchStack | undefined, apiUrl: string): Promise<string> {
  const dataDir = stack?.env.WEGWIJS_DATA_DIR ?? resolve(WORKSPACE_ROOT, process.env.WEGWIJS_DATA_DIR ?? '.data');
  const key = await ensureDevelopmentSigningKey(dataDir);
  const url = new URL(apiUrl);
  const token = await issueDevelopmentToken(key, {
    role: 'klantmanager',
    id: 'km-bench',
    municipalities: [MUNICIPALITY],
    issuer: stack?.env.AUTH_ISSUER ?? process.env.AUTH_ISSUER ?? developmentIssuer({ host: url.hostname, port: Number(url.port) }),
  });
  return `Bearer ${token}`;
}

function trivialStartOperation(): WithStartWorkflowOperation<typeof trivialStart> {
  return new WithStartWorkflowOperation<typeof trivialStart>('trivialStart', { taskQueue: BASELINE_TASK_QUEUE, workflowId: `bench-uws-${randomUUID()}`, workflowIdConflictPolicy: 'FAIL' });
}

async function inParallel(count: number, concurrency: number, work: (index: number) => Promise<unknown>): Promise<void> {
  const limit = pLimit(concurrency);
  await Promise.all(Array.from({ length: count }, (_, index) => limit(() => work(index))));
}

/** Operations per second of `count` calls of `work` with `concurrency` in flight. */
async function timedRate(count: number, concurrency: number, work: (index: number) => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await inParallel(count, concurrency, work);
  return count / ((performance.now() - began) / 1000);
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  say(`| ${header.join(' | ')} |`);
  say(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) say(`| ${row.join(' | ')} |`);
}

function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
