/**
 * Imports BPMN 2.0 XML back into a YAML definition: the export of a definition, edited in bpmn.io
 * or Camunda Modeler (shapes moved, tasks renamed, a flow added), comes back as the definition it
 * now says. What BPMN cannot say is read from the `wegwijs:` extension elements the export writes
 * (wegwijs-moddle.json); the diagram (shapes, lanes, the clocks' data objects) is the export's own
 * drawing and is not read. A plain BPMN file without the extensions imports as far as it can: each
 * element that cannot be placed in the language gives one problem with its id and its line:column
 * in the XML, and is left out (with the flows that touch it, so that no cascade follows).
 *
 *   const { yaml, problems } = await importFromBpmn(xml);
 *   for (const problem of problems) console.error(formatImportProblem('edited.bpmn', problem));
 */
import type { ModdleElement } from 'bpmn-moddle';
import { Document, isScalar, visit } from 'yaml';
import type {
  SourceBoundaryEvent,
  SourceCancellationStep,
  SourceDefinition,
  SourceFact,
  SourceFlow,
  SourceLegalClock,
  SourceMilestone,
  SourceRole,
  SourceNode,
} from '../source/source-definition';
import type { FactType, RetryProfileName } from '../runtime';
import { createWegwijsModdle, SYSTEM_LANE } from './export-bpmn';

export const BPMN_IMPORT_PROBLEM_CODES = [
  /** The file is not XML that bpmn-moddle can read. */
  'BPMN_XML_SYNTAX',
  /** bpmn-moddle read the file but skipped something (an unknown attribute or element, an unresolved reference). */
  'BPMN_XML_WARNING',
  /** Elements nest deeper than `MAX_BPMN_NESTING`: refused before parsing, as parsing and importing recurse. */
  'BPMN_NESTING_TOO_DEEP',
  /** The file has no bpmn:process. */
  'BPMN_NO_PROCESS',
  /** No wegwijs:definition on the process: key and version are made up and must be set by hand. */
  'BPMN_DEFINITION_MISSING',
  /** An element kind the definition language has no counterpart for (script task, complex gateway, …). */
  'BPMN_UNSUPPORTED_ELEMENT',
  /** An event with a trigger the language has no counterpart for (signal, error, conditional, …). */
  'BPMN_UNSUPPORTED_EVENT',
  /** A service task without wegwijs:activity: which activity it runs is unknown. */
  'BPMN_TASK_WITHOUT_ACTIVITY',
  /** A user task, untyped task or message event without wegwijs:milestone: which milestone it waits for is unknown. */
  'BPMN_TASK_WITHOUT_MILESTONE',
] as const;

export type BpmnImportProblemCode = (typeof BPMN_IMPORT_PROBLEM_CODES)[number];

export interface BpmnImportProblem {
  readonly code: BpmnImportProblemCode;
  readonly message: string;
  /** The BPMN element the problem is about. */
  readonly elementId?: string;
  /** 1-based line and column in the XML. */
  readonly line: number;
  readonly column: number;
}

export interface BpmnImportResult {
  /** The definition as far as it could be read; null when the XML has no process at all. */
  readonly definition: SourceDefinition | null;
  /** The same, as YAML text. */
  readonly yaml: string | null;
  readonly problems: readonly BpmnImportProblem[];
}

/** Far more than any real diagram (an export nests ten levels plus one per sub-process). */
export const MAX_BPMN_NESTING = 100;

