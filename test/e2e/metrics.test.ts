/**
 * The metrics endpoints of the running API and worker, scraped over HTTP as Prometheus would:
 * Wegwijs' gauges follow what they count on the real stack — an incident opened by a failing
 * step raises the open incidents and the stuck trajectories of its municipality; an inburgering
 * warning raises the warnings sent and the outbox backlog — and the worker's endpoint serves the
 * Temporal SDK's own metrics. Nothing in either names a trajectory or a person.
 */
import { authHeaders, pollUntil, request } from '../support/http';
import { newCaseReference } from '../support/case-references';
import { newMunicipality } from '../support/people';
import { apiMetricsUrl, sample, scrape, workerMetricsUrl } from '../support/prometheus';
import { newDefinitionKey, publishDefinition, reminderWithoutTextDefinitionYaml } from '../support/published-definitions';

const MUNICIPALITY = newMunicipality();
const KLANTMANAGER = authHeaders({ role: 'klantmanager', id: 'km-metrics-1', municipalities: [MUNICIPALITY] });
const BELEID = authHeaders({ role: 'beleid', id: 'bl-metrics-1', municipalities: [MUNICIPALITY] });
const apiUrl = () => process.env.WEGWIJS_API_URL!;

const daysFromToday = (days: number, years = 0) => {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
};

/** The inburgering term as a legal clock whose one warning (a month before) is sent by Haarlem's activity. */
function warnedClockDefinitionYaml(key: string): string {
  return `key: ${key}
version: 1
name: Inburgeringstermijn met waarschuwing
startsOn: housingDate
facts:
  housingDate: { type: date, required: true }
  permitGrantedDate: { type: date, required: true }
legalClocks:
  - id: inburgeringstermijn
    name: Inburgeringstermijn (3 jaar)
    start: permitGrantedDate
    term: P3Y
    warnings: [P1M]
    notifyActivity: warnInburgeringDeadline
nodes:
  - { id: start, kind: start }
  - id: intake
    kind: milestoneWait
    name: Intake
    milestone: intake.completed
    roles: [klantmanager]
  - { id: end, kind: end }
flows:
  - { source: start, target: intake }
  - { source: intake, target: end }
`;
}

async function startTrajectory(definitionKey: string, facts: Record<string, string>): Promise<string> {
  const started = await request(apiUrl(), 'POST', '/trajectories', { body: { municipality: MUNICIPALITY, caseReference: newCaseReference(), definitionKey, facts }, headers: KLANTMANAGER });
  expect(started.status).toBe(201);
  return started.body.trajectoryId;
}

/** Scrapes until `done` holds for the scrape (the worker records what it counts a moment after the API answered). */
function scrapeUntil(done: (metrics: string) => boolean): Promise<string> {
  return pollUntil(() => scrape(apiMetricsUrl()), done, 150, 200);
}

describe("the API's metrics endpoint", () => {
  it('counts an opened incident and the stuck trajectory it makes, in its municipality', async () => {
    const before = await scrape(apiMetricsUrl());
    expect(sample(before, 'wegwijs_open_incidents', { municipality: MUNICIPALITY })).toBeUndefined();
    expect(sample(before, 'wegwijs_stuck_trajectories', { municipality: MUNICIPALITY })).toBeUndefined();

    const definitionKey = newDefinitionKey('metrics-incident');
    await publishDefinition(apiUrl(), reminderWithoutTextDefinitionYaml(definitionKey), BELEID);
    const trajectoryId = await startTrajectory(definitionKey, { housingDate: daysFromToday(-7) });

    const after = await scrapeUntil(
      (metrics) => sample(metrics, 'wegwijs_open_incidents', { municipality: MUNICIPALITY }) === 1 && sample(metrics, 'wegwijs_stuck_trajectories', { municipality: MUNICIPALITY }) === 1,
    );
    expect(sample(after, 'wegwijs_open_incidents', { municipality: MUNICIPALITY })).toBe(1);
    expect(sample(after, 'wegwijs_stuck_trajectories', { municipality: MUNICIPALITY })).toBe(1);
    expect(after).not.toContain(trajectoryId);
  });

  it('counts an inburgering warning sent, and its mail waiting in the outbox', async () => {
    const before = await scrape(apiMetricsUrl());
    const pendingBefore = sample(before, 'wegwijs_outbox_messages', { status: 'pending' });
    expect(pendingBefore).toBeGreaterThanOrEqual(0);
    expect(sample(before, 'wegwijs_inburgering_warnings_sent_total', { municipality: MUNICIPALITY })).toBeUndefined();

    const definitionKey = newDefinitionKey('metrics-warning');
    await publishDefinition(apiUrl(), warnedClockDefinitionYaml(definitionKey), BELEID);
    // The term ends in 15 days: its warning a month before fell due after housing, so it is sent at once.
    await startTrajectory(definitionKey, { housingDate: daysFromToday(-60), permitGrantedDate: daysFromToday(15, -3) });

    const after = await scrapeUntil((metrics) => sample(metrics, 'wegwijs_inburgering_warnings_sent_total', { municipality: MUNICIPALITY }) === 1);
    expect(sample(after, 'wegwijs_inburgering_warnings_sent_total', { municipality: MUNICIPALITY })).toBe(1);
    // The klantmanager's mail, at least, waits: the tests' worker delivers hourly.
    expect(sample(after, 'wegwijs_outbox_messages', { status: 'pending' })).toBeGreaterThanOrEqual(pendingBefore! + 1);
  });

  it('reports every projection, caught up once the worker has applied what was written', async () => {
    const metrics = await scrapeUntil((text) => ['trajectory-summary', 'task-worklist', 'deadline-calendar', 'handover-register'].every((projection) => sample(text, 'wegwijs_projection_lag_events', { projection }) === 0));
    for (const projection of ['trajectory-summary', 'task-worklist', 'deadline-calendar', 'handover-register']) {
      expect(sample(metrics, 'wegwijs_projection_lag_events', { projection })).toBe(0);
      expect(sample(metrics, 'wegwijs_projection_lag_seconds', { projection })).toBe(0);
    }
  });

  it('is not on the public API port', async () => {
    const answer = await fetch(`${apiUrl()}/metrics`);
    expect(answer.status).toBe(404);
    expect(await answer.text()).not.toContain('wegwijs_');
  });
});

describe("the worker's metrics endpoint", () => {
  it("serves the Temporal SDK's worker metrics with the process's own", async () => {
    const metrics = await scrape(workerMetricsUrl());
    expect(metrics).toMatch(/^temporal_worker_start\{/m);
    expect(metrics).toMatch(/^temporal_workflow_task_execution_latency_bucket\{/m);
    expect(sample(metrics, 'wegwijs_worker_process_start_time_seconds')).toBeGreaterThan(0);
  });

  it('answers 404 anywhere but /metrics', async () => {
    expect((await fetch(workerMetricsUrl().replace('/metrics', '/'))).status).toBe(404);
  });
});
