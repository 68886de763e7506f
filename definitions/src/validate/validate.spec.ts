import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleCapabilities } from '../../examples/capabilities';
import { haarlemCapabilities } from '../../haarlem-statushouders/capabilities';
import { fixtureRegistry } from '../../test-fixtures/fixture-registry';
import { PROBLEM_CODES } from '../problems';
import { SOURCE_LIMITS } from '../source/parse-source';
import { validateDefinitionSource } from './validate';

const fixturesDirectory = join(__dirname, '../../test-fixtures/invalid');
const fixtureFiles = readdirSync(fixturesDirectory).filter((file) => file.endsWith('.yaml'));
const read = (path: string) => readFileSync(join(__dirname, '../..', path), 'utf8');

/** Each fixture's first line says what it must produce: `# expect: CODE at line:column on nodeId`. */
function expectationOf(text: string) {
  const match = /^# expect: (\w+) at (\d+):(\d+)(?: on (\S+))?$/m.exec(text);
  if (!match) throw new Error('fixture has no "# expect:" line');
  return { code: match[1], line: Number(match[2]), column: Number(match[3]), nodeId: match[4] };
}

const definition = (body: string) =>
  `key: fixture\nversion: 1\nname: Fixture\nfacts:\n  age: { type: number }\n  consent: { type: boolean }\n  route: { type: string, values: [werk, onderwijs] }\n${body}`;

