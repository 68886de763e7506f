import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleCapabilities } from '../../examples/capabilities';
import { haarlemCapabilities } from '../../haarlem-statushouders/capabilities';
import { fixtureRegistry } from '../../test-fixtures/fixture-registry';
import { canonicalJson } from './canonical-json';
import { compileDefinitionSource, computeContentHash } from './compile';
import { definitionResolver } from './definition-resolver';
import { CalledDefinitionCycleError, CalledDefinitionNotFoundError, DefinitionInvalidError } from './errors';

const read = (path: string) => readFileSync(join(__dirname, '../..', path), 'utf8');

describe('compiling a definition', () => {
  const minimal = compileDefinitionSource(read('examples/minimal.yaml'), exampleCapabilities);

  it('resolves flows into incoming and outgoing lists so the interpreter does no graph work', () => {
    expect(minimal.startNodeId).toBe('start');
    expect(minimal.nodes.start).toMatchObject({ kind: 'start', incoming: [], outgoing: ['Flow_start_recordStart'] });
    expect(minimal.flows.Flow_start_recordStart).toEqual({
      id: 'Flow_start_recordStart',
      source: 'start',
      target: 'recordStart',
      condition: null,
      isDefault: false,
    });
    expect(minimal.nodes.done).toMatchObject({ kind: 'end', incoming: ['Flow_waitForIntake_done'], outgoing: [] });
  });

  it('fills in defaults and keeps durations and FEEL as source text', () => {
    expect(minimal.nodes.recordStart).toMatchObject({
      kind: 'serviceTask',
      activity: 'recordTrajectoryEvent',
      input: { eventType: '"trajectory.started"', housingDate: 'housingDate' },
      output: {},
      timeout: 'PT30S',
      retry: 'standard',
    });
    expect(minimal.nodes.waitForIntake).toMatchObject({
      kind: 'milestoneWait',
      milestone: 'intake.completed',
      roles: ['klantmanager'],
      norm: { within: 'P6W', from: 'housingDate' },
    });
    expect(minimal.facts).toEqual([{ name: 'housingDate', type: 'date', required: true, description: 'Day the statushouder got the keys' }]);
  });

  it('returns plain JSON that survives a round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(minimal))).toEqual(minimal);
  });

  it('deep-freezes the result so a published definition cannot change in place', () => {
    expect(Object.isFrozen(minimal)).toBe(true);
    expect(Object.isFrozen(minimal.nodes.start.outgoing)).toBe(true);
    expect(() => {
      (minimal.nodes.recordStart as { timeout: string }).timeout = 'PT1H';
    }).toThrow(TypeError);
  });

  it('hashes the canonical content: the same definition gives the same hash, any change a new one', () => {
    const again = compileDefinitionSource(read('examples/minimal.yaml'), exampleCapabilities);
    expect(again.contentHash).toBe(minimal.contentHash);
    expect(minimal.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(computeContentHash(minimal)).toBe(minimal.contentHash);
    const reformatted = read('examples/minimal.yaml').replace('# The smallest', '#   The smallest');
    expect(compileDefinitionSource(reformatted, exampleCapabilities).contentHash).toBe(minimal.contentHash);
    const changed = read('examples/minimal.yaml').replace('timeout: PT30S', 'timeout: PT45S');
    expect(compileDefinitionSource(changed, exampleCapabilities).contentHash).not.toBe(minimal.contentHash);
  });

  it('refuses to compile an invalid definition, carrying every problem', () => {
    const text = read('test-fixtures/invalid/DUPLICATE_ID.yaml');
    expect(() => compileDefinitionSource(text, fixtureRegistry)).toThrow(DefinitionInvalidError);
    try {
      compileDefinitionSource(text, fixtureRegistry);
    } catch (error) {
      expect((error as DefinitionInvalidError).problems.map((problem) => problem.code)).toEqual(['DUPLICATE_ID']);
    }
  });

  it('compiles every node kind, boundary events included', () => {
    const all = compileDefinitionSource(read('examples/all-node-kinds.yaml'), exampleCapabilities, definitionResolver([read('examples/minimal.yaml')], exampleCapabilities));
    expect(new Set(Object.values(all.nodes).map((node) => node.kind))).toEqual(
      new Set([
        'start',
        'end',
        'terminateEnd',
        'serviceTask',
        'milestoneWait',
        'timer',
        'exclusiveGateway',
        'parallelGateway',
        'eventBasedGateway',
        'subProcess',
        'callActivity',
        'boundaryTimer',
        'boundaryMilestone',
      ]),
    );
    expect(all.nodes.callOther).toMatchObject({ kind: 'callActivity', definitionKey: 'minimal', definitionVersion: 1, boundaryEventIds: ['callDeadline'] });
    expect(all.nodes.callDeadline).toMatchObject({ kind: 'boundaryTimer', interrupting: true, timer: { type: 'date', date: 'housingDate + duration("P24M")' }, repeat: null });
    expect(all.nodes.remind).toMatchObject({ interrupting: false, repeat: { every: 'P1W', times: null } });
    expect(all.nodes.movedAway).toMatchObject({ kind: 'boundaryMilestone', attachedTo: 'intake', milestone: 'trajectory.movedAway', interrupting: true });
    expect(all.nodes.innerWait).toMatchObject({ parentId: 'inner', timer: { type: 'duration', duration: 'P5W' } });
    expect(all.nodes.record).toMatchObject({ retry: 'patient', output: { consent: 'result.consent' } });
  });

  describe('a call of another definition', () => {
    const caller = (definition: string) =>
      `key: caller\nversion: 1\nname: Caller\nfacts: { housingDate: { type: date, required: true } }\nnodes:\n  - { id: start, kind: start }\n  - { id: call, kind: callActivity, definition: ${definition} }\n  - { id: done, kind: end }\nflows:\n  - { source: start, target: call }\n  - { source: call, target: done }\n`;
    const minimalV2 = read('examples/minimal.yaml').replace('version: 1', 'version: 2').replace('timeout: PT30S', 'timeout: PT45S');
    const resolver = () => definitionResolver([read('examples/minimal.yaml'), minimalV2], exampleCapabilities);

    it('compiles the called definition in, so the workflow needs no I/O and the hash covers what the call runs', () => {
      const pinned = compileDefinitionSource(caller('{ key: minimal, version: 1 }'), exampleCapabilities, resolver());
      expect(pinned.calledDefinitions?.['minimal@1']).toEqual(minimal);
      const newest = compileDefinitionSource(caller('{ key: minimal }'), exampleCapabilities, resolver());
      expect(newest.calledDefinitions?.['minimal@newest']).toMatchObject({ key: 'minimal', version: 2 });
      expect(newest.contentHash).not.toBe(pinned.contentHash);
    });

    it('leaves definitions without calls as they were: no calledDefinitions key', () => {
      expect(Object.keys(minimal)).not.toContain('calledDefinitions');
    });

    it('refuses a call of a definition it cannot find, naming the node', () => {
      expect(() => compileDefinitionSource(caller('{ key: minimal, version: 3 }'), exampleCapabilities, resolver())).toThrow(
        new CalledDefinitionNotFoundError('caller', 'call', 'minimal', 3),
      );
      expect(() => compileDefinitionSource(caller('{ key: minimal }'), exampleCapabilities)).toThrow(CalledDefinitionNotFoundError);
    });

    it('refuses definitions that call each other in a circle', () => {
      const ping = caller('{ key: pong }').replace('key: caller', 'key: ping');
      const pong = caller('{ key: ping }').replace('key: caller', 'key: pong');
      expect(() => compileDefinitionSource(ping, exampleCapabilities, definitionResolver([ping, pong], exampleCapabilities))).toThrow(CalledDefinitionCycleError);
    });
  });

  describe('the Haarlem definition', () => {
    const haarlem = compileDefinitionSource(read('haarlem-statushouders/v1.yaml'), haarlemCapabilities);

    it('attaches boundary events to their host, with repeat settings for reminders', () => {
      expect(haarlem.nodes.phoneHandover.boundaryEventIds).toEqual(['remindPhoneHandover']);
      expect(haarlem.nodes.remindPhoneHandover).toMatchObject({
        kind: 'boundaryTimer',
        attachedTo: 'phoneHandover',
        interrupting: false,
        timer: { type: 'duration', duration: 'P1W' },
        repeat: { every: 'P1W', times: 3 },
        outgoing: ['Flow_remindPhoneHandover_sendHandoverReminder'],
      });
    });

    it('records the default flow of an exclusive gateway', () => {
      expect(haarlem.nodes.chooseRoute).toMatchObject({ kind: 'exclusiveGateway', defaultFlowId: 'Flow_chooseRoute_startTrajectKlantmanager' });
      expect(haarlem.flows.Flow_chooseRoute_registerAanDeSlag.condition).toBe('route = "werk"');
    });

    it('lists sub-process children with their parent', () => {
      expect(haarlem.nodes.basisOpOrde).toMatchObject({ kind: 'subProcess', startNodeId: 'basisStart', parentId: null });
      expect(haarlem.nodes.livingAllowance.parentId).toBe('basisOpOrde');
    });

    it('compiles the inburgering term as a legal clock', () => {
      expect(haarlem.legalClocks).toEqual([
        {
          id: 'inburgeringstermijn',
          name: 'Inburgeringstermijn (3 jaar)',
          start: 'permitGrantedDate',
          term: 'P3Y',
          warnings: ['P12M', 'P6M', 'P3M', 'P1M'],
          suspendOn: [],
          resumeOn: [],
          extendOn: [{ milestone: 'inburgering.extensionGranted', durationField: 'extension' }],
          stopOn: ['inburgering.diplomaObtained', 'inburgering.exemptionGranted'],
          notifyActivity: 'warnInburgeringDeadline',
        },
      ]);
    });

    it('keeps the 24-month guidance as a computed timer date', () => {
      expect(haarlem.nodes.guidancePeriod).toMatchObject({ kind: 'timer', timer: { type: 'date', date: 'housingDate + duration("P24M")' } });
    });
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }], e: undefined })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });
});

