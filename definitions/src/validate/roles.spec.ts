/**
 * Roles as data: a definition declares its programme's own roles (e.g. jobcoach) and uses them
 * wherever a built-in role goes; a role it neither declares nor knows is UNKNOWN_ROLE at its
 * position, with the nearest names.
 */
import { fixtureRegistry } from '../../test-fixtures/fixture-registry';
import { compileDefinitionSource } from '../compile/compile';
import { validateDefinitionSource } from './validate';

const JOBCOACH = `roles:
  jobcoach: { name: Jobcoach, description: Begeleidt naar werk, team: jobcoaches }
`;

/** A definition with a human task for `role` (escalating to `escalateTo`), a wait for `waitRoles`, in `lane`. */
const definition = ({ roles = JOBCOACH, role = 'jobcoach', escalateTo = 'supervisor', waitRoles = '[jobcoach]', lane = 'jobcoach' } = {}) => `key: fixture
version: 1
name: Fixture
facts:
  housingDate: { type: date, required: true }
${roles}milestones:
  coaching.started: { description: The job coach met the person, roles: ${waitRoles} }
lanes: [klantmanager, ${lane}]
nodes:
  - { id: start, kind: start, lane: klantmanager }
  - { id: started, kind: milestoneWait, milestone: coaching.started, roles: ${waitRoles}, lane: ${lane} }
  - { id: checkIn, kind: humanTask, role: ${role}, title: Voortgangsgesprek, due: { within: P2W }, escalate: { to: ${escalateTo} }, lane: ${lane} }
  - { id: done, kind: end, lane: klantmanager }
flows:
  - { source: start, target: started }
  - { source: started, target: checkIn }
  - { source: checkIn, target: done }
`;

const problemsOf = (text: string) =>
  validateDefinitionSource(text, fixtureRegistry).problems.map(({ code, message, line, column, suggestions }) => ({ code, message, at: `${line}:${column}`, suggestions }));

describe("a definition's own roles", () => {
  it('may be used as a human task role, an escalation role, a lane and a milestone role', () => {
    expect(problemsOf(definition())).toEqual([]);
    expect(problemsOf(definition({ role: 'klantmanager', escalateTo: 'jobcoach' }))).toEqual([]);
  });

  it('reports a lane typo on a human task without a role once, as the unknown role it is, not also as a missing role', () => {
    const roleFromLane = definition({ lane: 'jobcoch' }).replace('role: jobcoach, ', '');
    expect(problemsOf(roleFromLane).map(({ code, at, suggestions }) => ({ code, at, suggestions }))).toEqual([
      { code: 'UNKNOWN_ROLE', at: '10:23', suggestions: ['jobcoach'] },
      { code: 'UNKNOWN_ROLE', at: '13:95', suggestions: ['jobcoach'] },
      { code: 'UNKNOWN_ROLE', at: '14:121', suggestions: ['jobcoach'] },
    ]);
    // A lane that is a role, but not one tasks are for: the task has nobody.
    expect(problemsOf(definition({ lane: 'beleid' }).replace('role: jobcoach, ', '')).map(({ code }) => code)).toContain('MISSING_ROLE');
  });

  it('refuses a role it neither declares nor knows at its position, suggesting the nearest names', () => {
    expect(problemsOf(definition({ role: 'jobcoah' }))).toEqual([
      { code: 'UNKNOWN_ROLE', message: "task role 'jobcoah' is not a known role (did you mean 'jobcoach'?)", at: '14:43', suggestions: ['jobcoach'] },
    ]);
    expect(problemsOf(definition({ escalateTo: 'teamleider' }))).toEqual([
      { code: 'UNKNOWN_ROLE', message: "escalation role 'teamleider' is not a known role; a programme's own role is declared under 'roles'", at: '14:117', suggestions: undefined },
    ]);
    // Without the declaration, every use of jobcoach is unknown: the milestone's, the lane order's, the wait's and its lane, the task's and its lane.
    expect(problemsOf(definition({ roles: '' })).map((problem) => `${problem.code} ${problem.at}`)).toEqual([
      'UNKNOWN_ROLE 7:74',
      'UNKNOWN_ROLE 8:23',
      'UNKNOWN_ROLE 11:78',
      'UNKNOWN_ROLE 11:95',
      'UNKNOWN_ROLE 12:43',
      'UNKNOWN_ROLE 12:137',
    ]);
  });

  it('may not redefine a built-in role or share a built-in team', () => {
    const redefined = definition({ roles: 'roles:\n  supervisor: { name: Teamleider }\n  jobcoach: { name: Jobcoach, team: supervisors }\n' });
    expect(problemsOf(redefined).map((problem) => `${problem.code} ${problem.at} ${problem.message}`)).toEqual([
      "DUPLICATE_ID 7:3 role 'supervisor' is built in; give the programme's own role another id",
      "DUPLICATE_ID 8:37 team 'supervisors' is a built-in team's worklist; give role 'jobcoach' a team of its own (or leave team out: 'jobcoach')",
    ]);
  });

  it('takes ids of lower case letters, digits and hyphens, and a name', () => {
    expect(problemsOf(definition({ roles: 'roles:\n  JobCoach: { name: Jobcoach }\n' }))[0]).toMatchObject({ code: 'SCHEMA_VIOLATION', at: '7:3' });
    expect(problemsOf(definition({ roles: 'roles:\n  jobcoach: { description: Begeleidt naar werk }\n' }))[0]).toMatchObject({ code: 'SCHEMA_VIOLATION' });
  });

  it("compiles each role with its team (the role's id when none is named), and gives a declared role's task that team", () => {
    const compiled = compileDefinitionSource(definition({ roles: `${JOBCOACH}  taalcoach: { name: Taalcoach }\n` }), fixtureRegistry);
    expect(compiled.roles).toEqual({
      jobcoach: { name: 'Jobcoach', description: 'Begeleidt naar werk', team: 'jobcoaches' },
      taalcoach: { name: 'Taalcoach', team: 'taalcoach' },
    });
    expect(compiled.nodes.checkIn).toMatchObject({ activity: 'openHumanTask', input: expect.objectContaining({ role: '"jobcoach"', team: '"jobcoaches"' }) });
    // A built-in role's task compiles as it did before roles were data (no team input), so published hashes stay.
    expect(compiled.nodes['checkIn.escalate']).toMatchObject({ input: expect.not.objectContaining({ team: expect.anything() }) });
    expect(compiled.milestones?.['task.checkIn'].roles).toEqual(['jobcoach', 'supervisor']);
  });

  it('leaves a definition without roles compiled as before', () => {
    const compiled = compileDefinitionSource(definition({ roles: '', role: 'klantmanager', waitRoles: '[klantmanager]', lane: 'klantmanager' }).replace('lanes: [klantmanager, klantmanager]', 'lanes: [klantmanager]'), fixtureRegistry);
    expect(compiled).not.toHaveProperty('roles');
  });
});
