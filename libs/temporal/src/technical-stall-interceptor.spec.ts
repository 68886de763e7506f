import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { errorClassOf, technicalStallInterceptors, technicalStallReport } from './technical-stall-interceptor';

const MINUTE = 60_000;
const firstScheduled = Date.parse('2026-11-28T10:00:00Z');

/** The activity info of an attempt scheduled `minutesIn` minutes after the first. */
function attempt(minutesIn: number, overrides: Partial<Parameters<typeof technicalStallReport>[0]> = {}) {
  return {
    activityType: 'fetchTvsProfile',
    attempt: 6,
    scheduledTimestampMs: firstScheduled,
    currentAttemptScheduledTimestampMs: firstScheduled + minutesIn * MINUTE,
    workflowType: 'trajectoryWorkflow',
    workflowExecution: { workflowId: 'GM0392.HLM-2019-0042', runId: 'run-1' },
    retryPolicy: { maximumAttempts: 0 },
    ...overrides,
  };
}

class SmtpConnectionError extends Error {
  override name = 'SmtpConnectionError';
}

const request = [{ trajectoryId: 'GM0392.HLM-2019-0042', nodeId: 'fetchTvsProfile', idempotencyKey: 'k', input: {} }];

describe('technicalStallReport', () => {
  it('reports an activity failing for longer than the threshold: type, node, since, error class', () => {
    expect(technicalStallReport(attempt(31), request, new SmtpConnectionError('mail.haarlem.nl refused J. Jansen'), 30 * MINUTE)).toEqual({
      activityType: 'fetchTvsProfile',
      nodeId: 'fetchTvsProfile',
      errorClass: 'SmtpConnectionError',
      failingSince: '2026-11-28T10:00:00.000Z',
      attempt: 6,
    });
  });

  it('stays quiet before the threshold', () => {
    expect(technicalStallReport(attempt(29), request, new SmtpConnectionError(), 30 * MINUTE)).toBeUndefined();
  });

  it('reports the first failure when the threshold is zero', () => {
    expect(technicalStallReport(attempt(0, { attempt: 1 }), request, new SmtpConnectionError(), 0)).toMatchObject({ attempt: 1 });
  });

  it('gives the engine’s own activities no node', () => {
    expect(technicalStallReport(attempt(31, { activityType: 'recordTrajectoryEvents' }), [{ trajectoryId: 'x', events: [] }], new Error('x'), 0)).toMatchObject({
      activityType: 'recordTrajectoryEvents',
      nodeId: null,
    });
  });

  it('leaves out failures the trajectory sees itself, cancellations, and other workflows’ activities', () => {
    const stall = 30 * MINUTE;
    expect(technicalStallReport(attempt(31), request, ApplicationFailure.nonRetryable('no', 'ProfileRejected'), stall)).toBeUndefined();
    expect(technicalStallReport(attempt(31, { retryPolicy: { maximumAttempts: 6 } }), request, new Error('x'), stall)).toBeUndefined();
    expect(
      technicalStallReport(attempt(31, { retryPolicy: { maximumAttempts: 0, nonRetryableErrorTypes: ['SmtpConnectionError'] } }), request, new SmtpConnectionError(), stall),
    ).toBeUndefined();
    expect(technicalStallReport(attempt(31), request, new CancelledFailure('cancelled'), stall)).toBeUndefined();
    expect(technicalStallReport(attempt(31, { workflowType: 'somethingElse' }), request, new Error('x'), stall)).toBeUndefined();
  });
});

