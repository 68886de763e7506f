import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definitionSchema } from './definition-schema';

describe('the published JSON Schema', () => {
  it('is the schema the validator uses (regenerate with: wegwijs definitions schema > definitions/schema/trajectory-definition.schema.json)', () => {
    const published = JSON.parse(readFileSync(join(__dirname, '../../schema/trajectory-definition.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(definitionSchema)));
  });
});