/** Where the element nesting first exceeds `limit`, by one linear pass over the tags (no recursion, so any depth is safe to measure). */
function firstTooDeep(xml: string, limit: number): number | undefined {
  const tag = /<(\/?)[A-Za-z_][\w.:-]*(?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(\/?)>/g;
  let depth = 0;
  for (let match = tag.exec(xml); match; match = tag.exec(xml)) {
    if (match[1] === '/') depth -= 1;
    else if (match[2] !== '/') depth += 1;
    if (depth > limit) return match.index;
  }
  return undefined;
}

export function formatImportProblem(file: string, problem: BpmnImportProblem): string {
  const where = problem.elementId ? ` [${problem.elementId}]` : '';
  return `${file}:${problem.line}:${problem.column} error ${problem.code}${where}: ${problem.message}`;
}

/** Where each element with an `id` starts in the XML (its `<`), found by one pass over the start tags. */
export function elementPositions(xml: string): Map<string, { line: number; column: number }> {
  const lineStarts = [0];
  for (let index = xml.indexOf('\n'); index !== -1; index = xml.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const positionOf = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low] + 1 };
  };
  const positions = new Map<string, { line: number; column: number }>();
  // A start tag: a name, then attributes whose quoted values may hold any character but their quote.
  const startTag = /<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g;
  for (let match = startTag.exec(xml); match; match = startTag.exec(xml)) {
    const id = /(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(match[2]);
    const value = id?.[1] ?? id?.[2];
    if (value !== undefined && !positions.has(value)) positions.set(value, positionOf(match.index));
  }
  return positions;
}

/** moddle's messages end in `line: N` / `column: N` (saxen's, counted from 0) when it knows where. */
function positionInMessage(message: string): { line: number; column: number } | undefined {
  const line = /line:\s*(\d+)/.exec(message);
  const column = /column:\s*(\d+)/.exec(message);
  return line && column ? { line: Number(line[1]) + 1, column: Number(column[1]) + 1 } : undefined;
}

/** The first line of a moddle message, with the nested error that says why. */
function readableMessage(message: string): string {
  const nested = /nested error:\s*(.*)/.exec(message);
  return `${message.split('\n')[0]}${nested ? `: ${nested[1]}` : ''}`;
}

type Element = ModdleElement;

const list = (value: unknown) => (value as Element[] | undefined) ?? [];
const extensionsOf = (element: Element) => list((element.extensionElements as Element | undefined)?.values);
const extensionOf = (element: Element, type: string) => extensionsOf(element).find((candidate) => candidate.$type === type);
const words = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim().split(/\s+/) : []);
const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** A milestone's payload fields, kept as JSON in the diagram; unreadable or empty: none (the validator says what is missing). */
function parsePayload(json: string | undefined): SourceMilestone['payload'] {
  if (!json) return undefined;
  try {
    const payload = JSON.parse(json) as unknown;
    return payload && typeof payload === 'object' && !Array.isArray(payload) && Object.keys(payload).length > 0 ? (payload as SourceMilestone['payload']) : undefined;
  } catch {
    return undefined;
  }
}

function mappingsOf(extension: Element | undefined, direction: 'input' | 'output'): Record<string, string> | undefined {
  const entries = list(extension?.mappings)
    .filter((mapping) => mapping.direction === direction)
    .map((mapping) => [String(mapping.name), String(mapping.expression)] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** FEEL in BPMN carries Camunda's `=` prefix; a bare ISO date from a modeler becomes `date("…")`. */
function feel(body: string): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('=')) return trimmed.slice(1).trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `date("${trimmed}")` : trimmed;
}

