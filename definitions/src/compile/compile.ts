/**
 * Compiles a validated definition into the executable form the workflow interprets
 * (`CompiledDefinition`, see runtime/compiled-definition.ts): ids resolved, incoming/outgoing
 * precomputed, defaults filled in, content-hashed and deep-frozen.
 *
 *   const compiled = compileDefinitionSource(readFileSync('definitions/haarlem-statushouders/v1.yaml', 'utf8'), registry);
 *   compiled.contentHash; // 'sha256:…' — the same text always gives the same hash
 */
import { createHash } from 'node:crypto';
import {
  calledDefinitionRef,
  deepFreeze,
  type CompiledDefinition,
  type CompiledFlow,
  type CompiledLegalClock,
  type CompiledMilestone,
  type CompiledNode,
  type CompiledRole,
  type TimerSpec,
} from '../runtime';
import { teamOfDeclaredRole } from '@wegwijs/domain';
import type { SourceDefinition } from '../source/source-definition';
import type { CapabilityRegistry } from '../validate/capability-registry';
import { indexDefinition, validateDefinitionSource, type DefinitionIndex, type NodeEntry } from '../validate/validate';
import { pairInclusiveGateways } from '../validate/inclusive-gateways';
import { canonicalJson } from './canonical-json';
import { expandHumanTasks } from './expand-human-tasks';
import { compileLoop, expandRepeatedSteps, isRepeated } from './expand-repeated-steps';
import { CalledDefinitionNotFoundError, DefinitionInvalidError } from './errors';

/**
 * Finds the compiled definition a `callActivity` runs: `version` null means the newest one.
 * Returns undefined when it knows no such definition. `definitionResolver` builds one over files.
 */
export type CalledDefinitionResolver = (key: string, version: number | null) => CompiledDefinition | undefined;

/**
 * Validates YAML text and compiles it; throws `DefinitionInvalidError` with every problem. A
 * definition with `callActivity` nodes needs `resolveCalled` to compile the called ones in.
 */
export function compileDefinitionSource(text: string, registry: CapabilityRegistry, resolveCalled?: CalledDefinitionResolver): CompiledDefinition {
  const result = validateDefinitionSource(text, registry);
  if (result.problems.length > 0 || !result.definition) throw new DefinitionInvalidError(result.problems);
  return compileDefinition(result.definition, resolveCalled);
}

/** The hash a compiled definition carries: sha256 over its canonical JSON without `contentHash`. */
export function computeContentHash(compiled: Omit<CompiledDefinition, 'contentHash'> & { contentHash?: string }): string {
  const content: Record<string, unknown> = { ...compiled };
  delete content.contentHash;
  return `sha256:${createHash('sha256').update(canonicalJson(content)).digest('hex')}`;
}

/**
 * Compiles a definition that `validateDefinitionSource` accepted (no problems). Throws
 * `CalledDefinitionNotFoundError` when a `callActivity` names a definition `resolveCalled` does
 * not know (or there is no resolver).
 */