describe('validating definitions', () => {
  it.each(fixtureFiles)('reports the code, position and node that %s names', (file) => {
    const text = readFileSync(join(fixturesDirectory, file), 'utf8');
    const expected = expectationOf(text);
    expect(file).toBe(`${expected.code}.yaml`);
    const { problems } = validateDefinitionSource(text, fixtureRegistry);
    expect(problems).toContainEqual(
      expect.objectContaining({ code: expected.code, line: expected.line, column: expected.column, ...(expected.nodeId ? { nodeId: expected.nodeId } : {}) }),
    );
  });

  it('has a fixture for every problem code except the 1 MiB one, which the next test generates', () => {
    const covered = fixtureFiles.map((file) => file.replace('.yaml', ''));
    expect(PROBLEM_CODES.filter((code) => !covered.includes(code))).toEqual(['INPUT_TOO_LARGE']);
  });

  it('refuses a file over the size limit before parsing it', () => {
    const huge = `key: x\n# ${'x'.repeat(SOURCE_LIMITS.maxBytes)}\n`;
    const started = Date.now();
    const { problems } = validateDefinitionSource(huge, fixtureRegistry);
    expect(problems).toEqual([expect.objectContaining({ code: 'INPUT_TOO_LARGE', line: 1, column: 1 })]);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('refuses a nesting bomb within the size limit quickly', () => {
    const depth = SOURCE_LIMITS.maxBytes / 2 - 10;
    const started = Date.now();
    const { problems } = validateDefinitionSource(`a: ${'['.repeat(depth)}${']'.repeat(depth)}`, fixtureRegistry);
    expect(problems.map((problem) => problem.code)).toEqual(['NESTING_TOO_DEEP']);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses deeply nested block mappings that hide from the bracket scan', () => {
    const lines = Array.from({ length: SOURCE_LIMITS.maxDepth + 5 }, (_, level) => `${'  '.repeat(level)}k${level}:`).join('\n');
    const { problems } = validateDefinitionSource(`${lines} leaf\n`, fixtureRegistry);
    expect(problems.map((problem) => problem.code)).toEqual(['NESTING_TOO_DEEP']);
  });

  it('refuses an alias bomb in bounded time', () => {
    const started = Date.now();
    const { problems } = validateDefinitionSource(readFileSync(join(fixturesDirectory, 'ALIAS_LIMIT_EXCEEDED.yaml'), 'utf8'), fixtureRegistry);
    expect(problems.map((problem) => problem.code)).toEqual(['ALIAS_LIMIT_EXCEEDED']);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('returns every graph, reference and expression problem at once, sorted by position, cascades under their cause', () => {
    const { problems } = validateDefinitionSource(
      definition(`nodes:
  - { id: start, kind: start }
  - { id: task, kind: serviceTask, activity: unknownActivity, timeout: PT1M, input: { a: 'nonsense +' } }
  - { id: task, kind: end }
  - { id: orphan, kind: milestoneWait, milestone: unknown.milestone, roles: [klantmanager] }
flows:
  - { source: start, target: task }
  - { source: task, target: missing }
`),
      fixtureRegistry,
    );
    expect(problems.map((problem) => [problem.code, problem.nodeId, problem.line])).toEqual([
      ['UNKNOWN_ACTIVITY', 'task', 10],
      ['FEEL_SYNTAX', 'task', 10],
      ['DUPLICATE_ID', 'task', 11],
      ['UNKNOWN_MILESTONE', 'orphan', 12],
      ['DANGLING_FLOW', 'Flow_task_missing', 15],
    ]);
    expect(problems[4].consequences?.map((problem) => [problem.code, problem.nodeId, problem.line])).toEqual([
      ['NO_PATH_TO_END', 'orphan', 12],
      ['UNREACHABLE_NODE', 'orphan', 12],
    ]);
  });

  it('accepts an exclusive gateway without default when its conditions cover every value of one fact', () => {
    const gateway = (conditions: string[]) =>
      definition(`nodes:
  - { id: start, kind: start }
  - { id: choose, kind: exclusiveGateway }
${conditions.map((_, i) => `  - { id: end${i}, kind: end }`).join('\n')}
flows:
  - { source: start, target: choose }
${conditions.map((condition, i) => `  - { source: choose, target: end${i}, condition: '${condition}' }`).join('\n')}
`);
    const codes = (conditions: string[]) => validateDefinitionSource(gateway(conditions), fixtureRegistry).problems.map((problem) => problem.code);
    expect(codes(['consent', 'not(consent)'])).toEqual([]);
    expect(codes(['route = "werk"', 'route = "onderwijs"'])).toEqual([]);
    expect(codes(['route = "werk"', 'consent'])).toEqual(['EXCLUSIVE_GATEWAY_WITHOUT_DEFAULT']);
    expect(codes(['route = "werk"'])).toEqual([]); // one way out: a pass-through, nothing to choose
  });

  it('does not call a join of parallel branches a deadlock, even when a branch contains a choice', () => {
    const { problems } = validateDefinitionSource(
      definition(`nodes:
  - { id: start, kind: start }
  - { id: split, kind: parallelGateway }
  - { id: choose, kind: exclusiveGateway }
  - { id: merge, kind: exclusiveGateway }
  - { id: a, kind: milestoneWait, milestone: intake.completed, roles: [klantmanager] }
  - { id: b, kind: milestoneWait, milestone: plan.agreed, roles: [klantmanager] }
  - { id: join, kind: parallelGateway }
  - { id: done, kind: end }
flows:
  - { source: start, target: split }
  - { source: split, target: choose }
  - { source: choose, target: a, condition: consent }
  - { source: choose, target: merge, default: true }
  - { source: a, target: merge }
  - { source: split, target: b }
  - { source: merge, target: join }
  - { source: b, target: join }
  - { source: join, target: done }
`),
      fixtureRegistry,
    );
    expect(problems).toEqual([]);
  });

  it('checks a sub-process as its own scope: its start, its end, and no flows across its border', () => {
    const { problems } = validateDefinitionSource(
      definition(`nodes:
  - { id: start, kind: start }
  - id: inner
    kind: subProcess
    nodes:
      - { id: innerWait, kind: milestoneWait, milestone: intake.completed, roles: [klantmanager] }
    flows: []
  - { id: done, kind: end }
flows:
  - { source: start, target: inner }
  - { source: inner, target: done }
  - { id: across, source: start, target: innerWait }
`),
      fixtureRegistry,
    );
    expect(problems.map((problem) => [problem.code, problem.nodeId])).toEqual(
      expect.arrayContaining([
        ['MISSING_START', 'inner'],
        ['MISSING_END', 'inner'],
        ['DANGLING_FLOW', 'across'],
      ]),
    );
  });

  it('checks legal clocks: calendar terms, FEEL start, known milestones and activity', () => {
    const { problems } = validateDefinitionSource(
      definition(`nodes:
  - { id: start, kind: start }
  - { id: done, kind: end }
flows:
  - { source: start, target: done }
legalClocks:
  - id: clock
    name: Term
    start: permitDate
    term: PT72H
    warnings: [P1M]
    stopOn: [diploma.obtained, diploma.unknown]
    notifyActivity: warnSomebody
`),
      fixtureRegistry,
    );
    expect(problems.map((problem) => [problem.code, problem.nodeId, problem.line])).toEqual([
      ['FEEL_UNKNOWN_NAME', 'clock', 16],
      ['INVALID_DURATION', 'clock', 17],
      ['UNKNOWN_MILESTONE', 'clock', 19],
      ['UNKNOWN_ACTIVITY', 'clock', 20],
    ]);
  });

  it('accepts the example and the Haarlem definition', () => {
    expect(validateDefinitionSource(read('examples/minimal.yaml'), exampleCapabilities).problems).toEqual([]);
    expect(validateDefinitionSource(read('haarlem-statushouders/v1.yaml'), haarlemCapabilities).problems).toEqual([]);
  });

  it('rejects a FEEL duration with weeks, which feelin would silently turn into null', () => {
    const { problems } = validateDefinitionSource(
      definition(`nodes:
  - { id: start, kind: start }
  - { id: wait, kind: timer, date: 'date("2020-01-01") + duration("P6W")' }
  - { id: done, kind: end }
flows:
  - { source: start, target: wait }
  - { source: wait, target: done }
`),
      fixtureRegistry,
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'INVALID_DURATION', nodeId: 'wait', line: 10 })]);
  });
});

describe('validating a definition with shape problems', () => {
  it('still reports graph problems when ids, kinds and flow ends are sound', () => {
    const { problems, definition } = validateDefinitionSource(
      `key: fixture
version: 1
name: Fixture
nodes:
  - { id: start, kind: start }
  - { id: record, kind: serviceTask, activity: recordTrajectoryEvent }
  - { id: done, kind: end }
flows:
  - { source: start, target: record }
  - { source: record, target: nowhere }
`,
      fixtureRegistry,
    );
    expect(definition).toBeNull();
    expect(problems.map((problem) => [problem.code, problem.nodeId])).toEqual([
      ['SCHEMA_VIOLATION', 'record'],
      ['DANGLING_FLOW', 'Flow_record_nowhere'],
    ]);
    expect(problems[1].consequences?.map((problem) => [problem.code, problem.nodeId])).toEqual([
      ['NO_PATH_TO_END', 'start'],
      ['NO_PATH_TO_END', 'record'],
      ['UNREACHABLE_NODE', 'done'],
    ]);
  });

  it('reports only shape problems when the skeleton itself is broken', () => {
    const { problems } = validateDefinitionSource('key: fixture\nversion: 1\nname: Fixture\nnodes: { start: 1 }\nflows: []\n', fixtureRegistry);
    expect(problems.map((problem) => problem.code)).toEqual(['SCHEMA_VIOLATION']);
  });
});

describe("what a policy officer gets wrong, caught before it runs", () => {
  const withHousingDate = (body: string) => definition(body).replace('facts:\n', 'facts:\n  housingDate: { type: date }\n');
  const codesAndSuggestions = (body: string) =>
    validateDefinitionSource(withHousingDate(body), fixtureRegistry).problems.map((problem) => [problem.code, problem.suggestions ?? []]);

  it("puts a dangling flow's one real error first, with the reachability errors it causes folded under it", () => {
    const chain = Array.from({ length: 4 }, (_, i) => `  - { id: step${i}, kind: timer, duration: P1D }`).join('\n');
    const { problems } = validateDefinitionSource(
      definition(`nodes:
  - { id: start, kind: start }
${chain}
  - { id: done, kind: end }
flows:
  - { source: start, target: step0 }
  - { source: step0, target: stpe1 }
  - { source: step1, target: step2 }
  - { source: step2, target: step3 }
  - { source: step3, target: done }
`),
      fixtureRegistry,
    );
    expect(problems.map((problem) => [problem.code, problem.suggestions])).toEqual([['DANGLING_FLOW', ['step1']]]);
    expect(problems[0].message).toContain("did you mean 'step1'?");
    expect(problems[0].consequences?.map((problem) => `${problem.code} ${problem.nodeId}`).sort()).toEqual(
      ['NO_PATH_TO_END start', 'NO_PATH_TO_END step0', 'UNREACHABLE_NODE done', 'UNREACHABLE_NODE step1', 'UNREACHABLE_NODE step2', 'UNREACHABLE_NODE step3'].sort(),
    );
  });

  it('suggests the nearest names for every unknown activity, milestone, fact, FEEL name and payload field', () => {
    expect(
      codesAndSuggestions(`nodes:
  - { id: start, kind: start }
  - { id: note, kind: serviceTask, activity: recordTrajectoryEvnt, timeout: PT1M, output: { rout: '"werk"', age: 'ag + 1' } }
  - { id: intake, kind: milestoneWait, milestone: intake.complete, roles: [klantmanager] }
  - { id: plan, kind: milestoneWait, milestone: plan.agreed, roles: [klantmanager], output: { route: payload.rout } }
  - { id: later, kind: timer, duration: P1M }
  - { id: done, kind: end }
flows:
  - { source: start, target: note }
  - { source: note, target: intake }
  - { source: intake, target: plan }
  - { source: plan, target: later }
  - { source: later, target: done }
`),
    ).toEqual([
      ['UNKNOWN_ACTIVITY', ['recordTrajectoryEvent']],
      ['UNKNOWN_FACT', ['route']],
      ['FEEL_UNKNOWN_NAME', ['age']],
      ['UNKNOWN_MILESTONE', ['intake.completed']],
      ['UNKNOWN_PAYLOAD_FIELD', ['route']],
    ]);
  });

  it('finds FEEL that parses but is not what was meant, from the declared types of the facts', () => {
    const gateway = (condition: string) =>
      codesAndSuggestions(`nodes:
  - { id: start, kind: start }
  - { id: choose, kind: exclusiveGateway }
  - { id: a, kind: end }
  - { id: b, kind: end }
flows:
  - { source: start, target: choose }
  - { source: choose, target: a, condition: '${condition}' }
  - { source: choose, target: b, default: true }
`).map(([code]) => code);
    expect(gateway('route == "werk"')).toEqual(['FEEL_DOUBLE_EQUALS']);
    expect(gateway('housingDate < "2020-01-01"')).toEqual(['FEEL_TYPE_MISMATCH']);
    expect(gateway('age')).toEqual(['FEEL_TYPE_MISMATCH']); // a number is no condition
    expect(gateway('age = "30"')).toEqual(['FEEL_TYPE_MISMATCH']);
    expect(gateway('housingDate + duration("P1M")')).toEqual(['FEEL_TYPE_MISMATCH']);
    // What is meant passes
    expect(gateway('route = "werk"')).toEqual([]);
    expect(gateway('housingDate < date("2020-01-01") and (age > 30 or consent)')).toEqual([]);
    expect(gateway('housingDate + duration("P1M") < date("2020-01-01")')).toEqual([]);
    expect(gateway('not(consent)')).toEqual([]);
  });

  it('checks service task inputs and result fields against what the activity declares', () => {
    const task = (input: string, output = '{}') =>
      codesAndSuggestions(`nodes:
  - { id: start, kind: start }
  - { id: fetch, kind: serviceTask, activity: fetchProfile, timeout: PT1M, input: ${input}, output: ${output} }
  - { id: done, kind: end }
flows:
  - { source: start, target: fetch }
  - { source: fetch, target: done }
`);
    expect(task("{ source: '\"coa\"', since: housingDate }", '{ consent: result.complete, age: result.score }')).toEqual([]);
    expect(task("{ source: '\"coa\"', sinse: housingDate }")).toEqual([['UNKNOWN_INPUT', ['since']]]);
    expect(task('{ since: housingDate }')).toEqual([['MISSING_INPUT', []]]);
    expect(task("{ source: '\"coa\"' }", '{ consent: result.completed }')).toEqual([['UNKNOWN_RESULT_FIELD', ['complete']]]);
  });

  it("takes the definition's own milestones like the catalogue's, with their payload types", () => {
    const own = (milestones: string, output: string) =>
      codesAndSuggestions(`roles:
  jobcoach: { name: Jobcoach }
milestones:
${milestones}
nodes:
  - { id: start, kind: start }
  - { id: checkIn, kind: milestoneWait, milestone: checkIn.held, roles: [jobcoach], output: ${output} }
  - { id: done, kind: end }
flows:
  - { source: start, target: checkIn }
  - { source: checkIn, target: done }
`).map(([code]) => code);
    const declared = `  checkIn.held:
    description: A monthly check-in took place
    roles: [jobcoach, klantmanager]
    payload:
      attended: { type: boolean, required: true }
      outcome: { type: string, values: [werk, onderwijs] }`;
    expect(own(declared, '{ consent: payload.attended, route: payload.outcome }')).toEqual([]);
    expect(own(declared, '{ consent: payload.atended }')).toEqual(['UNKNOWN_PAYLOAD_FIELD']);
    expect(own(declared.replace('[jobcoach, klantmanager]', '[klantmanager]'), '{}')).toEqual(['ROLE_NOT_ALLOWED']);
    expect(own('  intake.completed: { description: Redefines the catalogue }', '{}')).toEqual(['DUPLICATE_ID', 'UNKNOWN_MILESTONE']);
  });
});

describe('error, clock-expiry and escalation events', () => {
  const withBody = (body: string) =>
    definition(`legalClocks:
  - { id: inburgering, name: Inburgeringstermijn, start: date("2027-01-01"), term: P3Y, stopOn: [diploma.obtained] }
${body}`);

  it('suggests the error codes the activity declares for a misspelt one', () => {
    const { problems } = validateDefinitionSource(
      withBody(`nodes:
  - { id: start, kind: start }
  - { id: fetch, kind: serviceTask, activity: fetchProfile, timeout: PT1M, input: { source: '"coa"' }, boundaryEvents: [{ id: missing, kind: error, errorCode: ProfileNotFund }] }
  - { id: done, kind: end }
flows:
  - { source: start, target: fetch }
  - { source: fetch, target: done }
  - { source: missing, target: done }
`),
      fixtureRegistry,
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'UNKNOWN_ERROR_CODE', nodeId: 'missing', suggestions: ['ProfileNotFound'], message: expect.stringContaining('it raises: ProfileNotFound') })]);
  });

  it('takes the codes of every step inside a sub-process, and a catch-all error event anywhere an activity runs', () => {
    const { problems } = validateDefinitionSource(
      withBody(`nodes:
  - { id: start, kind: start }
  - id: sub
    kind: subProcess
    nodes:
      - { id: subStart, kind: start }
      - { id: fetch, kind: serviceTask, activity: fetchProfile, timeout: PT1M, input: { source: '"coa"' }, boundaryEvents: [{ id: anyFailure, kind: error }] }
      - { id: subEnd, kind: end }
    flows:
      - { source: subStart, target: fetch }
      - { source: fetch, target: subEnd }
      - { source: anyFailure, target: subEnd }
    boundaryEvents: [{ id: notFound, kind: error, errorCode: ProfileNotFound }, { id: expired, kind: clockExpired, clock: inburgering, interrupting: false }]
  - { id: waitForEnd, kind: clockExpired, clock: inburgering }
  - { id: done, kind: end }
flows:
  - { source: start, target: sub }
  - { source: sub, target: waitForEnd }
  - { source: waitForEnd, target: done }
  - { source: notFound, target: done }
  - { source: expired, target: done }
`),
      fixtureRegistry,
    );
    expect(problems).toEqual([]);
  });

  it('refuses an interrupting flag on an error event and an unknown escalation role', () => {
    const { problems } = validateDefinitionSource(
      withBody(`nodes:
  - { id: start, kind: start }
  - { id: fetch, kind: serviceTask, activity: fetchProfile, timeout: PT1M, input: { source: '"coa"' }, boundaryEvents: [{ id: failed, kind: error, interrupting: false }] }
  - { id: check, kind: humanTask, role: klantmanager, title: Controleer het profiel, due: { within: P1W }, escalate: { to: teamleider } }
  - { id: done, kind: end }
flows:
  - { source: start, target: fetch }
  - { source: fetch, target: check }
  - { source: check, target: done }
  - { source: failed, target: done }
`),
      fixtureRegistry,
    );
    expect(problems.map((problem) => problem.code)).toEqual(['SCHEMA_VIOLATION', 'UNKNOWN_ROLE']);
    expect(problems[0].message).toContain("unknown property 'interrupting'");
    expect(problems[1]).toMatchObject({ message: "escalation role 'teamleider' is not a known role; a programme's own role is declared under 'roles'", nodeId: 'check', line: 13 });
  });
});
