/**
 * Validates definition YAML and returns every problem at once — hostile input, YAML syntax,
 * shape (the JSON Schema), graph, registry references, FEEL and durations — each with a stable
 * code, the node id and the line:column. Nothing here throws on a bad definition.
 *
 *   const result = validateDefinitionSource(text, registry);
 *   if (result.problems.length === 0) compileDefinition(result.definition!, registry);
 */
import Ajv, { type ErrorObject } from 'ajv';
import { isCalendarDuration, isValidDuration } from '../runtime';
import type { Problem, ProblemCode } from '../problems';
import { sortProblems } from '../problems';
import { definitionSchema, DURATION_PATTERN, NODE_KINDS } from '../schema/definition-schema';
import { parseDefinitionYaml, type PathSegment, type Position } from '../source/parse-source';
import type { SourceBoundaryEvent, SourceDefinition, SourceFlow, SourceLegalClock, SourceNode } from '../source/source-definition';
import type { CapabilityRegistry, MilestoneCapability } from './capability-registry';
import { humanTaskMilestones, humanTaskPartIds } from '../compile/expand-human-tasks';
import { isRepeated, repeatedStepPartIds } from '../compile/expand-repeated-steps';
import { analyzeFeel } from './feel-analysis';
import { analyzeFeelTypes, type FeelType, type TypeOfName } from './feel-types';
import { pairInclusiveGateways } from './inclusive-gateways';
import { checkRoles } from './roles';
import { didYouMean, nearestNames } from './suggest';

export interface ValidationResult {
  readonly problems: readonly Problem[];
  /** The parsed definition when it is well-formed enough to compile (check `problems` first). */
  readonly definition: SourceDefinition | null;
}

type Locate = (path: readonly PathSegment[], key?: boolean) => Position;

/** One node or boundary event, with where it sits in the source and in the scope tree. */
export interface NodeEntry {
  readonly id: string;
  readonly kind: SourceNode['kind'] | BoundaryEntryKind;
  readonly node: SourceNode | null;
  readonly boundary: SourceBoundaryEvent | null;
  readonly hostId: string | null;
  readonly scopeId: string | null;
  readonly path: readonly PathSegment[];
}

type BoundaryEntryKind = 'boundaryTimer' | 'boundaryMilestone' | 'boundaryError' | 'boundaryClockExpired';

/** The node kind a boundary event compiles to. */
const BOUNDARY_ENTRY_KIND: Readonly<Record<SourceBoundaryEvent['kind'], BoundaryEntryKind>> = {
  timer: 'boundaryTimer',
  milestone: 'boundaryMilestone',
  error: 'boundaryError',
  clockExpired: 'boundaryClockExpired',
};

export interface FlowEntry {
  readonly id: string;
  readonly flow: SourceFlow;
  readonly scopeId: string | null;
  readonly path: readonly PathSegment[];
}

