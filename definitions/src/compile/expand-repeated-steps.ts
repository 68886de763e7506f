/**
 * Multi-instance and recurring steps. A step with `multiInstance` or `recurrence` runs as a scope
 * whose every instance runs the step once — compiled to a `multiInstance` node (the engine's
 * handler: workflows/src/engine/nodes/multi-instance.ts) with the body as its children:
 *
 *   <id>          multiInstance — the step as the flows see it: flows reach it and leave it,
 *                 its boundary events sit on it (they apply to all instances together)
 *   <id>.start    start of an instance
 *   <id>.each     the step itself, once per instance (serviceTask, milestoneWait)
 *   <id>.end      end of an instance
 *
 * A repeated human task's body is its own parts (`<id>.open`, `<id>.wait`, reminders; see
 * expand-human-tasks.ts); a repeated sub-process's body is its own nodes.
 */
import type { MultiInstanceLoop } from '../runtime';
import type { SourceFlow, SourceNode, WithRepetition } from '../source/source-definition';

type RepeatableNode = Extract<SourceNode, { kind: 'serviceTask' | 'milestoneWait' | 'humanTask' | 'subProcess' }>;

/** Whether a step is done more than once (it has `multiInstance` or `recurrence`). */
export function isRepeated(node: WithRepetition): boolean {
  return node.multiInstance !== undefined || node.recurrence !== undefined;
}

/** The node ids a repeated service task or wait adds beside its own (checked for clashes by the validator). */
export function repeatedStepPartIds(node: SourceNode): string[] {
  if ((node.kind !== 'serviceTask' && node.kind !== 'milestoneWait') || !isRepeated(node)) return [];
  return [`${node.id}.start`, `${node.id}.each`, `${node.id}.end`];
}

/**
 * The scope a repeated step runs as: a sub-process carrying the step's repetition, label and
 * boundary events, whose body runs from `<id>.start` through `first` … `last` to `<id>.end`.
 */
export function repeatedStepScope(node: RepeatableNode, body: { nodes: SourceNode[]; flows: SourceFlow[] }, [first, last]: readonly [string, string]): SourceNode {
  return {
    id: node.id,
    kind: 'subProcess',
    ...(node.name ? { name: node.name } : {}),
    ...(node.documentation ? { documentation: node.documentation } : {}),
    ...(node.multiInstance ? { multiInstance: node.multiInstance } : {}),
    ...(node.recurrence ? { recurrence: node.recurrence } : {}),
    ...(node.boundaryEvents?.length ? { boundaryEvents: node.boundaryEvents } : {}),
    nodes: [{ id: `${node.id}.start`, kind: 'start' }, ...body.nodes, { id: `${node.id}.end`, kind: 'end' }],
    flows: [{ source: `${node.id}.start`, target: first }, ...body.flows, { source: last, target: `${node.id}.end` }],
  };
}

function expandScope(nodes: readonly SourceNode[]): SourceNode[] {
  return nodes.map((node) => {
    if (node.kind === 'subProcess') return { ...node, nodes: expandScope(node.nodes) };
    if ((node.kind !== 'serviceTask' && node.kind !== 'milestoneWait') || !isRepeated(node)) return node;
    const { multiInstance: _multiInstance, recurrence: _recurrence, boundaryEvents: _boundaryEvents, documentation: _documentation, ...step } = node;
    const each = `${node.id}.each`;
    return repeatedStepScope(node, { nodes: [{ ...step, id: each }], flows: [] }, [each, each]);
  });
}

/** The definition with every repeated service task and wait wrapped in its scope (human tasks: expand-human-tasks.ts). */
export function expandRepeatedSteps<T extends { nodes: SourceNode[] }>(source: T): T {
  return { ...source, nodes: expandScope(source.nodes) };
}

/** The compiled loop of a repeated step (count: a whole number becomes FEEL for it). */
export function compileLoop(node: WithRepetition): MultiInstanceLoop {
  if (node.recurrence) {
    const { every, times, from, completionCondition } = node.recurrence;
    return { type: 'recurring', every, times, from: from ?? null, completionCondition: completionCondition ?? null };
  }
  const loop = node.multiInstance!;
  return {
    type: loop.sequential === true ? 'sequential' : 'parallel',
    count: loop.count === undefined ? null : String(loop.count),
    collection: loop.collection ?? null,
    completionCondition: loop.completionCondition ?? null,
  };
}
