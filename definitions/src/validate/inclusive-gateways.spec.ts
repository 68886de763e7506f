import { fixtureRegistry } from '../../test-fixtures/fixture-registry';
import { compileDefinitionSource } from '../compile/compile';
import { allProblems } from '../problems';
import { validateDefinitionSource } from './validate';

const definition = (nodes: string, flows: string) =>
  `key: fixture
version: 1
name: Fixture
facts:
  age: { type: number }
  consent: { type: boolean }
  route: { type: string, values: [werk, onderwijs] }
nodes:
  - { id: start, kind: start }
${nodes}
  - { id: done, kind: end }
flows:
  - { source: start, target: needs }
${flows}
`;

const codesOf = (text: string) => allProblems(validateDefinitionSource(text, fixtureRegistry).problems).map((problem) => `${problem.code} ${problem.nodeId ?? ''}`.trim());

const THREE_WAYS = definition(
  `  - { id: needs, kind: inclusiveGateway }
  - { id: intake, kind: milestoneWait, milestone: intake.completed, roles: [klantmanager] }
  - { id: plan, kind: milestoneWait, milestone: plan.agreed, roles: [klantmanager] }
  - { id: diploma, kind: milestoneWait, milestone: diploma.obtained, roles: [klantmanager] }
  - { id: needsMet, kind: inclusiveGateway }`,
  `  - { source: needs, target: intake, condition: age < 30 }
  - { source: needs, target: plan, condition: route = "werk" }
  - { source: needs, target: diploma, condition: consent }
  - { source: needs, target: needsMet, default: true }
  - { source: intake, target: needsMet }
  - { source: plan, target: needsMet }
  - { source: diploma, target: needsMet }
  - { source: needsMet, target: done }`,
);

describe('an inclusive gateway', () => {
  it('validates as a split with conditions and a default, paired with the join its branches meet at', () => {
    expect(codesOf(THREE_WAYS)).toEqual([]);
    const compiled = compileDefinitionSource(THREE_WAYS, fixtureRegistry);
    expect(compiled.nodes.needs).toMatchObject({ kind: 'inclusiveGateway', defaultFlowId: 'Flow_needs_needsMet', joinId: 'needsMet' });
    expect(compiled.nodes.needsMet).toMatchObject({ kind: 'inclusiveGateway', defaultFlowId: null, joinId: null });
    expect(compiled.flows.Flow_needs_intake.condition).toBe('age < 30');
  });

  it('pairs a join with its nearest split when branches nest and choose inside', () => {
    const nested = definition(
      `  - { id: needs, kind: inclusiveGateway }
  - { id: inner, kind: inclusiveGateway }
  - { id: intake, kind: milestoneWait, milestone: intake.completed, roles: [klantmanager] }
  - { id: plan, kind: milestoneWait, milestone: plan.agreed, roles: [klantmanager] }
  - { id: innerMet, kind: inclusiveGateway }
  - { id: which, kind: exclusiveGateway }
  - { id: diploma, kind: milestoneWait, milestone: diploma.obtained, roles: [klantmanager] }
  - { id: merge, kind: exclusiveGateway }
  - { id: needsMet, kind: inclusiveGateway }`,
      `  - { source: needs, target: inner, condition: age < 30 }
  - { source: needs, target: which, default: true }
  - { source: inner, target: intake, condition: consent }
  - { source: inner, target: plan }
  - { source: intake, target: innerMet }
  - { source: plan, target: innerMet }
  - { source: innerMet, target: needsMet }
  - { source: which, target: diploma, condition: route = "werk" }
  - { source: which, target: merge, default: true }
  - { source: diploma, target: merge }
  - { source: merge, target: needsMet }
  - { source: needsMet, target: done }`,
    );
    expect(codesOf(nested)).toEqual([]);
    const compiled = compileDefinitionSource(nested, fixtureRegistry);
    expect(compiled.nodes.needs).toMatchObject({ joinId: 'needsMet' });
    expect(compiled.nodes.inner).toMatchObject({ joinId: 'innerMet' });
  });

  it('refuses a join whose branches do not match its split one to one', () => {
    const twoIntoOne = THREE_WAYS.replace('{ source: diploma, target: needsMet }', '{ source: diploma, target: plan }');
    expect(codesOf(twoIntoOne)).toContain('INCLUSIVE_JOIN_UNPAIRED needsMet');
    const message = validateDefinitionSource(twoIntoOne, fixtureRegistry).problems.find((problem) => problem.code === 'INCLUSIVE_JOIN_UNPAIRED')!.message;
    expect(message).toContain("split 'needs' has 4 outgoing flows but the join has 3 incoming");
    const bypass = THREE_WAYS.replace('{ source: diploma, target: needsMet }', '{ source: diploma, target: done }');
    expect(codesOf(bypass)).toContain('INCLUSIVE_JOIN_UNPAIRED needsMet');
  });

  it('refuses a gateway that both joins and splits', () => {
    const mixed = THREE_WAYS.replace('{ source: needsMet, target: done }', '{ source: needsMet, target: done, condition: consent }\n  - { source: needsMet, target: start2 }').replace(
      '  - { id: done, kind: end }',
      '  - { id: done, kind: end }\n  - { id: start2, kind: end }',
    );
    expect(codesOf(mixed)).toContain('INCLUSIVE_JOIN_UNPAIRED needsMet');
  });

  it('type-checks its conditions as the exclusive gateway does', () => {
    const wrong = THREE_WAYS.replace('condition: age < 30', 'condition: age == 30').replace('condition: consent', 'condition: route');
    expect(codesOf(wrong)).toEqual(expect.arrayContaining(['FEEL_DOUBLE_EQUALS Flow_needs_intake', 'FEEL_TYPE_MISMATCH Flow_needs_diploma']));
  });

  it('needs a default only when every way can be closed; a way without condition is always taken', () => {
    const withoutDefault = THREE_WAYS.replace('  - { source: needs, target: needsMet, default: true }\n', '');
    expect(codesOf(withoutDefault)).toEqual(['INCLUSIVE_GATEWAY_WITHOUT_DEFAULT needs']);
    const alwaysOne = withoutDefault.replace('{ source: needs, target: intake, condition: age < 30 }', '{ source: needs, target: intake }');
    expect(codesOf(alwaysOne)).toEqual([]);
  });

  it('is a split whose choice a parallel join cannot wait for', () => {
    const parallelJoin = THREE_WAYS.replace('{ id: needsMet, kind: inclusiveGateway }', '{ id: needsMet, kind: parallelGateway }');
    expect(codesOf(parallelJoin)).toContain('PARALLEL_JOIN_DEADLOCK needsMet');
  });
});