export interface DefinitionIndex {
  readonly nodes: readonly NodeEntry[];
  readonly flows: readonly FlowEntry[];
  readonly scopes: ReadonlyArray<{ readonly id: string | null; readonly path: readonly PathSegment[] }>;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateShape = ajv.compile(definitionSchema);

export function validateDefinitionSource(text: string, registry: CapabilityRegistry): ValidationResult {
  const parsed = parseDefinitionYaml(text);
  if (!parsed.ok) return { problems: parsed.problems, definition: null };
  if (!validateShape(parsed.data)) {
    const errors = validateShape.errors ?? [];
    const problems = schemaProblems(errors, parsed.data, parsed.locate);
    // Still report graph problems when the skeleton (ids, kinds, flow ends) is sound; the parts
    // with shape problems are left out of the reference and expression checks.
    if (hasGraphSkeleton(parsed.data)) {
      const taintedPaths = errors.map((error) => error.instancePath);
      const definition = parsed.data as SourceDefinition;
      const ownMilestonesSound = !taintedPaths.some((path) => path.startsWith('/milestones'));
      problems.push(...checkDefinition(definition, ownMilestonesSound ? withOwnMilestones(registry, definition) : registry, parsed.locate, taintedPaths));
    }
    return { problems: sortProblems(withoutEmptyConsequences(problems)), definition: null };
  }
  const definition = parsed.data as SourceDefinition;
  const problems = checkDefinition(definition, withOwnMilestones(registry, definition), parsed.locate, []);
  ownMilestoneProblems(definition, registry, parsed.locate, problems);
  return { problems: sortProblems(withoutEmptyConsequences(problems)), definition };
}

const withoutEmptyConsequences = (problems: readonly Problem[]): Problem[] =>
  problems.map(({ consequences, ...problem }) => (consequences?.length ? { ...problem, consequences } : problem));

/** The registry as this definition sees it: the catalogue plus the milestones it declares itself. */
export function withOwnMilestones(registry: CapabilityRegistry, definition: Pick<SourceDefinition, 'milestones' | 'nodes'>): CapabilityRegistry {
  const declared = { ...(definition.milestones ?? {}), ...humanTaskMilestones(definition.nodes) };
  if (Object.keys(declared).length === 0) return registry;
  const own: Record<string, MilestoneCapability> = {};
  for (const [name, milestone] of Object.entries(declared)) own[name] = { ...milestone, ...(milestone.payload ? { payload: milestone.payload } : {}) };
  return { activities: registry.activities, milestones: { ...registry.milestones, ...own } };
}

/** A definition's own milestone may not redefine one of the catalogue: one name, one meaning. */
function ownMilestoneProblems(definition: SourceDefinition, registry: CapabilityRegistry, locate: Locate, problems: Problem[]): void {
  for (const name of Object.keys(definition.milestones ?? {})) {
    if (registry.milestones[name]) {
      problems.push({ code: 'DUPLICATE_ID', message: `milestone '${name}' is already in the capability registry; give the definition's own milestone another name`, nodeId: name, ...locate(['milestones', name], true) });
    }
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptional = (value: unknown, test: (value: unknown) => boolean) => value === undefined || test(value);
const isString = (value: unknown) => typeof value === 'string';

/** True when nodes, flows and clocks are well-formed enough for the graph checks to be meaningful. */
function hasGraphSkeleton(data: unknown): boolean {
  const nodesAndFlowsSound = (nodes: unknown, flows: unknown): boolean =>
    Array.isArray(nodes) &&
    Array.isArray(flows) &&
    nodes.every(
      (node) =>
        isObject(node) &&
        isString(node.id) &&
        (NODE_KINDS as readonly unknown[]).includes(node.kind) &&
        isOptional(node.boundaryEvents, (events) =>
          Array.isArray(events) && events.every((event) => isObject(event) && isString(event.id) && Object.prototype.hasOwnProperty.call(BOUNDARY_ENTRY_KIND, String(event.kind))),
        ) &&
        (node.kind !== 'subProcess' || nodesAndFlowsSound(node.nodes, node.flows)),
    ) &&
    flows.every(
      (flow) =>
        isObject(flow) &&
        isString(flow.source) &&
        isString(flow.target) &&
        isOptional(flow.id, isString) &&
        isOptional(flow.condition, isString) &&
        isOptional(flow.default, (value) => typeof value === 'boolean'),
    );
  return (
    isObject(data) &&
    nodesAndFlowsSound(data.nodes, data.flows) &&
    isOptional(data.facts, (facts) => isObject(facts) && Object.values(facts).every(isObject)) &&
    isOptional(data.legalClocks, (clocks) => Array.isArray(clocks) && clocks.every((clock) => isObject(clock) && isString(clock.id)))
  );
}

/** Resolves a flow's id: the authored one, or `Flow_<source>_<target>` (numbered if repeated). */
export function indexDefinition(definition: SourceDefinition): DefinitionIndex {
  const nodes: NodeEntry[] = [];
  const flows: FlowEntry[] = [];
  const scopes: Array<{ id: string | null; path: PathSegment[] }> = [];
  const generated = new Map<string, number>();
  const walk = (scopeId: string | null, scopeNodes: SourceNode[], scopeFlows: SourceFlow[], path: PathSegment[]) => {
    scopes.push({ id: scopeId, path });
    scopeNodes.forEach((node, index) => {
      const nodePath = [...path, 'nodes', index];
      nodes.push({ id: node.id, kind: node.kind, node, boundary: null, hostId: null, scopeId, path: nodePath });
      if ('boundaryEvents' in node && node.boundaryEvents) {
        node.boundaryEvents.forEach((boundary, boundaryIndex) => {
          nodes.push({
            id: boundary.id,
            kind: BOUNDARY_ENTRY_KIND[boundary.kind],
            node: null,
            boundary,
            hostId: node.id,
            scopeId,
            path: [...nodePath, 'boundaryEvents', boundaryIndex],
          });
        });
      }
      if (node.kind === 'subProcess') walk(node.id, node.nodes, node.flows, nodePath);
    });
    scopeFlows.forEach((flow, index) => {
      let id = flow.id;
      if (!id) {
        const base = `Flow_${flow.source}_${flow.target}`;
        const seen = generated.get(base) ?? 0;
        generated.set(base, seen + 1);
        id = seen === 0 ? base : `${base}_${seen + 1}`;
      }
      flows.push({ id, flow, scopeId, path: [...path, 'flows', index] });
    });
  };
  walk(null, definition.nodes, definition.flows, []);
  return { nodes, flows, scopes };
}

function schemaProblems(errors: readonly ErrorObject[], data: unknown, locate: Locate): Problem[] {
  // if/then produces an extra "must match then schema" error for every real one: drop those.
  const meaningful = errors.filter((error) => error.keyword !== 'if' && error.keyword !== 'oneOf' || errors.length === 1);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of meaningful) {
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
    let code: ProblemCode = 'SCHEMA_VIOLATION';
    let message = `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`;
    let target = path;
    let atKey = false;
    if (error.keyword === 'additionalProperties') {
      const property = (error.params as { additionalProperty: string }).additionalProperty;
      target = [...path, property];
      atKey = true;
      message = `${error.instancePath || '(root)'} has unknown property '${property}'`;
    } else if (error.keyword === 'pattern' && (error.params as { pattern: string }).pattern === DURATION_PATTERN) {
      code = 'INVALID_DURATION';
      message = `'${String(valueAt(data, path))}' is not an ISO 8601 duration such as P6M, P3Y or PT1H`;
    } else if (error.keyword === 'required') {
      message = `${error.instancePath || '(root)'} is missing '${(error.params as { missingProperty: string }).missingProperty}'`;
    }
    const nodeId = nearestId(data, path);
    const key = `${code}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ code, message, ...(nodeId ? { nodeId } : {}), ...locate(target, atKey) });
  }
  return problems;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let value: unknown = data;
  for (const segment of path) value = (value as Record<string | number, unknown> | undefined)?.[segment];
  return value;
}

function nearestId(data: unknown, path: readonly PathSegment[]): string | undefined {
  for (let length = path.length; length > 0; length--) {
    const value = valueAt(data, path.slice(0, length)) as { id?: unknown } | undefined;
    if (value && typeof value === 'object' && typeof value.id === 'string') return value.id;
  }
  return undefined;
}

function checkDefinition(definition: SourceDefinition, registry: CapabilityRegistry, locate: Locate, taintedPaths: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const isTainted = (path: readonly PathSegment[]) => {
    const pointer = path.map((segment) => `/${segment}`).join('');
    return taintedPaths.some((tainted) => tainted === pointer || tainted.startsWith(`${pointer}/`));
  };
  const report: Report = (code, message, path, nodeId, atKey = false, options = {}) => {
    const problem: Problem = {
      code,
      message,
      ...(nodeId ? { nodeId } : {}),
      ...locate(path, atKey),
      ...(options.suggestions?.length ? { suggestions: options.suggestions } : {}),
      ...(options.root ? { consequences: [] } : {}),
    };
    if (options.consequenceOf) (options.consequenceOf.consequences as Problem[]).push(problem);
    else problems.push(problem);
    return problem;
  };
  const index = indexDefinition(definition);
  const facts = definition.facts ?? {};

  // Ids are one namespace: nodes, boundary events, flows and legal clocks (as in BPMN).
  const firstSeen = new Map<string, readonly PathSegment[]>();
  const claim = (id: string, path: readonly PathSegment[]) => {
    const earlier = firstSeen.get(id);
    if (earlier) report('DUPLICATE_ID', `id '${id}' is already used at line ${locate([...earlier, 'id']).line}`, [...path, 'id'], id);
    else firstSeen.set(id, path);
  };
  index.nodes.forEach((entry) => claim(entry.id, entry.path));
  // A human task runs as parts with ids of their own (compile/expand-human-tasks.ts).
  index.nodes.forEach((entry) => entry.node?.kind === 'humanTask' && humanTaskPartIds(entry.node).forEach((part) => claim(part, entry.path)));
  // So does a repeated service task or wait (compile/expand-repeated-steps.ts).
  index.nodes.forEach((entry) => entry.node && repeatedStepPartIds(entry.node).forEach((part) => claim(part, entry.path)));
  index.flows.forEach((entry) => entry.flow.id && claim(entry.id, entry.path));
  (definition.legalClocks ?? []).forEach((clock, i) => claim(clock.id, ['legalClocks', i]));

  const nodeById = new Map<string, NodeEntry>();
  for (const entry of index.nodes) if (!nodeById.has(entry.id)) nodeById.set(entry.id, entry);

  const flowProblemsByScope = checkFlows(index, nodeById, report);
  for (const scope of index.scopes) checkScopeGraph(scope, index, nodeById, facts, report, flowProblemsByScope.get(scope.id));
  // Parts with shape problems would only produce follow-on noise here.
  const sound: DefinitionIndex = {
    nodes: index.nodes.filter((entry) => !isTainted(entry.path)),
    flows: index.flows.filter((entry) => !isTainted(entry.path)),
    scopes: index.scopes,
  };
  const clocks = (definition.legalClocks ?? [])
    .map((clock, i) => ({ clock, path: ['legalClocks', i] as PathSegment[] }))
    .filter((entry) => !isTainted(entry.path));
  checkReferences(definition, sound, clocks, registry, report);
  checkRoles(definition, sound, registry, report);
  checkExpressions(definition, sound, clocks, registry, report);
  return problems;
}

export interface ReportOptions {
  readonly suggestions?: readonly string[];
  /** Fold the problem under this one: it follows from it (see Problem.consequences). */
  readonly consequenceOf?: Problem;
  /** Other problems may be folded under this one. */
  readonly root?: boolean;
}

export type Report = (code: ProblemCode, message: string, path: readonly PathSegment[], nodeId?: string, atKey?: boolean, options?: ReportOptions) => Problem;

/** Checks every flow's ends; returns, per scope, the flows that are broken (the graph checks' root causes). */
function checkFlows(index: DefinitionIndex, nodeById: Map<string, NodeEntry>, report: Report): Map<string | null, Problem> {
  const firstBrokenByScope = new Map<string | null, Problem>();
  const broken = (scopeId: string | null, problem: Problem) => {
    if (!firstBrokenByScope.has(scopeId)) firstBrokenByScope.set(scopeId, problem);
  };
  for (const entry of index.flows) {
    const { flow } = entry;
    for (const end of ['source', 'target'] as const) {
      const node = nodeById.get(flow[end]);
      if (!node) {
        const inScope = index.nodes.filter((candidate) => candidate.scopeId === entry.scopeId && !candidate.boundary).map((candidate) => candidate.id);
        const suggestions = nearestNames(flow[end], inScope);
        broken(entry.scopeId, report('DANGLING_FLOW', `flow ${end} '${flow[end]}' is not a node${didYouMean(suggestions)}`, [...entry.path, end], entry.id, false, { suggestions, root: true }));
      } else if (node.scopeId !== entry.scopeId) {
        broken(entry.scopeId, report('DANGLING_FLOW', `flow ${end} '${flow[end]}' is in another (sub-)process; flows cannot cross a sub-process border`, [...entry.path, end], entry.id, false, { root: true }));
      }
    }
    const source = nodeById.get(flow.source);
    const target = nodeById.get(flow.target);
    if (source && (source.kind === 'end' || source.kind === 'terminateEnd')) {
      report('INVALID_FLOW_ENDPOINT', `an ${source.kind} node has no outgoing flows`, [...entry.path, 'source'], entry.id);
    }
    if (target && target.kind === 'start') report('INVALID_FLOW_ENDPOINT', 'a start node has no incoming flows', [...entry.path, 'target'], entry.id);
    if (target && target.boundary) {
      report('INVALID_FLOW_ENDPOINT', `boundary event '${target.id}' cannot be the target of a flow`, [...entry.path, 'target'], entry.id);
    }
    if ((flow.condition !== undefined || flow.default !== undefined) && source && source.kind !== 'exclusiveGateway' && source.kind !== 'inclusiveGateway') {
      report('CONDITION_OUTSIDE_EXCLUSIVE_GATEWAY', 'only flows out of an exclusive or inclusive gateway carry a condition or default', [...entry.path, flow.condition !== undefined ? 'condition' : 'default'], entry.id, true);
    }
  }
  return firstBrokenByScope;
}

function checkScopeGraph(
  scope: { id: string | null; path: readonly PathSegment[] },
  index: DefinitionIndex,
  nodeById: Map<string, NodeEntry>,
  facts: NonNullable<SourceDefinition['facts']>,
  report: Report,
  brokenFlow: Problem | undefined,
): void {
  // With a broken flow in the scope, reachability problems are its cascade, not causes of their own.
  const cascade = brokenFlow ? { consequenceOf: brokenFlow } : {};
  const nodes = index.nodes.filter((entry) => entry.scopeId === scope.id);
  const flows = index.flows.filter(
    (entry) => entry.scopeId === scope.id && nodeById.get(entry.flow.source)?.scopeId === scope.id && nodeById.get(entry.flow.target)?.scopeId === scope.id,
  );
  const where = scope.id ? `sub-process '${scope.id}'` : 'the definition';
  const starts = nodes.filter((entry) => entry.kind === 'start');
  if (starts.length === 0) report('MISSING_START', `${where} has no start node`, scope.id ? [...scope.path, 'nodes'] : ['nodes'], scope.id ?? undefined, true);
  starts.slice(1).forEach((entry) => report('MULTIPLE_STARTS', `${where} has more than one start node (first: '${starts[0].id}')`, [...entry.path, 'id'], entry.id));
  if (!nodes.some((entry) => entry.kind === 'end' || entry.kind === 'terminateEnd')) {
    report('MISSING_END', `${where} has no end or terminateEnd node`, scope.id ? [...scope.path, 'nodes'] : ['nodes'], scope.id ?? undefined, true);
  }

  const successors = new Map<string, string[]>(nodes.map((entry) => [entry.id, []]));
  const predecessors = new Map<string, string[]>(nodes.map((entry) => [entry.id, []]));
  const link = (from: string, to: string) => {
    successors.get(from)?.push(to);
    predecessors.get(to)?.push(from);
  };
  for (const entry of flows) link(entry.flow.source, entry.flow.target);
  for (const entry of nodes) if (entry.hostId) link(entry.hostId, entry.id);

  if (starts.length > 0) {
    const reached = reachable([starts[0].id], successors);
    for (const entry of nodes) {
      if (!reached.has(entry.id)) report('UNREACHABLE_NODE', `'${entry.id}' cannot be reached from the start`, [...entry.path, 'id'], entry.id, false, cascade);
    }
  }
  const ends = nodes.filter((entry) => entry.kind === 'end' || entry.kind === 'terminateEnd').map((entry) => entry.id);
  if (ends.length > 0) {
    const canFinish = reachable(ends, predecessors);
    for (const entry of nodes) {
      if (!canFinish.has(entry.id)) report('NO_PATH_TO_END', `no path leads from '${entry.id}' to an end node`, [...entry.path, 'id'], entry.id, false, cascade);
    }
  }

  const outgoingOf = (id: string) => flows.filter((entry) => entry.flow.source === id);
  const incomingOf = (id: string) => flows.filter((entry) => entry.flow.target === id);
  for (const entry of nodes) {
    if (entry.kind === 'exclusiveGateway') checkExclusiveGateway(entry, outgoingOf(entry.id), facts, report);
    if (entry.kind === 'eventBasedGateway') {
      for (const flow of outgoingOf(entry.id)) {
        const target = nodeById.get(flow.flow.target);
        if (target && target.kind !== 'timer' && target.kind !== 'milestoneWait') {
          report('EVENT_GATEWAY_TARGET_INVALID', `an event-based gateway leads only to timer or milestoneWait nodes, not to ${target.kind} '${target.id}'`, [...flow.path, 'target'], entry.id);
        } else if (target && incomingOf(target.id).length > 1) {
          report('EVENT_GATEWAY_TARGET_INVALID', `'${target.id}' follows an event-based gateway, so it can have no other incoming flow`, [...flow.path, 'target'], entry.id);
        }
      }
    }
    if (entry.kind === 'inclusiveGateway') checkInclusiveSplit(entry, outgoingOf(entry.id), facts, report);
    if (entry.kind === 'parallelGateway' && incomingOf(entry.id).length > 1) {
      const splitter = deadlockingSplit(entry.id, incomingOf(entry.id), nodeById, successors, predecessors);
      if (splitter) {
        report('PARALLEL_JOIN_DEADLOCK', `parallel join '${entry.id}' waits for branches that ${splitter.kind} '${splitter.id}' chooses between; only one arrives`, [...entry.path, 'id'], entry.id);
      }
    }
  }
  checkInclusivePairs(nodes, flows, report, cascade);
}

/** Inclusive joins need their split (inclusive-gateways.ts); a gateway is a split or a join, not both. */
function checkInclusivePairs(nodes: readonly NodeEntry[], flows: readonly FlowEntry[], report: Report, cascade: ReportOptions): void {
  if (!nodes.some((entry) => entry.kind === 'inclusiveGateway')) return;
  const pairing = pairInclusiveGateways(
    nodes.map((entry) => ({ id: entry.id, kind: entry.kind, hostId: entry.hostId })),
    flows.map((entry) => ({ id: entry.id, source: entry.flow.source, target: entry.flow.target })),
  );
  const pathOf = (id: string) => nodes.find((entry) => entry.id === id)!.path;
  for (const id of pairing.mixed) {
    report('INCLUSIVE_JOIN_UNPAIRED', `inclusive gateway '${id}' both joins and splits; use one inclusive gateway to join and another to split`, [...pathOf(id), 'id'], id, false, cascade);
  }
  for (const { joinId, reason } of pairing.unpaired) {
    report('INCLUSIVE_JOIN_UNPAIRED', `inclusive join '${joinId}' cannot know which branches to wait for: ${reason}`, [...pathOf(joinId), 'id'], joinId, false, cascade);
  }
}

/**
 * An inclusive split takes every flow whose condition holds and every flow without one; with no
 * condition at all it is a parallel gateway, and when every condition can be false it needs a default.
 */
function checkInclusiveSplit(gateway: NodeEntry, outgoing: readonly FlowEntry[], facts: NonNullable<SourceDefinition['facts']>, report: Report): void {
  const defaults = outgoing.filter((entry) => entry.flow.default === true);
  defaults.slice(1).forEach((entry) => report('MULTIPLE_DEFAULT_FLOWS', `inclusive gateway '${gateway.id}' has more than one default flow`, [...entry.path, 'default'], gateway.id, true));
  if (outgoing.length < 2) return; // a join: one way out, nothing to decide
  const conditional = outgoing.filter((entry) => entry.flow.default !== true);
  const conditions = conditional.map((entry) => entry.flow.condition).filter((condition): condition is string => condition !== undefined);
  if (conditions.length === 0 && defaults.length === 0) {
    report('INCLUSIVE_GATEWAY_WITHOUT_CONDITION', `no flow out of inclusive gateway '${gateway.id}' has a condition, so it always takes them all; give its flows conditions, or use a parallelGateway`, [...gateway.path, 'id'], gateway.id);
    return;
  }
  const alwaysTaken = conditional.some((entry) => entry.flow.condition === undefined);
  if (defaults.length === 0 && !alwaysTaken && !conditionsAreExhaustive(conditions, facts)) {
    report('INCLUSIVE_GATEWAY_WITHOUT_DEFAULT', `all conditions out of inclusive gateway '${gateway.id}' can be false and there is no default flow`, [...gateway.path, 'id'], gateway.id);
  }
}

function reachable(from: readonly string[], edges: Map<string, string[]>): Set<string> {
  const seen = new Set<string>(from);
  const queue = [...from];
  while (queue.length > 0) {
    for (const next of edges.get(queue.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/**
 * Exhaustive without a default only when the conditions are simple tests of one fact that cover
 * all its values: `b` / `not(b)` / `b = true|false` for booleans, `f = "v"` for every declared value.
 */
function conditionsAreExhaustive(conditions: readonly string[], facts: NonNullable<SourceDefinition['facts']>): boolean {
  const covered = new Map<string, Set<string>>();
  for (const condition of conditions) {
    const trimmed = condition.trim();
    const match =
      /^([A-Za-z_]\w*)\s*=\s*(?:"([^"]*)"|(true|false))$/.exec(trimmed) ??
      /^()not\(\s*([A-Za-z_]\w*)\s*\)$/.exec(trimmed) ??
      /^([A-Za-z_]\w*)$/.exec(trimmed);
    if (!match) return false;
    let fact: string;
    let value: string;
    if (trimmed.startsWith('not(')) [fact, value] = [match[2], 'false'];
    else if (match.length === 2) [fact, value] = [match[1], 'true'];
    else [fact, value] = [match[1], match[2] ?? match[3]];
    if (!covered.has(fact)) covered.set(fact, new Set());
    covered.get(fact)!.add(value);
  }
  if (covered.size !== 1) return false;
  const [[fact, values]] = [...covered];
  const declaration = facts[fact];
  if (!declaration) return false;
  // Array check: with shape problems elsewhere, `values` may not be the list the schema demands.
  const all = declaration.type === 'boolean' ? ['true', 'false'] : Array.isArray(declaration.values) ? declaration.values : null;
  return all !== null && all.every((value) => values.has(value));
}

function checkExclusiveGateway(gateway: NodeEntry, outgoing: readonly FlowEntry[], facts: NonNullable<SourceDefinition['facts']>, report: Report): void {
  const defaults = outgoing.filter((entry) => entry.flow.default === true);
  defaults.slice(1).forEach((entry) => report('MULTIPLE_DEFAULT_FLOWS', `exclusive gateway '${gateway.id}' has more than one default flow`, [...entry.path, 'default'], gateway.id, true));
  if (outgoing.length < 2) return; // a merging gateway: one way out, nothing to decide
  const conditional = outgoing.filter((entry) => entry.flow.default !== true);
  for (const entry of conditional) {
    if (entry.flow.condition === undefined) {
      report('MISSING_CONDITION', `flow '${entry.id}' leaves exclusive gateway '${gateway.id}' without a condition and is not the default`, entry.path, gateway.id);
    }
  }
  if (defaults.length === 0) {
    const conditions = conditional.map((entry) => entry.flow.condition).filter((condition): condition is string => condition !== undefined);
    if (!conditionsAreExhaustive(conditions, facts)) {
      report('EXCLUSIVE_GATEWAY_WITHOUT_DEFAULT', `all conditions out of '${gateway.id}' can be false and there is no default flow`, [...gateway.path, 'id'], gateway.id);
    }
  }
}

/**
 * A parallel join deadlocks when two of its incoming branches are alternatives: their nearest
 * common split is an exclusive or event-based gateway, so only one token ever arrives.
 */
function deadlockingSplit(
  joinId: string,
  incoming: readonly FlowEntry[],
  nodeById: Map<string, NodeEntry>,
  successors: Map<string, string[]>,
  predecessors: Map<string, string[]>,
): NodeEntry | null {
  const withoutJoin = new Map([...predecessors].map(([id, list]) => [id, id === joinId ? [] : list]));
  const ancestors = incoming.map((entry) => reachable([entry.flow.source], withoutJoin));
  const isSplit = (id: string) => (successors.get(id)?.length ?? 0) > 1 && nodeById.get(id)?.kind.endsWith('Gateway');
  for (let i = 0; i < ancestors.length; i++) {
    for (let j = i + 1; j < ancestors.length; j++) {
      const common = [...ancestors[i]].filter((id) => ancestors[j].has(id) && isSplit(id));
      const forward = new Map(common.map((id) => [id, reachable([id], successors)]));
      const nearest = common.filter((id) => common.every((other) => other === id || !forward.get(id)!.has(other) || forward.get(other)!.has(id)));
      // An inclusive split may take fewer branches than a parallel join waits for, too.
      const culprit = nearest.map((id) => nodeById.get(id)!).find((node) => node.kind === 'exclusiveGateway' || node.kind === 'eventBasedGateway' || node.kind === 'inclusiveGateway');
      if (culprit && !nearest.some((id) => nodeById.get(id)!.kind === 'parallelGateway')) return culprit;
    }
  }
  return null;
}

type ClockEntry = { readonly clock: SourceLegalClock; readonly path: readonly PathSegment[] };

function checkReferences(definition: SourceDefinition, index: DefinitionIndex, clocks: readonly ClockEntry[], registry: CapabilityRegistry, report: Report): void {
  const facts = definition.facts ?? {};
  /** Reports an unknown name with the nearest known ones. */
  const unknown = (code: ProblemCode, name: string, known: Iterable<string>, message: string, path: readonly PathSegment[], nodeId: string, atKey = false) => {
    const suggestions = nearestNames(name, known);
    report(code, `${message}${didYouMean(suggestions)}`, path, nodeId, atKey, { suggestions });
  };
  const checkActivity = (name: string, path: readonly PathSegment[], nodeId: string) => {
    if (!registry.activities[name]) unknown('UNKNOWN_ACTIVITY', name, Object.keys(registry.activities), `activity '${name}' is not in the capability registry`, path, nodeId);
  };
  /** The input names mapped must be inputs the activity declares; its required inputs must be mapped. */
  const checkInputs = (activityName: string, input: Record<string, string> | undefined, path: readonly PathSegment[], nodeId: string) => {
    const activity = registry.activities[activityName];
    if (!activity?.inputs) return;
    const declared = Object.keys(activity.inputs);
    if (!activity.additionalInputs) {
      for (const name of Object.keys(input ?? {})) {
        if (!declared.includes(name)) {
          const known = declared.length ? `its inputs: ${declared.join(', ')}` : 'it takes no input';
          unknown('UNKNOWN_INPUT', name, declared, `input '${name}' is not an input of activity '${activityName}' (${known})`, [...path, 'input', name], nodeId, true);
        }
      }
    }
    for (const [name, field] of Object.entries(activity.inputs)) {
      if (field.required && input?.[name] === undefined) report('MISSING_INPUT', `activity '${activityName}' needs input '${name}' (${field.type}${field.description ? `: ${field.description}` : ''})`, [...path, 'activity'], nodeId);
    }
  };
  /** `result.<field>` in an output mapping must be a field of the activity's declared result. */
  const checkResultFields = (activityName: string, output: Record<string, string> | undefined, path: readonly PathSegment[], nodeId: string) => {
    const result = registry.activities[activityName]?.result;
    if (!result) return;
    const declared = Object.keys(result);
    for (const [fact, expression] of Object.entries(output ?? {})) {
      for (const [, field] of expression.matchAll(/\bresult\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
        if (!declared.includes(field)) {
          unknown('UNKNOWN_RESULT_FIELD', field, declared, `output reads result.${field}, which activity '${activityName}' does not return (its result: ${declared.join(', ') || 'nothing'})`, [...path, 'output', fact], nodeId);
        }
      }
    }
  };
  const checkMilestone = (name: string, roles: readonly string[] | undefined, path: readonly PathSegment[], nodeId: string) => {
    const milestone = registry.milestones[name];
    if (!milestone) {
      unknown('UNKNOWN_MILESTONE', name, Object.keys(registry.milestones), `milestone '${name}' is not in the capability registry nor declared under 'milestones'`, path, nodeId);
      return;
    }
    for (const role of roles ?? []) {
      if (milestone.roles && !milestone.roles.includes(role)) {
        report('ROLE_NOT_ALLOWED', `role '${role}' may not signal '${name}' (allowed: ${milestone.roles.join(', ')})`, path, nodeId);
      }
    }
  };
  /** `payload.<field>` in a milestone's output mapping must be a field the milestone declares. */
  const checkPayloadFields = (milestoneName: string, output: Record<string, string> | undefined, path: readonly PathSegment[], nodeId: string) => {
    const milestone = registry.milestones[milestoneName];
    if (!milestone) return;
    const declared = Object.keys(milestone.payload ?? {});
    for (const [fact, expression] of Object.entries(output ?? {})) {
      for (const [, field] of expression.matchAll(/\bpayload\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
        if (!declared.includes(field)) {
          const known = declared.length ? `its fields: ${declared.join(', ')}` : 'it carries no payload';
          unknown('UNKNOWN_PAYLOAD_FIELD', field, declared, `output reads payload.${field}, which milestone '${milestoneName}' does not declare (${known})`, [...path, 'output', fact], nodeId);
        }
      }
    }
  };
  const checkOutputFacts = (output: Record<string, string> | undefined, path: readonly PathSegment[], nodeId: string) => {
    for (const fact of Object.keys(output ?? {})) {
      if (!facts[fact]) unknown('UNKNOWN_FACT', fact, Object.keys(facts), `output sets '${fact}', which is not a declared fact`, [...path, 'output', fact], nodeId, true);
    }
  };
  for (const entry of index.nodes) {
    const node = entry.node;
    if (node?.kind === 'serviceTask') {
      checkActivity(node.activity, [...entry.path, 'activity'], node.id);
      checkInputs(node.activity, node.input, entry.path, node.id);
      checkOutputFacts(node.output, entry.path, node.id);
      checkResultFields(node.activity, node.output, entry.path, node.id);
    }
    if (node?.kind === 'humanTask') {
      checkOutputFacts(node.output, entry.path, node.id);
      checkPayloadFields(`task.${node.id}`, node.output, entry.path, node.id);
    }
    if (node?.kind === 'milestoneWait') {
      checkMilestone(node.milestone, node.roles, [...entry.path, 'milestone'], node.id);
      checkOutputFacts(node.output, entry.path, node.id);
      checkPayloadFields(node.milestone, node.output, entry.path, node.id);
    }
    const boundary = entry.boundary;
    if (boundary?.kind === 'milestone') {
      checkMilestone(boundary.milestone, boundary.roles, [...entry.path, 'milestone'], boundary.id);
      checkOutputFacts(boundary.output, entry.path, boundary.id);
      checkPayloadFields(boundary.milestone, boundary.output, entry.path, boundary.id);
    }
  }
  checkEventReferences(definition, index, registry, report);
  (definition.onCancellation ?? []).forEach((step, i) => {
    checkActivity(step.activity, ['onCancellation', i, 'activity'], step.id);
    checkInputs(step.activity, step.input, ['onCancellation', i], step.id);
  });
  clocks.forEach(({ clock, path }) => {
    if (clock.notifyActivity) checkActivity(clock.notifyActivity, [...path, 'notifyActivity'], clock.id);
    for (const list of ['suspendOn', 'resumeOn', 'stopOn'] as const) {
      (clock[list] ?? []).forEach((name, j) => checkMilestone(name, undefined, [...path, list, j], clock.id));
    }
    (clock.extendOn ?? []).forEach((extension, j) => {
      checkMilestone(extension.milestone, undefined, [...path, 'extendOn', j, 'milestone'], clock.id);
      const field = registry.milestones[extension.milestone]?.payload?.[extension.durationField];
      if (registry.milestones[extension.milestone] && field?.type !== 'duration') {
        const durationFields = Object.entries(registry.milestones[extension.milestone]?.payload ?? {}).filter(([, declared]) => declared.type === 'duration').map(([name]) => name);
        unknown('UNKNOWN_PAYLOAD_FIELD', extension.durationField, durationFields, `milestone '${extension.milestone}' declares no duration field '${extension.durationField}'`, [...path, 'extendOn', j, 'durationField'], clock.id);
      }
    });
  });
  (definition.factRules ?? []).forEach((rule, i) =>
    rule.facts.forEach((fact, j) => {
      if (!facts[fact]) unknown('UNKNOWN_FACT', fact, Object.keys(facts), `fact rule '${rule.id}' is about '${fact}', which is not a declared fact`, ['factRules', i, 'facts', j], rule.id);
    }),
  );
}

/** Where an error boundary may sit: on the steps that run side effects (or contain them). */
const ERROR_HOSTS: ReadonlySet<string> = new Set(['serviceTask', 'callActivity', 'subProcess']);

/**
 * Error and clock-expiry events: an error boundary sits on a service task, call or sub-process
 * and catches a code some activity there declares; a clock-expiry event names a legal clock.
 */
function checkEventReferences(definition: SourceDefinition, index: DefinitionIndex, registry: CapabilityRegistry, report: Report): void {
  const clockIds = (definition.legalClocks ?? []).map((clock) => clock.id);
  const checkClock = (clock: string, path: readonly PathSegment[], nodeId: string) => {
    if (clockIds.includes(clock)) return;
    const suggestions = nearestNames(clock, clockIds);
    report('UNKNOWN_CLOCK', `'${clock}' is not one of the legal clocks (${clockIds.join(', ') || 'none declared'})${didYouMean(suggestions)}`, path, nodeId, false, { suggestions });
  };
  const errorsOf = (activity: string) => Object.keys(registry.activities[activity]?.errors ?? {});
  const allDeclared = () => [...new Set(Object.keys(registry.activities).flatMap(errorsOf))];
  /** The codes a step can raise: its activity's, those of every step inside a sub-process, any for a call. */
  const codesRaisedBy = (host: NodeEntry): string[] => {
    if (host.node?.kind === 'serviceTask') return errorsOf(host.node.activity);
    if (host.node?.kind === 'callActivity') return allDeclared();
    if (host.node?.kind !== 'subProcess') return [];
    return [...new Set(index.nodes.filter((entry) => entry.scopeId === host.id && !entry.boundary).flatMap(codesRaisedBy))];
  };
  for (const entry of index.nodes) {
    if (entry.node?.kind === 'clockExpired') checkClock(entry.node.clock, [...entry.path, 'clock'], entry.id);
    const boundary = entry.boundary;
    if (boundary?.kind === 'clockExpired') checkClock(boundary.clock, [...entry.path, 'clock'], boundary.id);
    if (boundary?.kind !== 'error') continue;
    const host = index.nodes.find((candidate) => candidate.id === entry.hostId && !candidate.boundary);
    if (!host) continue;
    if (!ERROR_HOSTS.has(host.kind)) {
      report('INVALID_BOUNDARY_HOST', `an error event sits on a serviceTask, callActivity or subProcess, not on ${host.kind} '${host.id}' (nothing there can fail)`, [...entry.path, 'kind'], boundary.id);
      continue;
    }
    if (boundary.errorCode === undefined) continue;
    const raised = codesRaisedBy(host);
    if (!raised.includes(boundary.errorCode)) {
      const suggestions = nearestNames(boundary.errorCode, raised);
      const known = raised.length ? `it raises: ${raised.join(', ')}` : 'it declares no business errors; leave errorCode out to catch any failure';
      report('UNKNOWN_ERROR_CODE', `'${host.id}' cannot raise error '${boundary.errorCode}' (${known})${didYouMean(suggestions)}`, [...entry.path, 'errorCode'], boundary.id, false, { suggestions });
    }
  }
}

/** Payload and result fields reach FEEL as they were reported: dates and durations as text. */
const FEEL_TYPE_OF_FIELD: Record<string, FeelType> = { date: 'string', duration: 'string', string: 'string', number: 'number', boolean: 'boolean' };

function checkExpressions(definition: SourceDefinition, index: DefinitionIndex, clocks: readonly ClockEntry[], registry: CapabilityRegistry, report: Report): void {
  const facts = definition.facts ?? {};
  const factNames = new Set(Object.keys(facts));
  const factType: TypeOfName = (name) => (Object.prototype.hasOwnProperty.call(facts, name) ? facts[name].type : name === 'today' ? 'date' : undefined);
  const withFields = (prefix: string, fields: Record<string, { type: string }> | undefined): TypeOfName => (name) =>
    name.startsWith(`${prefix}.`) && fields && Object.prototype.hasOwnProperty.call(fields, name.slice(prefix.length + 1)) ? FEEL_TYPE_OF_FIELD[fields[name.slice(prefix.length + 1)].type] : factType(name);
  /** `expected`: what the expression must evaluate to (a condition: boolean; a date: date), when known. */
  const checkFeel = (source: string, path: readonly PathSegment[], nodeId: string, extraNames: readonly string[] = [], expected?: FeelType, typeOfName: TypeOfName = factType) => {
    const analysis = analyzeFeel(source);
    if (analysis.syntaxErrorAt !== null) {
      report('FEEL_SYNTAX', `FEEL '${source}' does not parse (at character ${analysis.syntaxErrorAt + 1})`, path, nodeId);
      return;
    }
    for (const name of analysis.names) {
      if (!factNames.has(name) && !extraNames.includes(name)) {
        const suggestions = nearestNames(name, [...factNames, ...extraNames]);
        report('FEEL_UNKNOWN_NAME', `FEEL '${source}' reads '${name}', which is not a declared fact${extraNames.length ? ` or ${extraNames.join('/')}` : ''}${didYouMean(suggestions)}`, path, nodeId, false, { suggestions });
      }
    }
    for (const literal of analysis.invalidDurations) {
      report('INVALID_DURATION', `FEEL duration("${literal}") is not a FEEL duration (ISO 8601 without weeks: write P42D, not P6W)`, path, nodeId);
    }
    const typed = analyzeFeelTypes(source, typeOfName);
    for (const problem of typed.problems) report(problem.kind === 'doubleEquals' ? 'FEEL_DOUBLE_EQUALS' : 'FEEL_TYPE_MISMATCH', problem.message, path, nodeId);
    if (expected && typed.problems.length === 0 && typed.type !== 'unknown' && typed.type !== expected) {
      const what = expected === 'boolean' ? 'a condition must be true or false' : `it must be a ${expected}`;
      report('FEEL_TYPE_MISMATCH', `FEEL '${source}' is a ${typed.type}, but ${what}`, path, nodeId);
    }
  };
  const checkMapping = (mapping: Record<string, string> | undefined, path: readonly PathSegment[], nodeId: string, extra: readonly string[], typeOfName: TypeOfName = factType) => {
    for (const [name, source] of Object.entries(mapping ?? {})) checkFeel(source, [...path, name], nodeId, extra, undefined, typeOfName);
  };
  const payloadTypes = (milestone: string) => withFields('payload', registry.milestones[milestone]?.payload);
  const calendarOnly = (duration: string, path: readonly PathSegment[], nodeId: string, what: string) => {
    if (isValidDuration(duration) && !isCalendarDuration(duration)) {
      report('INVALID_DURATION', `${what} '${duration}' counts calendar days, so it cannot have hours, minutes or seconds`, path, nodeId);
    }
  };

  const instanceNames = instanceNamesOf(index);
  for (const entry of index.nodes) {
    const node = entry.node;
    if (node && (node.kind === 'serviceTask' || node.kind === 'milestoneWait' || node.kind === 'humanTask' || node.kind === 'subProcess')) {
      checkRepetition(node, entry.path, checkFeel, calendarOnly, report, factType);
    }
    if (node?.kind === 'serviceTask') {
      checkMapping(node.input, [...entry.path, 'input'], node.id, instanceNames(entry));
      checkMapping(node.output, [...entry.path, 'output'], node.id, ['result'], withFields('result', registry.activities[node.activity]?.result));
    }
    if (node?.kind === 'milestoneWait') {
      checkMapping(node.output, [...entry.path, 'output'], node.id, ['payload'], payloadTypes(node.milestone));
      if (node.norm) {
        checkFeel(node.norm.from, [...entry.path, 'norm', 'from'], node.id, [], 'date');
        calendarOnly(node.norm.within, [...entry.path, 'norm', 'within'], node.id, 'a norm');
      }
    }
    if (node?.kind === 'timer' && node.date) checkFeel(node.date, [...entry.path, 'date'], node.id, [], 'date');
    if (node?.kind === 'humanTask') {
      checkMapping(node.output, [...entry.path, 'output'], node.id, ['payload'], payloadTypes(`task.${node.id}`));
      if (node.due.date !== undefined) checkFeel(node.due.date, [...entry.path, 'due', 'date'], node.id, [], 'date');
      if (node.due.within !== undefined) calendarOnly(node.due.within, [...entry.path, 'due', 'within'], node.id, 'a due date');
      if (node.reminders) calendarOnly(node.reminders.every, [...entry.path, 'reminders', 'every'], node.id, 'a reminder');
      if (node.escalate?.after !== undefined) calendarOnly(node.escalate.after, [...entry.path, 'escalate', 'after'], node.id, 'an escalation');
    }
    // Timers count in business time, which is calendar dates: a timer of hours means nothing there.
    if (node?.kind === 'timer' && node.duration) calendarOnly(node.duration, [...entry.path, 'duration'], node.id, 'a timer');
    const boundary = entry.boundary;
    if (boundary?.kind === 'timer') {
      if (boundary.date) checkFeel(boundary.date, [...entry.path, 'date'], boundary.id, [], 'date');
      if (boundary.duration) calendarOnly(boundary.duration, [...entry.path, 'duration'], boundary.id, 'a timer');
      if (boundary.repeat) calendarOnly(boundary.repeat.every, [...entry.path, 'repeat', 'every'], boundary.id, 'a repeating timer');
      if (boundary.repeat && boundary.interrupting !== false) {
        report('SCHEMA_VIOLATION', `timer '${boundary.id}' repeats, so it must be non-interrupting (interrupting: false)`, [...entry.path, 'repeat'], boundary.id, true);
      }
    }
    if (boundary?.kind === 'milestone') checkMapping(boundary.output, [...entry.path, 'output'], boundary.id, ['payload'], payloadTypes(boundary.milestone));
  }
  for (const entry of index.flows) {
    if (entry.flow.condition !== undefined) checkFeel(entry.flow.condition, [...entry.path, 'condition'], entry.id, [], 'boolean');
  }
  (definition.onCancellation ?? []).forEach((step, i) => checkMapping(step.input, ['onCancellation', i, 'input'], step.id, []));
  if (definition.startsOn) checkFeel(definition.startsOn, ['startsOn'], 'startsOn', [], 'date');
  if (definition.milestonesNotBefore) checkFeel(definition.milestonesNotBefore, ['milestonesNotBefore'], 'milestonesNotBefore', [], 'date');
  if (definition.correctionPeriod) calendarOnly(definition.correctionPeriod, ['correctionPeriod'], 'correctionPeriod', 'a correction period');
  (definition.factRules ?? []).forEach((rule, i) => checkFeel(rule.rule, ['factRules', i, 'rule'], rule.id, ['today'], 'boolean'));
  clocks.forEach(({ clock, path }) => {
    checkFeel(clock.start, [...path, 'start'], clock.id, [], 'date');
    calendarOnly(clock.term, [...path, 'term'], clock.id, 'a legal term');
    (clock.warnings ?? []).forEach((warning, j) => calendarOnly(warning, [...path, 'warnings', j], clock.id, 'a warning offset'));
  });
}

type CheckFeel = (source: string, path: readonly PathSegment[], nodeId: string, extraNames?: readonly string[], expected?: FeelType, typeOfName?: TypeOfName) => void;
type CalendarOnly = (duration: string, path: readonly PathSegment[], nodeId: string, what: string) => void;

/** What FEEL in an instance of a repeated step may read besides the facts (simulation.ts InstanceContext). */
const INSTANCE_NAMES = ['item', 'loopCounter', 'nrOfInstances'] as const;
/** What a completion condition may read besides the facts. */
const COMPLETION_NAMES = ['nrOfInstances', 'nrOfCompletedInstances', 'nrOfActiveInstances'] as const;

/** The instance names a node's input may read: when it, or a sub-process around it, is repeated. */
function instanceNamesOf(index: DefinitionIndex): (entry: NodeEntry) => readonly string[] {
  const byId = new Map(index.nodes.map((entry) => [entry.id, entry]));
  return (entry) => {
    for (let current: NodeEntry | undefined = entry; current; current = current.scopeId === null ? undefined : byId.get(current.scopeId)) {
      const node = current.node;
      if ((node?.kind === 'serviceTask' || node?.kind === 'milestoneWait' || node?.kind === 'humanTask' || node?.kind === 'subProcess') && isRepeated(node)) return INSTANCE_NAMES;
    }
    return [];
  };
}

/**
 * A multi-instance step needs exactly one of `count` (a number) and `collection` (a list); a step
 * is multi-instance or recurring, not both. Types are checked as far as the facts' types tell.
 */
function checkRepetition(
  node: Extract<SourceNode, { kind: 'serviceTask' | 'milestoneWait' | 'humanTask' | 'subProcess' }>,
  path: readonly PathSegment[],
  checkFeel: CheckFeel,
  calendarOnly: CalendarOnly,
  report: Report,
  typeOfName: TypeOfName,
): void {
  const { multiInstance, recurrence } = node;
  const withCounts: TypeOfName = (name) => ((COMPLETION_NAMES as readonly string[]).includes(name) ? 'number' : typeOfName(name));
  if (multiInstance && recurrence) {
    report('MULTI_INSTANCE_AND_RECURRENCE', `'${node.id}' has both multiInstance and recurrence; a step repeats one way: over a count or collection, or on a cycle`, [...path, 'recurrence'], node.id, true);
  }
  if (multiInstance) {
    const at = [...path, 'multiInstance'];
    const { count, collection } = multiInstance;
    if (count !== undefined && collection !== undefined) {
      report('MULTI_INSTANCE_SOURCE', `multiInstance of '${node.id}' has both count and collection; give one: how many times, or the list to go over`, [...at, 'collection'], node.id, true);
    } else if (count === undefined && collection === undefined) {
      report('MULTI_INSTANCE_SOURCE', `multiInstance of '${node.id}' needs count (how many times) or collection (a FEEL list to go over)`, at, node.id, true);
    }
    if (typeof count === 'string') {
      checkFeel(count, [...at, 'count'], node.id);
      const type = knownFeelType(count, typeOfName);
      if (type !== undefined && type !== 'number') report('MULTI_INSTANCE_COUNT_NOT_A_NUMBER', `multiInstance count '${count}' of '${node.id}' is a ${type}, not a number`, [...at, 'count'], node.id);
    }
    if (collection !== undefined) {
      checkFeel(collection, [...at, 'collection'], node.id);
      const type = knownFeelType(collection, typeOfName);
      if (type !== undefined) report('MULTI_INSTANCE_COLLECTION_NOT_A_LIST', `multiInstance collection '${collection}' of '${node.id}' is a ${type}, not a list`, [...at, 'collection'], node.id);
    }
    if (multiInstance.completionCondition !== undefined) checkFeel(multiInstance.completionCondition, [...at, 'completionCondition'], node.id, COMPLETION_NAMES, 'boolean', withCounts);
  }
  if (recurrence) {
    const at = [...path, 'recurrence'];
    calendarOnly(recurrence.every, [...at, 'every'], node.id, 'a recurrence');
    if (recurrence.from !== undefined) checkFeel(recurrence.from, [...at, 'from'], node.id, [], 'date');
    if (recurrence.completionCondition !== undefined) checkFeel(recurrence.completionCondition, [...at, 'completionCondition'], node.id, COMPLETION_NAMES, 'boolean', withCounts);
  }
}

/** The type of an expression when the facts' types tell it (a date, string, number, boolean — never a list); undefined when unknown or broken. */
function knownFeelType(source: string, typeOfName: TypeOfName): FeelType | undefined {
  if (analyzeFeel(source).syntaxErrorAt !== null) return undefined;
  const typed = analyzeFeelTypes(source, typeOfName);
  return typed.problems.length === 0 && typed.type !== 'unknown' ? typed.type : undefined;
}
