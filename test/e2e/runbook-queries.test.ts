/**
 * Every list filter the supervisor's runbook gives (its ```sql blocks) is one the Temporal
 * visibility store accepts — the real dev server, with Wegwijs's search attributes — so a
 * supervisor never copies a filter that answers with a syntax error. What the stuck filters find
 * is the browser test's business (test/browser/supervisor-web-ui.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';

const runbook = readFileSync(join(__dirname, '../../docs/runbook/supervisor.md'), 'utf8');
const queries = [...runbook.matchAll(/```sql\n([\s\S]*?)```/g)].flatMap(([, block]) => block.split('\n').filter((line) => line.trim() !== ''));

let temporal: Client;

beforeAll(async () => {
  temporal = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS }) });
});

afterAll(async () => {
  await temporal?.connection.close();
});

describe('the runbook’s list filters', () => {
  it('are there to test', () => {
    expect(queries.length).toBeGreaterThanOrEqual(8);
  });

  it.each(queries)('%s is accepted by the visibility store', async (query) => {
    await expect(temporal.workflow.count(query)).resolves.toMatchObject({ count: expect.any(Number) });
  });
});
