import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfiguration } from '@wegwijs/config';
import { describeApi } from './app.factory';
import { loadRepositoryDefinitions } from './definitions/repository-definitions';

describe('the committed OpenAPI description', () => {
  it('is what the code describes — run `npm run openapi` and commit docs/openapi.json after changing the API', async () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../../docs/openapi.json'), 'utf8'));
    const fromCode = JSON.parse(JSON.stringify(await describeApi({ config: loadConfiguration({}), definitions: await loadRepositoryDefinitions() })));
    expect(fromCode).toEqual(committed);
  });

  it('is OpenAPI 3.1 and covers the trajectory, task, codec and health routes', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../../docs/openapi.json'), 'utf8'));
    expect(committed.openapi).toBe('3.1.0');
    expect(Object.keys(committed.paths)).toEqual(
      expect.arrayContaining(['/trajectories', '/trajectories/{trajectoryId}/milestones', '/tasks/mine', '/codec/decode', '/health']),
    );
  });
});
