/**
 * Event schema evolution end to end: an event stored at an older schema version, years ago and
 * never rewritten, still projects — read through its upcaster.
 */
import { TypeOrmEventStore } from '@wegwijs/persistence';
import { SqlReadModels, TrajectoryHistory } from '@wegwijs/read-models';
import type { DataSource } from 'typeorm';
import { connectToTestDatabase, freshPrefix, projectPast } from './support';

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await connectToTestDatabase();
});

afterAll(async () => {
  await dataSource?.destroy();
});

describe('an event stored at an older schema version', () => {
  it('projects through its upcaster: a version 1 trajectory.reassigned moves the regie', async () => {
    const history = new TrajectoryHistory(`GM0392.${freshPrefix()}`, { klantmanagerId: 'km-old' }).started('2019-01-07', { housingDate: '2019-01-07' });
    await new TypeOrmEventStore(dataSource).append(history.trajectoryId, history.events);
    // Written as the version 1 shape, straight into the table, as an old release would have.
    await dataSource.query(
      `INSERT INTO trajectory_events (stream_id, sequence, type, schema_version, payload, actor_role, actor_id, business_time, idempotency_key)
       VALUES ($1, 3, 'trajectory.reassigned', 1, $2, 'supervisor', 'sup-1', '2019-06-01T08:00:00Z', $3)`,
      [history.trajectoryId, JSON.stringify({ assigneeId: 'km-new' }), `${history.trajectoryId}#reassigned-v1`],
    );

    await projectPast(dataSource, [history.trajectoryId]);
    const readModels = new SqlReadModels(dataSource);

    expect((await readModels.trajectorySummary(history.trajectoryId))?.clientManagerId).toBe('km-new');
    expect((await readModels.handoversOf(history.trajectoryId)).map(({ kind, from, to }) => ({ kind, from, to }))).toEqual([
      { kind: 'regie', from: 'gemeente', to: 'km-old' },
      { kind: 'regie', from: 'km-old', to: 'km-new' },
    ]);
  });
});
