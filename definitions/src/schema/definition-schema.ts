/**
 * The definition format, described once in TypeBox: this object is the JSON Schema (draft-07, which
 * YAML editors support) the validator checks with Ajv, and ../source/source-definition.ts derives
 * the TypeScript types from it with `Static<>`, so the two cannot drift. Published as
 * definitions/schema/trajectory-definition.schema.json; a test keeps that file in step with this.
 *
 *   # yaml-language-server: $schema=../schema/trajectory-definition.schema.json
 */
import { ROLE_ID_MAX_LENGTH, ROLE_ID_PATTERN } from '@wegwijs/domain';
import { Kind, Type, type ObjectOptions, type SchemaOptions, type Static, type TLiteral, type TObject, type TProperties, type TRecursive, type TSchema, type TThis, type TUnion } from '@sinclair/typebox';

// ---------------------------------------------------------------------------------------------
// How the description is written. TypeBox's own unions become `anyOf`, on which Ajv reports an error
// for every alternative; these keep the schema shaped for precise errors and still type it.

/** One of a closed set of strings, as `enum` (a union of literals would give one error per value). */
function closedSet<const Values extends readonly string[]>(values: Values, options: SchemaOptions = {}) {
  return Type.Unsafe<Values[number]>({ ...options, enum: values });
}

/** An object used as a map: names checked by `names`, every value by `value` (e.g. facts by name). */
function namedMap<Value extends TSchema>(names: TSchema, value: Value, options: ObjectOptions = {}) {
  return Type.Unsafe<Record<string, Static<Value>>>({ type: 'object', ...options, propertyNames: names, additionalProperties: value });
}

/** A union tagged by `kind`, typed as the union of its members and passing on the recursive `this`. */
export interface TKindUnion<Members extends TObject[]> extends TSchema {
  [Kind]: 'KindUnion';
  static: Static<TUnion<Members>, this['params']>;
}

/**
 * A union tagged by `kind`, written as `if kind is X then <X's schema>` per member, so Ajv checks a
 * node only against the schema of the kind it says it is and its errors are about that kind alone.
 * `shared` are the properties every member has and that are checked whatever the kind.
 */
function kindUnion<Members extends TObject[]>(members: [...Members], shared: TProperties = {}): TKindUnion<Members> {
  const kinds = members.map((member) => (member.properties.kind as TLiteral<string>).const);
  return Type.Unsafe({
    type: 'object',
    required: [...Object.keys(shared), 'kind'],
    properties: { ...shared, kind: { enum: kinds } },
    allOf: members.map((member, index) => ({ if: { properties: { kind: { const: kinds[index] } } }, then: member })),
  }) as unknown as TKindUnion<Members>;
}

/**
 * A schema that contains itself (a sub-process holds nodes): `build` gets a reference to it. It is
 * kept under the root's `definitions` and referenced by JSON pointer, which every draft-07 reader
 * resolves (TypeBox's Type.Recursive names it with an `$id` anchor instead, which editors handle less
 * well). Typed like Type.Recursive: the reference stands for the whole.
 */
function recursiveDefinition<T extends TSchema>(name: string, build: (self: TThis) => T): TRecursive<T> {
  return build({ [Kind]: 'This', $ref: `#/definitions/${name}` } as unknown as TThis) as unknown as TRecursive<T>;
}

/** A use of one of the root's `definitions`: a `$ref` to it, typed as the definition. */
const definitionReference = <T extends TSchema>(name: string, _definition: T) => Type.Unsafe<Static<T>>({ $ref: `#/definitions/${name}` });

/** Exactly one of these properties must be given (e.g. a timer's `duration` or `date`). */
const exactlyOneOf = (...properties: string[]) => properties.map((property) => ({ required: [property] }));

// ---------------------------------------------------------------------------------------------
// Values

const IDENTIFIER_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
/** ISO 8601 durations; the validator reports a mismatch of this pattern as INVALID_DURATION. */
export const DURATION_PATTERN = '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$';

