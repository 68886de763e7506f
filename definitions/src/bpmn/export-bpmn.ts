/**
 * Exports a compiled definition to BPMN 2.0 XML with diagram layout, for bpmn.io, Camunda Modeler
 * and the docs. The XML is built as a bpmn-moddle object tree and serialised by bpmn-moddle (with
 * the `wegwijs:` descriptor in wegwijs-moddle.json), so it is well-formed and typed by construction.
 * What BPMN cannot say (activities' mappings, milestone roles, norms, legal clocks, facts) travels
 * as `wegwijs:` extension elements, enough to import the file back (import-bpmn.ts).
 *
 * The picture: a pool with a lane per role (service tasks in the Wegwijs lane), every element
 * labelled, boundary events spaced along their host, a separate diagram plane per collapsed
 * sub-process, the legal clocks as annotated data objects and `onCancellation` as an event
 * sub-process at the top (layout.ts places everything; diagram-checks.ts verifies it).
 *
 *   const xml = await exportToBpmn(compileDefinitionSource(text, registry));
 *   writeFileSync('docs/definitions/haarlem-statushouders.bpmn', xml);
 */
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import type { CompiledCancellationStep, CompiledDefinition, CompiledFlow, CompiledLegalClock, CompiledNode, TimerSpec } from '../runtime';
import { estimateLabelSize, layoutScope, type Bounds, type LayoutNodeInput, type LayoutResult, type Point } from './layout';
import wegwijsDescriptor from './wegwijs-moddle.json';

export const WEGWIJS_BPMN_NAMESPACE = wegwijsDescriptor.uri;
/** Pass to `new BpmnModdle({ wegwijs: wegwijsModdleDescriptor })` to read the extensions typed. */
export const wegwijsModdleDescriptor = wegwijsDescriptor;

/** The lane of service tasks (and what only Wegwijs does); one lane per role set besides. */
export const SYSTEM_LANE = 'Wegwijs (automatisch)';
/** Ids of elements the export adds beside the definition's own start with this, so they never collide with node ids. */
export const GENERATED_ID_PREFIX = 'Wegwijs_';
const CANCELLATION_MESSAGE = 'trajectory.cancelled';

export function createWegwijsModdle(): BpmnModdle {
  return new BpmnModdle({ wegwijs: wegwijsModdleDescriptor });
}

/** BPMN message ids for milestones: the milestone name is already NCName-safe (letters, digits, dots). */
function messageId(milestone: string): string {
  return `Message_${milestone}`;
}

