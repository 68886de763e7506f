/**
 * Version safety: every recorded history in test/fixtures/histories replays against the current
 * workflow code. A change that would make running trajectories take another path fails here
 * before it reaches a worker. Record new fixtures with WEGWIJS_RECORD_HISTORIES=1 npm test: they
 * are named `business-time--local-events--lean-run-loop--…` (events recorded by a local activity,
 * LOCAL_EVENT_RECORDING_PATCH, and a run loop that makes fewer promises and upserts the search
 * attributes before it sleeps, LEAN_RUN_LOOP_PATCH); `business-time--local-events--one-upsert--…`
 * ones upsert once per activation instead (ONE_UPSERT_PER_ACTIVATION_PATCH); `business-time--one-upsert--…` and
 * `business-time--steady-wake-up--local-events--…` ones carry one of the two, the other
 * `business-time--steady-wake-up--…` ones neither, and the other `business-time--…` ones were
 * recorded before the steady wake-up timer (STEADY_WAKE_UP_PATCH); all are kept as they are. The others were recorded on the interpreter before business time;
 * they replay on its frozen code (workflows/src/legacy) and are never recorded again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { trajectoryWorkflowBundle } from '@wegwijs/temporal';
import { BUSINESS_TIME_PATCH, EXACT_REPEAT_COUNT_PATCH, LEAN_RUN_LOOP_PATCH, LOCAL_EVENT_RECORDING_PATCH, ONE_UPSERT_PER_ACTIVATION_PATCH, STEADY_WAKE_UP_PATCH } from '@wegwijs/workflows';

const FIXTURES = join(__dirname, '../fixtures/histories');
const fixtureNames = readdirSync(FIXTURES).filter((name) => name.endsWith('.json')).sort();

function loadHistory(name: string) {
  return historyFromJSON(JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')));
}

describe('recorded trajectory histories', () => {
  it('cover several paths through the trajectory', () => {
    expect(fixtureNames.length).toBeGreaterThanOrEqual(3);
  });

  // The SDK's patch marker (`core_patch`) holds `{"id": <patch>, "deprecated": …}` as JSON bytes under `patch-data`.
  const carriesPatch = (name: string, patch: string) =>
    (loadHistory(name).events ?? []).some((event) =>
      (event.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? []).some((payload) => payload.data && JSON.parse(Buffer.from(payload.data).toString('utf8')).id === patch),
    );

  it('hold trajectories of both interpreters: begun before business time, and on it, late entries included', () => {
    const onBusinessTime = (name: string) => carriesPatch(name, BUSINESS_TIME_PATCH);
    expect(fixtureNames.filter((name) => !name.startsWith('business-time--')).every((name) => !onBusinessTime(name))).toBe(true);
    expect(fixtureNames.filter((name) => name.startsWith('business-time--')).map((name) => [name, onBusinessTime(name)])).toEqual(
      expect.arrayContaining([['business-time--two-years-late-diploma-before-sent-warning.json', true], ['business-time--haarlem-late-warnings-cancelled.json', true]]),
    );
  });

  it('hold business-time histories from before the steady wake-up timer and from after it', () => {
    // Everything recorded since the steady wake-up timer: its own prefix and the later patches' prefixes.
    const steady = fixtureNames.filter((name) => ['business-time--steady-wake-up--', 'business-time--one-upsert--', 'business-time--local-events--'].some((prefix) => name.startsWith(prefix)));
    const earlier = fixtureNames.filter((name) => name.startsWith('business-time--') && !steady.includes(name));
    expect(steady).toContain('business-time--steady-wake-up--haarlem-work-route-extension-expired.json');
    expect(earlier).toContain('business-time--haarlem-work-route-extension-expired.json');
    expect(steady.map((name) => [name, carriesPatch(name, STEADY_WAKE_UP_PATCH)])).toEqual(steady.map((name) => [name, true]));
    expect(earlier.map((name) => [name, carriesPatch(name, STEADY_WAKE_UP_PATCH)])).toEqual(earlier.map((name) => [name, false]));
  });

  it('hold business-time histories from before one search-attribute upsert per activation and from after it', () => {
    const batched = fixtureNames.filter((name) => name.includes('--one-upsert--'));
    expect(batched).toContain('business-time--one-upsert--haarlem-work-route-extension-expired.json');
    expect(fixtureNames).toContain('business-time--steady-wake-up--haarlem-work-route-extension-expired.json');
    expect(fixtureNames.map((name) => [name, carriesPatch(name, ONE_UPSERT_PER_ACTIVATION_PATCH)])).toEqual(fixtureNames.map((name) => [name, batched.includes(name)]));
  });

  it('hold histories that record events with an activity task and with a local activity', () => {
    const recordsLocally = fixtureNames.filter((name) => name.includes('--local-events--'));
    const earlier = fixtureNames.filter((name) => !recordsLocally.includes(name));
    expect(recordsLocally).toContain('business-time--steady-wake-up--local-events--haarlem-work-route-extension-expired.json');
    expect(earlier).toContain('business-time--steady-wake-up--haarlem-work-route-extension-expired.json');
    expect(recordsLocally.map((name) => [name, carriesPatch(name, LOCAL_EVENT_RECORDING_PATCH)])).toEqual(recordsLocally.map((name) => [name, true]));
    expect(earlier.map((name) => [name, carriesPatch(name, LOCAL_EVENT_RECORDING_PATCH)])).toEqual(earlier.map((name) => [name, false]));
    // From the patch on the events go through the local activity's marker, never an activity task.
    const scheduledRecordings = (name: string) =>
      (loadHistory(name).events ?? []).filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'recordTrajectoryEvents').length;
    expect(recordsLocally.map((name) => [name, scheduledRecordings(name)])).toEqual(recordsLocally.map((name) => [name, 0]));
  });

  it('hold a history from after the exact count of a repeating timer (a human task reminding twice, entered late)', () => {
    expect(carriesPatch('business-time--steady-wake-up--exact-repeat-count--human-task-intake-late.json', EXACT_REPEAT_COUNT_PATCH)).toBe(true);
  });

  it('hold business-time histories from before the lean run loop and from after it', () => {
    const lean = fixtureNames.filter((name) => name.includes('--lean-run-loop--'));
    expect(lean).toContain('business-time--local-events--lean-run-loop--haarlem-work-route-extension-expired.json');
    expect(fixtureNames).toContain('business-time--local-events--one-upsert--haarlem-work-route-extension-expired.json');
    expect(fixtureNames.map((name) => [name, carriesPatch(name, LEAN_RUN_LOOP_PATCH)])).toEqual(fixtureNames.map((name) => [name, lean.includes(name)]));
  });

  it('hold histories recorded on the current code, carrying every patch it asks for', () => {
    const current = fixtureNames.filter((name) => name.startsWith('business-time--local-events--lean-run-loop--'));
    expect(current).toContain('business-time--local-events--lean-run-loop--haarlem-work-route-extension-expired.json');
    // Not ONE_UPSERT_PER_ACTIVATION_PATCH: a lean run loop never asks for it.
    const patches = [BUSINESS_TIME_PATCH, STEADY_WAKE_UP_PATCH, EXACT_REPEAT_COUNT_PATCH, LOCAL_EVENT_RECORDING_PATCH, LEAN_RUN_LOOP_PATCH];
    expect(current.map((name) => [name, patches.filter((patch) => !carriesPatch(name, patch))])).toEqual(current.map((name) => [name, []]));
  });

  // Both replays below bundle the workflow code with webpack first: about 20 s on a quiet machine, far more under load.
  it('replay against the current workflow code without a determinism violation', async () => {
    const histories = fixtureNames.map((name) => ({ workflowId: name, history: loadHistory(name) }));
    const results: Array<{ workflowId: string; error?: unknown }> = [];
    for await (const result of Worker.runReplayHistories(trajectoryWorkflowBundle(), histories)) results.push(result);
    expect(results.map((result) => [result.workflowId, result.error === undefined ? 'ok' : String(result.error)])).toEqual(
      fixtureNames.map((name) => [name, 'ok']),
    );
  }, 300_000);

  it('fail with a DeterminismViolationError when the history says an activity other than the code schedules', async () => {
    const history = loadHistory(fixtureNames.find((name) => name.includes('haarlem'))!);
    const scheduled = history.events?.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'fetchTvsProfile');
    expect(scheduled).toBeDefined();
    scheduled!.activityTaskScheduledEventAttributes!.activityType!.name = 'somethingElse';
    await expect(Worker.runReplayHistory(trajectoryWorkflowBundle(), history, 'edited-history')).rejects.toBeInstanceOf(DeterminismViolationError);
  }, 300_000);
});
