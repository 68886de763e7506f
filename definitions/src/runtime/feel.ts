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

/**
 * FEEL evaluation is pure, and a trajectory evaluates the same expressions over the same facts
 * again and again (the workflow derives its state anew at every step): results are remembered
 * per definition's fact declarations, keyed by the expression and the values of the names it
 * reads. A memo, not state: it never changes a result.
 */
const MEMO_LIMIT = 20_000;
const memos = new WeakMap<readonly CompiledFact[], Map<string, { value: unknown } | { error: unknown }>>();
const namesOf = new Map<string, readonly string[]>();

function remembered<T>(kind: string, expression: string, declarations: readonly CompiledFact[], values: Readonly<Record<string, unknown>>, compute: () => T): T {
  let names = namesOf.get(expression);
  if (!names) {
    names = [...new Set(expression.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])];
    if (namesOf.size < MEMO_LIMIT) namesOf.set(expression, names);
  }
  let memo = memos.get(declarations);
  if (!memo) memos.set(declarations, (memo = new Map()));
  const key = `${kind}\u0001${expression}\u0001${names.map((name) => JSON.stringify(values[name]) ?? '').join('\u0002')}`;
  const known = memo.get(key);
  if (known) {
    if ('error' in known) throw known.error;
    return known.value as T;
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  try {
    const value = compute();
    memo.set(key, { value });
    return value;
  } catch (error) {
    memo.set(key, { error });
    throw error;
  }
}

/** A gateway condition: must give `true` or `false` (a missing fact gives null, which is an error). */
export function evaluateCondition(expression: string, facts: Facts, declarations: readonly CompiledFact[]): boolean {
  return remembered('condition', expression, declarations, facts, () => conditionOf(expression, facts, declarations));
}

function conditionOf(expression: string, facts: Facts, declarations: readonly CompiledFact[]): boolean {
  const value = evaluateFeel(expression, toFeelContext(facts, declarations));
  if (typeof value !== 'boolean') throw new FeelResultTypeError(expression, 'boolean', describe(value));
  return value;
}

/** A computed date (timer dates, legal clock starts, norm starts) → `YYYY-MM-DD`. */
export function evaluateDate(expression: string, facts: Facts, declarations: readonly CompiledFact[]): string {
  return remembered('date', expression, declarations, facts, () => dateOf(expression, facts, declarations));
}

function dateOf(expression: string, facts: Facts, declarations: readonly CompiledFact[]): string {
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
  let context: Record<string, unknown> | undefined;
  return Object.fromEntries(
    Object.entries(input).map(([name, expression]) => [
      name,
      remembered('value', expression, declarations, facts, () => toFactValue(expression, evaluateFeel(expression, (context ??= toFeelContext(facts, declarations))))),
    ]),
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
  const extra = { result: produced.result ?? null, payload: produced.payload ?? null };
  const values = { ...facts, ...extra };
  let context: Record<string, unknown> | undefined;
  return Object.fromEntries(
    Object.entries(output).map(([fact, expression]) => [
      fact,
      remembered('value', expression, declarations, values, () => toFactValue(expression, evaluateFeel(expression, (context ??= toFeelContext(facts, declarations, extra))))),
    ]),
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
