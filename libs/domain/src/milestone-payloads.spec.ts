import { HAARLEM_MILESTONES } from './milestone-catalogue';
import { milestonePayloadJsonSchema, milestonePayloadProblems, type MilestonePayloadSchema } from './milestone-payloads';

const PLAN = HAARLEM_MILESTONES['intake.planAgreed'].payload;
const EXTENSION = HAARLEM_MILESTONES['inburgering.extensionGranted'].payload;

describe('milestone payloads checked against their typed schema', () => {
  it('accepts a payload that fits', () => {
    expect(milestonePayloadProblems(PLAN, { route: 'werk' })).toEqual([]);
    expect(milestonePayloadProblems(EXTENSION, { extension: 'P6M', legalBasis: 'Wi2021 art. 7 lid 2' })).toEqual([]);
  });

  it('refuses a value outside the closed set, naming the field and the allowed values', () => {
    expect(milestonePayloadProblems(PLAN, { route: 'work' })).toEqual([{ field: 'payload.route', message: 'must be one of werk, onderwijs, klantmanager' }]);
  });

  it('refuses undeclared fields, such as a citizen number typed into a report, without echoing them', () => {
    const problems = milestonePayloadProblems(PLAN, { route: 'werk', bsn: '123456782', name: 'A. Person' });
    expect(problems.map((problem) => problem.field)).toEqual(['payload.bsn', 'payload.name']);
    expect(JSON.stringify(problems)).not.toContain('123456782');
    expect(JSON.stringify(problems)).not.toContain('A. Person');
  });

  it('refuses any field on a milestone that carries no payload', () => {
    expect(milestonePayloadProblems(undefined, { note: 'x' })).toEqual([{ field: 'payload.note', message: 'is not a field of this milestone (it carries no payload)' }]);
  });

  it('lists every missing required field and every badly typed one at once', () => {
    const schema: MilestonePayloadSchema = {
      on: { type: 'date', required: true },
      count: { type: 'number', minimum: 1 },
      done: { type: 'boolean' },
      term: { type: 'duration' },
    };
    expect(milestonePayloadProblems(schema, { count: 0, done: 'yes', term: 'six months' })).toEqual([
      { field: 'payload.on', message: 'is required (a date YYYY-MM-DD)' },
      { field: 'payload.count', message: 'must be at least 1' },
      { field: 'payload.done', message: 'must be true or false' },
      { field: 'payload.term', message: 'must be an ISO 8601 duration such as P6M' },
    ]);
  });

  it('bounds free text', () => {
    expect(milestonePayloadProblems(EXTENSION, { extension: 'P6M', legalBasis: 'x'.repeat(201) })).toEqual([{ field: 'payload.legalBasis', message: 'must be at most 200 characters' }]);
    expect(milestonePayloadProblems(EXTENSION, { extension: 'P6M', legalBasis: ' a ' })).toEqual([{ field: 'payload.legalBasis', message: 'must be at least 3 characters' }]);
  });

  it('describes the same rules as JSON Schema for the OpenAPI document', () => {
    expect(milestonePayloadJsonSchema(PLAN)).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { route: { type: 'string', enum: ['werk', 'onderwijs', 'klantmanager'], description: 'werk, onderwijs or klantmanager' } },
      required: ['route'],
    });
  });
});
