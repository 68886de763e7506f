/**
 * A human task is written as one node and runs as the parts the engine already knows, so the
 * workflow interpreter (and its replay of running trajectories) needs no new node kind:
 *
 *   <id>           serviceTask  openHumanTask — puts the task in the role's worklist, due on its date,
 *                               completed by milestone task.<id> (for a role the definition declares,
 *                               its input names the role's team too: the activity knows only built-in ones)
 *   <id>.wait      milestoneWait task.<id> (roles: [role]) — the outcome form is its payload; `output`
 *                               maps it onto facts; the human task's boundary events sit here
 *   <id>.reminder  non-interrupting repeating timer on the wait (with `reminders`)
 *   <id>.remind    serviceTask  remindAboutHumanTask → <id>.reminded (end)
 *
 *   <id>.escalation  non-interrupting timer on the wait (with `escalate`): `after` its opening, or on
 *                    its due date — withdrawn with the wait when the task is done in time
 *   <id>.escalate    serviceTask  openHumanTask for role `escalate.to`, completed by the same
 *                    milestone task.<id> (so it leaves both worklists at once) → <id>.escalated (end)
 *
 * and the milestone `task.<id>`, with the outcome as its typed payload, among the definition's own
 * (signalled by its role, or by the role it escalates to).
 * Flows into the human task reach `<id>`; flows out of it leave from `<id>.wait`. A repeated human
 * task (multiInstance, recurrence) is `<id>` around `<id>.open` and `<id>.wait` instead (see
 * expand-repeated-steps.ts), its title numbered per instance, its task told its instance
 * (input instanceNumber), and its milestone's payload carries `instanceNumber`.
 */
import { teamOfDeclaredRole } from '@wegwijs/domain';
import { INSTANCE_PAYLOAD_FIELD } from '../runtime';
import type { SourceBoundaryEvent, SourceDefinition, SourceFlow, SourceMilestone, SourceNode } from '../source/source-definition';
import { isRepeated, repeatedStepScope } from './expand-repeated-steps';

type HumanTaskNode = Extract<SourceNode, { kind: 'humanTask' }>;

/** The milestone whose report completes a human task. */
export const humanTaskMilestone = (nodeId: string) => `task.${nodeId}`;

/**
 * Whose task it is: its `role`, else the role of the lane it sits in (lanes are roles). The
 * validator reports a task with neither; the empty string only reaches definitions it refused.
 */
export const humanTaskRole = (task: Pick<HumanTaskNode, 'role' | 'lane'>): string => task.role ?? task.lane ?? '';

/** The node ids a human task adds beside its own (checked for clashes by the validator). */
export function humanTaskPartIds(task: Pick<HumanTaskNode, 'id' | 'reminders' | 'escalate' | 'multiInstance' | 'recurrence'>): string[] {
  const repeated = isRepeated(task) ? [`${task.id}.open`, `${task.id}.start`, `${task.id}.end`] : [];
  return [
    `${task.id}.wait`,
    ...repeated,
    ...(task.reminders ? [`${task.id}.reminder`, `${task.id}.remind`, `${task.id}.reminded`] : []),
    ...(task.escalate ? [`${task.id}.escalation`, `${task.id}.escalate`, `${task.id}.escalated`] : []),
  ];
}

/** The roles that may complete a human task: its own, and the one it escalates to. */
const rolesOf = (task: HumanTaskNode): string[] => [...new Set([humanTaskRole(task), ...(task.escalate ? [task.escalate.to] : [])])];

/** A repeated human task's report names the instance it completes (payload.instanceNumber: 1, 2, …). */
const INSTANCE_FIELD = { type: 'number', required: true, minimum: 1, description: 'Which instance (1, 2, …) of the repeated task this report completes' } as const;

