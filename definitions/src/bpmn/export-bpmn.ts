/**
 * Exports a compiled definition to BPMN 2.0 XML with diagram layout, for bpmn.io, Camunda Modeler
 * and the docs. What BPMN cannot say (activities' input mappings, milestone roles, norms, legal
 * clocks, facts) travels as `wegwijs:` extension elements, described by wegwijs-moddle.json and
 * docs/definitions/bpmn-extensions.md.
 *
 *   const xml = await exportToBpmn(compileDefinitionSource(text, registry));
 *   writeFileSync('docs/definitions/haarlem-statushouders.bpmn', xml);
 */
import { layoutProcess } from 'bpmn-auto-layout';
import type { CompiledDefinition, CompiledNode, TimerSpec } from '../runtime';
import wegwijsDescriptor from './wegwijs-moddle.json';

export const WEGWIJS_BPMN_NAMESPACE = wegwijsDescriptor.uri;
/** Pass to `new BpmnModdle({ wegwijs: wegwijsModdleDescriptor })` to read the extensions typed. */
export const wegwijsModdleDescriptor = wegwijsDescriptor;

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function attributes(values: Record<string, string | number | boolean | null | undefined>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
}

function extensionElements(children: readonly string[]): string {
  return children.length > 0 ? `<bpmn:extensionElements>${children.join('')}</bpmn:extensionElements>` : '';
}

function mappings(direction: 'input' | 'output', mapping: Readonly<Record<string, string>>): string[] {
  return Object.entries(mapping).map(([name, expression]) => `<wegwijs:mapping${attributes({ direction, name, expression })} />`);
}

/** BPMN message ids for milestones: the milestone name is already NCName-safe (letters, digits, dots). */
function messageId(milestone: string): string {
  return `Message_${milestone}`;
}

function timerDefinition(timer: TimerSpec, repeat?: { every: string; times: number | null } | null): string {
  const body = repeat
    ? `<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R${repeat.times ?? ''}/${escapeXml(repeat.every)}</bpmn:timeCycle>`
    : timer.type === 'duration'
      ? `<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${escapeXml(timer.duration)}</bpmn:timeDuration>`
      : `<bpmn:timeDate xsi:type="bpmn:tFormalExpression">=${escapeXml(timer.date)}</bpmn:timeDate>`;
  return `<bpmn:timerEventDefinition>${body}</bpmn:timerEventDefinition>`;
}

function nodeXml(node: CompiledNode, definition: CompiledDefinition, afterEventGateway: Set<string>): string {
  const flowRefs =
    node.incoming.map((id) => `<bpmn:incoming>${id}</bpmn:incoming>`).join('') +
    node.outgoing.map((id) => `<bpmn:outgoing>${id}</bpmn:outgoing>`).join('');
  const documentation = node.documentation ? `<bpmn:documentation>${escapeXml(node.documentation)}</bpmn:documentation>` : '';
  const common = attributes({ id: node.id, name: node.name ?? defaultLabel(node) });
  switch (node.kind) {
    case 'start':
      return `<bpmn:startEvent${common}>${documentation}${flowRefs}</bpmn:startEvent>`;
    case 'end':
      return `<bpmn:endEvent${common}>${documentation}${flowRefs}</bpmn:endEvent>`;
    case 'terminateEnd':
      return `<bpmn:endEvent${common}>${documentation}${flowRefs}<bpmn:terminateEventDefinition /></bpmn:endEvent>`;
    case 'serviceTask': {
      const extension = `<wegwijs:activity${attributes({ name: node.activity, timeout: node.timeout, retry: node.retry })}>${[
        ...mappings('input', node.input),
        ...mappings('output', node.output),
      ].join('')}</wegwijs:activity>`;
      return `<bpmn:serviceTask${common}>${documentation}${extensionElements([extension])}${flowRefs}</bpmn:serviceTask>`;
    }
    case 'milestoneWait': {
      const extension = [
        `<wegwijs:milestone${attributes({ name: node.milestone, roles: node.roles.join(' ') })}>${mappings('output', node.output).join('')}</wegwijs:milestone>`,
        ...(node.norm ? [`<wegwijs:norm${attributes({ within: node.norm.within, from: node.norm.from, description: node.norm.description })} />`] : []),
      ];
      if (afterEventGateway.has(node.id)) {
        // BPMN allows only catch events after an event-based gateway: the wait becomes a message catch.
        return `<bpmn:intermediateCatchEvent${common}>${documentation}${extensionElements(extension)}${flowRefs}<bpmn:messageEventDefinition messageRef="${messageId(node.milestone)}" /></bpmn:intermediateCatchEvent>`;
      }
      return `<bpmn:userTask${common}>${documentation}${extensionElements(extension)}${flowRefs}</bpmn:userTask>`;
    }
    case 'timer':
      return `<bpmn:intermediateCatchEvent${common}>${documentation}${flowRefs}${timerDefinition(node.timer)}</bpmn:intermediateCatchEvent>`;
    case 'exclusiveGateway':
      return `<bpmn:exclusiveGateway${common}${attributes({ default: node.defaultFlowId })}>${documentation}${flowRefs}</bpmn:exclusiveGateway>`;
    case 'parallelGateway':
      return `<bpmn:parallelGateway${common}>${documentation}${flowRefs}</bpmn:parallelGateway>`;
    case 'eventBasedGateway':
      return `<bpmn:eventBasedGateway${common}>${documentation}${flowRefs}</bpmn:eventBasedGateway>`;
    case 'subProcess': {
      const children = node.childNodeIds.map((id) => definition.nodes[id]);
      return `<bpmn:subProcess${common}>${documentation}${flowRefs}${scopeXml(children, definition, afterEventGateway)}</bpmn:subProcess>`;
    }
    case 'callActivity': {
      const extension = `<wegwijs:calledDefinition${attributes({ key: node.definitionKey, version: node.definitionVersion })} />`;
      return `<bpmn:callActivity${common}${attributes({ calledElement: node.definitionKey })}>${documentation}${extensionElements([extension])}${flowRefs}</bpmn:callActivity>`;
    }
    case 'boundaryTimer':
      return `<bpmn:boundaryEvent${common}${attributes({ attachedToRef: node.attachedTo, cancelActivity: node.interrupting })}>${documentation}${flowRefs}${timerDefinition(node.timer, node.repeat)}</bpmn:boundaryEvent>`;
    case 'boundaryMilestone': {
      const extension = `<wegwijs:milestone${attributes({ name: node.milestone, roles: node.roles.join(' ') })}>${mappings('output', node.output).join('')}</wegwijs:milestone>`;
      return `<bpmn:boundaryEvent${common}${attributes({ attachedToRef: node.attachedTo, cancelActivity: node.interrupting })}>${documentation}${extensionElements([extension])}${flowRefs}<bpmn:messageEventDefinition messageRef="${messageId(node.milestone)}" /></bpmn:boundaryEvent>`;
    }
  }
}

