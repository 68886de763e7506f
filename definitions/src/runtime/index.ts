/**
 * The deterministic part of the definition language, safe to import from Temporal workflow code:
 * the compiled-definition types, FEEL evaluation over facts, and Europe/Amsterdam calendar maths.
 *
 *   import { evaluateCondition, addToDate, type CompiledDefinition } from '@wegwijs/definitions/runtime';
 *   const deadline = addToDate(facts.permitGrantedDate as string, clock.term);
 */
export * from './compiled-definition';
export * from './errors';
export * from '@wegwijs/calendar';
export * from './feel';
export * from './retry-profiles';
export * from './legal-clock';
export * from './fact-values';
