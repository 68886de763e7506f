/**
 * Whether facts are acceptable: each of its declared type and value set, and every rule of the
 * definition (`housingDate <= today`, `housingDate >= permitGrantedDate`, `age >= 0 and age <= 120`)
 * holding. Checked when a trajectory starts and on every correction, by the API and the workflow
 * alike. Messages name the fact and the rule, never the value.
 *
 *   factProblems(definition, { housingDate: '2031-01-01', permitGrantedDate: '2019-06-01', age: 30 }, '2026-12-04');
 *   // [{ field: 'housingDate', rule: 'housingNotInFuture', message: 'housingDate lies after today' }]
 */
import { evaluateRule, factValueProblem, type CompiledDefinition, type FactValue } from '@wegwijs/definitions/runtime';

export interface FactProblem {
  readonly field: string;
  readonly message: string;
  readonly rule?: string;
}

/** Every problem of a full set of facts (at start). */
export function factProblems(definition: CompiledDefinition, facts: Readonly<Record<string, unknown>>, today: string): FactProblem[] {
  const problems: FactProblem[] = [];
  const declared = new Map(definition.facts.map((fact) => [fact.name, fact]));
  for (const name of Object.keys(facts)) {
    if (!declared.has(name)) problems.push({ field: name, message: `definition ${definition.key} declares no fact '${name}'` });
  }
  for (const fact of definition.facts) {
    const problem = factValueProblem(fact, facts[fact.name]);
    if (problem) problems.push({ field: fact.name, message: problem });
  }
  if (problems.length > 0) return problems;
  return ruleProblems(definition, facts as Record<string, FactValue>, today, () => true);
}

/** The problems a correction would bring: its own values, and the rules about the facts it changes. */
export function correctionProblems(definition: CompiledDefinition, current: Readonly<Record<string, FactValue>>, changes: Readonly<Record<string, unknown>>, today: string): FactProblem[] {
  const problems: FactProblem[] = [];
  const declared = new Map(definition.facts.map((fact) => [fact.name, fact]));
  for (const [name, value] of Object.entries(changes)) {
    const fact = declared.get(name);
    if (!fact) {
      problems.push({ field: name, message: `definition ${definition.key} declares no fact '${name}'` });
      continue;
    }
    const problem = factValueProblem(fact, value);
    if (problem) problems.push({ field: name, message: problem });
  }
  if (problems.length > 0) return problems;
  const changed = new Set(Object.keys(changes));
  return ruleProblems(definition, { ...current, ...(changes as Record<string, FactValue>) }, today, (facts) => facts.some((name) => changed.has(name)));
}

function ruleProblems(definition: CompiledDefinition, facts: Record<string, FactValue>, today: string, applies: (facts: readonly string[]) => boolean): FactProblem[] {
  const problems: FactProblem[] = [];
  for (const rule of definition.factRules ?? []) {
    if (!applies(rule.facts)) continue;
    let holds: boolean | null;
    try {
      holds = evaluateRule(rule.rule, facts, definition.facts, today);
    } catch {
      holds = false;
    }
    if (holds === false) for (const field of rule.facts) problems.push({ field, message: rule.message, rule: rule.id });
  }
  return problems;
}
