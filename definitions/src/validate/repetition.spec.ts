import { fixtureRegistry } from '../../test-fixtures/fixture-registry';
import { validateDefinitionSource } from './validate';

/** A definition with one service task carrying `repetition` (YAML flow mapping keys) and `input`. */
const withRepeatedTask = (repetition: string, input = '{}') => `key: fixture
version: 1
name: Fixture
facts:
  housingDate: { type: date, required: true }
  members: { type: string }
  children: { type: number }
nodes:
  - { id: start, kind: start }
  - { id: note, kind: serviceTask, activity: recordTrajectoryEvent, timeout: PT30S, input: ${input}, ${repetition} }
  - { id: done, kind: end }
flows:
  - { source: start, target: note }
  - { source: note, target: done }
`;

const problemsOf = (repetition: string, input?: string) =>
  validateDefinitionSource(withRepeatedTask(repetition, input), fixtureRegistry).problems.map((problem) => `${problem.code} ${problem.line}:${problem.column}`);

describe('validating multi-instance and recurring steps', () => {
  it.each([
    ['multiInstance: { count: 3 }'],
    ['multiInstance: { count: children + 1, sequential: true }'],
    ['multiInstance: { collection: \'split(members, ",")\' }'],
    ['multiInstance: { collection: \'["partner", "kind"]\', completionCondition: nrOfCompletedInstances >= 1 }'],
    ['recurrence: { every: P1M, times: 12, from: housingDate + duration("P1M") }'],
  ])('accepts %s', (repetition) => {
    expect(problemsOf(repetition)).toEqual([]);
  });

  // Each problem points at the value it is about (at the key, for a part that is missing or one too many).
  it.each([
    ['multiInstance: { count: \'"drie"\' }', 'MULTI_INSTANCE_COUNT_NOT_A_NUMBER', `'"drie"'`],
    ['multiInstance: { count: housingDate }', 'MULTI_INSTANCE_COUNT_NOT_A_NUMBER', 'housingDate'],
    ['multiInstance: { collection: children }', 'MULTI_INSTANCE_COLLECTION_NOT_A_LIST', 'children'],
    ['multiInstance: { collection: \'"partner"\' }', 'MULTI_INSTANCE_COLLECTION_NOT_A_LIST', `'"partner"'`],
    ['multiInstance: { sequential: true }', 'MULTI_INSTANCE_SOURCE', 'multiInstance'],
    ['multiInstance: { count: 2, collection: \'["a"]\' }', 'MULTI_INSTANCE_SOURCE', 'collection'],
    ['multiInstance: { count: 2 }, recurrence: { every: P1M, times: 2 }', 'MULTI_INSTANCE_AND_RECURRENCE', 'recurrence'],
    ['multiInstance: { count: 2, completionCondition: nrOfCompletedInstances }', 'FEEL_TYPE_MISMATCH', 'nrOfCompletedInstances'],
    ['recurrence: { every: PT1H, times: 2 }', 'INVALID_DURATION', 'PT1H'],
    ['recurrence: { every: P1M, times: 2, from: members }', 'FEEL_TYPE_MISMATCH', 'members }'],
    ['multiInstance: { count: true }', 'SCHEMA_VIOLATION', 'true'],
    ['recurrence: { every: P1M }', 'SCHEMA_VIOLATION', '{ every'],
  ])('rejects %s with %s at %s', (repetition, code, at) => {
    const line = withRepeatedTask(repetition).split('\n')[9];
    expect(problemsOf(repetition)).toContain(`${code} 10:${line.lastIndexOf(at) + 1}`);
  });

  it('lets the input of a repeated step read item, loopCounter and nrOfInstances, and no other step', () => {
    const input = '{ eventType: \'"note " + string(loopCounter) + " of " + string(nrOfInstances) + ": " + item\' }';
    expect(problemsOf('multiInstance: { collection: \'["a", "b"]\' }', input)).toEqual([]);
    expect(problemsOf('recurrence: { every: P1M, times: 2 }', input)).toEqual([]);
    expect(problemsOf('retry: once', input)).toEqual(expect.arrayContaining([expect.stringMatching(/^FEEL_UNKNOWN_NAME/)]));
  });

  it('lets the nodes inside a repeated sub-process read them too', () => {
    const text = `key: fixture
version: 1
name: Fixture
nodes:
  - { id: start, kind: start }
  - id: monthly
    kind: subProcess
    recurrence: { every: P1M, times: 3 }
    nodes:
      - { id: monthlyStart, kind: start }
      - { id: note, kind: serviceTask, activity: recordTrajectoryEvent, timeout: PT30S, input: { eventType: '"month " + string(loopCounter)' } }
      - { id: monthlyEnd, kind: end }
    flows:
      - { source: monthlyStart, target: note }
      - { source: note, target: monthlyEnd }
  - { id: done, kind: end }
flows:
  - { source: start, target: monthly }
  - { source: monthly, target: done }
`;
    expect(validateDefinitionSource(text, fixtureRegistry).problems).toEqual([]);
  });
});