function defaultLabel(node: CompiledNode): string | undefined {
  if (node.kind === 'boundaryTimer') return node.timer.type === 'duration' ? node.repeat ? `every ${node.repeat.every}` : node.timer.duration : undefined;
  if (node.kind === 'boundaryMilestone') return node.milestone;
  return undefined;
}

function scopeXml(nodes: readonly CompiledNode[], definition: CompiledDefinition, afterEventGateway: Set<string>): string {
  const ids = new Set(nodes.map((node) => node.id));
  const flows = Object.values(definition.flows).filter((flow) => ids.has(flow.source));
  return [
    ...nodes.map((node) => nodeXml(node, definition, afterEventGateway)),
    ...flows.map((flow) => {
      const condition = flow.condition
        ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=${escapeXml(flow.condition)}</bpmn:conditionExpression>`
        : '';
      return `<bpmn:sequenceFlow${attributes({ id: flow.id, name: flow.name, sourceRef: flow.source, targetRef: flow.target })}>${condition}</bpmn:sequenceFlow>`;
    }),
  ].join('\n');
}

/** BPMN XML without layout (what `exportToBpmn` lays out); useful for tests of the semantics. */
export function toBpmnXml(definition: CompiledDefinition): string {
  const processId = `Process_${definition.key.replace(/[^A-Za-z0-9_]/g, '_')}_v${definition.version}`;
  const nodes = Object.values(definition.nodes);
  const afterEventGateway = new Set(
    nodes.filter((node) => node.kind === 'eventBasedGateway').flatMap((node) => node.outgoing.map((flowId) => definition.flows[flowId].target)),
  );
  const milestones = new Set<string>();
  for (const node of nodes) {
    if (node.kind === 'boundaryMilestone' || (node.kind === 'milestoneWait' && afterEventGateway.has(node.id))) milestones.add(node.milestone);
  }
  const processExtensions = [
    ...definition.facts.map(
      (fact) => `<wegwijs:fact${attributes({ name: fact.name, type: fact.type, required: fact.required, values: fact.values?.join(' ') })} />`,
    ),
    ...definition.legalClocks.map((clock) => {
      const triggers = [
        ...clock.suspendOn.map((milestone) => ({ effect: 'suspend', milestone })),
        ...clock.resumeOn.map((milestone) => ({ effect: 'resume', milestone })),
        ...clock.extendOn.map((extension) => ({ effect: 'extend', milestone: extension.milestone, durationField: extension.durationField })),
        ...clock.stopOn.map((milestone) => ({ effect: 'stop', milestone })),
      ];
      return `<wegwijs:legalClock${attributes({ id: clock.id, name: clock.name, start: clock.start, term: clock.term, notifyActivity: clock.notifyActivity })}>${clock.warnings
        .map((before) => `<wegwijs:warning before="${escapeXml(before)}" />`)
        .join('')}${triggers.map((trigger) => `<wegwijs:clockTrigger${attributes(trigger)} />`).join('')}</wegwijs:legalClock>`;
    }),
  ];
  const topLevel = nodes.filter((node) => node.parentId === null);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:wegwijs="${WEGWIJS_BPMN_NAMESPACE}" id="Definitions_${processId}" targetNamespace="${WEGWIJS_BPMN_NAMESPACE}/definitions" exporter="wegwijs" exporterVersion="1">`,
    ...[...milestones].map((milestone) => `<bpmn:message id="${messageId(milestone)}" name="${escapeXml(milestone)}" />`),
    `<bpmn:process${attributes({ id: processId, name: `${definition.name} (v${definition.version})`, isExecutable: true })}>`,
    `<bpmn:documentation>${escapeXml(`${definition.key}@${definition.version} ${definition.contentHash}${definition.description ? `\n${definition.description}` : ''}`)}</bpmn:documentation>`,
    extensionElements(processExtensions),
    scopeXml(topLevel, definition, afterEventGateway),
    '</bpmn:process>',
    '</bpmn:definitions>',
    '',
  ].join('\n');
}

/** BPMN 2.0 XML with diagram interchange (shapes and edges) laid out by bpmn-auto-layout. */
export async function exportToBpmn(definition: CompiledDefinition): Promise<string> {
  return layoutProcess(toBpmnXml(definition));
}
