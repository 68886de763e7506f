/**
 * The JSON Schema (draft-07, which YAML editors support) of the definition format. Published as
 * definitions/schema/trajectory-definition.schema.json; a test keeps that file in step with this.
 *
 *   # yaml-language-server: $schema=../schema/trajectory-definition.schema.json
 */

const id = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$', maxLength: 100 };
const text = { type: 'string', maxLength: 4000 };
const duration = {
  type: 'string',
  description: 'ISO 8601 duration, e.g. P6M, P3Y, P2W, PT1H',
  pattern: '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$',
};
const feel = { type: 'string', minLength: 1, maxLength: 2000, description: 'FEEL expression over the facts' };
const milestoneName = { type: 'string', pattern: '^[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*$', maxLength: 100 };
const roles = { type: 'array', items: { type: 'string', pattern: '^[a-z][A-Za-z0-9-]*$' }, minItems: 1, uniqueItems: true };
const mapping = {
  type: 'object',
  description: 'name → FEEL expression',
  propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  additionalProperties: feel,
};
const payloadField = {
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: {
    type: { enum: ['date', 'string', 'number', 'boolean', 'duration'] },
    required: { type: 'boolean', default: false },
    values: { type: 'array', items: { type: 'string', maxLength: 200 }, minItems: 1, uniqueItems: true, description: 'A closed set of values (strings only)' },
    description: text,
    minLength: { type: 'integer', minimum: 0 },
    maxLength: { type: 'integer', minimum: 1, maximum: 4000, description: 'Strings default to at most 200 characters' },
    minimum: { type: 'number' },
    maximum: { type: 'number' },
  },
};
const ownMilestone = {
  type: 'object',
  required: ['description'],
  additionalProperties: false,
  properties: {
    description: text,
    roles,
    payload: {
      type: 'object',
      description: 'The typed fields a report carries; undeclared fields are refused',
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      additionalProperties: payloadField,
      maxProperties: 50,
    },
  },
};
/** Lanes by role: the role (lane) that owns a node, e.g. klantmanager; see the top-level `lanes`. */
const lane = { type: 'string', pattern: '^[a-z][A-Za-z0-9-]*$', maxLength: 100, description: 'The role (lane) that owns this node in the diagram; a human task without a role is for this one' };
const lanes = {
  type: 'array',
  description: 'Lanes by role: the order of the role lanes in the diagram, top to bottom (each node says its own with `lane`)',
  items: lane,
  uniqueItems: true,
  maxItems: 50,
};
const common = { id, kind: { type: 'string' }, name: text, documentation: text, lane };
const moment = {
  type: 'string',
  pattern: '^[a-z][A-Za-z0-9]*$',
  maxLength: 50,
  description: "What the timer's date is in the trajectory's schedule, e.g. handoverMeeting, guidanceEnd, ontzorgenEnd, acceptBy",
};

const timerBoundaryEvent = {
  type: 'object',
  required: ['id', 'kind'],
  additionalProperties: false,
  properties: {
    id,
    kind: { const: 'timer' },
    name: text,
    duration,
    date: feel,
    moment,
    interrupting: { type: 'boolean', default: true },
    repeat: {
      type: 'object',
      description: 'Only on non-interrupting timers: fire again every `every`, at most `times` times',
      required: ['every'],
      additionalProperties: false,
      properties: { every: duration, times: { type: 'integer', minimum: 1, maximum: 1000 } },
    },
  },
  oneOf: [{ required: ['duration'] }, { required: ['date'] }],
};
const milestoneBoundaryEvent = {
  type: 'object',
  required: ['id', 'kind', 'milestone'],
  additionalProperties: false,
  properties: {
    id,
    kind: { const: 'milestone' },
    name: text,
    milestone: milestoneName,
    roles,
    interrupting: { type: 'boolean', default: true },
    output: mapping,
  },
};
const boundaryEvents = {
  type: 'array',
  maxItems: 50,
  items: {
    type: 'object',
    required: ['kind'],
    properties: { kind: { enum: ['timer', 'milestone'] } },
    allOf: [
      { if: { properties: { kind: { const: 'timer' } } }, then: { $ref: '#/definitions/timerBoundaryEvent' } },
      { if: { properties: { kind: { const: 'milestone' } } }, then: { $ref: '#/definitions/milestoneBoundaryEvent' } },
    ],
  },
};