export function compileDefinition(authored: SourceDefinition, resolveCalled?: CalledDefinitionResolver): CompiledDefinition {
  const source = expandHumanTasks(expandRepeatedSteps(authored));
  const index = indexDefinition(source);
  const flows: Record<string, CompiledFlow> = {};
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const entry of index.flows) {
    const { flow } = entry;
    flows[entry.id] = {
      id: entry.id,
      source: flow.source,
      target: flow.target,
      ...(flow.name ? { name: flow.name } : {}),
      condition: flow.condition ?? null,
      isDefault: flow.default === true,
    };
    outgoing.set(flow.source, [...(outgoing.get(flow.source) ?? []), entry.id]);
    incoming.set(flow.target, [...(incoming.get(flow.target) ?? []), entry.id]);
  }

  const defaultFlowOf = new Map(index.flows.filter((entry) => entry.flow.default === true).map((entry) => [entry.flow.source, entry.id]));
  const nodes: Record<string, CompiledNode> = {};
  const joinOfSplit = inclusiveJoinsOf(index);
  for (const entry of index.nodes) nodes[entry.id] = compileNode(entry, index.nodes, incoming, outgoing, defaultFlowOf, joinOfSplit);

  const calledDefinitions = compileCalledDefinitions(source.key, Object.values(nodes), resolveCalled);
  const topLevelStart = index.nodes.find((entry) => entry.scopeId === null && entry.kind === 'start');
  const legalClocks: CompiledLegalClock[] = (source.legalClocks ?? []).map((clock) => ({
    id: clock.id,
    name: clock.name,
    start: clock.start,
    term: clock.term,
    warnings: [...(clock.warnings ?? [])],
    suspendOn: [...(clock.suspendOn ?? [])],
    resumeOn: [...(clock.resumeOn ?? [])],
    extendOn: (clock.extendOn ?? []).map((extension) => ({ milestone: extension.milestone, durationField: extension.durationField })),
    stopOn: [...(clock.stopOn ?? [])],
    notifyActivity: clock.notifyActivity ?? null,
  }));

  const withoutHash = {
    formatVersion: 1 as const,
    key: source.key,
    version: source.version,
    name: source.name,
    ...(source.description ? { description: source.description } : {}),
    facts: Object.entries(source.facts ?? {}).map(([name, fact]) => ({
      name,
      type: fact.type,
      required: fact.required === true,
      ...(fact.description ? { description: fact.description } : {}),
      ...(fact.values ? { values: [...fact.values] } : {}),
    })),
    // Only when declared: definitions without their own milestones keep their content hash.
    ...(source.milestones && Object.keys(source.milestones).length > 0 ? { milestones: compileOwnMilestones(source.milestones) } : {}),
    // Only when declared: definitions without their own roles keep their content hash.
    ...(source.roles && Object.keys(source.roles).length > 0 ? { roles: compileOwnRoles(source.roles) } : {}),
    ...(source.startsOn ? { startsOn: source.startsOn } : {}),
    ...(source.milestonesNotBefore ? { milestonesNotBefore: source.milestonesNotBefore } : {}),
    ...(source.correctionPeriod ? { correctionPeriod: source.correctionPeriod } : {}),
    ...(source.factRules?.length
      ? { factRules: source.factRules.map((rule) => ({ id: rule.id, rule: rule.rule, facts: [...rule.facts], message: rule.message })) }
      : {}),
    startNodeId: topLevelStart!.id,
    // Lanes by role: only when set, so definitions without lanes keep their content hash.
    ...(source.lanes?.length ? { lanes: [...source.lanes] } : {}),
    nodes,
    flows,
    legalClocks,
    ...(source.onCancellation?.length
      ? {
          onCancellation: source.onCancellation.map((step) => ({
            id: step.id,
            ...(step.name ? { name: step.name } : {}),
            activity: step.activity,
            input: { ...(step.input ?? {}) },
            timeout: step.timeout,
            retry: step.retry ?? 'standard',
          })),
        }
      : {}),
    ...(calledDefinitions ? { calledDefinitions } : {}),
  };
  // JSON round trip: the result is plain data only (no shared references into the source).
  const plain = JSON.parse(JSON.stringify(withoutHash)) as Omit<CompiledDefinition, 'contentHash'>;
  return deepFreeze({ ...plain, contentHash: computeContentHash(plain) });
}

/** The definitions the calls run, by `calledDefinitionRef`; undefined when nothing is called. */
function compileCalledDefinitions(
  callerKey: string,
  nodes: readonly CompiledNode[],
  resolveCalled: CalledDefinitionResolver | undefined,
): Record<string, CompiledDefinition> | undefined {
  const calls = nodes.filter((node) => node.kind === 'callActivity');
  if (calls.length === 0) return undefined;
  const called: Record<string, CompiledDefinition> = {};
  for (const call of calls) {
    const resolved = resolveCalled?.(call.definitionKey, call.definitionVersion);
    if (!resolved) throw new CalledDefinitionNotFoundError(callerKey, call.id, call.definitionKey, call.definitionVersion);
    called[calledDefinitionRef(call)] = resolved;
  }
  return called;
}

/** The definition's own milestones, sorted by name, each with its roles and typed payload. */
function compileOwnMilestones(milestones: NonNullable<SourceDefinition['milestones']>): Record<string, CompiledMilestone> {
  return Object.fromEntries(
    Object.keys(milestones)
      .sort()
      .map((name) => {
        const milestone = milestones[name];
        return [name, { description: milestone.description, roles: [...(milestone.roles ?? [])], payload: { ...(milestone.payload ?? {}) } }];
      }),
  );
}

/** The definition's own roles, sorted by id, each with its team resolved. */
function compileOwnRoles(roles: NonNullable<SourceDefinition['roles']>): Record<string, CompiledRole> {
  return Object.fromEntries(
    Object.keys(roles)
      .sort()
      .map((id) => {
        const role = roles[id];
        return [id, { name: role.name, ...(role.description ? { description: role.description } : {}), team: teamOfDeclaredRole(id, role) }];
      }),
  );
}

/** Each inclusive split's join, over every scope (validation refused definitions with unpaired joins). */
function inclusiveJoinsOf(index: DefinitionIndex): Map<string, string> {
  const joins = new Map<string, string>();
  if (!index.nodes.some((entry) => entry.kind === 'inclusiveGateway')) return joins;
  for (const scope of index.scopes) {
    const nodes = index.nodes.filter((entry) => entry.scopeId === scope.id).map((entry) => ({ id: entry.id, kind: entry.kind, hostId: entry.hostId }));
    const flows = index.flows.filter((entry) => entry.scopeId === scope.id).map((entry) => ({ id: entry.id, source: entry.flow.source, target: entry.flow.target }));
    for (const [split, join] of pairInclusiveGateways(nodes, flows).joinOfSplit) joins.set(split, join);
  }
  return joins;
}

