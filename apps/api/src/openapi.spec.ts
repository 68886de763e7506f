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

  it('is OpenAPI 3.1 and covers every resource', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../../docs/openapi.json'), 'utf8'));
    expect(committed.openapi).toBe('3.1.0');
    expect(Object.keys(committed.paths)).toEqual(
      expect.arrayContaining([
        '/trajectories',
        '/trajectories/{trajectoryId}/milestones',
        '/trajectories/{trajectoryId}/clocks/{clockId}/extend',
        '/tasks/mine',
        '/definitions',
        '/definitions/{key}/versions/{version}/bpmn',
        '/supervision/stuck',
        '/reports/progress',
        '/codec/decode',
        '/health',
      ]),
    );
  });

  it('gives every operation an example answer', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../../docs/openapi.json'), 'utf8'));
    const withoutExample: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, { responses: Record<string, { content?: Record<string, any> }> }>>(committed.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
        // 204 No Content has no body to show.
        const documented = success.some(([status, response]) =>
          status === '204' ||
          Object.values(response.content ?? {}).some((media) => media.example !== undefined || media.examples !== undefined || media.schema?.example !== undefined || media.schema?.$ref),
        );
        if (!documented) withoutExample.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(withoutExample).toEqual([]);
  });

  it('documents the problems of every authenticated operation as application/problem+json, 401 among them', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../../docs/openapi.json'), 'utf8'));
    const undocumented: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>(committed.paths)) {
      if (path.startsWith('/health')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        if (!operation.responses['401']?.content?.['application/problem+json']) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('documents the 422 of every operation on one trajectory: the id is checked before anything else (AuthorizeTrajectory)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../../docs/openapi.json'), 'utf8'));
    const undocumented: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, { responses: Record<string, unknown> }>>(committed.paths)) {
      if (!path.includes('{trajectoryId}')) continue;
      for (const [method, operation] of Object.entries(operations)) if (!operation.responses['422']) undocumented.push(`${method.toUpperCase()} ${path}`);
    }
    expect(undocumented).toEqual([]);
  });
});
