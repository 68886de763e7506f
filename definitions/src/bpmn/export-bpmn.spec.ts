import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { exampleCapabilities } from '../../examples/capabilities';
import { haarlemCapabilities } from '../../haarlem-statushouders/capabilities';
import { compileDefinitionSource } from '../compile/compile';
import { definitionResolver } from '../compile/definition-resolver';
import type { CompiledDefinition } from '../runtime';
import { exportToBpmn, wegwijsModdleDescriptor } from './export-bpmn';

const read = (path: string) => readFileSync(join(__dirname, '../..', path), 'utf8');
/** all-node-kinds calls the minimal example. */
const examples = definitionResolver([read('examples/minimal.yaml')], exampleCapabilities);

interface ModdleElement {
  id: string;
  $type: string;
  [key: string]: unknown;
}

async function parseBack(xml: string) {
  const moddle = new BpmnModdle({ wegwijs: wegwijsModdleDescriptor });
  const { rootElement, warnings, elementsById } = (await moddle.fromXML(xml)) as unknown as {
    rootElement: { rootElements: ModdleElement[]; diagrams: Array<{ plane: { planeElement: ModdleElement[] } }> };
    warnings: unknown[];
    elementsById: Record<string, ModdleElement>;
  };
  return { rootElement, warnings, elementsById };
}

describe.each([
  ['examples/minimal.yaml', exampleCapabilities],
  ['examples/all-node-kinds.yaml', exampleCapabilities],
  ['haarlem-statushouders/v1.yaml', haarlemCapabilities],
  ['examples/events.yaml', exampleCapabilities],
] as const)('exporting %s to BPMN 2.0', (file, registry) => {
  let compiled: CompiledDefinition;
  let parsed: Awaited<ReturnType<typeof parseBack>>;

  beforeAll(async () => {
    compiled = compileDefinitionSource(read(file), registry, examples);
    parsed = await parseBack(await exportToBpmn(compiled));
  });

  it('parses back with bpmn-moddle without warnings', () => {
    expect(parsed.warnings).toEqual([]);
  });

  it('contains every node and every flow by id', () => {
    for (const id of Object.keys(compiled.nodes)) expect(parsed.elementsById[id]).toBeDefined();
    for (const flow of Object.values(compiled.flows)) {
      const element = parsed.elementsById[flow.id] as ModdleElement & { sourceRef: ModdleElement; targetRef: ModdleElement };
      expect(element.$type).toBe('bpmn:SequenceFlow');
      expect([element.sourceRef.id, element.targetRef.id]).toEqual([flow.source, flow.target]);
    }
  });

  it('lays out a shape for every top-level node and an edge for every top-level flow', () => {
    const mainPlane = parsed.rootElement.diagrams[0].plane.planeElement as Array<ModdleElement & { bpmnElement: ModdleElement }>;
    const drawn = new Set(mainPlane.map((element) => element.bpmnElement.id));
    const topLevel = Object.values(compiled.nodes).filter((node) => node.parentId === null);
    for (const node of topLevel) expect(drawn).toContain(node.id);
    for (const flow of Object.values(compiled.flows).filter((flow) => compiled.nodes[flow.source].parentId === null)) {
      expect(drawn).toContain(flow.id);
    }
  });
});

describe('BPMN element types', () => {
  it('maps every node kind to its BPMN element', async () => {
    const { elementsById } = await parseBack(await exportToBpmn(compileDefinitionSource(read('examples/all-node-kinds.yaml'), exampleCapabilities, examples)));
    const typeOf = (id: string) => elementsById[id].$type;
    expect({
      start: typeOf('start'),
      record: typeOf('record'),
      intake: typeOf('intake'),
      choose: typeOf('choose'),
      split: typeOf('split'),
      firstWins: typeOf('firstWins'),
      inner: typeOf('inner'),
      innerWait: typeOf('innerWait'),
      callOther: typeOf('callOther'),
      plan: typeOf('plan'),
      timeout: typeOf('timeout'),
      remind: typeOf('remind'),
      movedAway: typeOf('movedAway'),
      done: typeOf('done'),
      stopped: typeOf('stopped'),
    }).toEqual({
      start: 'bpmn:StartEvent',
      record: 'bpmn:ServiceTask',
      intake: 'bpmn:UserTask',
      choose: 'bpmn:ExclusiveGateway',
      split: 'bpmn:ParallelGateway',
      firstWins: 'bpmn:EventBasedGateway',
      inner: 'bpmn:SubProcess',
      innerWait: 'bpmn:IntermediateCatchEvent',
      callOther: 'bpmn:CallActivity',
      plan: 'bpmn:IntermediateCatchEvent',
      timeout: 'bpmn:IntermediateCatchEvent',
      remind: 'bpmn:BoundaryEvent',
      movedAway: 'bpmn:BoundaryEvent',
      done: 'bpmn:EndEvent',
      stopped: 'bpmn:EndEvent',
    });
    expect((elementsById.stopped.eventDefinitions as ModdleElement[])[0].$type).toBe('bpmn:TerminateEventDefinition');
    expect((elementsById.movedAway.eventDefinitions as Array<{ messageRef: ModdleElement }>)[0].messageRef.name).toBe('trajectory.movedAway');
    expect(elementsById.callOther.calledElement).toBe('minimal');
  });
});

