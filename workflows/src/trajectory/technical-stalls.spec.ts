import { TechnicalStalls } from './technical-stalls';
import type { TechnicalStallReport } from './trajectory.messages';

function report(overrides: Partial<TechnicalStallReport> = {}): TechnicalStallReport {
  return { activityType: 'sendReminder', nodeId: 'remind', errorClass: 'SmtpConnectionError', failingSince: '2026-11-28T10:00:00.000Z', attempt: 6, ...overrides };
}

/** A call that settles when the test says so. */
function pendingCall() {
  let settle!: (outcome: 'ok' | 'failed') => void;
  const call = new Promise<string>((resolve, reject) => {
    settle = (outcome) => (outcome === 'ok' ? resolve('done') : reject(new Error('failed for good')));
  });
  return { call, settle };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('TechnicalStalls', () => {
  it('keeps a report about a call in flight, with a reason that names activity, node, time and class', () => {
    const stalls = new TechnicalStalls();
    void stalls.watch('sendReminder', 'remind', pendingCall().call, () => undefined);
    expect(stalls.report(report())).toBe(true);
    expect(stalls.views()).toEqual([{ ...report(), reason: 'activity sendReminder at remind failing since 2026-11-28T10:00:00Z: SmtpConnectionError' }]);
    expect(stalls.failingActivities()).toEqual(['sendReminder']);
  });

  it('ignores reports about calls that are not in flight, repeats, and malformed reports', () => {
    const stalls = new TechnicalStalls();
    expect(stalls.report(report())).toBe(false);
    void stalls.watch('sendReminder', 'remind', pendingCall().call, () => undefined);
    expect(stalls.report(report())).toBe(true);
    expect(stalls.report(report({ attempt: 7 }))).toBe(false);
    expect(stalls.report(report({ nodeId: 'elsewhere' }))).toBe(false);
    expect(stalls.report(report({ errorClass: 'failed for J. Jansen' }))).toBe(false);
    expect(stalls.report({ ...report(), failingSince: 'yesterday' })).toBe(false);
  });

  it('takes a new error class but keeps the earliest failing-since', () => {
    const stalls = new TechnicalStalls();
    void stalls.watch('sendReminder', 'remind', pendingCall().call, () => undefined);
    stalls.report(report());
    expect(stalls.report(report({ errorClass: 'Error:ETIMEDOUT', failingSince: '2026-11-28T10:30:00.000Z' }))).toBe(true);
    expect(stalls.views()[0]).toMatchObject({ errorClass: 'Error:ETIMEDOUT', failingSince: '2026-11-28T10:00:00.000Z' });
  });

  it.each(['ok', 'failed'] as const)('clears the stall when the call settles (%s) and says so', async (outcome) => {
    const stalls = new TechnicalStalls();
    const { call, settle } = pendingCall();
    const cleared = jest.fn();
    const watched = stalls.watch('sendReminder', 'remind', call, cleared);
    expect(watched).toBe(call);
    stalls.report(report());
    settle(outcome);
    await (outcome === 'ok' ? expect(watched).resolves.toBe('done') : expect(watched).rejects.toThrow('failed for good'));
    await flush();
    expect(cleared).toHaveBeenCalledTimes(1);
    expect(stalls.views()).toEqual([]);
    expect(stalls.report(report())).toBe(false);
  });

  it('lists stalls failing longest first, and the engine’s own activity without a node', () => {
    const stalls = new TechnicalStalls();
    void stalls.watch('sendReminder', 'remind', pendingCall().call, () => undefined);
    void stalls.watch('recordTrajectoryEvents', null, pendingCall().call, () => undefined);
    stalls.report(report({ failingSince: '2026-11-28T11:00:00.000Z' }));
    stalls.report(report({ activityType: 'recordTrajectoryEvents', nodeId: null, errorClass: 'QueryFailedError' }));
    expect(stalls.views().map((view) => view.reason)).toEqual([
      'activity recordTrajectoryEvents failing since 2026-11-28T10:00:00Z: QueryFailedError',
      'activity sendReminder at remind failing since 2026-11-28T11:00:00Z: SmtpConnectionError',
    ]);
    expect(stalls.failingActivities()).toEqual(['recordTrajectoryEvents', 'sendReminder']);
  });
});
