/**
 * Lanes by role: a definition says which role owns a node (`lane`), the export draws one lane per
 * role in the definition's order, and the import gives a node moved between lanes in a modeler its
 * new lane while the nodes the export placed by itself stay without one.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { compileDefinitionSource } from '../compile/compile';
import { allProblems } from '../problems';
import { validateDefinitionSource } from '../validate/validate';
import { compileCommitted, committedRegistry, committedResolver } from './committed-definitions.fixture';
import { createWegwijsModdle, exportToBpmn, SYSTEM_LANE } from './export-bpmn';
import { importFromBpmn } from './import-bpmn';

const EXAMPLE = 'examples/support-offer.yaml';

async function lanesOf(xml: string): Promise<Array<{ name: string; nodes: string[] }>> {
  const { rootElement } = await createWegwijsModdle().fromXML(xml);
  const process = ((rootElement as ModdleElement).rootElements as ModdleElement[]).find((element) => element.$type === 'bpmn:Process')!;
  const lanes = (process.laneSets as ModdleElement[]).flatMap((set) => set.lanes as ModdleElement[]);
  return lanes.map((lane) => ({ name: String(lane.name), nodes: ((lane.flowNodeRef as ModdleElement[] | undefined) ?? []).map((node) => node.id!) }));
}

describe('lanes by role', () => {
  const compiled = compileCommitted(EXAMPLE);

  it('compiles the lane of each node, the lane order, and gives a human task without a role its lane’s role', () => {
    expect(compiled.lanes).toEqual(['klantmanager', 'schulddienstverlening', 'vluchtelingenwerk']);
    expect(compiled.nodes.homeVisit.lane).toBe('vluchtelingenwerk');
    expect(compiled.nodes.recordArranged.lane).toBeUndefined();
    // The human task's parts: the task opened for schulddienstverlening, its wait signalled by it.
    expect(compiled.nodes.debtCounselling).toMatchObject({ lane: 'schulddienstverlening', input: expect.objectContaining({ role: '"schulddienstverlening"' }) });
    expect(compiled.nodes['debtCounselling.wait']).toMatchObject({ lane: 'schulddienstverlening', roles: ['schulddienstverlening'] });
    expect(compiled.milestones?.['task.debtCounselling'].roles).toEqual(['schulddienstverlening']);
  });

  it('exports one lane per role in the order the definition gives, after the Wegwijs lane', async () => {
    const lanes = await lanesOf(await exportToBpmn(compiled));
    expect(lanes.map((lane) => lane.name)).toEqual([SYSTEM_LANE, 'klantmanager', 'schulddienstverlening', 'vluchtelingenwerk']);
    expect(lanes[1].nodes).toEqual(['start', 'intake', 'needs', 'languageCourse', 'needsMet']);
    expect(lanes[2].nodes).toEqual(['debtCounselling', 'debtCounselling.wait']);
    expect(lanes[3].nodes).toEqual(['homeVisit']);
    expect(lanes[0].nodes).toEqual(['recordArranged', 'done']);
  });

  it('keeps lanes a modeler user moved nodes into, and leaves the others as they were', async () => {
    const exported = await exportToBpmn(compiled);
    // In the modeler: the home visit dragged into the klantmanager lane, the end event into the vluchtelingenwerk lane.
    const edited = exported
      .replace('<bpmn:flowNodeRef>homeVisit</bpmn:flowNodeRef>', '<bpmn:flowNodeRef>done</bpmn:flowNodeRef>')
      .replace('<bpmn:flowNodeRef>done</bpmn:flowNodeRef>\n      </bpmn:lane>', '</bpmn:lane>')
      .replace('<bpmn:flowNodeRef>needsMet</bpmn:flowNodeRef>', '<bpmn:flowNodeRef>needsMet</bpmn:flowNodeRef>\n        <bpmn:flowNodeRef>homeVisit</bpmn:flowNodeRef>');
    const lanes = await lanesOf(edited);
    expect(lanes.find((lane) => lane.name === 'vluchtelingenwerk')!.nodes).toEqual(['done']);
    expect(lanes.find((lane) => lane.name === SYSTEM_LANE)!.nodes).toEqual(['recordArranged']);

    const imported = await importFromBpmn(edited);
    expect(imported.problems).toEqual([]);
    const again = compileDefinitionSource(imported.yaml!, committedRegistry, committedResolver);
    expect(again.nodes.homeVisit.lane).toBe('klantmanager');
    expect(again.nodes.done.lane).toBe('vluchtelingenwerk');
    expect(again.nodes.recordArranged.lane).toBeUndefined();
    expect(again.nodes.intake.lane).toBe('klantmanager');
    expect(again.lanes).toEqual(compiled.lanes);
  });

  it('takes lanes from a plain BPMN file as the roles they are named after', async () => {
    const plain = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">',
      '  <process id="Intake_Process" name="Brede intake">',
      '    <laneSet id="ls"><lane id="l1" name="klantmanager"><flowNodeRef>start</flowNodeRef><flowNodeRef>end</flowNodeRef></lane></laneSet>',
      '    <startEvent id="start" name="Aangemeld" />',
      '    <endEvent id="end" name="Klaar" />',
      '    <sequenceFlow id="f1" sourceRef="start" targetRef="end" />',
      '  </process>',
      '</definitions>',
    ].join('\n');
    const imported = await importFromBpmn(plain);
    expect(imported.definition!.nodes.map((node) => node.lane)).toEqual(['klantmanager', 'klantmanager']);
  });
});

describe('validating lanes', () => {
  const base = (extra: string, lane = 'klantmanager') => `key: fixture
version: 1
name: Fixture
${extra}nodes:
  - { id: start, kind: start, lane: ${lane} }
  - { id: visit, kind: milestoneWait, milestone: plan.agreed, roles: [wijkteam], lane: wijkteam }
  - { id: done, kind: end }
flows:
  - { source: start, target: visit }
  - { source: visit, target: done }
`;
  const codesOf = (text: string) => allProblems(validateDefinitionSource(text, { ...committedRegistry, milestones: { 'plan.agreed': { description: 'x' } } }).problems).map((problem) => `${problem.code} ${problem.message}`);

  it('knows the roles of human tasks, of milestones and of the steps in the definition', () => {
    expect(codesOf(base('lanes: [wijkteam, klantmanager]\n'))).toEqual([]);
  });

  it('suggests the nearest role for a lane it does not know, on a node and in the lane order', () => {
    expect(codesOf(base('lanes: [wijkteem]\n', 'klantmanger'))).toEqual([
      "UNKNOWN_ROLE lane 'wijkteem' is not a known role (did you mean 'wijkteam'?)",
      "UNKNOWN_ROLE lane 'klantmanger' is not a known role (did you mean 'klantmanager'?)",
    ]);
  });

  it('wants a role for a human task whose lane is no role a task can be for', () => {
    const text = `key: fixture
version: 1
name: Fixture
nodes:
  - { id: start, kind: start }
  - { id: evaluate, kind: humanTask, title: Evalueer de coaching, due: { within: P2W }, lane: beleid }
  - { id: done, kind: end }
flows:
  - { source: start, target: evaluate }
  - { source: evaluate, target: done }
`;
    expect(allProblems(validateDefinitionSource(text, committedRegistry).problems).map((problem) => problem.code)).toEqual(['MISSING_ROLE']);
    expect(validateDefinitionSource(text.replace('lane: beleid', 'lane: beleid, role: supervisor'), committedRegistry).problems).toEqual([]);
    // A role the definition declares is one a task can be for.
    expect(validateDefinitionSource(text.replace('nodes:', 'roles: { jobcoach: { name: Jobcoach } }\nnodes:').replace('lane: beleid', 'lane: jobcoach'), committedRegistry).problems).toEqual([]);
    // A typo: the lane is no role at all. That is the one problem, with the nearest name.
    const typo = allProblems(validateDefinitionSource(text.replace('lane: beleid', 'lane: schuldhulpverlening'), committedRegistry).problems);
    expect(typo.map((problem) => [problem.code, problem.suggestions ?? []])).toEqual([['UNKNOWN_ROLE', ['schulddienstverlening']]]);
  });
});
