import type { ModdleElement } from 'bpmn-moddle';
import { compileCommitted, committedDefinitionFiles } from './committed-definitions.fixture';
import { diagramOverlaps, edgesThroughShapes, segmentCrossesBox } from './diagram-checks';
import { createWegwijsModdle, exportToBpmn, SYSTEM_LANE } from './export-bpmn';

// bpmnlint ships CommonJS without types for its resolver.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Linter } = require('bpmnlint') as { Linter: new (options: unknown) => { lint(root: unknown): Promise<Record<string, LintReport[]>> } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new () => unknown;

interface LintReport {
  id: string;
  message: string;
  category: 'error' | 'warn';
}

async function parse(xml: string) {
  const { rootElement, warnings, elementsById } = await createWegwijsModdle().fromXML(xml);
  return { definitions: rootElement as ModdleElement, warnings, elementsById: elementsById as Record<string, ModdleElement> };
}

async function lint(definitions: ModdleElement): Promise<Array<LintReport & { rule: string }>> {
  const linter = new Linter({ config: { extends: 'bpmnlint:recommended' }, resolver: new NodeResolver() });
  const results = await linter.lint(definitions);
  return Object.entries(results).flatMap(([rule, reports]) => reports.map((report) => ({ ...report, rule })));
}

describe.each(committedDefinitionFiles)('the BPMN export of %s', (file) => {
  let parsed: Awaited<ReturnType<typeof parse>>;
  beforeAll(async () => {
    parsed = await parse(await exportToBpmn(compileCommitted(file)));
  });

  it('has no bpmnlint:recommended errors, and warns only where the definition itself joins on a node that is no gateway, or uses an inclusive gateway', async () => {
    const reports = await lint(parsed.definitions);
    expect(reports.filter((report) => report.category === 'error')).toEqual([]);
    // no-inclusive-gateway discourages them for their unclear join; the language pairs each join with its split.
    const inclusive = reports.filter((report) => report.rule === 'no-inclusive-gateway');
    for (const warning of inclusive) expect(parsed.elementsById[warning.id].$type).toBe('bpmn:InclusiveGateway');
    for (const warning of reports.filter((report) => report.category === 'warn' && !inclusive.includes(report))) {
      expect(warning.rule).toBe('fake-join');
      expect((parsed.elementsById[warning.id].incoming as unknown[]).length).toBeGreaterThan(1);
    }
  });

  it('draws no shape or label over another', () => {
    expect(diagramOverlaps(parsed.definitions)).toEqual([]);
  });

  it('runs no edge through a shape it does not connect', () => {
    expect(edgesThroughShapes(parsed.definitions)).toEqual([]);
  });

  it('parses back without warnings', () => {
    expect(parsed.warnings).toEqual([]);
  });
});