describe('errorClassOf', () => {
  it('names the class, never the message', () => {
    expect(errorClassOf(new SmtpConnectionError('Jansen, BSN 123456782'))).toBe('SmtpConnectionError');
    expect(errorClassOf(ApplicationFailure.retryable('Jansen', 'CoaUnavailable'))).toBe('CoaUnavailable');
    expect(errorClassOf(new TypeError('x'))).toBe('TypeError');
  });

  it('adds a Node.js error code when the class is a plain Error', () => {
    expect(errorClassOf(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:25'), { code: 'ECONNREFUSED' }))).toBe('Error:ECONNREFUSED');
  });

  it('falls back to Error for names that are no identifier, and for things that are not errors', () => {
    expect(errorClassOf(Object.assign(new Error('x'), { name: 'failed for J. Jansen' }))).toBe('Error');
    expect(errorClassOf('a string')).toBe('Error');
  });
});

describe('technicalStallInterceptors', () => {
  /** An activity context as the worker hands it over, with the trajectory's handle recording what it is asked. */
  function fakeContext(info: ReturnType<typeof attempt> & { startToCloseTimeoutMs?: number }, known: object[] = []) {
    const handle = { query: jest.fn(async () => ({ technicalStalls: known })), signal: jest.fn(async () => undefined) };
    const context = {
      info: { startToCloseTimeoutMs: 30_000, ...info },
      client: { workflow: { getHandle: jest.fn(() => handle) } },
      cancellationDetails: undefined as { timedOut: boolean } | undefined,
      log: { warn: jest.fn() },
    };
    return { context, handle };
  }

  function execute(context: object, activity: () => Promise<unknown>) {
    const { inbound } = technicalStallInterceptors(30 * MINUTE)(context as never);
    return inbound!.execute!({ args: request, headers: {} }, activity as never);
  }

  afterEach(() => jest.useRealTimers());

  it('signals the trajectory about a failure past the threshold, then lets the failure through', async () => {
    const { context, handle } = fakeContext(attempt(31));
    await expect(execute(context, async () => Promise.reject(new SmtpConnectionError('J. Jansen')))).rejects.toThrow('J. Jansen');
    expect(handle.signal).toHaveBeenCalledWith(expect.objectContaining({ name: 'technicalStall' }), expect.objectContaining({ errorClass: 'SmtpConnectionError' }));
  });

  it('does not signal what the trajectory knows already', async () => {
    const { context, handle } = fakeContext(attempt(31), [{ activityType: 'fetchTvsProfile', nodeId: 'fetchTvsProfile', errorClass: 'SmtpConnectionError' }]);
    await expect(execute(context, async () => Promise.reject(new SmtpConnectionError()))).rejects.toThrow();
    expect(handle.query).toHaveBeenCalled();
    expect(handle.signal).not.toHaveBeenCalled();
  });

  it('asks nothing of the trajectory for a success or a failure under the threshold', async () => {
    const { context, handle } = fakeContext(attempt(10));
    await expect(execute(context, async () => 'ok')).resolves.toBe('ok');
    await expect(execute(context, async () => Promise.reject(new SmtpConnectionError()))).rejects.toThrow();
    expect(handle.query).not.toHaveBeenCalled();
    expect(handle.signal).not.toHaveBeenCalled();
  });

  it('counts an attempt that hangs past its start-to-close timeout as failed', async () => {
    jest.useFakeTimers();
    // Scheduled 29.5 minutes after the first attempt: with its 30 s timeout, past the threshold.
    const { context, handle } = fakeContext(attempt(29.5));
    void execute(context, () => new Promise(() => undefined));
    await jest.advanceTimersByTimeAsync(30_000);
    expect(handle.signal).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ errorClass: 'StartToCloseTimeout' }));
  });

  it('reports a timeout the activity noticed (it threw the cancellation) once, as a timeout', async () => {
    const { context, handle } = fakeContext(attempt(29.5));
    context.cancellationDetails = { timedOut: true };
    await expect(execute(context, async () => Promise.reject(new CancelledFailure('TIMED_OUT')))).rejects.toBeInstanceOf(CancelledFailure);
    expect(handle.signal).toHaveBeenCalledTimes(1);
    expect(handle.signal).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ errorClass: 'StartToCloseTimeout' }));
  });
});