/** The milestones the human tasks of a definition (at any depth) complete with. */
export function humanTaskMilestones(nodes: readonly SourceNode[]): Record<string, SourceMilestone> {
  const milestones: Record<string, SourceMilestone> = {};
  for (const node of nodes) {
    if (node.kind === 'humanTask') {
      const payload = isRepeated(node) ? { ...(node.outcome ?? {}), [INSTANCE_PAYLOAD_FIELD]: INSTANCE_FIELD } : { ...(node.outcome ?? {}) };
      milestones[humanTaskMilestone(node.id)] = { description: `Task done: ${node.title}`, roles: rolesOf(node), payload };
    }
    if (node.kind === 'subProcess') Object.assign(milestones, humanTaskMilestones(node.nodes));
  }
  return milestones;
}

const feelString = (text: string) => JSON.stringify(text);

/**
 * The parts of one human task: the service task `openId` opening it, the wait `<id>.wait` (with
 * `boundaryEvents` and the reminder), and the reminder's service task and end.
 */
/** The team input of a task for `role`: only for a declared role, so tasks for built-in roles compile as before (and keep their hash). */
function teamInput(role: string, declaredRoles: DeclaredRoles): { team?: string } {
  const declared = declaredRoles[role];
  return declared ? { team: feelString(teamOfDeclaredRole(role, declared)) } : {};
}

type DeclaredRoles = NonNullable<SourceDefinition['roles']>;

function humanTaskParts(node: HumanTaskNode, openId: string, boundaryEventsOnWait: readonly SourceBoundaryEvent[], declaredRoles: DeclaredRoles): { nodes: SourceNode[]; flows: SourceFlow[] } {
  // Every part of the task sits in the task's lane; a repeated task's parts sit inside its scope,
  // which has the lane (lanes are drawn for the top level only, so the parts give none).
  const lane = node.lane && !isRepeated(node) ? { lane: node.lane } : {};
  const label = { ...(node.name ? { name: node.name } : {}), ...(node.documentation ? { documentation: node.documentation } : {}), ...lane };
  // A repeated task's title says which instance it is, so the worklist tells them apart: "Check-in (3/12)".
  const title = isRepeated(node) ? `${feelString(node.title)} + " (" + string(loopCounter) + "/" + string(nrOfInstances) + ")"` : feelString(node.title);
  const about = { title, role: feelString(humanTaskRole(node)), ...teamInput(humanTaskRole(node), declaredRoles), completionMilestone: feelString(humanTaskMilestone(node.id)) };
  const due: Record<string, string> = node.due.within !== undefined ? { dueWithin: feelString(node.due.within) } : { dueOn: node.due.date! };
  // A repeated task's task knows its instance, so completing it in the work list reports that one.
  const instance: Record<string, string> = isRepeated(node) ? { instanceNumber: 'loopCounter' } : {};
  const nodes: SourceNode[] = [{ id: openId, kind: 'serviceTask', ...label, activity: 'openHumanTask', input: { ...about, ...due, ...instance }, timeout: 'PT1M' }];
  const flows: SourceFlow[] = [];
  const reminder = node.reminders
    ? [{ id: `${node.id}.reminder`, kind: 'timer' as const, duration: node.reminders.every, interrupting: false, repeat: { every: node.reminders.every, ...(node.reminders.times ? { times: node.reminders.times } : {}) } }]
    : [];
  const escalation = node.escalate ? expandEscalation(node, about.completionMilestone, lane, declaredRoles) : null;
  const boundaryEvents = [...boundaryEventsOnWait, ...reminder, ...(escalation ? [escalation.timer] : [])];
  nodes.push({
    id: `${node.id}.wait`,
    kind: 'milestoneWait',
    ...label,
    milestone: humanTaskMilestone(node.id),
    roles: rolesOf(node),
    ...(node.output ? { output: node.output } : {}),
    ...(boundaryEvents.length ? { boundaryEvents } : {}),
  });
  flows.push({ source: openId, target: `${node.id}.wait` });
  if (node.reminders) {
    // Named, so the diagram says what they do rather than the activity's name.
    nodes.push({ id: `${node.id}.remind`, kind: 'serviceTask', name: `Herinneren: ${node.name ?? node.title}`, activity: 'remindAboutHumanTask', input: about, timeout: 'PT1M', ...lane });
    nodes.push({ id: `${node.id}.reminded`, kind: 'end', name: 'Herinnerd', ...lane });
    flows.push({ source: `${node.id}.reminder`, target: `${node.id}.remind` }, { source: `${node.id}.remind`, target: `${node.id}.reminded` });
  }
  if (escalation) {
    nodes.push(...escalation.nodes);
    flows.push(...escalation.flows);
  }
  return { nodes, flows };
}