const id = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$', maxLength: 100 });
const text = Type.String({ maxLength: 4000 });
const duration = (description = 'ISO 8601 duration, e.g. P6M, P3Y, P2W, PT1H') => Type.String({ description, pattern: DURATION_PATTERN });
const feel = (description = 'FEEL expression over the facts') => Type.String({ minLength: 1, maxLength: 2000, description });
const milestoneName = Type.String({ pattern: '^[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*$', maxLength: 100 });
const roles = Type.Array(Type.String({ pattern: '^[a-z][A-Za-z0-9-]*$' }), { minItems: 1, uniqueItems: true });
const activityName = Type.String({ pattern: '^[a-z][A-Za-z0-9]*$' });
const definitionKey = Type.String({ pattern: '^[a-z][a-z0-9-]*$' });
const mapping = namedMap(Type.String({ pattern: IDENTIFIER_PATTERN }), feel(), { description: 'name → FEEL expression' });
const retry = closedSet(['standard', 'patient', 'once'], { default: 'standard' });
const moment = Type.String({
  pattern: '^[a-z][A-Za-z0-9]*$',
  maxLength: 50,
  description: "What the timer's date is in the trajectory's schedule, e.g. handoverMeeting, guidanceEnd, ontzorgenEnd, acceptBy",
});

/** Lanes by role: the role (lane) that owns a node, e.g. klantmanager; see the top-level `lanes`. */
const lane = Type.String({ pattern: '^[a-z][A-Za-z0-9-]*$', maxLength: 100, description: 'The role (lane) that owns this node in the diagram; a human task without a role is for this one' });
const lanes = Type.Array(lane, {
  description: 'Lanes by role: the order of the role lanes in the diagram, top to bottom (each node says its own with `lane`)',
  uniqueItems: true,
  maxItems: 50,
});

/** The built-in roles a human task can be for: each has a team whose worklist the task lands in. A definition's own `roles` can be too. */
export const HUMAN_TASK_ROLES = ['klantmanager', 'vluchtelingenwerk', 'wijkteam', 'schulddienstverlening', 'supervisor'] as const;

/** Who a human task is for, or escalates to: a built-in role or one of the definition's `roles` (the validator checks which). */
const taskRole = (description: string) => Type.String({ pattern: '^[a-z][A-Za-z0-9-]*$', maxLength: 100, description });

/** A role the definition declares for its own programme (e.g. jobcoach): usable wherever a role is. */
export const ownRole = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'What people call the role, e.g. Jobcoach' }),
    description: Type.Optional(text),
    team: Type.Optional(
      Type.String({ pattern: ROLE_ID_PATTERN, maxLength: ROLE_ID_MAX_LENGTH, description: "The team whose worklist the role's tasks land in (default: the role's id)" }),
    ),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------------------------------------
// Facts and milestones

export const fact = Type.Object(
  {
    type: closedSet(['date', 'string', 'number', 'boolean']),
    required: Type.Optional(Type.Boolean({ default: false })),
    description: Type.Optional(text),
    values: Type.Optional(Type.Array(Type.String(), { minItems: 1, uniqueItems: true })),
  },
  { additionalProperties: false },
);

/** A field of a milestone's payload or a human task's outcome form (@wegwijs/domain's PayloadFieldSchema). */
export const payloadField = Type.Object(
  {
    type: closedSet(['date', 'string', 'number', 'boolean', 'duration']),
    required: Type.Optional(Type.Boolean({ default: false })),
    values: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, uniqueItems: true, description: 'A closed set of values (strings only)' })),
    description: Type.Optional(text),
    minLength: Type.Optional(Type.Integer({ minimum: 0 })),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 4000, description: 'Strings default to at most 200 characters' })),
    minimum: Type.Optional(Type.Number()),
    maximum: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

const payloadFields = (description: string) => namedMap(Type.String({ pattern: IDENTIFIER_PATTERN }), payloadField, { description, maxProperties: 50 });

/** A milestone the definition declares itself, used exactly like one of the catalogue. */
export const ownMilestone = Type.Object(
  {
    description: text,
    roles: Type.Optional(roles),
    payload: Type.Optional(payloadFields('The typed fields a report carries; undeclared fields are refused')),
  },
  { additionalProperties: false },
);

