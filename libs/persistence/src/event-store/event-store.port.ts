import type { NewTrajectoryEvent, RecordedTrajectoryEvent } from '@wegwijs/domain';

/** The sequence a writer expects the stream to be at, or 'any' when order against others does not matter. */
export type ExpectedSequence = number | 'any';

/**
 * The append-only history of every trajectory. An append is atomic: all its events or none.
 * Appending an event whose idempotency key is already stored returns the stored event instead
 * (a retried activity records once).
 */
export abstract class EventStore {
  /** Appends to the end of a stream; throws `ConcurrencyConflictError` when `expected` is stale. */
  abstract append(
    streamId: string,
    events: readonly NewTrajectoryEvent[],
    expected?: ExpectedSequence,
  ): Promise<RecordedTrajectoryEvent[]>;

  /** The stream's events in order, from `afterSequence` (exclusive) on. */
  abstract readStream(streamId: string, afterSequence?: number): Promise<RecordedTrajectoryEvent[]>;
}

/** Thrown when an append expected the stream at another sequence than it is. */
export class ConcurrencyConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedSequence: number,
    readonly actualSequence: number,
  ) {
    super(`Stream ${streamId} is at sequence ${actualSequence}, not the expected ${expectedSequence}`);
    this.name = 'ConcurrencyConflictError';
  }
}

/** Thrown when an append mixes idempotency keys already stored with new ones (a caller bug). */
export class PartiallyRecordedAppendError extends Error {
  constructor(
    readonly streamId: string,
    readonly storedKeys: readonly string[],
  ) {
    super(`Append to ${streamId} repeats only some stored idempotency keys: ${storedKeys.join(', ')}`);
    this.name = 'PartiallyRecordedAppendError';
  }
}

/** Thrown when a repeated idempotency key belongs to another stream. */
export class IdempotencyKeyReusedError extends Error {
  constructor(
    readonly idempotencyKey: string,
    readonly streamId: string,
  ) {
    super(`Idempotency key ${idempotencyKey} is already used by another stream than ${streamId}`);
    this.name = 'IdempotencyKeyReusedError';
  }
}
