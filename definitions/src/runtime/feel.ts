/**
 * FEEL (the BPMN/DMN expression language) over a trajectory's facts, through `feelin`.
 * Date facts enter FEEL as FEEL dates, so `housingDate + duration("P24M")` is calendar-correct.
 *
 *   evaluateCondition('age < 30', { age: 24 }, definition.facts);                       // true
 *   evaluateDate('housingDate + duration("P24M")', { housingDate: '2019-08-31' }, facts); // '2021-08-31'
 */
import { FeelDate, evaluate, parseDate } from 'feelin';
import type { CompiledFact, FactValue, Facts, OutputMapping } from './compiled-definition';
import { FeelEvaluationError, FeelResultTypeError } from './errors';

function isFeelDate(value: unknown): value is FeelDate {
  return value instanceof FeelDate;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Builds the FEEL context: declared date facts become FEEL dates, other facts pass through. */
export function toFeelContext(
  facts: Facts,
  declarations: readonly CompiledFact[],
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const dateFacts = new Set(declarations.filter((fact) => fact.type === 'date').map((fact) => fact.name));
  const context: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(facts)) {
    context[name] = dateFacts.has(name) && typeof value === 'string' ? parseDate(value) : value;
  }
  return { ...context, ...extra };
}

/** Evaluates FEEL source in a context; throws `FeelEvaluationError` when it does not parse. */
export function evaluateFeel(expression: string, context: Record<string, unknown>): unknown {
  try {
    return evaluate(expression, context).value;
  } catch (error) {
    throw new FeelEvaluationError(expression, error instanceof Error ? error.message : String(error));
  }
}

/** A gateway condition: must give `true` or `false` (a missing fact gives null, which is an error). */
export function evaluateCondition(expression: string, facts: Facts, declarations: readonly CompiledFact[]): boolean {
  const value = evaluateFeel(expression, toFeelContext(facts, declarations));
  if (typeof value !== 'boolean') throw new FeelResultTypeError(expression, 'boolean', describe(value));
  return value;
}

/** A computed date (timer dates, legal clock starts, norm starts) → `YYYY-MM-DD`. */
export function evaluateDate(expression: string, facts: Facts, declarations: readonly CompiledFact[]): string {
  const value = evaluateFeel(expression, toFeelContext(facts, declarations));
  if (!isFeelDate(value)) throw new FeelResultTypeError(expression, 'date', describe(value));
  return value.iso;
}

/** Converts a FEEL result to a fact value (dates back to `YYYY-MM-DD`). */
export function toFactValue(expression: string, value: unknown): FactValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (isFeelDate(value)) return value.iso;
  throw new FeelResultTypeError(expression, 'fact value', describe(value));
}

/** Service task arguments: each input expression evaluated over the facts. */
export function evaluateInput(
  input: Readonly<Record<string, string>>,
  facts: Facts,
  declarations: readonly CompiledFact[],
): Record<string, FactValue> {
  const context = toFeelContext(facts, declarations);
  return Object.fromEntries(
    Object.entries(input).map(([name, expression]) => [name, toFactValue(expression, evaluateFeel(expression, context))]),
  );
}

/**
 * New fact values from an activity `result` or a milestone `payload`: the output mapping's
 * expressions see the facts plus `result` and `payload`.
 */
export function evaluateOutput(
  output: OutputMapping,
  facts: Facts,
  declarations: readonly CompiledFact[],
  produced: { readonly result?: unknown; readonly payload?: unknown },
): Record<string, FactValue> {
  const context = toFeelContext(facts, declarations, { result: produced.result ?? null, payload: produced.payload ?? null });
  return Object.fromEntries(
    Object.entries(output).map(([fact, expression]) => [fact, toFactValue(expression, evaluateFeel(expression, context))]),
  );
}

/**
 * A rule over the facts (a definition's `factRules`): true when it holds, false when it does not,
 * null when it cannot be decided (a fact it reads is missing). `today` is the day of the check.
 */
export function evaluateRule(expression: string, facts: Facts, declarations: readonly CompiledFact[], today: string): boolean | null {
  const value = evaluateFeel(expression, toFeelContext(facts, declarations, { today: parseDate(today) }));
  if (value === null || value === undefined) return null;
  if (typeof value !== 'boolean') throw new FeelResultTypeError(expression, 'boolean', describe(value));
  return value;
}
