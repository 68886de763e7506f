import { compileDefinitionSource } from '../compile/compile';
import { validateDefinitionSource } from '../validate/validate';
import { compileCommitted, committedDefinitionFiles, committedRegistry, committedResolver } from './committed-definitions.fixture';
import { exportToBpmn } from './export-bpmn';
import { elementPositions, formatImportProblem, importFromBpmn, MAX_BPMN_NESTING } from './import-bpmn';

describe.each(committedDefinitionFiles)('export → import → export of %s', (file) => {
  it('imports without problems into the same definition, and exports to the same XML', async () => {
    const compiled = compileCommitted(file);
    const exported = await exportToBpmn(compiled);
    const imported = await importFromBpmn(exported);
    expect(imported.problems).toEqual([]);
    const again = compileDefinitionSource(imported.yaml!, committedRegistry, committedResolver);
    expect(again.contentHash).toBe(compiled.contentHash);
    expect(await exportToBpmn(again)).toBe(exported);
  });
});

describe('importing an export edited in a modeler', () => {
  let yaml: string;
  beforeAll(async () => {
    const exported = await exportToBpmn(compileCommitted('examples/all-node-kinds.yaml'));
    const edited = exported
      // moved: the record task's shape
      .replace(/(<bpmndi:BPMNShape id="record_di" bpmnElement="record">\s*<dc:Bounds x=")(\d+)/, (_, head: string, x: string) => `${head}${Number(x) + 333}`)
      // renamed: the intake user task
      .replace('<bpmn:userTask id="intake" name="intake.completed"', '<bpmn:userTask id="intake" name="Intakegesprek gevoerd"')
      // a new flow, drawn from the gateway to the end and marked as its default flow
      .replace('</bpmn:process>', '<bpmn:sequenceFlow id="Flow_0new" name="geen keuze" sourceRef="choose" targetRef="done" /></bpmn:process>')
      .replace('<bpmn:exclusiveGateway id="choose" name="choose"', '<bpmn:exclusiveGateway id="choose" name="choose" default="Flow_0new"');
    const imported = await importFromBpmn(edited);
    expect(imported.problems).toEqual([]);
    yaml = imported.yaml!;
  });

  it('gives a definition that validates', () => {
    expect(validateDefinitionSource(yaml, committedRegistry).problems).toEqual([]);
  });

  it('keeps the new name and the new flow, and ignores where shapes were moved', () => {
    const compiled = compileDefinitionSource(yaml, committedRegistry, committedResolver);
    const original = compileCommitted('examples/all-node-kinds.yaml');
    expect(compiled.nodes.intake.name).toBe('Intakegesprek gevoerd');
    expect(compiled.flows.Flow_0new).toMatchObject({ source: 'choose', target: 'done', condition: null, isDefault: true, name: 'geen keuze' });
    expect(compiled.nodes.choose).toMatchObject({ defaultFlowId: 'Flow_0new' });
    expect(compiled.nodes.choose.outgoing).toEqual([...original.nodes.choose.outgoing, 'Flow_0new']);
    expect(compiled.nodes.record).toEqual(original.nodes.record);
  });
});

describe('importing a plain BPMN file without Wegwijs extensions', () => {
  const plain = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">',
    '  <process id="Intake_Process" name="Brede intake">',
    '    <startEvent id="start" name="Aangemeld" />',
    '    <userTask id="talk" name="Gesprek voeren" />',
    '    <scriptTask id="score" name="Score berekenen" />',
    '    <serviceTask id="mail" name="Mail sturen" />',
    '    <intermediateCatchEvent id="wait" name="Twee weken"><timerEventDefinition><timeDuration>P2W</timeDuration></timerEventDefinition></intermediateCatchEvent>',
    '    <endEvent id="end" name="Klaar" />',
    '    <sequenceFlow id="f1" sourceRef="start" targetRef="talk" />',
    '    <sequenceFlow id="f2" sourceRef="talk" targetRef="score" />',
    '    <sequenceFlow id="f3" sourceRef="start" targetRef="wait" />',
    '    <sequenceFlow id="f4" sourceRef="wait" targetRef="end" />',
    '  </process>',
    '</definitions>',
  ].join('\n');

  it('reports one problem per element it cannot place, with the element id and its line:column', async () => {
    const { problems } = await importFromBpmn(plain);
    expect(problems.map((problem) => formatImportProblem('intake.bpmn', problem).replace(/: .*$/, ''))).toEqual([
      'intake.bpmn:3:3 error BPMN_DEFINITION_MISSING [Intake_Process]',
      'intake.bpmn:5:5 error BPMN_TASK_WITHOUT_MILESTONE [talk]',
      'intake.bpmn:6:5 error BPMN_UNSUPPORTED_ELEMENT [score]',
      'intake.bpmn:7:5 error BPMN_TASK_WITHOUT_ACTIVITY [mail]',
    ]);
  });

  it('keeps what it could place, and leaves out the flows that touch what it could not', async () => {
    const { definition } = await importFromBpmn(plain);
    expect(definition).toMatchObject({ key: 'brede-intake', version: 1, name: 'Brede intake' });
    expect(definition!.nodes.map((node) => `${node.id}:${node.kind}`)).toEqual(['start:start', 'wait:timer', 'end:end']);
    expect(definition!.nodes[1]).toMatchObject({ name: 'Twee weken', duration: 'P2W' });
    expect(definition!.flows.map((flow) => `${flow.source}->${flow.target}`)).toEqual(['start->wait', 'wait->end']);
  });

  it('says where broken XML breaks', async () => {
    const { definition, problems } = await importFromBpmn('<?xml version="1.0"?>\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">\n  <process id="p">\n</definitions>');
    expect(definition).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'BPMN_XML_SYNTAX', line: 4 });
  });

  it('reports what bpmn-moddle skipped, where it is', async () => {
    const { problems } = await importFromBpmn(plain.replace('<endEvent id="end" name="Klaar" />', '<endEvent id="end" name="Klaar"><bogus /></endEvent>'));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'BPMN_XML_WARNING', line: 9, column: 37, message: expect.stringContaining('unknown type <bpmn:Bogus>') }));
  });

  it('refuses elements nested deeper than any diagram, saying where, without overflowing the stack', async () => {
    const depth = 20_000;
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">\n<process id="p">${'<subProcess id="s">'.repeat(depth)}${'</subProcess>'.repeat(depth)}</process></definitions>`;
    const { definition, problems } = await importFromBpmn(xml);
    expect(definition).toBeNull();
    expect(problems).toEqual([expect.objectContaining({ code: 'BPMN_NESTING_TOO_DEEP', line: 2, column: 17 + 19 * (MAX_BPMN_NESTING - 2) })]);
  });

  it('says so when there is no process', async () => {
    const { problems } = await importFromBpmn('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x" />');
    expect(problems.map((problem) => problem.code)).toEqual(['BPMN_NO_PROCESS']);
  });
});

describe('element positions', () => {
  it('finds a start tag even when an attribute value before the id holds a >', () => {
    expect(elementPositions('<a>\n  <b expr="x > 1" id="b1"/>\n<c id=\'c1\'>').get('b1')).toEqual({ line: 2, column: 3 });
    expect(elementPositions('<a>\n  <b expr="x > 1" id="b1"/>\n<c id=\'c1\'>').get('c1')).toEqual({ line: 3, column: 1 });
  });
});