function safeId(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** The text a node shows: its name, or what it does when the definition gives it none. */
export function defaultNodeLabel(node: CompiledNode): string {
  switch (node.kind) {
    case 'start':
      return 'Start';
    case 'end':
      return 'Einde';
    case 'terminateEnd':
      return 'Beëindigd';
    case 'serviceTask':
      return node.activity;
    case 'milestoneWait':
    case 'boundaryMilestone':
      return node.milestone;
    case 'timer':
      return timerLabel(node.timer);
    case 'boundaryTimer':
      return node.repeat ? `elke ${node.repeat.every}` : timerLabel(node.timer);
    case 'callActivity':
      return node.definitionKey;
    case 'boundaryError':
      return node.errorCode ?? 'fout';
    case 'boundaryClockExpired':
    case 'clockExpired':
      return `${node.clock} verlopen`;
    default:
      return node.id;
  }
}

function timerLabel(timer: TimerSpec): string {
  return timer.type === 'duration' ? `na ${timer.duration}` : `op ${timer.date}`;
}

/** A flow's label: its name, else its condition, else `anders` for the default flow. */
export function defaultFlowLabel(flow: CompiledFlow): string | undefined {
  return flow.name ?? flow.condition ?? (flow.isDefault ? 'anders' : undefined);
}

function laneOfRoles(roles: readonly string[]): string {
  return roles.join(', ');
}

interface Builder {
  readonly moddle: BpmnModdle;
  readonly definition: CompiledDefinition;
  readonly afterEventGateway: ReadonlySet<string>;
  readonly elements: Map<string, ModdleElement>;
  readonly messages: Map<string, ModdleElement>;
  /** The business errors error events catch, as global bpmn:error elements. */
  readonly errors: Map<string, ModdleElement>;
}

function create(builder: Builder, type: string, properties: Record<string, unknown> = {}): ModdleElement {
  return builder.moddle.create(type, properties);
}

function message(builder: Builder, name: string): ModdleElement {
  let element = builder.messages.get(name);
  if (!element) {
    element = create(builder, 'bpmn:Message', { id: messageId(name), name });
    builder.messages.set(name, element);
  }
  return element;
}

/** BPMN error ids for business error codes (the codes are identifiers already). */
function businessError(builder: Builder, code: string): ModdleElement {
  let element = builder.errors.get(code);
  if (!element) {
    element = create(builder, 'bpmn:Error', { id: `Error_${code}`, name: code, errorCode: code });
    builder.errors.set(code, element);
  }
  return element;
}

/** A legal clock's expiry: a conditional event (BPMN has no clock) whose clock is in wegwijs:clockExpiry. */
function clockExpiryParts(builder: Builder, clock: string): { extensionElements: ModdleElement | undefined; eventDefinitions: ModdleElement[] } {
  return {
    extensionElements: extensions(builder, [create(builder, 'wegwijs:ClockExpiry', { clock })]),
    eventDefinitions: [create(builder, 'bpmn:ConditionalEventDefinition', { condition: formal(builder, `=clockExpired("${clock}")`) })],
  };
}

/** Boundary events sit on a host; a token never arrives at one. */
export function isBoundaryNode(node: CompiledNode): node is Extract<CompiledNode, { attachedTo: string }> {
  return 'attachedTo' in node;
}

function extensions(builder: Builder, values: ModdleElement[]): ModdleElement | undefined {
  return values.length > 0 ? create(builder, 'bpmn:ExtensionElements', { values }) : undefined;
}

function mappings(builder: Builder, direction: 'input' | 'output', mapping: Readonly<Record<string, string>>): ModdleElement[] {
  return Object.entries(mapping).map(([name, expression]) => create(builder, 'wegwijs:Mapping', { direction, name, expression }));
}

function formal(builder: Builder, body: string): ModdleElement {
  return create(builder, 'bpmn:FormalExpression', { body });
}

function timerDefinition(builder: Builder, timer: TimerSpec, repeat?: { every: string; times: number | null } | null): ModdleElement {
  if (repeat) return create(builder, 'bpmn:TimerEventDefinition', { timeCycle: formal(builder, `R${repeat.times ?? ''}/${repeat.every}`) });
  return timer.type === 'duration'
    ? create(builder, 'bpmn:TimerEventDefinition', { timeDuration: formal(builder, timer.duration) })
    : create(builder, 'bpmn:TimerEventDefinition', { timeDate: formal(builder, `=${timer.date}`) });
}

/** What BPMN's timer cannot hold: the schedule moment, and a repeating timer's first firing when it differs from the cycle. */
function timerExtension(builder: Builder, moment: string | undefined, timer: TimerSpec, repeat?: { every: string } | null): ModdleElement[] {
  const firstAfter = repeat && !(timer.type === 'duration' && timer.duration === repeat.every) ? (timer.type === 'duration' ? timer.duration : `=${timer.date}`) : undefined;
  return moment || firstAfter ? [create(builder, 'wegwijs:Timer', { moment, firstAfter })] : [];
}

function milestoneExtension(builder: Builder, node: { milestone: string; roles: readonly string[]; output: Readonly<Record<string, string>> }): ModdleElement {
  return create(builder, 'wegwijs:Milestone', { name: node.milestone, roles: node.roles.join(' '), mappings: mappings(builder, 'output', node.output) });
}

function activityExtension(builder: Builder, step: { activity: string; timeout: string; retry: string; input: Readonly<Record<string, string>>; output?: Readonly<Record<string, string>> }): ModdleElement {
  return create(builder, 'wegwijs:Activity', {
    name: step.activity,
    timeout: step.timeout,
    retry: step.retry,
    mappings: [...mappings(builder, 'input', step.input), ...mappings(builder, 'output', step.output ?? {})],
  });
}

function documentation(builder: Builder, text: string | undefined): ModdleElement[] {
  return text ? [create(builder, 'bpmn:Documentation', { text })] : [];
}

function flowNode(builder: Builder, node: CompiledNode): ModdleElement {
  const base = { id: node.id, name: node.name ?? defaultNodeLabel(node), documentation: documentation(builder, node.documentation) };
  switch (node.kind) {
    case 'start':
      return create(builder, 'bpmn:StartEvent', base);
    case 'end':
      return create(builder, 'bpmn:EndEvent', base);
    case 'terminateEnd':
      return create(builder, 'bpmn:EndEvent', { ...base, eventDefinitions: [create(builder, 'bpmn:TerminateEventDefinition')] });
    case 'serviceTask':
      return create(builder, 'bpmn:ServiceTask', { ...base, extensionElements: extensions(builder, [activityExtension(builder, node)]) });
    case 'milestoneWait': {
      const values = [milestoneExtension(builder, node), ...(node.norm ? [create(builder, 'wegwijs:Norm', { ...node.norm })] : [])];
      if (builder.afterEventGateway.has(node.id)) {
        // BPMN allows only catch events after an event-based gateway: the wait becomes a message catch.
        return create(builder, 'bpmn:IntermediateCatchEvent', {
          ...base,
          extensionElements: extensions(builder, values),
          eventDefinitions: [create(builder, 'bpmn:MessageEventDefinition', { messageRef: message(builder, node.milestone) })],
        });
      }
      return create(builder, 'bpmn:UserTask', { ...base, extensionElements: extensions(builder, values) });
    }
    case 'timer':
      return create(builder, 'bpmn:IntermediateCatchEvent', {
        ...base,
        extensionElements: extensions(builder, timerExtension(builder, node.moment, node.timer)),
        eventDefinitions: [timerDefinition(builder, node.timer)],
      });
    case 'exclusiveGateway':
      return create(builder, 'bpmn:ExclusiveGateway', base);
    case 'parallelGateway':
      return create(builder, 'bpmn:ParallelGateway', base);
    case 'eventBasedGateway':
      return create(builder, 'bpmn:EventBasedGateway', base);
    case 'inclusiveGateway':
      return create(builder, 'bpmn:InclusiveGateway', base);
    case 'subProcess':
      return create(builder, 'bpmn:SubProcess', base);
    case 'multiInstance':
      return repeatedSubProcess(builder, node, base);
    case 'callActivity':
      return create(builder, 'bpmn:CallActivity', {
        ...base,
        calledElement: node.definitionKey,
        extensionElements: extensions(builder, [create(builder, 'wegwijs:CalledDefinition', { key: node.definitionKey, version: node.definitionVersion ?? undefined })]),
      });
    case 'boundaryTimer':
      return create(builder, 'bpmn:BoundaryEvent', {
        ...base,
        cancelActivity: node.interrupting,
        extensionElements: extensions(builder, timerExtension(builder, node.moment, node.timer, node.repeat)),
        eventDefinitions: [timerDefinition(builder, node.timer, node.repeat)],
      });
    case 'boundaryMilestone':
      return create(builder, 'bpmn:BoundaryEvent', {
        ...base,
        cancelActivity: node.interrupting,
        extensionElements: extensions(builder, [milestoneExtension(builder, node)]),
        eventDefinitions: [create(builder, 'bpmn:MessageEventDefinition', { messageRef: message(builder, node.milestone) })],
      });
    case 'boundaryError':
      return create(builder, 'bpmn:BoundaryEvent', {
        ...base,
        cancelActivity: true,
        // Without a code it catches any failure: an error event definition without errorRef.
        eventDefinitions: [create(builder, 'bpmn:ErrorEventDefinition', node.errorCode ? { errorRef: businessError(builder, node.errorCode) } : {})],
      });
    case 'boundaryClockExpired':
      return create(builder, 'bpmn:BoundaryEvent', { ...base, cancelActivity: node.interrupting, ...clockExpiryParts(builder, node.clock) });
    case 'clockExpired':
      return create(builder, 'bpmn:IntermediateCatchEvent', { ...base, ...clockExpiryParts(builder, node.clock) });
  }
}

/**
 * A multi-instance or recurring step: a collapsed sub-process (its body as children) with BPMN's
 * loop characteristics — multi-instance: isSequential, loopCardinality (a count) and
 * completionCondition; recurring: a standard loop with loopMaximum (the cycles) — and what BPMN
 * cannot hold (the collection, the cycle's every and from) on `wegwijs:loop`.
 */
function repeatedSubProcess(builder: Builder, node: Extract<CompiledNode, { kind: 'multiInstance' }>, base: Record<string, unknown>): ModdleElement {
  const { loop } = node;
  if (loop.type === 'recurring') {
    return create(builder, 'bpmn:SubProcess', {
      ...base,
      loopCharacteristics: create(builder, 'bpmn:StandardLoopCharacteristics', { loopMaximum: loop.times }),
      extensionElements: extensions(builder, [
        create(builder, 'wegwijs:Loop', { every: loop.every, times: loop.times, from: loop.from ?? undefined, completionCondition: loop.completionCondition ?? undefined }),
      ]),
    });
  }
  return create(builder, 'bpmn:SubProcess', {
    ...base,
    loopCharacteristics: create(builder, 'bpmn:MultiInstanceLoopCharacteristics', {
      isSequential: loop.type === 'sequential',
      loopCardinality: loop.count !== null ? formal(builder, `=${loop.count}`) : undefined,
      completionCondition: loop.completionCondition !== null ? formal(builder, `=${loop.completionCondition}`) : undefined,
    }),
    extensionElements: loop.collection !== null ? extensions(builder, [create(builder, 'wegwijs:Loop', { collection: loop.collection })]) : undefined,
  });
}

/** Fills `container.flowElements` with a scope's nodes and flows, recursing into sub-processes. */
function fillScope(builder: Builder, container: ModdleElement, nodes: readonly CompiledNode[]): void {
  const { definition, elements } = builder;
  const ids = new Set(nodes.map((node) => node.id));
  const flows = Object.values(definition.flows).filter((flow) => ids.has(flow.source));
  const flowElements: ModdleElement[] = [];
  for (const node of nodes) {
    const element = flowNode(builder, node);
    element.$parent = container;
    elements.set(node.id, element);
    flowElements.push(element);
    if (node.kind === 'subProcess' || node.kind === 'multiInstance') fillScope(builder, element, node.childNodeIds.map((id) => definition.nodes[id]));
  }
  for (const node of nodes) {
    if (isBoundaryNode(node)) elements.get(node.id)!.attachedToRef = elements.get(node.attachedTo);
  }
  for (const flow of flows) {
    const source = elements.get(flow.source)!;
    const target = elements.get(flow.target)!;
    const element = create(builder, 'bpmn:SequenceFlow', {
      id: flow.id,
      name: defaultFlowLabel(flow),
      sourceRef: source,
      targetRef: target,
      conditionExpression: flow.condition ? formal(builder, `=${flow.condition}`) : undefined,
    });
    element.$parent = container;
    source.outgoing = [...((source.outgoing as ModdleElement[] | undefined) ?? []), element];
    target.incoming = [...((target.incoming as ModdleElement[] | undefined) ?? []), element];
    elements.set(flow.id, element);
    flowElements.push(element);
  }
  for (const node of nodes) {
    if ((node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') && node.defaultFlowId) elements.get(node.id)!.default = elements.get(node.defaultFlowId);
  }
  container.flowElements = flowElements;
}

function processExtensions(builder: Builder): ModdleElement[] {
  const { definition } = builder;
  return [
    create(builder, 'wegwijs:Definition', {
      key: definition.key,
      version: definition.version,
      name: definition.name,
      contentHash: definition.contentHash,
      startsOn: definition.startsOn,
      milestonesNotBefore: definition.milestonesNotBefore,
      correctionPeriod: definition.correctionPeriod,
      lanes: definition.lanes?.join(' '),
      description: definition.description,
    }),
    ...definition.facts.map((fact) =>
      create(builder, 'wegwijs:Fact', { name: fact.name, type: fact.type, required: fact.required, values: fact.values?.join(' '), description: fact.description }),
    ),
    ...(definition.factRules ?? []).map((rule) => create(builder, 'wegwijs:FactRule', { id: rule.id, rule: rule.rule, facts: rule.facts.join(' '), message: rule.message })),
    // The definition's own milestones (and its human tasks' task.<id>): the typed payload as JSON.
    ...Object.entries(definition.milestones ?? {}).map(([name, milestone]) =>
      create(builder, 'wegwijs:OwnMilestone', { name, description: milestone.description, roles: milestone.roles.join(' '), payload: JSON.stringify(milestone.payload) }),
    ),
    // The definition's own roles (e.g. jobcoach), with the team their tasks land in.
    ...Object.entries(definition.roles ?? {}).map(([id, role]) => create(builder, 'wegwijs:OwnRole', { id, name: role.name, description: role.description, team: role.team })),
    ...definition.legalClocks.map((clock) =>
      create(builder, 'wegwijs:LegalClock', {
        id: clock.id,
        name: clock.name,
        start: clock.start,
        term: clock.term,
        notifyActivity: clock.notifyActivity ?? undefined,
        warnings: clock.warnings.map((before) => create(builder, 'wegwijs:Warning', { before })),
        triggers: [
          ...clock.suspendOn.map((milestone) => ({ effect: 'suspend', milestone })),
          ...clock.resumeOn.map((milestone) => ({ effect: 'resume', milestone })),
          ...clock.extendOn.map((extension) => ({ effect: 'extend', milestone: extension.milestone, durationField: extension.durationField })),
          ...clock.stopOn.map((milestone) => ({ effect: 'stop', milestone })),
        ].map((trigger) => create(builder, 'wegwijs:ClockTrigger', trigger)),
      }),
    ),
  ];
}

/** What a legal clock does, for the annotation beside its data object. */
export function clockAnnotation(clock: CompiledLegalClock): string {
  const lines = [`${clock.name}: ${clock.term} vanaf ${clock.start}`];
  if (clock.warnings.length > 0) lines.push(`waarschuwt ${clock.warnings.join(', ')} vooraf`);
  if (clock.suspendOn.length > 0) lines.push(`pauzeert bij ${clock.suspendOn.join(', ')}`);
  if (clock.resumeOn.length > 0) lines.push(`loopt weer bij ${clock.resumeOn.join(', ')}`);
  for (const extension of clock.extendOn) lines.push(`verlengd bij ${extension.milestone} (+${extension.durationField})`);
  if (clock.stopOn.length > 0) lines.push(`stopt bij ${clock.stopOn.join(', ')}`);
  if (clock.notifyActivity) lines.push(`meldt via ${clock.notifyActivity}`);
  return lines.join('\n');
}

interface Artifact {
  readonly element: ModdleElement;
  readonly bounds: Bounds;
  readonly label?: Bounds;
  readonly isExpanded?: boolean;
}

interface ArtifactEdge {
  readonly element: ModdleElement;
  readonly waypoints: readonly Point[];
}

interface TopBand {
  readonly width: number;
  readonly height: number;
  /** Adds the band's elements to the process and returns their shapes, placed at `origin`. */
  place(origin: Point): { shapes: Artifact[]; edges: ArtifactEdge[] };
}

const ANNOTATION_WIDTH = 260;
const CANCELLATION_STEP = { width: 100, height: 80, gap: 50 };

/** The legal clocks (a data object with an annotation each) and the cancellation event sub-process, side by side. */
function topBand(builder: Builder, process: ModdleElement): TopBand | undefined {
  const { definition } = builder;
  const clocks = definition.legalClocks;
  const steps = definition.onCancellation ?? [];
  if (clocks.length === 0 && steps.length === 0) return undefined;
  const annotationHeights = clocks.map((clock) => Math.max(60, clockAnnotation(clock).split('\n').reduce((sum, line) => sum + Math.ceil((line.length * 6.6) / (ANNOTATION_WIDTH - 10)), 0) * 15 + 12));
  const clockWidth = clocks.length * (50 + 40 + ANNOTATION_WIDTH + 60);
  const cancellationWidth = steps.length > 0 ? 60 + (steps.length + 2) * (CANCELLATION_STEP.width + CANCELLATION_STEP.gap) : 0;
  const height = Math.max(0, ...annotationHeights, steps.length > 0 ? 170 : 0) + 40;
  return {
    width: clockWidth + cancellationWidth,
    height,
    place(origin) {
      const shapes: Artifact[] = [];
      const edges: ArtifactEdge[] = [];
      const flowElements = process.flowElements as ModdleElement[];
      const artifacts: ModdleElement[] = [];
      let x = origin.x;
      clocks.forEach((clock, index) => {
        const dataObject = create(builder, 'bpmn:DataObject', { id: `${GENERATED_ID_PREFIX}ClockData_${safeId(clock.id)}` });
        const reference = create(builder, 'bpmn:DataObjectReference', { id: `${GENERATED_ID_PREFIX}Clock_${safeId(clock.id)}`, name: clock.name, dataObjectRef: dataObject });
        const annotation = create(builder, 'bpmn:TextAnnotation', {
          id: `${GENERATED_ID_PREFIX}ClockNote_${safeId(clock.id)}`,
          text: clockAnnotation(clock),
        });
        const association = create(builder, 'bpmn:Association', { id: `${GENERATED_ID_PREFIX}ClockLink_${safeId(clock.id)}`, sourceRef: reference, targetRef: annotation });
        flowElements.push(dataObject, reference);
        artifacts.push(annotation, association);
        const referenceBounds = { x, y: origin.y + 10, width: 36, height: 50 };
        const labelSize = estimateLabelSize(clock.name);
        shapes.push({ element: reference, bounds: referenceBounds, label: { x: x + 18 - labelSize.width / 2, y: origin.y + 64, ...labelSize } });
        const annotationBounds = { x: x + 90, y: origin.y, width: ANNOTATION_WIDTH, height: annotationHeights[index] };
        shapes.push({ element: annotation, bounds: annotationBounds });
        edges.push({ element: association, waypoints: [{ x: x + 36, y: origin.y + 35 }, { x: x + 90, y: origin.y + 35 }] });
        x += 50 + 40 + ANNOTATION_WIDTH + 60;
      });
      if (steps.length > 0) shapes.push(...cancellationSubProcess(builder, process, steps, { x, y: origin.y }, edges));
      process.artifacts = [...((process.artifacts as ModdleElement[] | undefined) ?? []), ...artifacts];
      return { shapes, edges };
    },
  };
}

/** `onCancellation` as an interrupting event sub-process: the message that cancels, then the steps in order. */
function cancellationSubProcess(builder: Builder, process: ModdleElement, steps: readonly CompiledCancellationStep[], origin: Point, edges: ArtifactEdge[]): Artifact[] {
  const id = (suffix: string) => `${GENERATED_ID_PREFIX}Cancellation${suffix}`;
  const subProcess = create(builder, 'bpmn:SubProcess', {
    id: id(''),
    name: 'Bij stopzetten',
    triggeredByEvent: true,
    extensionElements: extensions(builder, [create(builder, 'wegwijs:Cancellation')]),
  });
  subProcess.$parent = process;
  const start = create(builder, 'bpmn:StartEvent', {
    id: id('Start'),
    name: 'Traject stopgezet',
    isInterrupting: true,
    eventDefinitions: [create(builder, 'bpmn:MessageEventDefinition', { messageRef: message(builder, CANCELLATION_MESSAGE) })],
  });
  const tasks = steps.map((step) =>
    create(builder, 'bpmn:ServiceTask', {
      id: step.id,
      name: step.name ?? step.activity,
      extensionElements: extensions(builder, [activityExtension(builder, step)]),
    }),
  );
  const end = create(builder, 'bpmn:EndEvent', { id: id('End'), name: 'Afgehandeld' });
  const chain = [start, ...tasks, end];
  const flows = chain.slice(1).map((target, index) => {
    const source = chain[index];
    const flow = create(builder, 'bpmn:SequenceFlow', { id: id(`Flow_${index + 1}`), sourceRef: source, targetRef: target });
    source.outgoing = [flow];
    target.incoming = [flow];
    return flow;
  });
  subProcess.flowElements = [...chain, ...flows];
  (process.flowElements as ModdleElement[]).push(subProcess);

  const centreY = origin.y + 70;
  const shapes: Artifact[] = [];
  let x = origin.x + 40;
  const placed = chain.map((element) => {
    const isEvent = element === start || element === end;
    const bounds = isEvent ? { x: x + 32, y: centreY - 18, width: 36, height: 36 } : { x, y: centreY - 40, width: 100, height: 80 };
    x += CANCELLATION_STEP.width + CANCELLATION_STEP.gap;
    const labelSize = estimateLabelSize(element.name as string);
    shapes.push({ element, bounds, label: isEvent ? { x: bounds.x + 18 - labelSize.width / 2, y: bounds.y + 40, ...labelSize } : undefined });
    return bounds;
  });
  flows.forEach((flow, index) => {
    const from = placed[index];
    const to = placed[index + 1];
    edges.push({ element: flow, waypoints: [{ x: from.x + from.width, y: centreY }, { x: to.x, y: centreY }] });
  });
  const container = { x: origin.x, y: origin.y, width: x - origin.x, height: 160 };
  return [{ element: subProcess, bounds: container, isExpanded: true }, ...shapes];
}

function layoutNodesOf(builder: Builder, nodes: readonly CompiledNode[], laneOf: (node: CompiledNode) => string | undefined): LayoutNodeInput[] {
  const boundariesOf = (host: CompiledNode) =>
    host.boundaryEventIds.map((id) => {
      const boundary = builder.definition.nodes[id];
      return { id, label: (builder.elements.get(id)!.name as string) ?? defaultNodeLabel(boundary) };
    });
  return nodes
    .filter((node) => !isBoundaryNode(node))
    .map((node) => {
      const element = builder.elements.get(node.id)!;
      const isTask = ['serviceTask', 'subProcess', 'callActivity', 'multiInstance'].includes(node.kind) || element.$type === 'bpmn:UserTask';
      const isGateway = node.kind.endsWith('Gateway');
      return {
        id: node.id,
        shape: isTask ? 'task' : isGateway ? 'gateway' : 'event',
        externalLabel: isTask ? undefined : (element.name as string),
        lane: laneOf(node),
        boundaries: boundariesOf(node),
      };
    });
}

/**
 * Lanes: a node the definition puts in a lane (`lane`) there; else service tasks and calls in the
 * Wegwijs lane, waits in their roles' lane, the rest with their predecessor.
 */
function assignLanes(definition: CompiledDefinition, nodes: readonly CompiledNode[]): Map<string, string> {
  const lanes = new Map<string, string>();
  for (const node of nodes) if (node.lane) lanes.set(node.id, node.lane);
  for (const node of nodes) {
    if (lanes.has(node.id)) continue;
    if (node.kind === 'serviceTask' || node.kind === 'callActivity') lanes.set(node.id, SYSTEM_LANE);
    if (node.kind === 'milestoneWait') lanes.set(node.id, laneOfRoles(node.roles));
  }
  const inScope = new Set(nodes.map((node) => node.id));
  const hostOrSelf = (id: string) => {
    const node = definition.nodes[id];
    return isBoundaryNode(node) ? node.attachedTo : id;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of nodes) {
      if (lanes.has(node.id) || !inScope.has(node.id)) continue;
      const fromPredecessor = node.incoming.map((flowId) => lanes.get(hostOrSelf(definition.flows[flowId].source))).find(Boolean);
      if (fromPredecessor) {
        lanes.set(node.id, fromPredecessor);
        changed = true;
      }
    }
  }
  for (const node of nodes) {
    if (lanes.has(node.id)) continue;
    lanes.set(node.id, node.outgoing.map((flowId) => lanes.get(definition.flows[flowId].target)).find(Boolean) ?? SYSTEM_LANE);
  }
  for (const node of nodes) if (isBoundaryNode(node)) lanes.set(node.id, lanes.get(node.attachedTo)!);
  return lanes;
}

/**
 * When the definition uses lanes, each lane lists the nodes the export placed there by itself (not
 * by their `lane`): a node found in a lane on import gets that lane unless it is one of these, so
 * nodes a modeler user moved between lanes come back with their new lane and the others as they were.
 */
function laneExtension(builder: Builder, topLevel: readonly CompiledNode[], name: string, lanes: ReadonlyMap<string, string>): ModdleElement | undefined {
  const { definition } = builder;
  if (!definition.lanes?.length && !topLevel.some((node) => node.lane)) return undefined;
  const inferred = topLevel.filter((node) => !node.lane && lanes.get(node.id) === name).map((node) => node.id);
  return extensions(builder, [create(builder, 'wegwijs:Lane', { inferred: inferred.length > 0 ? inferred.join(' ') : undefined })]);
}

function shapeDi(builder: Builder, element: ModdleElement, bounds: Bounds, label?: Bounds, isExpanded?: boolean): ModdleElement {
  return create(builder, 'bpmndi:BPMNShape', {
    id: `${element.id}_di`,
    bpmnElement: element,
    isExpanded,
    bounds: create(builder, 'dc:Bounds', { ...bounds }),
    label: label ? create(builder, 'bpmndi:BPMNLabel', { bounds: create(builder, 'dc:Bounds', { ...label }) }) : undefined,
  });
}

function edgeDi(builder: Builder, element: ModdleElement, waypoints: readonly Point[], label?: Bounds): ModdleElement {
  return create(builder, 'bpmndi:BPMNEdge', {
    id: `${element.id}_di`,
    bpmnElement: element,
    waypoint: waypoints.map((point) => create(builder, 'dc:Point', { ...point })),
    label: label ? create(builder, 'bpmndi:BPMNLabel', { bounds: create(builder, 'dc:Bounds', { ...label }) }) : undefined,
  });
}

function planeElementsOf(builder: Builder, layout: LayoutResult, nodes: readonly CompiledNode[]): ModdleElement[] {
  const ids = new Set(nodes.map((node) => node.id));
  const planeElements: ModdleElement[] = [];
  for (const node of nodes) {
    const placed = layout.shapes.get(node.id);
    if (!placed) continue;
    planeElements.push(shapeDi(builder, builder.elements.get(node.id)!, placed.bounds, placed.label, node.kind === 'subProcess' || node.kind === 'multiInstance' ? false : undefined));
  }
  for (const flow of Object.values(builder.definition.flows)) {
    if (!ids.has(flow.source)) continue;
    const placed = layout.edges.get(flow.id);
    if (placed) planeElements.push(edgeDi(builder, builder.elements.get(flow.id)!, placed.waypoints, placed.label));
  }
  return planeElements;
}

function scopeLayoutInput(builder: Builder, nodes: readonly CompiledNode[], laneOf: (node: CompiledNode) => string | undefined) {
  const ids = new Set(nodes.map((node) => node.id));
  return {
    nodes: layoutNodesOf(builder, nodes, laneOf),
    edges: Object.values(builder.definition.flows)
      .filter((flow) => ids.has(flow.source))
      .map((flow) => ({ id: flow.id, source: flow.source, target: flow.target, label: builder.elements.get(flow.id)!.name as string | undefined })),
  };
}

function processIdOf(definition: CompiledDefinition): string {
  return `Process_${safeId(definition.key)}_v${definition.version}`;
}

/** The moddle tree of the export: definitions with messages, collaboration, process and diagrams. */
export function buildBpmnModel(definition: CompiledDefinition, moddle: BpmnModdle = createWegwijsModdle()): ModdleElement {
  const nodes = Object.values(definition.nodes);
  const afterEventGateway = new Set(
    nodes.filter((node) => node.kind === 'eventBasedGateway').flatMap((node) => node.outgoing.map((flowId) => definition.flows[flowId].target)),
  );
  const builder: Builder = { moddle, definition, afterEventGateway, elements: new Map(), messages: new Map(), errors: new Map() };
  const processId = processIdOf(definition);
  const process = create(builder, 'bpmn:Process', {
    id: processId,
    name: `${definition.name} (v${definition.version})`,
    isExecutable: true,
    documentation: documentation(builder, `${definition.key}@${definition.version} ${definition.contentHash}${definition.description ? `\n${definition.description}` : ''}`),
    extensionElements: extensions(builder, processExtensions(builder)),
  });
  const topLevel = nodes.filter((node) => node.parentId === null);
  fillScope(builder, process, topLevel);

  const lanes = assignLanes(definition, topLevel);
  // Lanes by role: the definition's `lanes` in their order (even when empty), then the others as first used.
  const laneNames = [...new Set([SYSTEM_LANE, ...(definition.lanes ?? []), ...topLevel.map((node) => lanes.get(node.id)!)])].filter((name) =>
    name === SYSTEM_LANE ? topLevel.some((node) => lanes.get(node.id) === SYSTEM_LANE) || definition.legalClocks.length > 0 || (definition.onCancellation ?? []).length > 0 : true,
  );
  const band = topBand(builder, process);
  const participant = create(builder, 'bpmn:Participant', { id: `${GENERATED_ID_PREFIX}Participant`, name: definition.name, processRef: process });
  const collaboration = create(builder, 'bpmn:Collaboration', { id: `${GENERATED_ID_PREFIX}Collaboration`, participants: [participant] });
  const laneElements = laneNames.map((name) =>
    create(builder, 'bpmn:Lane', {
      id: `${GENERATED_ID_PREFIX}Lane_${safeId(name)}`,
      name,
      flowNodeRef: topLevel.filter((node) => lanes.get(node.id) === name).map((node) => builder.elements.get(node.id)!),
      extensionElements: laneExtension(builder, topLevel, name, lanes),
    }),
  );
  const mainLayout = layoutScope({
    ...scopeLayoutInput(builder, topLevel, (node) => lanes.get(node.id)),
    lanes: { pool: definition.name, names: laneNames },
    topBand: band ? { width: band.width, height: band.height } : undefined,
  });
  const placedBand = band?.place(mainLayout.topBandOrigin) ?? { shapes: [], edges: [] };
  // The cancellation sub-process joins the first lane (that is where it is drawn).
  const cancellation = placedBand.shapes.find((shape) => shape.element.triggeredByEvent === true);
  if (cancellation) (laneElements[0].flowNodeRef as ModdleElement[]).push(cancellation.element);
  process.laneSets = [create(builder, 'bpmn:LaneSet', { id: `${GENERATED_ID_PREFIX}LaneSet`, lanes: laneElements })];

  const mainPlane = create(builder, 'bpmndi:BPMNPlane', {
    id: `${GENERATED_ID_PREFIX}Plane`,
    bpmnElement: collaboration,
    planeElement: [
      shapeDi(builder, participant, mainLayout.pool!, undefined, undefined),
      ...laneElements.map((lane, index) => shapeDi(builder, lane, mainLayout.lanes[index].bounds)),
      ...placedBand.shapes.map((shape) => shapeDi(builder, shape.element, shape.bounds, shape.label, shape.isExpanded)),
      ...placedBand.edges.map((edge) => edgeDi(builder, edge.element, edge.waypoints)),
      ...planeElementsOf(builder, mainLayout, topLevel),
    ],
  });
  (mainPlane.planeElement as ModdleElement[])[0].isHorizontal = true;
  (mainPlane.planeElement as ModdleElement[]).slice(1, 1 + laneElements.length).forEach((lane) => (lane.isHorizontal = true));
  const diagrams = [create(builder, 'bpmndi:BPMNDiagram', { id: `${GENERATED_ID_PREFIX}Diagram`, plane: mainPlane })];

  // Each collapsed sub-process gets its own plane, as bpmn-js's drill-down and strict DI readers expect.
  for (const node of nodes) {
    if (node.kind !== 'subProcess' && node.kind !== 'multiInstance') continue;
    const children = node.childNodeIds.map((id) => definition.nodes[id]);
    const layout = layoutScope(scopeLayoutInput(builder, children, () => undefined));
    diagrams.push(
      create(builder, 'bpmndi:BPMNDiagram', {
        id: `${GENERATED_ID_PREFIX}Diagram_${node.id}`,
        plane: create(builder, 'bpmndi:BPMNPlane', {
          id: `${GENERATED_ID_PREFIX}Plane_${node.id}`,
          bpmnElement: builder.elements.get(node.id),
          planeElement: planeElementsOf(builder, layout, children),
        }),
      }),
    );
  }

  return create(builder, 'bpmn:Definitions', {
    id: `Definitions_${processId}`,
    targetNamespace: `${WEGWIJS_BPMN_NAMESPACE}/definitions`,
    exporter: 'wegwijs',
    exporterVersion: '2',
    rootElements: [...builder.messages.values(), ...builder.errors.values(), collaboration, process],
    diagrams,
  });
}

/** BPMN 2.0 XML with diagram interchange (pool, lanes, shapes, edges, one plane per collapsed sub-process). */
export async function exportToBpmn(definition: CompiledDefinition): Promise<string> {
  const moddle = createWegwijsModdle();
  const { xml } = await moddle.toXML(buildBpmnModel(definition, moddle), { format: true });
  return `${xml}\n`;
}
