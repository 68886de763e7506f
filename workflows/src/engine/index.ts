/**
 * The business-time interpreter, pure and deterministic: derive a trajectory from its definition
 * and record (derive.ts), place a reported milestone (placement.ts), check facts (fact-rules.ts),
 * and describe the result (views.ts, schedule.ts). No Temporal, no I/O, no clock: the workflow
 * (../trajectory) feeds it the record and today's date and performs the side effects it finds due.
 *
 *   const derivation = derive(definition, record, today);
 *   for (const effect of derivation.wanted) perform(effect);
 */
export * from './record';
export * from './derive';
export * from './incremental';
export * from './effects';
export * from './clocks';
export * from './placement';
export * from './fact-rules';
export * from './refusals';
export * from './schedule';
export * from './views';
export * from './history';
export type { Listener } from './listeners';
export type { Token, Moment, BlockingIncident, DefinitionProblem } from './simulation';
export type { CallResult } from './nodes';
export { isCaughtFailure } from './nodes/error-events';
