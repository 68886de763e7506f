/**
 * The types and the JSON Schema of a definition come from one TypeBox description; these tests
 * prove they say the same thing. Half of each test is checked by the compiler (`npm run typecheck`):
 * a definition written against the types must type-check, and what the types refuse is marked
 * `@ts-expect-error`, which fails the type check if the types ever start accepting it.
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { definitionSchema, NODE_KINDS } from '../schema/definition-schema';
import type { SourceDefinition, SourceNode, SourceNodeKind } from './source-definition';

const conformsToSchema = new Ajv({ allErrors: true, strict: false }).compile(definitionSchema);

/** True only when A and B are the same type (not merely assignable one way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// The kinds the validator recognises before the schema check (NODE_KINDS) are the node union's kinds.
const nodeKindsAreTheUnionsKinds: Equal<(typeof NODE_KINDS)[number], SourceNodeKind> = true;

/** examples/minimal.yaml written against the types: it compiles, so the types accept it. */
const minimal = {
  key: 'minimal',
  version: 1,
  name: 'Minimal trajectory',
  facts: { housingDate: { type: 'date', required: true, description: 'Day the statushouder got the keys' } },
  nodes: [
    { id: 'start', kind: 'start' },
    {
      id: 'recordStart',
      kind: 'serviceTask',
      name: 'Record trajectory start',
      activity: 'recordTrajectoryEvent',
      input: { eventType: '"trajectory.started"', housingDate: 'housingDate' },
      timeout: 'PT30S',
      retry: 'standard',
    },
    {
      id: 'waitForIntake',
      kind: 'milestoneWait',
      name: 'Intake completed',
      milestone: 'intake.completed',
      roles: ['klantmanager'],
      norm: { within: 'P6W', from: 'housingDate', description: 'Intake within 6 weeks of housing' },
    },
    { id: 'done', kind: 'end' },
  ],
  flows: [
    { source: 'start', target: 'recordStart' },
    { source: 'recordStart', target: 'waitForIntake' },
    { source: 'waitForIntake', target: 'done' },
  ],
} satisfies SourceDefinition;

/** A sub-process holding a human task, a boundary timer and a nested sub-process: the recursive part. */
const nested: SourceNode = {
  id: 'outer',
  kind: 'subProcess',
  nodes: [
    { id: 'outerStart', kind: 'start' },
    {
      id: 'evaluate',
      kind: 'humanTask',
      role: 'klantmanager',
      title: 'Evaluate the trajectory',
      due: { within: 'P2W' },
      outcome: { route: { type: 'string', required: true, values: ['werk', 'onderwijs'] } },
      reminders: { every: 'P1W', times: 2 },
      boundaryEvents: [{ id: 'late', kind: 'timer', duration: 'P3W', interrupting: false }],
    },
    { id: 'inner', kind: 'subProcess', nodes: [{ id: 'innerStart', kind: 'start' }, { id: 'innerEnd', kind: 'end' }], flows: [{ source: 'innerStart', target: 'innerEnd' }] },
    { id: 'outerEnd', kind: 'end' },
  ],
  flows: [
    { source: 'outerStart', target: 'evaluate' },
    { source: 'evaluate', target: 'inner' },
    { source: 'inner', target: 'outerEnd' },
  ],
};

describe('the definition types and the JSON Schema', () => {
  it('recognise the same node kinds', () => {
    expect(nodeKindsAreTheUnionsKinds).toBe(true);
    expect(definitionSchema).toMatchObject({ definitions: { nodes: { items: { properties: { kind: { enum: [...NODE_KINDS] } } } } } });
  });

  it('describe the committed minimal example alike: written against the types, it is the YAML file and the schema accepts it', () => {
    const committed = parse(readFileSync(join(__dirname, '../../examples/minimal.yaml'), 'utf8'));
    expect(committed).toEqual(minimal);
    expect(conformsToSchema(minimal)).toBe(true);
  });

  it('accept the same nested sub-processes and human tasks', () => {
    const definition: SourceDefinition = { ...minimal, nodes: [...minimal.nodes.slice(0, -1), nested, minimal.nodes[3]] };
    expect(conformsToSchema(definition)).toBe(true);
  });

  it('refuse the same wrong definitions', () => {
    const refusedByBoth: unknown[] = [
      // @ts-expect-error a node kind that does not exist
      { ...minimal, nodes: [{ id: 'start', kind: 'startEvent' }] } satisfies SourceDefinition,
      // @ts-expect-error a service task needs a timeout
      { ...minimal, nodes: [{ id: 'call', kind: 'serviceTask', activity: 'recordTrajectoryEvent' }] } satisfies SourceDefinition,
      // @ts-expect-error a property the kind does not have (an end event has no activity)
      { ...minimal, nodes: [{ id: 'done', kind: 'end', activity: 'recordTrajectoryEvent' }] } satisfies SourceDefinition,
      // @ts-expect-error a declared role needs a name (which role a human task is for, the validator checks)
      { ...minimal, roles: { jobcoach: { description: 'Begeleidt naar werk' } } } satisfies SourceDefinition,
      // @ts-expect-error a fact type outside the closed set
      { ...minimal, facts: { housingDate: { type: 'instant' } } } satisfies SourceDefinition,
      // @ts-expect-error a sub-process's nodes are nodes too
      { ...minimal, nodes: [{ ...nested, nodes: [{ id: 'x', kind: 'startEvent' }] }] } satisfies SourceDefinition,
      // @ts-expect-error the version is a number
      { ...minimal, version: '1' } satisfies SourceDefinition,
    ];
    for (const definition of refusedByBoth) expect(conformsToSchema(definition)).toBe(false);
  });
});