/** The escalation's timer on the wait, and the task it opens for the other role. */
function expandEscalation(node: HumanTaskNode, completionMilestone: string, lane: { lane?: string }, declaredRoles: DeclaredRoles): { timer: SourceBoundaryEvent; nodes: SourceNode[]; flows: SourceFlow[] } {
  const escalate = node.escalate!;
  const when = escalate.after !== undefined ? { duration: escalate.after } : node.due.within !== undefined ? { duration: node.due.within } : { date: node.due.date! };
  const title = escalate.title ?? `Escalatie: ${node.title}`;
  return {
    timer: { id: `${node.id}.escalation`, kind: 'timer', ...when, interrupting: false },
    nodes: [
      {
        id: `${node.id}.escalate`,
        kind: 'serviceTask',
        name: `Escaleren naar ${escalate.to}`,
        activity: 'openHumanTask',
        input: { title: feelString(title), role: feelString(escalate.to), ...teamInput(escalate.to, declaredRoles), completionMilestone },
        timeout: 'PT1M',
        ...lane,
      },
      { id: `${node.id}.escalated`, kind: 'end', name: 'Geëscaleerd', ...lane },
    ],
    flows: [
      { source: `${node.id}.escalation`, target: `${node.id}.escalate` },
      { source: `${node.id}.escalate`, target: `${node.id}.escalated` },
    ],
  };
}

function expandScope(nodes: readonly SourceNode[], flows: readonly SourceFlow[], declaredRoles: DeclaredRoles): { nodes: SourceNode[]; flows: SourceFlow[] } {
  const tasks = new Set(nodes.filter((node) => node.kind === 'humanTask' && !isRepeated(node)).map((node) => node.id));
  const expandedNodes: SourceNode[] = [];
  const addedFlows: SourceFlow[] = [];
  for (const node of nodes) {
    if (node.kind === 'subProcess') {
      expandedNodes.push({ ...node, ...expandScope(node.nodes, node.flows, declaredRoles) });
      continue;
    }
    if (node.kind !== 'humanTask') {
      expandedNodes.push(node);
      continue;
    }
    if (isRepeated(node)) {
      // Each instance opens its own task and waits for its own report (compile/expand-repeated-steps.ts).
      expandedNodes.push(repeatedStepScope(node, humanTaskParts(node, `${node.id}.open`, [], declaredRoles), [`${node.id}.open`, `${node.id}.wait`]));
      continue;
    }
    const parts = humanTaskParts(node, node.id, node.boundaryEvents ?? [], declaredRoles);
    expandedNodes.push(...parts.nodes);
    addedFlows.push(...parts.flows);
  }
  const expandedFlows = flows.map((flow) => (tasks.has(flow.source) ? { ...flow, source: `${flow.source}.wait` } : flow));
  return { nodes: expandedNodes, flows: [...expandedFlows, ...addedFlows] };
}

/** The definition with every human task expanded into its parts (unchanged when it has none). */
export function expandHumanTasks(source: SourceDefinition): SourceDefinition {
  const milestones = humanTaskMilestones(source.nodes);
  if (Object.keys(milestones).length === 0) return source;
  return { ...source, ...expandScope(source.nodes, source.flows, source.roles ?? {}), milestones: { ...(source.milestones ?? {}), ...milestones } };
}
