/**
 * The retry profiles a service task may name. The workflow maps them onto Temporal retry policies,
 * so policy staff choose "patient" instead of tuning backoff numbers.
 */
import type { RetryProfileName } from './compiled-definition';

export interface RetryProfile {
  /** ISO 8601 durations, as everywhere in definitions. */
  readonly initialInterval: string;
  readonly maximumInterval: string;
  readonly backoffCoefficient: number;
  /** 0 means unlimited (bounded by the schedule-to-close time the workflow sets). */
  readonly maximumAttempts: number;
}

export const RETRY_PROFILES: Readonly<Record<RetryProfileName, RetryProfile>> = Object.freeze({
  /** Internal services that recover within minutes. */
  standard: Object.freeze({ initialInterval: 'PT1S', maximumInterval: 'PT1M', backoffCoefficient: 2, maximumAttempts: 10 }),
  /** Partner systems (COA, taalschool) that can be away for days. */
  patient: Object.freeze({ initialInterval: 'PT1M', maximumInterval: 'PT6H', backoffCoefficient: 2, maximumAttempts: 0 }),
  /** Non-idempotent effects (a letter sent by post): one attempt, a person follows up. */
  once: Object.freeze({ initialInterval: 'PT1S', maximumInterval: 'PT1S', backoffCoefficient: 1, maximumAttempts: 1 }),
});

export const RETRY_PROFILE_NAMES = Object.keys(RETRY_PROFILES) as RetryProfileName[];
