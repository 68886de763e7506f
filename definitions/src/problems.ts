/**
 * The problems validation reports, each with a stable code (documented in
 * docs/definitions/error-codes.md) and the YAML position it is about.
 *
 *   const { problems } = validateDefinitionSource(yamlText, registry);
 *   for (const p of problems) console.log(`${file}:${p.line}:${p.column} ${p.code} ${p.message}`);
 */

export const PROBLEM_CODES = [
  // Hostile or broken input (nothing else is checked after these)
  'INPUT_TOO_LARGE',
  'NESTING_TOO_DEEP',
  'ALIAS_LIMIT_EXCEEDED',
  'YAML_SYNTAX',
  // Shape, against the published JSON Schema
  'SCHEMA_VIOLATION',
  // Graph
  'DUPLICATE_ID',
  'DANGLING_FLOW',
  'MISSING_START',
  'MULTIPLE_STARTS',
  'MISSING_END',
  'INVALID_FLOW_ENDPOINT',
  'UNREACHABLE_NODE',
  'NO_PATH_TO_END',
  'EXCLUSIVE_GATEWAY_WITHOUT_DEFAULT',
  'MULTIPLE_DEFAULT_FLOWS',
  'CONDITION_OUTSIDE_EXCLUSIVE_GATEWAY',
  'MISSING_CONDITION',
  'PARALLEL_JOIN_DEADLOCK',
  'EVENT_GATEWAY_TARGET_INVALID',
  // References to the capability registry and the facts
  'UNKNOWN_ACTIVITY',
  'UNKNOWN_MILESTONE',
  'ROLE_NOT_ALLOWED',
  'UNKNOWN_FACT',
  'UNKNOWN_PAYLOAD_FIELD',
  // Expressions and durations
  'FEEL_SYNTAX',
  'FEEL_UNKNOWN_NAME',
  'INVALID_DURATION',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  /** The node (or flow, boundary event, legal clock) the problem is about. */
  readonly nodeId?: string;
  /** 1-based line and column in the YAML source. */
  readonly line: number;
  readonly column: number;
}

/** Sorts problems by position so editors and CI logs read top to bottom. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

export function formatProblem(file: string, problem: Problem): string {
  const where = problem.nodeId ? ` [${problem.nodeId}]` : '';
  return `${file}:${problem.line}:${problem.column} error ${problem.code}${where}: ${problem.message}`;
}