describe('BPMN extension elements', () => {
  let parsed: Awaited<ReturnType<typeof parseBack>>;
  beforeAll(async () => {
    parsed = await parseBack(await exportToBpmn(compileDefinitionSource(read('haarlem-statushouders/v1.yaml'), haarlemCapabilities)));
  });

  const extensionsOf = (id: string) => ((parsed.elementsById[id].extensionElements as { values: ModdleElement[] }) ?? { values: [] }).values;

  it('carries the legal clock, its warnings and triggers on the process', () => {
    const process = parsed.rootElement.rootElements.find((element) => element.$type === 'bpmn:Process')!;
    const clock = extensionsOf(process.id).find((element) => element.$type === 'wegwijs:LegalClock') as ModdleElement & {
      warnings: Array<{ before: string }>;
      triggers: Array<{ effect: string; milestone: string }>;
    };
    expect(clock).toMatchObject({ id: 'inburgeringstermijn', term: 'P3Y', start: 'permitGrantedDate' });
    expect(clock.warnings.map((warning) => warning.before)).toEqual(['P12M', 'P6M', 'P3M', 'P1M']);
    expect(clock.triggers.map((trigger) => `${trigger.effect}:${trigger.milestone}`)).toEqual([
      'extend:inburgering.extensionGranted',
      'stop:inburgering.diplomaObtained',
      'stop:inburgering.exemptionGranted',
    ]);
  });

  it('carries a norm and the milestone with its roles on the user task', () => {
    expect(parsed.elementsById.noaAssessment.$type).toBe('bpmn:UserTask');
    expect(extensionsOf('noaAssessment')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ $type: 'wegwijs:Milestone', name: 'intake.noaAssessmentDone', roles: 'klantmanager' }),
        expect.objectContaining({ $type: 'wegwijs:Norm', within: 'P6W', from: 'housingDate' }),
      ]),
    );
  });

  it('turns waits after an event-based gateway into message catch events, as BPMN requires', () => {
    expect(parsed.elementsById.terugmelding.$type).toBe('bpmn:IntermediateCatchEvent');
    expect(parsed.elementsById.programmeEndsForKlantmanagerRoute.$type).toBe('bpmn:IntermediateCatchEvent');
  });

  it('exports a repeating non-interrupting reminder as a timer cycle', () => {
    const reminder = parsed.elementsById.remindPhoneHandover as ModdleElement & {
      cancelActivity: boolean;
      eventDefinitions: Array<{ timeCycle: { body: string } }>;
    };
    expect(reminder.$type).toBe('bpmn:BoundaryEvent');
    expect(reminder.cancelActivity).toBe(false);
    expect(reminder.eventDefinitions[0].timeCycle.body).toBe('R3/P1W');
  });

  it('keeps conditions as FEEL and marks the default flow', () => {
    const gateway = parsed.elementsById.chooseRoute as ModdleElement & { default: ModdleElement };
    expect(gateway.default.id).toBe('Flow_chooseRoute_startTrajectKlantmanager');
    const flow = parsed.elementsById.Flow_chooseRoute_registerAanDeSlag as ModdleElement & { conditionExpression: { body: string } };
    expect(flow.conditionExpression.body).toBe('=route = "werk"');
  });
});

describe('error and clock-expiry events in BPMN', () => {
  it('exports an error event with an errorEventDefinition (a bpmn:error for a code, none for a catch-all) and a clock expiry as a conditional event with wegwijs:clockExpiry', async () => {
    const { rootElement, elementsById } = await parseBack(await exportToBpmn(compileDefinitionSource(read('examples/events.yaml'), exampleCapabilities)));
    const definitionOf = (id: string) => (elementsById[id].eventDefinitions as ModdleElement[])[0];
    expect(elementsById.noSeat).toMatchObject({ $type: 'bpmn:BoundaryEvent', cancelActivity: true, attachedToRef: { id: 'bookCourse' } });
    expect(definitionOf('noSeat')).toMatchObject({ $type: 'bpmn:ErrorEventDefinition', errorRef: { $type: 'bpmn:Error', id: 'Error_NoCourseSeat', errorCode: 'NoCourseSeat' } });
    expect(definitionOf('bookingFailed').$type).toBe('bpmn:ErrorEventDefinition');
    expect(definitionOf('bookingFailed').errorRef).toBeUndefined();
    expect(rootElement.rootElements.filter((element) => element.$type === 'bpmn:Error').map((element) => element.id)).toEqual(['Error_NoCourseSeat']);
    for (const id of ['termExpired', 'awaitTermEnd']) {
      expect(definitionOf(id)).toMatchObject({ $type: 'bpmn:ConditionalEventDefinition', condition: { body: '=clockExpired("inburgering")' } });
      expect((elementsById[id].extensionElements as { values: ModdleElement[] }).values).toEqual([expect.objectContaining({ $type: 'wegwijs:ClockExpiry', clock: 'inburgering' })]);
    }
    expect(elementsById.awaitTermEnd.$type).toBe('bpmn:IntermediateCatchEvent');
    expect(elementsById.termExpired).toMatchObject({ $type: 'bpmn:BoundaryEvent', cancelActivity: true, attachedToRef: { id: 'course' } });
  });
});
