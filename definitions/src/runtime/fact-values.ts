/**
 * Whether a value fits a declared fact: the API checks the facts a trajectory starts with, the
 * workflow checks corrections, by the same rule.
 *
 *   factValueProblem({ name: 'housingDate', type: 'date', required: true }, '31-08-2019'); // 'must be a date YYYY-MM-DD'
 */
import { isValidCalendarDate } from '@wegwijs/calendar';
import type { CompiledFact } from './compiled-definition';

/** What is wrong with `value` for `fact`, or undefined when it fits. */
export function factValueProblem(fact: CompiledFact, value: unknown): string | undefined {
  if (value === undefined || value === null) return fact.required ? `required ${fact.type} fact is missing` : undefined;
  const fits = fact.type === 'date' ? typeof value === 'string' && isValidCalendarDate(value) : typeof value === fact.type;
  if (!fits) return `must be a ${fact.type === 'date' ? 'date YYYY-MM-DD' : fact.type}`;
  if (fact.values && !fact.values.includes(String(value))) return `must be one of ${fact.values.join(', ')}`;
  return undefined;
}