describe('the diagram of Haarlem v5', () => {
  let parsed: Awaited<ReturnType<typeof parse>>;
  const compiled = compileCommitted('haarlem-statushouders/v5.yaml');
  beforeAll(async () => {
    parsed = await parse(await exportToBpmn(compiled));
  });
  const planes = () => (parsed.definitions.diagrams as Array<{ plane: { bpmnElement: ModdleElement; planeElement: Array<{ bpmnElement: ModdleElement }> } }>).map((diagram) => diagram.plane);

  it('gives each collapsed sub-process its own plane, and draws its children only there', () => {
    const subProcesses = Object.values(compiled.nodes).filter((node) => node.kind === 'subProcess');
    expect(subProcesses.length).toBeGreaterThan(0);
    const [main, ...others] = planes();
    const onMain = new Set(main.planeElement.map((element) => element.bpmnElement.id));
    for (const subProcess of subProcesses) {
      const plane = others.find((candidate) => candidate.bpmnElement.id === subProcess.id)!;
      const drawn = new Set(plane.planeElement.map((element) => element.bpmnElement.id));
      for (const child of subProcess.childNodeIds) {
        expect(drawn).toContain(child);
        expect(onMain).not.toContain(child);
      }
    }
  });

  it('puts each wait in the lane of its roles and each service task in the Wegwijs lane', () => {
    const lanes = (parsed.elementsById.Wegwijs_LaneSet.lanes as Array<{ name: string; flowNodeRef: ModdleElement[] }>).map((lane) => ({
      name: lane.name,
      nodes: lane.flowNodeRef.map((node) => node.id),
    }));
    const laneOf = (id: string) => lanes.find((lane) => lane.nodes.includes(id))?.name;
    for (const node of Object.values(compiled.nodes).filter((candidate) => candidate.parentId === null)) {
      if (node.kind === 'milestoneWait') expect(laneOf(node.id)).toBe(node.roles.join(', '));
      if (node.kind === 'serviceTask') expect(laneOf(node.id)).toBe(SYSTEM_LANE);
      expect(laneOf(node.id)).toBeDefined();
    }
  });

  it('labels every flow node, and every flow with its name or condition', () => {
    for (const node of Object.values(compiled.nodes)) expect(String(parsed.elementsById[node.id].name ?? '').trim()).not.toBe('');
    for (const flow of Object.values(compiled.flows).filter((candidate) => candidate.condition)) {
      expect(parsed.elementsById[flow.id].name).toBe(flow.name ?? flow.condition);
    }
  });

  it('shows the legal clock as a data object with an annotation of its term, warnings and stops', () => {
    const reference = parsed.elementsById.Wegwijs_Clock_inburgeringstermijn;
    expect(reference.$type).toBe('bpmn:DataObjectReference');
    const note = parsed.elementsById.Wegwijs_ClockNote_inburgeringstermijn;
    expect(note.text).toContain('P3Y vanaf permitGrantedDate');
    expect(note.text).toContain('waarschuwt P12M, P6M, P3M, P1M vooraf');
    expect(note.text).toContain('stopt bij inburgering.diplomaObtained');
    expect(parsed.elementsById.Wegwijs_ClockLink_inburgeringstermijn.sourceRef).toBe(reference);
  });

  it('shows onCancellation as an interrupting event sub-process that runs the steps in order', () => {
    const cancellation = parsed.elementsById.Wegwijs_Cancellation;
    expect(cancellation).toMatchObject({ $type: 'bpmn:SubProcess', triggeredByEvent: true });
    const start = parsed.elementsById.Wegwijs_CancellationStart;
    expect((start.eventDefinitions as ModdleElement[])[0].$type).toBe('bpmn:MessageEventDefinition');
    const steps: string[] = [];
    for (let node = start; node; node = ((node.outgoing as ModdleElement[] | undefined)?.[0]?.targetRef as ModdleElement) ?? undefined) steps.push(node.id!);
    expect(steps).toEqual(['Wegwijs_CancellationStart', ...compiled.onCancellation!.map((step) => step.id), 'Wegwijs_CancellationEnd']);
  });
});

describe('the diagram checks', () => {
  const diagram = (shapes: string, edges = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="d" targetNamespace="t">
  <bpmn:process id="p"><bpmn:task id="a" name="A" /><bpmn:task id="b" name="B" /><bpmn:task id="c" name="C" />
    <bpmn:sequenceFlow id="f" sourceRef="a" targetRef="c" /></bpmn:process>
  <bpmndi:BPMNDiagram id="dd"><bpmndi:BPMNPlane id="pl" bpmnElement="p">${shapes}${edges}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
  const shape = (id: string, x: number, label?: string) =>
    `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x}" y="0" width="100" height="80" />${label ?? ''}</bpmndi:BPMNShape>`;

  it('finds shapes and labels on top of each other', async () => {
    const { definitions } = await parse(
      diagram(`${shape('a', 0)}${shape('b', 50, '<bpmndi:BPMNLabel><dc:Bounds x="400" y="0" width="50" height="20" /></bpmndi:BPMNLabel>')}${shape('c', 420)}`),
    );
    expect(diagramOverlaps(definitions)).toEqual(['a ~ b', 'c ~ b/label']);
  });

  it('finds an edge running through a third shape, not through its own ends', async () => {
    const edge = '<bpmndi:BPMNEdge id="f_di" bpmnElement="f"><di:waypoint x="100" y="40" /><di:waypoint x="400" y="40" /></bpmndi:BPMNEdge>';
    const { definitions } = await parse(diagram(`${shape('a', 0)}${shape('b', 200)}${shape('c', 400)}`, edge));
    expect(edgesThroughShapes(definitions)).toEqual(['f -> b']);
  });

  it('lets a segment touch a border without crossing', () => {
    expect(segmentCrossesBox({ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 10, y: 0, width: 20, height: 20 })).toBe(false);
    expect(segmentCrossesBox({ x: 0, y: 10 }, { x: 100, y: 10 }, { x: 10, y: 0, width: 20, height: 20 })).toBe(true);
  });
});
