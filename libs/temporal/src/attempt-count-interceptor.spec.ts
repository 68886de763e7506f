import { ApplicationFailure } from '@temporalio/common';
import { withAttemptCount } from './attempt-count-interceptor';

describe('withAttemptCount', () => {
  it('adds the attempt to a non-retryable failure, keeping its type, message, details and stack', () => {
    const failure = ApplicationFailure.nonRetryable('no slot for this week', 'NoNoaSlotAvailable', { week: 36 });
    const counted = withAttemptCount(failure, 3) as ApplicationFailure;
    expect(counted).toBeInstanceOf(ApplicationFailure);
    expect({ type: counted.type, message: counted.message, nonRetryable: counted.nonRetryable, details: counted.details, stack: counted.stack }).toEqual({
      type: 'NoNoaSlotAvailable',
      message: 'no slot for this week',
      nonRetryable: true,
      details: [{ week: 36 }, { wegwijsAttempt: 3 }],
      stack: failure.stack,
    });
  });

  it('leaves failures Temporal retries as they are: it counts those itself', () => {
    const retryable = ApplicationFailure.retryable('TVS busy', 'TvsUnavailable');
    const plain = new Error('ECONNREFUSED');
    expect(withAttemptCount(retryable, 2)).toBe(retryable);
    expect(withAttemptCount(plain, 2)).toBe(plain);
  });
});
