/**
 * The figures behind the API's metrics, against the real PostgreSQL: a projection's lag counts
 * exactly the events of its types it has not applied, with the age of the oldest, and drops to
 * zero when the projector has caught up. A projection of its own (handling only `person.erased`,
 * which no other test writes meanwhile), so the stack's own projector never moves its checkpoint.
 */
import { randomUUID } from 'node:crypto';
import { TypeOrmEventStore } from '@wegwijs/persistence';
import { loadOperationalFigures, Projector, type Projection } from '@wegwijs/read-models';
import type { DataSource } from 'typeorm';
import { connectToTestDatabase, freshPrefix, projectPast } from './support';

let dataSource: DataSource;
const probe: Projection = { name: `lag-probe-${randomUUID().slice(0, 8)}`, handles: ['person.erased'], tables: [], apply: async () => undefined };

beforeAll(async () => {
  dataSource = await connectToTestDatabase();
});

afterAll(async () => {
  await dataSource?.query('DELETE FROM projection_checkpoints WHERE projection = $1', [probe.name]);
  await dataSource?.destroy();
});

async function lagOfProbe() {
  const figures = await loadOperationalFigures(dataSource, [probe]);
  return figures.projectionLag[0];
}

describe("a projection's lag", () => {
  it('counts the events it has not applied, with the age of the oldest, and is zero once caught up', async () => {
    const projector = new Projector(dataSource, { projections: [probe] });
    await projector.catchUp();
    expect(await lagOfProbe()).toEqual({ projection: probe.name, events: 0, seconds: 0 });

    const streams = [`GM0473.${freshPrefix()}`, `GM0473.${freshPrefix()}`];
    const store = new TypeOrmEventStore(dataSource);
    for (const streamId of streams) {
      await store.append(streamId, [
        {
          type: 'person.erased',
          schemaVersion: 1,
          payload: { personId: randomUUID() },
          actor: { role: 'admin', id: 'ad-lag-1' },
          businessTime: new Date(),
          idempotencyKey: `${streamId}-erased`,
        },
      ]);
    }
    const behind = await lagOfProbe();
    expect(behind.events).toBe(2);
    expect(behind.seconds).toBeGreaterThanOrEqual(0);

    await projectPast(dataSource, streams, projector);
    expect(await lagOfProbe()).toEqual({ projection: probe.name, events: 0, seconds: 0 });
  });

  it('is reported for every projection Wegwijs keeps, with the outbox and the per-municipality counts', async () => {
    const figures = await loadOperationalFigures(dataSource);
    expect(figures.projectionLag.map((lag) => lag.projection)).toEqual(['trajectory-summary', 'task-worklist', 'deadline-calendar', 'handover-register']);
    expect(Object.keys(figures.outbox).sort()).toEqual(['failed', 'in_doubt', 'pending', 'sending']);
    for (const count of [...figures.openIncidents, ...figures.warningsSent]) expect(count.municipality).toMatch(/^GM\d{4}$/);
  });
});