/** A rule the facts must satisfy, e.g. `housingDate >= permitGrantedDate`. */
export const factRule = Type.Object(
  {
    id,
    rule: feel(),
    facts: Type.Array(Type.String(), { minItems: 1, uniqueItems: true, description: 'The facts the rule is about (named in the error)' }),
    message: Type.String({ minLength: 1, maxLength: 300, description: 'Said when the rule does not hold (no personal data)' }),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------------------------------------
// Boundary events

export const timerBoundaryEvent = Type.Object(
  {
    id,
    kind: Type.Literal('timer'),
    name: Type.Optional(text),
    duration: Type.Optional(duration()),
    date: Type.Optional(feel()),
    moment: Type.Optional(moment),
    interrupting: Type.Optional(Type.Boolean({ default: true })),
    repeat: Type.Optional(
      Type.Object(
        { every: duration(), times: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
        { description: 'Only on non-interrupting timers: fire again every `every`, at most `times` times', additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, oneOf: exactlyOneOf('duration', 'date') },
);

export const milestoneBoundaryEvent = Type.Object(
  {
    id,
    kind: Type.Literal('milestone'),
    name: Type.Optional(text),
    milestone: milestoneName,
    roles: Type.Optional(roles),
    interrupting: Type.Optional(Type.Boolean({ default: true })),
    output: Type.Optional(mapping),
  },
  { additionalProperties: false },
);

/** Error and clock-expiry events (issue 16): see docs/definitions/language.md. */
const errorCode = Type.String({ pattern: '^[A-Z][A-Za-z0-9]*$', maxLength: 100, description: 'A business error the activity declares (its ApplicationFailure type)' });

export const errorBoundaryEvent = Type.Object(
  { id, kind: Type.Literal('error'), name: Type.Optional(text), errorCode: Type.Optional(errorCode) },
  { additionalProperties: false, description: 'Catches a business error (errorCode) or, without errorCode, any failure that would otherwise be an incident; always interrupting' },
);

const clockId = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$', maxLength: 100, description: 'The id of one of the legal clocks' });

export const clockExpiredBoundaryEvent = Type.Object(
  { id, kind: Type.Literal('clockExpired'), name: Type.Optional(text), clock: clockId, interrupting: Type.Optional(Type.Boolean({ default: true })) },
  { additionalProperties: false, description: 'Fires on the day the legal clock expires (its deadline as extended, suspended or stopped) while the step is open' },
);

/** A human task's escalation to another role (issue 16). */
const escalation = Type.Object(
  {
    after: Type.Optional(duration()),
    to: taskRole('The role the task escalates to (e.g. supervisor, the team lead): built in or declared under `roles`'),
    title: Type.Optional(Type.String({ minLength: 3, maxLength: 200 })),
  },
  { additionalProperties: false, description: 'When the task is still open `after` its opening (default: its due date), open it for role `to` as well' },
);

export const boundaryEvent = kindUnion([timerBoundaryEvent, milestoneBoundaryEvent, errorBoundaryEvent, clockExpiredBoundaryEvent]);

const boundaryEvents = Type.Array(boundaryEvent, { maxItems: 50 });

// ---------------------------------------------------------------------------------------------
// Flows and nodes

export const flow = Type.Object(
  { id: Type.Optional(id), name: Type.Optional(text), source: Type.String(), target: Type.String(), condition: Type.Optional(feel()), default: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

const flows = Type.Array(flow, { maxItems: 5000 });

/** A node of one kind: the properties every node has, then its own (`properties` may narrow `id`). */
function nodeKind<NodeKind extends string, Properties extends TProperties>(kind: NodeKind, properties: Properties, options: ObjectOptions = {}) {
  return Type.Object(
    { id, kind: Type.Literal(kind), name: Type.Optional(text), documentation: Type.Optional(text), lane: Type.Optional(lane), ...properties },
    { additionalProperties: false, ...options },
  );
}

/**
 * A step done several times (lang-mi): once per item of a FEEL `collection` or `count` times, all at
 * once or one after the other (`sequential`), until all are done or `completionCondition` holds.
 */
export const multiInstance = Type.Object(
  {
    sequential: Type.Optional(Type.Boolean({ default: false, description: 'One instance after the other (default: all at once)' })),
    count: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0, maximum: 1000 }), feel('FEEL over the facts giving a whole number')], { description: 'How many instances: a whole number, or FEEL over the facts giving one' }),
    ),
    collection: Type.Optional(feel("FEEL over the facts giving a list: one instance per item (`item` and `loopCounter` in the step's input)")),
    completionCondition: Type.Optional(feel('FEEL boolean over the facts and nrOfInstances, nrOfCompletedInstances, nrOfActiveInstances: done early when it holds')),
  },
  { additionalProperties: false, description: 'Run the step once per item of `collection` (FEEL list) or `count` times (number or FEEL number), in parallel or `sequential`' },
);

/** A step that recurs on a cycle (lang-mi): `times` instances, the n-th opening `every` × (n-1) after `from`. */
export const recurrence = Type.Object(
  {
    every: duration(),
    times: Type.Integer({ minimum: 1, maximum: 240 }),
    from: Type.Optional(feel('FEEL date the first cycle opens on (later cycles count from it, so late input gives the same dates)')),
    completionCondition: Type.Optional(feel('FEEL boolean: the remaining cycles are not needed once it holds')),
  },
  { additionalProperties: false, description: 'Open the step every `every`, `times` times, counted from the business date `from` (FEEL; default: the day the step is reached)' },
);

/** The keys that make a step multi-instance or recurring; on serviceTask, milestoneWait, humanTask and subProcess. */
const repetition = { multiInstance: Type.Optional(multiInstance), recurrence: Type.Optional(recurrence) };

const startNode = nodeKind('start', {});
const endNode = nodeKind('end', {});
const terminateEndNode = nodeKind('terminateEnd', {});

const serviceTaskNode = nodeKind('serviceTask', {
  activity: activityName,
  input: Type.Optional(mapping),
  output: Type.Optional(mapping),
  timeout: duration(),
  retry: Type.Optional(retry),
  boundaryEvents: Type.Optional(boundaryEvents),
  ...repetition,
});

const milestoneWaitNode = nodeKind('milestoneWait', {
  milestone: milestoneName,
  roles,
  norm: Type.Optional(Type.Object({ within: duration(), from: feel(), description: Type.Optional(text) }, { additionalProperties: false })),
  output: Type.Optional(mapping),
  boundaryEvents: Type.Optional(boundaryEvents),
  ...repetition,
});

const timerNode = nodeKind('timer', { duration: Type.Optional(duration()), date: Type.Optional(feel()), moment: Type.Optional(moment) }, { oneOf: exactlyOneOf('duration', 'date') });

const exclusiveGatewayNode = nodeKind('exclusiveGateway', {});
const parallelGatewayNode = nodeKind('parallelGateway', {});
const eventBasedGatewayNode = nodeKind('eventBasedGateway', {});
/** As a split: every flow whose condition holds; as a join: the branches its split took (language.md, Inclusive gateway). */
const inclusiveGatewayNode = nodeKind('inclusiveGateway', {});

/** A sub-process holds nodes of its own: `nodes` is the recursive list being described. */
const subProcessNode = (nodes: TThis) => nodeKind('subProcess', { nodes, flows, boundaryEvents: Type.Optional(boundaryEvents), ...repetition });

const humanTaskNode = nodeKind('humanTask', {
  id: Type.String({ pattern: '^[a-z][A-Za-z0-9]*$', maxLength: 60, description: 'Also names its milestone, task.<id>' }),
  role: Type.Optional(
    taskRole("Whose task it is, built in or declared under `roles`: it lands in that role's team worklist (the trajectory's own klantmanager for klantmanager); default: the node's lane"),
  ),
  title: Type.String({ minLength: 3, maxLength: 200, description: 'What the task asks, shown in the worklist (no personal data)' }),
  due: Type.Object(
    { within: Type.Optional(duration()), date: Type.Optional(feel()) },
    { description: 'When it is due: `within` a duration of the business date it opens, or on a FEEL `date`', additionalProperties: false, oneOf: exactlyOneOf('within', 'date') },
  ),
  outcome: Type.Optional(payloadFields('The typed form completing the task fills in (the payload of milestone task.<id>)')),
  output: Type.Optional(mapping),
  reminders: Type.Optional(
    Type.Object(
      { every: duration(), times: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
      { description: 'Remind the assignee every `every` while the task is open, at most `times` times', additionalProperties: false },
    ),
  ),
  escalate: Type.Optional(escalation),
  boundaryEvents: Type.Optional(boundaryEvents),
  ...repetition,
});

const callActivityNode = nodeKind('callActivity', {
  definition: Type.Object({ key: definitionKey, version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
  boundaryEvents: Type.Optional(boundaryEvents),
});

/** Waits until a legal clock expires (issue 16). */
const clockExpiredNode = nodeKind('clockExpired', { clock: clockId });

/** Every node kind; the type-level test in ../source/source-definition.spec.ts keeps it equal to the node union. */
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
  'humanTask',
  'callActivity',
  'clockExpired',
  'inclusiveGateway',
] as const;

/** The nodes of a scope: the definition's, or a sub-process's (hence recursive). */
export const nodes = recursiveDefinition('nodes', (nodesOfSubProcess) =>
  Type.Array(
    kindUnion(
      [
        startNode,
        endNode,
        terminateEndNode,
        serviceTaskNode,
        milestoneWaitNode,
        timerNode,
        exclusiveGatewayNode,
        parallelGatewayNode,
        eventBasedGatewayNode,
        subProcessNode(nodesOfSubProcess),
        humanTaskNode,
        callActivityNode,
        clockExpiredNode,
        inclusiveGatewayNode,
      ],
      { id },
    ),
    { minItems: 1, maxItems: 2000 },
  ),
);

// ---------------------------------------------------------------------------------------------
// Legal clocks and cancellation

export const legalClock = Type.Object(
  {
    id,
    name: text,
    start: feel(),
    term: duration(),
    warnings: Type.Optional(Type.Array(duration(), { uniqueItems: true })),
    suspendOn: Type.Optional(Type.Array(milestoneName)),
    resumeOn: Type.Optional(Type.Array(milestoneName)),
    extendOn: Type.Optional(Type.Array(Type.Object({ milestone: milestoneName, durationField: Type.String() }, { additionalProperties: false }))),
    stopOn: Type.Optional(Type.Array(milestoneName)),
    notifyActivity: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** A step run when the trajectory is cancelled, in the order listed. */
export const cancellationStep = Type.Object(
  { id, name: Type.Optional(text), activity: activityName, input: Type.Optional(mapping), timeout: duration(), retry: Type.Optional(retry) },
  { additionalProperties: false },
);

// ---------------------------------------------------------------------------------------------
// The definition

export const definitionSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    key: Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 100, description: 'Stable name; published versions are key@version' }),
    version: Type.Integer({ minimum: 1 }),
    name: text,
    description: Type.Optional(text),
    startsOn: Type.Optional(feel('FEEL date the trajectory begins on in business time (e.g. housingDate); default: the day it is started')),
    milestonesNotBefore: Type.Optional(feel('FEEL date no milestone of a step may be dated before (legal clocks count from their own start)')),
    correctionPeriod: Type.Optional(duration('How long after its last moment the trajectory still takes late input before it closes (default P0D)')),
    factRules: Type.Optional(
      Type.Array(factRule, { description: 'Rules the facts must satisfy at start and on every correction (FEEL booleans; `today` is the day of the check)', maxItems: 100 }),
    ),
    facts: Type.Optional(namedMap(Type.String({ pattern: IDENTIFIER_PATTERN }), fact)),
    milestones: Type.Optional(
      namedMap(milestoneName, ownMilestone, {
        description: "The definition's own milestones (name → description, roles, typed payload), used like the catalogue's",
        maxProperties: 200,
      }),
    ),
    roles: Type.Optional(
      namedMap(Type.String({ pattern: ROLE_ID_PATTERN, maxLength: ROLE_ID_MAX_LENGTH }), ownRole, {
        description: "The programme's own roles (id → name, description, team), used like the built-in ones in a human task's role, escalate.to, lanes and milestone roles",
        maxProperties: 50,
      }),
    ),
    lanes: Type.Optional(lanes),
    nodes: definitionReference('nodes', nodes),
    flows,
    legalClocks: Type.Optional(Type.Array(legalClock)),
    onCancellation: Type.Optional(Type.Array(cancellationStep, { description: 'Steps run, in order, when a trajectory is cancelled (e.g. the handover to a new municipality)' })),
  },
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://wegwijs.nl/schema/trajectory-definition/1.json',
    title: 'Wegwijs trajectory definition',
    description: 'A BPMN-like trajectory: facts, nodes, flows and legal clocks. See docs/definitions/language.md.',
    additionalProperties: false,
    definitions: { nodes },
  },
);