function nodeKind(kind: string, properties: Record<string, unknown>, required: string[] = [], extra: Record<string, unknown> = {}) {
  return {
    if: { properties: { kind: { const: kind } } },
    then: { required: ['id', 'kind', ...required], additionalProperties: false, properties: { ...common, ...properties }, ...extra },
  };
}

export const NODE_KINDS = [
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
  'humanTask',
  'inclusiveGateway',
] as const;

/** The roles a human task can be for: each has a team whose worklist the task lands in. */
export const HUMAN_TASK_ROLES = ['klantmanager', 'vluchtelingenwerk', 'wijkteam', 'schulddienstverlening', 'supervisor'] as const;

export const definitionSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://wegwijs.nl/schema/trajectory-definition/1.json',
  title: 'Wegwijs trajectory definition',
  description: 'A BPMN-like trajectory: facts, nodes, flows and legal clocks. See docs/definitions/language.md.',
  type: 'object',
  required: ['key', 'version', 'name', 'nodes', 'flows'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    key: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', maxLength: 100, description: 'Stable name; published versions are key@version' },
    version: { type: 'integer', minimum: 1 },
    name: text,
    description: text,
    startsOn: { ...feel, description: 'FEEL date the trajectory begins on in business time (e.g. housingDate); default: the day it is started' },
    milestonesNotBefore: { ...feel, description: 'FEEL date no milestone of a step may be dated before (legal clocks count from their own start)' },
    correctionPeriod: { ...duration, description: 'How long after its last moment the trajectory still takes late input before it closes (default P0D)' },
    factRules: {
      type: 'array',
      description: 'Rules the facts must satisfy at start and on every correction (FEEL booleans; `today` is the day of the check)',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['id', 'rule', 'facts', 'message'],
        additionalProperties: false,
        properties: {
          id,
          rule: feel,
          facts: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true, description: 'The facts the rule is about (named in the error)' },
          message: { type: 'string', minLength: 1, maxLength: 300, description: 'Said when the rule does not hold (no personal data)' },
        },
      },
    },
    facts: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      additionalProperties: {
        type: 'object',
        required: ['type'],
        additionalProperties: false,
        properties: {
          type: { enum: ['date', 'string', 'number', 'boolean'] },
          required: { type: 'boolean', default: false },
          description: text,
          values: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
        },
      },
    },
    milestones: {
      type: 'object',
      description: "The definition's own milestones (name → description, roles, typed payload), used like the catalogue's",
      propertyNames: milestoneName,
      additionalProperties: ownMilestone,
      maxProperties: 200,
    },
    lanes,
    nodes: { $ref: '#/definitions/nodes' },
    flows: { $ref: '#/definitions/flows' },
    legalClocks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'start', 'term'],
        additionalProperties: false,
        properties: {
          id,
          name: text,
          start: feel,
          term: duration,
          warnings: { type: 'array', items: duration, uniqueItems: true },
          suspendOn: { type: 'array', items: milestoneName },
          resumeOn: { type: 'array', items: milestoneName },
          extendOn: {
            type: 'array',
            items: {
              type: 'object',
              required: ['milestone', 'durationField'],
              additionalProperties: false,
              properties: { milestone: milestoneName, durationField: { type: 'string' } },
            },
          },
          stopOn: { type: 'array', items: milestoneName },
          notifyActivity: { type: 'string' },
        },
      },
    },
    onCancellation: {
      type: 'array',
      description: 'Steps run, in order, when a trajectory is cancelled (e.g. the handover to a new municipality)',
      items: {
        type: 'object',
        required: ['id', 'activity', 'timeout'],
        additionalProperties: false,
        properties: {
          id,
          name: text,
          activity: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$' },
          input: mapping,
          timeout: duration,
          retry: { enum: ['standard', 'patient', 'once'], default: 'standard' },
        },
      },
    },
  },
  definitions: {
    timerBoundaryEvent,
    milestoneBoundaryEvent,
    nodes: {
      type: 'array',
      minItems: 1,
      maxItems: 2000,
      items: {
        type: 'object',
        required: ['id', 'kind'],
        properties: { id, kind: { enum: NODE_KINDS } },
        allOf: [
          nodeKind('start', {}),
          nodeKind('end', {}),
          nodeKind('terminateEnd', {}),
          nodeKind(
            'serviceTask',
            {
              activity: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$' },
              input: mapping,
              output: mapping,
              timeout: duration,
              retry: { enum: ['standard', 'patient', 'once'], default: 'standard' },
              boundaryEvents,
            },
            ['activity', 'timeout'],
          ),
          nodeKind(
            'milestoneWait',
            {
              milestone: milestoneName,
              roles,
              norm: {
                type: 'object',
                required: ['within', 'from'],
                additionalProperties: false,
                properties: { within: duration, from: feel, description: text },
              },
              output: mapping,
              boundaryEvents,
            },
            ['milestone', 'roles'],
          ),
          nodeKind('timer', { duration, date: feel, moment }, [], { oneOf: [{ required: ['duration'] }, { required: ['date'] }] }),
          nodeKind('exclusiveGateway', {}),
          nodeKind('parallelGateway', {}),
          nodeKind('eventBasedGateway', {}),
          nodeKind('inclusiveGateway', {}),
          nodeKind('subProcess', { nodes: { $ref: '#/definitions/nodes' }, flows: { $ref: '#/definitions/flows' }, boundaryEvents }, [
            'nodes',
            'flows',
          ]),
          nodeKind(
            'humanTask',
            {
              id: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$', maxLength: 60, description: 'Also names its milestone, task.<id>' },
              role: { enum: HUMAN_TASK_ROLES, description: "Whose task it is: it lands in that team's worklist (the trajectory's own klantmanager for klantmanager); default: the node's lane" },
              title: { type: 'string', minLength: 3, maxLength: 200, description: 'What the task asks, shown in the worklist (no personal data)' },
              due: {
                type: 'object',
                description: 'When it is due: `within` a duration of the business date it opens, or on a FEEL `date`',
                additionalProperties: false,
                properties: { within: duration, date: feel },
                oneOf: [{ required: ['within'] }, { required: ['date'] }],
              },
              outcome: {
                type: 'object',
                description: 'The typed form completing the task fills in (the payload of milestone task.<id>)',
                propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
                additionalProperties: payloadField,
                maxProperties: 50,
              },
              output: mapping,
              reminders: {
                type: 'object',
                description: 'Remind the assignee every `every` while the task is open, at most `times` times',
                required: ['every'],
                additionalProperties: false,
                properties: { every: duration, times: { type: 'integer', minimum: 1, maximum: 100 } },
              },
              boundaryEvents,
            },
            ['title', 'due'],
          ),
          nodeKind(
            'callActivity',
            {
              definition: {
                type: 'object',
                required: ['key'],
                additionalProperties: false,
                properties: { key: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' }, version: { type: 'integer', minimum: 1 } },
              },
              boundaryEvents,
            },
            ['definition'],
          ),
        ],
      },
    },
    flows: {
      type: 'array',
      maxItems: 5000,
      items: {
        type: 'object',
        required: ['source', 'target'],
        additionalProperties: false,
        properties: { id, name: text, source: { type: 'string' }, target: { type: 'string' }, condition: feel, default: { type: 'boolean' } },
      },
    },
  },
} as const;