describe('compiling a human task', () => {
  const source = `key: fixture
version: 1
name: Fixture
facts:
  startDate: { type: date, required: true }
  outcome: { type: string, values: [werk, geen] }
nodes:
  - { id: start, kind: start }
  - id: evaluation
    kind: humanTask
    name: Evaluatie
    role: klantmanager
    title: Evalueer het traject
    due: { within: P2W }
    outcome:
      outcome: { type: string, required: true, values: [werk, geen] }
    output: { outcome: payload.outcome }
    reminders: { every: P1W, times: 3 }
  - { id: done, kind: end }
flows:
  - { source: start, target: evaluation }
  - { source: evaluation, target: done }
`;
  const compiled = compileDefinitionSource(source, fixtureRegistry);

  it('runs as node kinds the engine knows: a task opened for the role, a wait for its milestone, a repeating reminder', () => {
    expect(compiled.nodes.evaluation).toMatchObject({
      kind: 'serviceTask',
      name: 'Evaluatie',
      activity: 'openHumanTask',
      input: { title: '"Evalueer het traject"', role: '"klantmanager"', completionMilestone: '"task.evaluation"', dueWithin: '"P2W"' },
      incoming: ['Flow_start_evaluation'],
      outgoing: ['Flow_evaluation_evaluation.wait'],
    });
    expect(compiled.nodes['evaluation.wait']).toMatchObject({
      kind: 'milestoneWait',
      milestone: 'task.evaluation',
      roles: ['klantmanager'],
      output: { outcome: 'payload.outcome' },
      boundaryEventIds: ['evaluation.reminder'],
      outgoing: ['Flow_evaluation.wait_done'],
    });
    expect(compiled.nodes['evaluation.reminder']).toMatchObject({ kind: 'boundaryTimer', interrupting: false, timer: { type: 'duration', duration: 'P1W' }, repeat: { every: 'P1W', times: 3 } });
    expect(compiled.nodes['evaluation.remind']).toMatchObject({ kind: 'serviceTask', activity: 'remindAboutHumanTask', outgoing: ['Flow_evaluation.remind_evaluation.reminded'] });
    expect(compiled.nodes['evaluation.reminded']).toMatchObject({ kind: 'end' });
  });

  it('declares the milestone that completes it, with the outcome form as its typed payload', () => {
    expect(compiled.milestones).toEqual({
      'task.evaluation': { description: 'Task done: Evalueer het traject', roles: ['klantmanager'], payload: { outcome: { type: 'string', required: true, values: ['werk', 'geen'] } } },
    });
  });

  it('checks the output against the outcome form, the due date and the ids its parts take', () => {
    const codes = (text: string) => {
      try {
        compileDefinitionSource(text, fixtureRegistry);
        return [];
      } catch (error) {
        return (error as DefinitionInvalidError).problems.map((problem) => problem.code);
      }
    };
    expect(codes(source.replace('payload.outcome', 'payload.outcom'))).toEqual(['UNKNOWN_PAYLOAD_FIELD']);
    expect(codes(source.replace('due: { within: P2W }', `due: { date: '"2027-01-01"' }`))).toEqual(['FEEL_TYPE_MISMATCH']);
    expect(codes(source.replace('due: { within: P2W }', 'due: { within: PT2H }'))).toEqual(['INVALID_DURATION']);
    expect(codes(source.replace('role: klantmanager', 'role: jobcoach'))).toEqual(['UNKNOWN_ROLE']);
    expect(codes(source.replace("  - { id: done, kind: end }", "  - { id: done, kind: end }\n  - { id: evaluation.wait, kind: end }"))).toContain('DUPLICATE_ID');
  });
});

