/**
 * A human task is written as one node and runs as the parts the engine already knows, so the
 * workflow interpreter (and its replay of running trajectories) needs no new node kind:
 *
 *   <id>           serviceTask  openHumanTask — puts the task in the role's worklist, due on its date,
 *                               completed by milestone task.<id>
 *   <id>.wait      milestoneWait task.<id> (roles: [role]) — the outcome form is its payload; `output`
 *                               maps it onto facts; the human task's boundary events sit here
 *   <id>.reminder  non-interrupting repeating timer on the wait (with `reminders`)
 *   <id>.remind    serviceTask  remindAboutHumanTask → <id>.reminded (end)
 *
 * and the milestone `task.<id>`, with the outcome as its typed payload, among the definition's own.
 * Flows into the human task reach `<id>`; flows out of it leave from `<id>.wait`.
 */
import type { SourceDefinition, SourceFlow, SourceMilestone, SourceNode } from '../source/source-definition';

type HumanTaskNode = Extract<SourceNode, { kind: 'humanTask' }>;

/** The milestone whose report completes a human task. */
export const humanTaskMilestone = (nodeId: string) => `task.${nodeId}`;

/**
 * Whose task it is: its `role`, else the role of the lane it sits in (lanes are roles). The
 * validator reports a task with neither; the empty string only reaches definitions it refused.
 */
export const humanTaskRole = (task: Pick<HumanTaskNode, 'role' | 'lane'>): string => task.role ?? task.lane ?? '';

/** The node ids a human task adds beside its own (checked for clashes by the validator). */
export function humanTaskPartIds(task: Pick<HumanTaskNode, 'id' | 'reminders'>): string[] {
  return [`${task.id}.wait`, ...(task.reminders ? [`${task.id}.reminder`, `${task.id}.remind`, `${task.id}.reminded`] : [])];
}

/** The milestones the human tasks of a definition (at any depth) complete with. */
export function humanTaskMilestones(nodes: readonly SourceNode[]): Record<string, SourceMilestone> {
  const milestones: Record<string, SourceMilestone> = {};
  for (const node of nodes) {
    if (node.kind === 'humanTask') milestones[humanTaskMilestone(node.id)] = { description: `Task done: ${node.title}`, roles: [humanTaskRole(node)], payload: { ...(node.outcome ?? {}) } };
    if (node.kind === 'subProcess') Object.assign(milestones, humanTaskMilestones(node.nodes));
  }
  return milestones;
}

const feelString = (text: string) => JSON.stringify(text);

function expandScope(nodes: readonly SourceNode[], flows: readonly SourceFlow[]): { nodes: SourceNode[]; flows: SourceFlow[] } {
  const tasks = new Set(nodes.filter((node) => node.kind === 'humanTask').map((node) => node.id));
  const expandedNodes: SourceNode[] = [];
  const addedFlows: SourceFlow[] = [];
  for (const node of nodes) {
    if (node.kind === 'subProcess') {
      expandedNodes.push({ ...node, ...expandScope(node.nodes, node.flows) });
      continue;
    }
    if (node.kind !== 'humanTask') {
      expandedNodes.push(node);
      continue;
    }
    // Every part of the task sits in the task's lane.
    const label = { ...(node.name ? { name: node.name } : {}), ...(node.documentation ? { documentation: node.documentation } : {}), ...(node.lane ? { lane: node.lane } : {}) };
    const about = { title: feelString(node.title), role: feelString(humanTaskRole(node)), completionMilestone: feelString(humanTaskMilestone(node.id)) };
    const due: Record<string, string> = node.due.within !== undefined ? { dueWithin: feelString(node.due.within) } : { dueOn: node.due.date! };
    expandedNodes.push({ id: node.id, kind: 'serviceTask', ...label, activity: 'openHumanTask', input: { ...about, ...due }, timeout: 'PT1M' });
    const reminder = node.reminders
      ? [{ id: `${node.id}.reminder`, kind: 'timer' as const, duration: node.reminders.every, interrupting: false, repeat: { every: node.reminders.every, ...(node.reminders.times ? { times: node.reminders.times } : {}) } }]
      : [];
    const boundaryEvents = [...(node.boundaryEvents ?? []), ...reminder];
    expandedNodes.push({
      id: `${node.id}.wait`,
      kind: 'milestoneWait',
      ...label,
      milestone: humanTaskMilestone(node.id),
      roles: [humanTaskRole(node)],
      ...(node.output ? { output: node.output } : {}),
      ...(boundaryEvents.length ? { boundaryEvents } : {}),
    });
    addedFlows.push({ source: node.id, target: `${node.id}.wait` });
    if (node.reminders) {
      const lane = node.lane ? { lane: node.lane } : {};
      expandedNodes.push({ id: `${node.id}.remind`, kind: 'serviceTask', activity: 'remindAboutHumanTask', input: about, timeout: 'PT1M', ...lane });
      expandedNodes.push({ id: `${node.id}.reminded`, kind: 'end', ...lane });
      addedFlows.push({ source: `${node.id}.reminder`, target: `${node.id}.remind` }, { source: `${node.id}.remind`, target: `${node.id}.reminded` });
    }
  }
  const expandedFlows = flows.map((flow) => (tasks.has(flow.source) ? { ...flow, source: `${flow.source}.wait` } : flow));
  return { nodes: expandedNodes, flows: [...expandedFlows, ...addedFlows] };
}

/** The definition with every human task expanded into its parts (unchanged when it has none). */
export function expandHumanTasks(source: SourceDefinition): SourceDefinition {
  const milestones = humanTaskMilestones(source.nodes);
  if (Object.keys(milestones).length === 0) return source;
  return { ...source, ...expandScope(source.nodes, source.flows), milestones: { ...(source.milestones ?? {}), ...milestones } };
}
