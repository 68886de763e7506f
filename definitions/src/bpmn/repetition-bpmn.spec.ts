import { compileDefinitionSource } from '../compile/compile';
import { compileCommitted, committedRegistry } from './committed-definitions.fixture';
import { exportToBpmn } from './export-bpmn';
import { importFromBpmn } from './import-bpmn';

describe('multi-instance and recurring steps in BPMN', () => {
  let xml: string;
  beforeAll(async () => {
    xml = await exportToBpmn(compileCommitted('examples/household-check-ins.yaml'));
  });

  it('exports a multi-instance step as a sub-process with multiInstanceLoopCharacteristics, the collection on wegwijs:loop', () => {
    expect(xml).toMatch(/<bpmn:subProcess id="meetMember"[^>]*>\s*<bpmn:extensionElements>\s*<wegwijs:loop collection="split\(householdMembers, &#34;,&#34;\)" \/>/);
    expect(xml).toMatch(/<bpmn:subProcess id="welcome"[\s\S]*?<bpmn:multiInstanceLoopCharacteristics isSequential="true">\s*<bpmn:loopCardinality xsi:type="bpmn:tFormalExpression">=2<\/bpmn:loopCardinality>/);
  });

  it('exports a recurring step as a sub-process with a standard loop of its cycles, the cycle on wegwijs:loop', () => {
    expect(xml).toMatch(/<bpmn:subProcess id="checkIn"[\s\S]*?<wegwijs:loop every="P1M" times="12" from="startDate \+ duration\(&#34;P1M&#34;\)" completionCondition="foundWork = true" \/>[\s\S]*?<bpmn:standardLoopCharacteristics loopMaximum="12" \/>/);
  });

  describe('importing loop characteristics drawn in a modeler on a plain task', () => {
    const modelled = (loop: string) =>
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:wegwijs="https://wegwijs.nl/schema/bpmn/1.0" id="d" targetNamespace="x">',
        '  <process id="Notes" name="notities">',
        '    <extensionElements><wegwijs:definition key="notities" version="1" name="Notities" /></extensionElements>',
        '    <startEvent id="start" />',
        '    <serviceTask id="note" name="Notitie">',
        '      <extensionElements><wegwijs:activity name="notifyKlantmanager" timeout="PT1M"><wegwijs:mapping direction="input" name="message" expression="&#34;Notitie &#34; + string(loopCounter)" /></wegwijs:activity></extensionElements>',
        `      ${loop}`,
        '    </serviceTask>',
        '    <endEvent id="done" />',
        '    <sequenceFlow id="f1" sourceRef="start" targetRef="note" />',
        '    <sequenceFlow id="f2" sourceRef="note" targetRef="done" />',
        '  </process>',
        '</definitions>',
      ].join('\n');

    it('makes a sequential multi-instance service task of it, which compiles', async () => {
      const imported = await importFromBpmn(
        modelled('<multiInstanceLoopCharacteristics isSequential="true"><loopCardinality>=3</loopCardinality><completionCondition>=nrOfCompletedInstances &gt;= 2</completionCondition></multiInstanceLoopCharacteristics>'),
      );
      expect(imported.problems).toEqual([]);
      expect(imported.definition?.nodes.find((node) => node.id === 'note')).toMatchObject({ kind: 'serviceTask', multiInstance: { sequential: true, count: '3', completionCondition: 'nrOfCompletedInstances >= 2' } });
      const compiled = compileDefinitionSource(imported.yaml!, committedRegistry);
      expect(compiled.nodes.note).toMatchObject({ kind: 'multiInstance', loop: { type: 'sequential', count: '3', completionCondition: 'nrOfCompletedInstances >= 2' } });
    });

    it('reports a standard loop without a wegwijs:loop cycle, at its element', async () => {
      const imported = await importFromBpmn(modelled('<standardLoopCharacteristics loopMaximum="3" />'));
      expect(imported.problems).toEqual([expect.objectContaining({ code: 'BPMN_UNSUPPORTED_ELEMENT', elementId: 'note', line: 6 })]);
    });
  });
});