/** Drops the keys whose value is undefined, so the YAML holds only what was said. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

class Importer {
  readonly problems: BpmnImportProblem[] = [];

  constructor(private readonly positions: Map<string, { line: number; column: number }>) {}

  report(code: BpmnImportProblemCode, element: Element | undefined, message: string): void {
    const position = (element?.id && this.positions.get(element.id)) || { line: 1, column: 1 };
    this.problems.push({ code, message, elementId: element?.id, ...position });
  }

  /** The label the export gives an unnamed node: a name equal to it was not the author's. */
  private nameOf(element: Element, generated: string): string | undefined {
    const name = text(element.name);
    return name === generated ? undefined : name;
  }

  private documentationOf(element: Element): string | undefined {
    return text(list(element.documentation)[0]?.text);
  }

  private milestoneOf(element: Element, kindForMessage: string): Element | undefined {
    const milestone = extensionOf(element, 'wegwijs:Milestone');
    if (!milestone) this.report('BPMN_TASK_WITHOUT_MILESTONE', element, `${kindForMessage} '${element.id}' has no wegwijs:milestone, so the milestone it waits for is unknown`);
    return milestone;
  }

  private timerOf(definition: Element): { duration?: string; date?: string; every?: string; times?: number } | undefined {
    const body = (expression: unknown) => text((expression as Element | undefined)?.body);
    const duration = body(definition.timeDuration);
    const date = body(definition.timeDate);
    const cycle = body(definition.timeCycle);
    if (duration) return { duration: duration.trim() };
    if (date) return { date: feel(date) };
    const repeat = cycle ? /^R(\d*)\/(P[^/\s]+)$/.exec(cycle.trim()) : null;
    if (repeat) return { every: repeat[2], times: repeat[1] === '' ? undefined : Number(repeat[1]) };
    return undefined;
  }

  private waitNode(element: Element, milestone: Element, id: string): SourceNode {
    const norm = extensionOf(element, 'wegwijs:Norm');
    return compact({
      id,
      kind: 'milestoneWait' as const,
      name: this.nameOf(element, String(milestone.name)),
      documentation: this.documentationOf(element),
      milestone: String(milestone.name),
      roles: words(milestone.roles),
      norm: norm ? compact({ within: String(norm.within), from: String(norm.from), description: text(norm.description) }) : undefined,
      output: mappingsOf(milestone, 'output'),
    });
  }

  /** A flow node as a source node, or undefined (with a problem) when the language has none like it. */
  private node(element: Element): SourceNode | undefined {
    const id = element.id!;
    const documentation = this.documentationOf(element);
    const eventDefinitions = list(element.eventDefinitions);
    const trigger = eventDefinitions[0]?.$type;
    switch (element.$type) {
      case 'bpmn:StartEvent':
        if (trigger) return void this.report('BPMN_UNSUPPORTED_EVENT', element, `start event '${id}' has a ${trigger} trigger; a trajectory starts without one`);
        return compact({ id, kind: 'start' as const, name: this.nameOf(element, 'Start'), documentation });
      case 'bpmn:EndEvent':
        if (trigger === 'bpmn:TerminateEventDefinition') return compact({ id, kind: 'terminateEnd' as const, name: this.nameOf(element, 'Beëindigd'), documentation });
        if (trigger) return void this.report('BPMN_UNSUPPORTED_EVENT', element, `end event '${id}' has a ${trigger} result; only plain and terminate end events exist`);
        return compact({ id, kind: 'end' as const, name: this.nameOf(element, 'Einde'), documentation });
      case 'bpmn:ServiceTask': {
        const activity = extensionOf(element, 'wegwijs:Activity');
        if (!activity) return void this.report('BPMN_TASK_WITHOUT_ACTIVITY', element, `service task '${id}' has no wegwijs:activity, so the activity it runs is unknown`);
        const retry = text(activity.retry) as RetryProfileName | undefined;
        return compact({
          id,
          kind: 'serviceTask' as const,
          name: this.nameOf(element, String(activity.name)),
          documentation,
          activity: String(activity.name),
          input: mappingsOf(activity, 'input'),
          output: mappingsOf(activity, 'output'),
          timeout: String(activity.timeout ?? 'PT1M'),
          retry: retry === 'standard' ? undefined : retry,
        });
      }
      case 'bpmn:UserTask':
      case 'bpmn:ManualTask':
      case 'bpmn:ReceiveTask':
      case 'bpmn:Task': {
        const milestone = this.milestoneOf(element, element.$type === 'bpmn:Task' ? 'task' : element.$type.slice(5).replace(/Task$/, ' task').toLowerCase());
        return milestone ? this.waitNode(element, milestone, id) : undefined;
      }
      case 'bpmn:IntermediateCatchEvent': {
        if (trigger === 'bpmn:TimerEventDefinition') {
          const timer = this.timerOf(eventDefinitions[0]);
          if (!timer || timer.every) return void this.report('BPMN_UNSUPPORTED_EVENT', element, `timer '${id}' needs a timeDuration or a timeDate (a cycle only on boundary timers)`);
          const generated = timer.duration ? `na ${timer.duration}` : `op ${timer.date}`;
          return compact({
            id,
            kind: 'timer' as const,
            name: this.nameOf(element, generated),
            documentation,
            duration: timer.duration,
            date: timer.date,
            moment: text(extensionOf(element, 'wegwijs:Timer')?.moment),
          });
        }
        if (trigger === 'bpmn:MessageEventDefinition') {
          const milestone = this.milestoneOf(element, 'message event');
          return milestone ? this.waitNode(element, milestone, id) : undefined;
        }
        const clock = this.clockOf(element, trigger);
        if (clock) return compact({ id, kind: 'clockExpired' as const, name: this.nameOf(element, `${clock} verlopen`), documentation, clock });
        return void this.report('BPMN_UNSUPPORTED_EVENT', element, `intermediate event '${id}' waits for ${trigger ?? 'nothing'}; only timers and milestones (messages) can be waited for`);
      }
      case 'bpmn:ExclusiveGateway':
        return compact({ id, kind: 'exclusiveGateway' as const, name: this.nameOf(element, id), documentation });
      case 'bpmn:ParallelGateway':
        return compact({ id, kind: 'parallelGateway' as const, name: this.nameOf(element, id), documentation });
      case 'bpmn:EventBasedGateway':
        return compact({ id, kind: 'eventBasedGateway' as const, name: this.nameOf(element, id), documentation });
      case 'bpmn:InclusiveGateway':
        return compact({ id, kind: 'inclusiveGateway' as const, name: this.nameOf(element, id), documentation });
      case 'bpmn:SubProcess': {
        const scope = this.scope(element);
        return compact({ id, kind: 'subProcess' as const, name: this.nameOf(element, id), documentation, nodes: scope.nodes, flows: scope.flows });
      }
      case 'bpmn:CallActivity': {
        const called = extensionOf(element, 'wegwijs:CalledDefinition');
        const key = text(called?.key) ?? text(element.calledElement);
        if (!key) return void this.report('BPMN_UNSUPPORTED_ELEMENT', element, `call activity '${id}' names no calledElement`);
        return compact({
          id,
          kind: 'callActivity' as const,
          name: this.nameOf(element, key),
          documentation,
          definition: compact({ key, version: typeof called?.version === 'number' ? called.version : undefined }),
        });
      }
      default:
        return void this.report('BPMN_UNSUPPORTED_ELEMENT', element, `${element.$type.replace('bpmn:', '')} '${id}' has no counterpart in the definition language`);
    }
  }

  /**
   * A task or sub-process with loop characteristics as a repeated step: a multi-instance one
   * (isSequential, loopCardinality, completionCondition, and wegwijs:loop's collection), or a
   * standard loop with wegwijs:loop's cycle (every, times, from) as a recurring one.
   */
  private repeated(element: Element, node: SourceNode | undefined): SourceNode | undefined {
    const characteristics = element.loopCharacteristics as Element | undefined;
    if (!node || !characteristics) return node;
    if (node.kind !== 'serviceTask' && node.kind !== 'milestoneWait' && node.kind !== 'subProcess') {
      return void this.report('BPMN_UNSUPPORTED_ELEMENT', element, `'${element.id}' loops, but only tasks and sub-processes can be repeated`);
    }
    const loop = extensionOf(element, 'wegwijs:Loop');
    const body = (expression: unknown) => (expression && typeof (expression as Element).body === 'string' ? feel(String((expression as Element).body)) : undefined);
    if (characteristics.$type === 'bpmn:MultiInstanceLoopCharacteristics') {
      const multiInstance = compact({
        sequential: characteristics.isSequential === true ? true : undefined,
        count: body(characteristics.loopCardinality),
        collection: text(loop?.collection),
        completionCondition: body(characteristics.completionCondition),
      });
      return { ...node, multiInstance };
    }
    const every = text(loop?.every);
    const times = typeof loop?.times === 'number' ? loop.times : typeof characteristics.loopMaximum === 'number' ? characteristics.loopMaximum : undefined;
    if (!every || times === undefined) {
      return void this.report('BPMN_UNSUPPORTED_ELEMENT', element, `'${element.id}' has a standard loop without a wegwijs:loop cycle (every, times); only recurring cycles loop that way`);
    }
    return { ...node, recurrence: compact({ every, times, from: text(loop?.from), completionCondition: text(loop?.completionCondition) }) };
  }

  /** The legal clock of a conditional event the export wrote for a clock's expiry (wegwijs:clockExpiry). */
  private clockOf(element: Element, trigger: string | undefined): string | undefined {
    return trigger === 'bpmn:ConditionalEventDefinition' ? text(extensionOf(element, 'wegwijs:ClockExpiry')?.clock) : undefined;
  }

  /** An error event: the code of its bpmn:error (errorCode, else its name), or none to catch every failure. */
  private errorBoundary(element: Element, definition: Element): SourceBoundaryEvent {
    const error = definition.errorRef as Element | undefined;
    const errorCode = text(error?.errorCode) ?? text(error?.name);
    return compact({ id: element.id!, kind: 'error' as const, name: this.nameOf(element, errorCode ?? 'fout'), errorCode });
  }

  private boundary(element: Element): SourceBoundaryEvent | undefined {
    const id = element.id!;
    const eventDefinitions = list(element.eventDefinitions);
    const interrupting = element.cancelActivity === false ? false : undefined;
    if (eventDefinitions[0]?.$type === 'bpmn:TimerEventDefinition') {
      const timer = this.timerOf(eventDefinitions[0]);
      if (!timer) return void this.report('BPMN_UNSUPPORTED_EVENT', element, `boundary timer '${id}' has no timeDuration, timeDate or timeCycle`);
      const extension = extensionOf(element, 'wegwijs:Timer');
      const firstAfter = text(extension?.firstAfter);
      const first = timer.every ? (firstAfter ? (firstAfter.startsWith('=') ? { date: feel(firstAfter) } : { duration: firstAfter }) : { duration: timer.every }) : timer;
      const generated = timer.every ? `elke ${timer.every}` : timer.duration ? `na ${timer.duration}` : `op ${timer.date}`;
      return compact({
        id,
        kind: 'timer' as const,
        name: this.nameOf(element, generated),
        duration: first.duration,
        date: first.date,
        moment: text(extension?.moment),
        interrupting,
        repeat: timer.every ? compact({ every: timer.every, times: timer.times }) : undefined,
      });
    }
    if (eventDefinitions[0]?.$type === 'bpmn:MessageEventDefinition') {
      const milestone = this.milestoneOf(element, 'boundary message event');
      if (!milestone) return undefined;
      return compact({
        id,
        kind: 'milestone' as const,
        name: this.nameOf(element, String(milestone.name)),
        milestone: String(milestone.name),
        roles: words(milestone.roles),
        interrupting,
        output: mappingsOf(milestone, 'output'),
      });
    }
    if (eventDefinitions[0]?.$type === 'bpmn:ErrorEventDefinition') return this.errorBoundary(element, eventDefinitions[0]);
    const clock = this.clockOf(element, eventDefinitions[0]?.$type);
    if (clock) return compact({ id, kind: 'clockExpired' as const, name: this.nameOf(element, `${clock} verlopen`), clock, interrupting });
    return void this.report('BPMN_UNSUPPORTED_EVENT', element, `boundary event '${id}' has a ${eventDefinitions[0]?.$type ?? 'missing'} trigger; only timers, milestones (messages), errors and legal clocks (wegwijs:clockExpiry) can interrupt or remind`);
  }

  cancellation: SourceCancellationStep[] | undefined;

  private cancellationSteps(subProcess: Element): SourceCancellationStep[] {
    const start = list(subProcess.flowElements).find((element) => element.$type === 'bpmn:StartEvent');
    const steps: SourceCancellationStep[] = [];
    const seen = new Set<Element>();
    for (let element = start; element && !seen.has(element); element = list(element.outgoing)[0]?.targetRef as Element | undefined) {
      seen.add(element);
      if (element.$type === 'bpmn:StartEvent' || element.$type === 'bpmn:EndEvent') continue;
      const activity = element.$type === 'bpmn:ServiceTask' ? extensionOf(element, 'wegwijs:Activity') : undefined;
      if (!activity) {
        this.report('BPMN_TASK_WITHOUT_ACTIVITY', element, `step '${element.id}' of the cancellation has no wegwijs:activity`);
        continue;
      }
      const retry = text(activity.retry);
      steps.push(
        compact({
          id: element.id!,
          name: this.nameOf(element, String(activity.name)),
          activity: String(activity.name),
          input: mappingsOf(activity, 'input'),
          timeout: String(activity.timeout ?? 'PT1M'),
          retry: retry === 'standard' ? undefined : (retry as RetryProfileName | undefined),
        }),
      );
    }
    return steps;
  }

  scope(container: Element): { nodes: SourceNode[]; flows: SourceFlow[] } {
    const elements = list(container.flowElements);
    const nodes: SourceNode[] = [];
    const placed = new Map<Element, SourceNode>();
    const boundaries: Element[] = [];
    const placedBoundaries = new Set<Element>();
    for (const element of elements) {
      if (element.$type === 'bpmn:SequenceFlow' || element.$type === 'bpmn:DataObject' || element.$type === 'bpmn:DataObjectReference' || element.$type === 'bpmn:DataStoreReference') continue;
      if (element.$type === 'bpmn:BoundaryEvent') {
        boundaries.push(element);
        continue;
      }
      if (element.$type === 'bpmn:SubProcess' && element.triggeredByEvent) {
        if (extensionOf(element, 'wegwijs:Cancellation') && container.$type === 'bpmn:Process') this.cancellation = this.cancellationSteps(element);
        else this.report('BPMN_UNSUPPORTED_ELEMENT', element, `event sub-process '${element.id}' is not the cancellation (wegwijs:cancellation); the language has no other`);
        continue;
      }
      const node = this.repeated(element, this.node(element));
      if (node) {
        nodes.push(node);
        placed.set(element, node);
      }
    }
    for (const element of boundaries) {
      const host = placed.get(element.attachedToRef as Element);
      if (!host || !['serviceTask', 'milestoneWait', 'subProcess', 'callActivity'].includes(host.kind)) {
        if (host || !(element.attachedToRef as Element | undefined)) {
          this.report('BPMN_UNSUPPORTED_ELEMENT', element, `boundary event '${element.id}' is attached to something that cannot carry one`);
        }
        continue;
      }
      const boundary = this.boundary(element);
      if (!boundary) continue;
      const withBoundaries = host as SourceNode & { boundaryEvents?: SourceBoundaryEvent[] };
      withBoundaries.boundaryEvents = [...(withBoundaries.boundaryEvents ?? []), boundary];
      placedBoundaries.add(element);
    }
    const isPlaced = (element: Element | undefined) => element !== undefined && (placed.has(element) || placedBoundaries.has(element));
    const flows: SourceFlow[] = [];
    for (const element of elements.filter((candidate) => candidate.$type === 'bpmn:SequenceFlow')) {
      const source = element.sourceRef as Element | undefined;
      const target = element.targetRef as Element | undefined;
      // A flow to or from an element left out would only repeat that element's problem.
      if (!isPlaced(source) || !isPlaced(target)) continue;
      const condition = text((element.conditionExpression as Element | undefined)?.body);
      const isDefault = source!.default === element;
      const conditionText = condition ? feel(condition) : undefined;
      const name = text(element.name);
      const generatedName = conditionText ?? (isDefault ? 'anders' : undefined);
      flows.push(
        compact({
          id: element.id,
          name: name === generatedName ? undefined : name,
          source: source!.id!,
          target: target!.id!,
          condition: conditionText,
          default: isDefault ? true : undefined,
        }),
      );
    }
    return { nodes, flows };
  }
}

