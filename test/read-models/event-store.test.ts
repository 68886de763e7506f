/**
 * The event table keeps what happened: the database itself refuses to change or remove events,
 * appends are checked against the expected sequence, and a retried append records once.
 */
import { ConcurrencyConflictError, TypeOrmEventStore } from '@wegwijs/persistence';
import { TrajectoryHistory } from '@wegwijs/read-models';
import type { DataSource } from 'typeorm';
import { connectToTestDatabase, freshPrefix } from './support';

let dataSource: DataSource;
let store: TypeOrmEventStore;

beforeAll(async () => {
  dataSource = await connectToTestDatabase();
  store = new TypeOrmEventStore(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
});

async function appendedTrajectory(): Promise<string> {
  const history = new TrajectoryHistory(`GM0392.${freshPrefix()}`).started('2019-01-07', { housingDate: '2019-01-07' });
  await store.append(history.trajectoryId, history.events);
  return history.trajectoryId;
}

describe('the append-only event table', () => {
  it('refuses an UPDATE of a stored event', async () => {
    const trajectoryId = await appendedTrajectory();

    await expect(dataSource.query(`UPDATE trajectory_events SET type = 'x' WHERE stream_id = $1`, [trajectoryId])).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
  });

  it('refuses a DELETE of a stored event', async () => {
    const trajectoryId = await appendedTrajectory();

    await expect(dataSource.query('DELETE FROM trajectory_events WHERE stream_id = $1', [trajectoryId])).rejects.toThrow(/append-only: DELETE refused/);
    expect(await store.readStream(trajectoryId)).toHaveLength(2);
  });

  it('refuses to TRUNCATE the table', async () => {
    await appendedTrajectory();

    await expect(dataSource.query('TRUNCATE trajectory_events')).rejects.toThrow(/append-only: TRUNCATE refused/);
  });

  it('rejects an append that expects an earlier sequence than the stream is at', async () => {
    const trajectoryId = await appendedTrajectory();
    const late = new TrajectoryHistory(trajectoryId).milestone('intake.noaAssessmentDone', '2019-02-01');

    await expect(store.append(trajectoryId, late.events.map((event) => ({ ...event, idempotencyKey: `${trajectoryId}#late` })), 1)).rejects.toThrow(
      ConcurrencyConflictError,
    );
  });

  it('records a retried append once', async () => {
    const trajectoryId = await appendedTrajectory();
    const noa = new TrajectoryHistory(trajectoryId).milestone('intake.noaAssessmentDone', '2019-02-01').events.map((event) => ({
      ...event,
      idempotencyKey: `${trajectoryId}#noa`,
    }));

    const first = await store.append(trajectoryId, noa, 2);
    const retried = await store.append(trajectoryId, noa, 2);

    expect(retried.map((event) => event.sequence)).toEqual(first.map((event) => event.sequence));
    expect(await store.readStream(trajectoryId)).toHaveLength(3);
  });
});