function timerSpec(spec: { duration?: string; date?: string }): TimerSpec {
  return spec.duration !== undefined ? { type: 'duration', duration: spec.duration } : { type: 'date', date: spec.date! };
}

function compileNode(
  entry: NodeEntry,
  all: readonly NodeEntry[],
  incoming: Map<string, string[]>,
  outgoing: Map<string, string[]>,
  defaultFlowOf: Map<string, string>,
  joinOfSplit: ReadonlyMap<string, string>,
): CompiledNode {
  const base = {
    id: entry.id,
    ...(entry.node?.name ?? entry.boundary?.name ? { name: entry.node?.name ?? entry.boundary?.name } : {}),
    ...(entry.node?.documentation ? { documentation: entry.node.documentation } : {}),
    incoming: incoming.get(entry.id) ?? [],
    outgoing: outgoing.get(entry.id) ?? [],
    boundaryEventIds: all.filter((other) => other.hostId === entry.id).map((other) => other.id),
    parentId: entry.scopeId,
    ...(entry.node?.lane ? { lane: entry.node.lane } : {}),
  };
  const boundary = entry.boundary;
  if (boundary?.kind === 'timer') {
    const interrupting = boundary.interrupting !== false;
    return {
      ...base,
      kind: 'boundaryTimer',
      attachedTo: entry.hostId!,
      interrupting,
      timer: timerSpec(boundary),
      repeat: boundary.repeat ? { every: boundary.repeat.every, times: boundary.repeat.times ?? null } : null,
      ...(boundary.moment ? { moment: boundary.moment } : {}),
    };
  }
  if (boundary?.kind === 'milestone') {
    return {
      ...base,
      kind: 'boundaryMilestone',
      attachedTo: entry.hostId!,
      interrupting: boundary.interrupting !== false,
      milestone: boundary.milestone,
      roles: [...(boundary.roles ?? [])],
      output: { ...(boundary.output ?? {}) },
    };
  }
  if (boundary?.kind === 'error') return { ...base, kind: 'boundaryError', attachedTo: entry.hostId!, errorCode: boundary.errorCode ?? null };
  if (boundary?.kind === 'clockExpired') {
    return { ...base, kind: 'boundaryClockExpired', attachedTo: entry.hostId!, interrupting: boundary.interrupting !== false, clock: boundary.clock };
  }
  const node = entry.node!;
  switch (node.kind) {
    case 'start':
    case 'end':
    case 'terminateEnd':
    case 'parallelGateway':
    case 'eventBasedGateway':
      return { ...base, kind: node.kind };
    case 'exclusiveGateway':
      return { ...base, kind: 'exclusiveGateway', defaultFlowId: defaultFlowOf.get(node.id) ?? null };
    case 'inclusiveGateway':
      return { ...base, kind: 'inclusiveGateway', defaultFlowId: defaultFlowOf.get(node.id) ?? null, joinId: joinOfSplit.get(node.id) ?? null };
    case 'serviceTask':
      return {
        ...base,
        kind: 'serviceTask',
        activity: node.activity,
        input: { ...(node.input ?? {}) },
        output: { ...(node.output ?? {}) },
        timeout: node.timeout,
        retry: node.retry ?? 'standard',
      };
    case 'milestoneWait':
      return {
        ...base,
        kind: 'milestoneWait',
        milestone: node.milestone,
        roles: [...node.roles],
        ...(node.norm ? { norm: { ...node.norm } } : {}),
        output: { ...(node.output ?? {}) },
      };
    case 'timer':
      return { ...base, kind: 'timer', timer: timerSpec(node), ...(node.moment ? { moment: node.moment } : {}) };
    case 'subProcess': {
      const children = all.filter((other) => other.scopeId === node.id);
      if (isRepeated(node)) {
        const body = { startNodeId: children.find((child) => child.kind === 'start')!.id, childNodeIds: children.map((child) => child.id) };
        return { ...base, kind: 'multiInstance', ...body, loop: compileLoop(node) };
      }
      return {
        ...base,
        kind: 'subProcess',
        startNodeId: children.find((child) => child.kind === 'start')!.id,
        childNodeIds: children.map((child) => child.id),
      };
    }
    case 'clockExpired':
      return { ...base, kind: 'clockExpired', clock: node.clock };
    case 'callActivity':
      return { ...base, kind: 'callActivity', definitionKey: node.definition.key, definitionVersion: node.definition.version ?? null };
    case 'humanTask':
      throw new Error(`human task ${node.id} reached the compiler unexpanded`); // expandHumanTasks runs first
  }
}