/** Removes flow ids equal to the ones validation would generate (`Flow_<source>_<target>`, numbered when repeated), walking scopes in its order. */
function dropGeneratedFlowIds(definition: SourceDefinition): void {
  const generated = new Map<string, number>();
  const walk = (nodes: SourceNode[], flows: SourceFlow[]) => {
    for (const node of nodes) if (node.kind === 'subProcess') walk(node.nodes, node.flows);
    for (const flow of flows) {
      const base = `Flow_${flow.source}_${flow.target}`;
      const seen = generated.get(base) ?? 0;
      if (flow.id === (seen === 0 ? base : `${base}_${seen + 1}`)) {
        delete flow.id;
        generated.set(base, seen + 1);
      }
    }
  };
  walk(definition.nodes, definition.flows);
}

function slug(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(cleaned) ? cleaned.slice(0, 100) : `imported-${cleaned}`.slice(0, 100);
}

/**
 * Lanes by role: a top-level node in a lane gets `lane: <the lane's name>` — unless the export put it
 * there by itself (the lane's wegwijs:lane lists those as `inferred`), so what a modeler user moved
 * comes back in its new lane and the rest as it was. The Wegwijs lane and lanes of several roles
 * name no role and give none. An export of a definition without lanes (no lane has wegwijs:lane)
 * drew all its lanes itself: they give nothing.
 */