describe('compiling error, clock-expiry and escalation events (examples/events.yaml)', () => {
  const events = compileDefinitionSource(read('examples/events.yaml'), exampleCapabilities);

  it('compiles error events with their code (null: any failure) and clock-expiry events with their clock', () => {
    expect(events.nodes.bookCourse.boundaryEventIds).toEqual(['noSeat', 'bookingFailed']);
    expect(events.nodes.noSeat).toMatchObject({ kind: 'boundaryError', attachedTo: 'bookCourse', errorCode: 'NoCourseSeat', outgoing: ['Flow_noSeat_bookingProblem'] });
    expect(events.nodes.bookingFailed).toMatchObject({ kind: 'boundaryError', attachedTo: 'bookCourse', errorCode: null });
    expect(events.nodes.termExpired).toMatchObject({ kind: 'boundaryClockExpired', attachedTo: 'course', interrupting: true, clock: 'inburgering' });
    expect(events.nodes.awaitTermEnd).toMatchObject({ kind: 'clockExpired', clock: 'inburgering' });
  });

  it("expands an escalation into a timer on the task's wait and a second task for the other role, completed by the same milestone", () => {
    expect(events.nodes['findSeat.wait']).toMatchObject({ kind: 'milestoneWait', milestone: 'task.findSeat', roles: ['klantmanager', 'supervisor'], boundaryEventIds: ['findSeat.escalation'] });
    expect(events.nodes['findSeat.escalation']).toMatchObject({ kind: 'boundaryTimer', interrupting: false, timer: { type: 'duration', duration: 'P3W' }, repeat: null, outgoing: ['Flow_findSeat.escalation_findSeat.escalate'] });
    expect(events.nodes['findSeat.escalate']).toMatchObject({
      kind: 'serviceTask',
      activity: 'openHumanTask',
      input: { title: '"Escalatie: Zoek een plek op een taalcursus"', role: '"supervisor"', completionMilestone: '"task.findSeat"' },
    });
    expect(events.milestones?.['task.findSeat'].roles).toEqual(['klantmanager', 'supervisor']);
  });

  it('escalates on the due date when no `after` is given', () => {
    const source = read('examples/events.yaml').replace('escalate: { after: P3W, to: supervisor }', 'escalate: { to: supervisor, title: Vind alsnog een plek }');
    const compiled = compileDefinitionSource(source, exampleCapabilities);
    expect(compiled.nodes['findSeat.escalation']).toMatchObject({ timer: { type: 'duration', duration: 'P2W' } });
    expect(compiled.nodes['findSeat.escalate']).toMatchObject({ input: { title: '"Vind alsnog een plek"' } });
  });
});
