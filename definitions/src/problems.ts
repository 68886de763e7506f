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
  'INCLUSIVE_GATEWAY_WITHOUT_CONDITION',
  'INCLUSIVE_GATEWAY_WITHOUT_DEFAULT',
  'INCLUSIVE_JOIN_UNPAIRED',
  'LANE_INSIDE_SUB_PROCESS',
  // References to the capability registry and the facts
  'UNKNOWN_ACTIVITY',
  'UNKNOWN_MILESTONE',
  'ROLE_NOT_ALLOWED',
  'UNKNOWN_FACT',
  'UNKNOWN_PAYLOAD_FIELD',
  'UNKNOWN_INPUT',
  'MISSING_INPUT',
  'UNKNOWN_RESULT_FIELD',
  'UNKNOWN_ERROR_CODE',
  'UNKNOWN_CLOCK',
  'INVALID_BOUNDARY_HOST',
  'UNKNOWN_ROLE',
  'MISSING_ROLE',
  // Expressions and durations
  'FEEL_SYNTAX',
  'FEEL_UNKNOWN_NAME',
  'FEEL_DOUBLE_EQUALS',
  'FEEL_TYPE_MISMATCH',
  'INVALID_DURATION',
  // Multi-instance and recurring steps
  'MULTI_INSTANCE_COUNT_NOT_A_NUMBER',
  'MULTI_INSTANCE_COLLECTION_NOT_A_LIST',
  'MULTI_INSTANCE_SOURCE',
  'MULTI_INSTANCE_AND_RECURRENCE',
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
  /** For UNKNOWN_* problems: the known names nearest to the one written, nearest first. */
  readonly suggestions?: readonly string[];
  /**
   * Problems that follow from this one and go away when it is fixed (the nodes a dangling flow
   * leaves unreachable). Folded here so the root cause is read first.
   */
  readonly consequences?: readonly Problem[];
}

/**
 * Sorts problems by position so editors and CI logs read top to bottom; consequences stay under
 * the problem they follow from (sorted the same way), so root causes come first.
 */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems]
    .map((problem) => (problem.consequences ? { ...problem, consequences: sortProblems(problem.consequences) } : problem))
    .sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

/** Every problem, consequences after the problem they follow from. */
export function allProblems(problems: readonly Problem[]): Problem[] {
  return problems.flatMap((problem) => [problem, ...allProblems(problem.consequences ?? [])]);
}

/**
 * One line per problem, its consequences on the lines after it, each saying what it follows from
 * (not indented, so editors' problem matchers read them too).
 */
export function formatProblem(file: string, problem: Problem, cause?: Problem): string {
  const where = problem.nodeId ? ` [${problem.nodeId}]` : '';
  const because = cause ? ` (follows from ${cause.code} at ${cause.line}:${cause.column})` : '';
  const line = `${file}:${problem.line}:${problem.column} error ${problem.code}${where}: ${problem.message}${because}`;
  return [line, ...(problem.consequences ?? []).map((consequence) => formatProblem(file, consequence, problem))].join('\n');
}