function assignLanes(process: Element, nodes: SourceNode[], isWegwijsExport: boolean): void {
  const lanes = list(process.laneSets).flatMap((laneSet) => list(laneSet.lanes));
  if (isWegwijsExport && !lanes.some((lane) => extensionOf(lane, 'wegwijs:Lane'))) return;
  const byId = new Map(nodes.map((node) => [node.id, node]));
  for (const lane of lanes) {
    const name = text(lane.name)?.trim();
    if (!name || name === SYSTEM_LANE || name.includes(',')) continue;
    const inferred = new Set(words(extensionOf(lane, 'wegwijs:Lane')?.inferred));
    for (const element of list(lane.flowNodeRef)) {
      const node = byId.get(element.id!);
      if (node && !inferred.has(node.id)) node.lane = name;
    }
  }
}

/** Block YAML, with lists of plain values on one line (`roles: [klantmanager]`) as people write them. */
function toYaml(definition: SourceDefinition): string {
  const document = new Document(definition);
  visit(document, {
    Seq(_, node) {
      if (node.items.every(isScalar)) node.flow = true;
    },
  });
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}

export async function importFromBpmn(xml: string): Promise<BpmnImportResult> {
  const tooDeepAt = firstTooDeep(xml, MAX_BPMN_NESTING);
  if (tooDeepAt !== undefined) {
    const before = xml.slice(0, tooDeepAt);
    const line = before.split('\n').length;
    const column = tooDeepAt - before.lastIndexOf('\n');
    return { definition: null, yaml: null, problems: [{ code: 'BPMN_NESTING_TOO_DEEP', message: `elements nest deeper than ${MAX_BPMN_NESTING} levels`, line, column }] };
  }
  const positions = elementPositions(xml);
  const importer = new Importer(positions);
  let parsed;
  try {
    parsed = await createWegwijsModdle().fromXML(xml);
  } catch (error) {
    const message = String((error as Error).message ?? error);
    const position = positionInMessage(message) ?? { line: 1, column: 1 };
    return { definition: null, yaml: null, problems: [{ code: 'BPMN_XML_SYNTAX', message: readableMessage(message), ...position }] };
  }
  for (const warning of parsed.warnings) {
    const position = positionInMessage(warning.message);
    const element = warning.element as Element | undefined;
    const elementPosition = element?.id ? positions.get(element.id) : undefined;
    importer.problems.push({
      code: 'BPMN_XML_WARNING',
      message: readableMessage(warning.message),
      elementId: element?.id,
      ...(position ?? elementPosition ?? { line: 1, column: 1 }),
    });
  }
  const definitions = parsed.rootElement as Element;
  const processes = list(definitions.rootElements).filter((element) => element.$type === 'bpmn:Process');
  if (processes.length === 0) {
    return { definition: null, yaml: null, problems: [...importer.problems, { code: 'BPMN_NO_PROCESS', message: 'the file has no bpmn:process', line: 1, column: 1 }] };
  }
  const process = processes.find((candidate) => extensionOf(candidate, 'wegwijs:Definition')) ?? processes[0];
  for (const other of processes.filter((candidate) => candidate !== process)) {
    importer.report('BPMN_UNSUPPORTED_ELEMENT', other, `process '${other.id}' is a second process; a definition is one process (import them one by one)`);
  }
  const head = extensionOf(process, 'wegwijs:Definition');
  const participant = list(definitions.rootElements)
    .flatMap((element) => list(element.participants))
    .find((candidate) => candidate.processRef === process);
  const name = text(head?.name) ?? text(participant?.name) ?? text(process.name) ?? String(process.id);
  if (!head) {
    importer.report('BPMN_DEFINITION_MISSING', process, `process '${process.id}' has no wegwijs:definition; key '${slug(name)}' and version 1 were made up — set them`);
  }
  const extensions = extensionsOf(process);
  const facts = extensions
    .filter((element) => element.$type === 'wegwijs:Fact')
    .map(
      (fact) =>
        [
          String(fact.name),
          compact<SourceFact>({
            type: String(fact.type) as FactType,
            required: fact.required === true ? true : undefined,
            description: text(fact.description),
            values: words(fact.values).length > 0 ? words(fact.values) : undefined,
          }),
        ] as const,
    );
  const factRules = extensions
    .filter((element) => element.$type === 'wegwijs:FactRule')
    .map((rule) => ({ id: String(rule.id), rule: String(rule.rule), facts: words(rule.facts), message: String(rule.message) }));
  const milestones = extensions
    .filter((element) => element.$type === 'wegwijs:OwnMilestone')
    .map(
      (milestone) =>
        [
          String(milestone.name),
          compact<SourceMilestone>({
            description: String(milestone.description),
            roles: words(milestone.roles).length > 0 ? words(milestone.roles) : undefined,
            payload: parsePayload(text(milestone.payload)),
          }),
        ] as const,
    );
  const roles = extensions
    .filter((element) => element.$type === 'wegwijs:OwnRole')
    .map((role) => [String(role.id), compact<SourceRole>({ name: String(role.name), description: text(role.description), team: text(role.team) })] as const);
  const legalClocks = extensions
    .filter((element) => element.$type === 'wegwijs:LegalClock')
    .map((clock) => {
      const triggers = list(clock.triggers);
      const on = (effect: string) => triggers.filter((trigger) => trigger.effect === effect).map((trigger) => String(trigger.milestone));
      const nonEmpty = <T>(values: T[]) => (values.length > 0 ? values : undefined);
      return compact<SourceLegalClock>({
        id: String(clock.id),
        name: String(clock.name),
        start: String(clock.start),
        term: String(clock.term),
        warnings: nonEmpty(list(clock.warnings).map((warning) => String(warning.before))),
        suspendOn: nonEmpty(on('suspend')),
        resumeOn: nonEmpty(on('resume')),
        extendOn: nonEmpty(
          triggers.filter((trigger) => trigger.effect === 'extend').map((trigger) => ({ milestone: String(trigger.milestone), durationField: String(trigger.durationField) })),
        ),
        stopOn: nonEmpty(on('stop')),
        notifyActivity: text(clock.notifyActivity),
      });
    });
  const scope = importer.scope(process);
  assignLanes(process, scope.nodes, head !== undefined);
  const definition = compact<SourceDefinition>({
    key: text(head?.key) ?? slug(name),
    version: typeof head?.version === 'number' ? head.version : 1,
    name,
    description: text(head?.description),
    startsOn: text(head?.startsOn),
    milestonesNotBefore: text(head?.milestonesNotBefore),
    correctionPeriod: text(head?.correctionPeriod),
    factRules: factRules.length > 0 ? factRules : undefined,
    facts: facts.length > 0 ? Object.fromEntries(facts) : undefined,
    milestones: milestones.length > 0 ? Object.fromEntries(milestones) : undefined,
    roles: roles.length > 0 ? Object.fromEntries(roles) : undefined,
    onCancellation: importer.cancellation && importer.cancellation.length > 0 ? importer.cancellation : undefined,
    legalClocks: legalClocks.length > 0 ? legalClocks : undefined,
    lanes: words(head?.lanes).length > 0 ? words(head?.lanes) : undefined,
    nodes: scope.nodes,
    flows: scope.flows,
  });
  dropGeneratedFlowIds(definition);
  const problems = [...importer.problems].sort((a, b) => a.line - b.line || a.column - b.column);
  const yaml = `# Imported from BPMN by \`wegwijs definitions import-bpmn\`.\n${toYaml(definition)}`;
  return { definition, yaml, problems };
}
