/**
 * Figures an operator watches, read from the database when Prometheus scrapes (the API's
 * `/metrics`): how far each projection is behind the event store, what the notification outbox
 * still holds, the open incidents and the inburgering warnings sent, per municipality (the CBS
 * code that starts every trajectory id). Counts only, never a trajectory or a person.
 *
 *   const figures = await loadOperationalFigures(dataSource);
 *   figures.projectionLag; // [{ projection: 'trajectory-summary', events: 0, seconds: 0 }, …]
 */
import type { DataSource } from 'typeorm';
import type { Projection } from '../projection';
import { WEGWIJS_PROJECTIONS } from '../projector';

export interface ProjectionLag {
  readonly projection: string;
  /** Events of the types it handles that it has not applied yet. */
  readonly events: number;
  /** Age of the oldest of those; 0 when it is up to date. */
  readonly seconds: number;
}

export interface OperationalFigures {
  readonly projectionLag: readonly ProjectionLag[];
  /** Messages by status, `sent` left out (it only grows); every status present, 0 when none. */
  readonly outbox: Readonly<Record<'pending' | 'sending' | 'failed' | 'in_doubt', number>>;
  /** Age of the oldest message waiting to be sent (pending and due); 0 when none waits. */
  readonly outboxOldestDueSeconds: number;
  readonly openIncidents: readonly MunicipalityCount[];
  readonly warningsSent: readonly MunicipalityCount[];
}

export interface MunicipalityCount {
  readonly municipality: string;
  readonly count: number;
}

/** The municipality's CBS code: the part of the trajectory id (stream id) before the first dot. */
const MUNICIPALITY = `split_part(stream_id, '.', 1)`;

export async function loadOperationalFigures(dataSource: DataSource, projections: readonly Projection[] = WEGWIJS_PROJECTIONS): Promise<OperationalFigures> {
  const projectionLag: ProjectionLag[] = [];
  for (const projection of projections) {
    const [row] = await dataSource.query(
      `SELECT count(*)::bigint AS events, coalesce(extract(epoch FROM now() - min(e.recorded_at)), 0)::float AS seconds
         FROM trajectory_events e
         LEFT JOIN projection_checkpoints c ON c.projection = $1
        WHERE (e.transaction_id, e.position) > (coalesce(c.transaction_id, 0), coalesce(c.position, 0))
          AND e.type = ANY($2)`,
      [projection.name, projection.handles],
    );
    projectionLag.push({ projection: projection.name, events: Number(row.events), seconds: Math.max(0, Number(row.seconds)) });
  }
  const statuses: Array<{ status: keyof OperationalFigures['outbox']; count: string }> = await dataSource.query(
    `SELECT status, count(*) AS count FROM notification_outbox WHERE status <> 'sent' GROUP BY status`,
  );
  const outbox = { pending: 0, sending: 0, failed: 0, in_doubt: 0 };
  for (const { status, count } of statuses) outbox[status] = Number(count);
  const [oldest] = await dataSource.query(
    `SELECT coalesce(extract(epoch FROM now() - min(next_attempt_at)), 0)::float AS seconds FROM notification_outbox WHERE status = 'pending' AND next_attempt_at <= now()`,
  );
  const openIncidents = await countsPerMunicipality(
    dataSource,
    `SELECT ${MUNICIPALITY} AS municipality, count(*) AS count
       FROM trajectory_events opened
      WHERE opened.type = 'incident.opened'
        AND NOT EXISTS (
          SELECT 1 FROM trajectory_events resolved
           WHERE resolved.stream_id = opened.stream_id AND resolved.type = 'incident.resolved'
             AND resolved.payload->>'incidentId' = opened.payload->>'incidentId')
      GROUP BY 1`,
  );
  const warningsSent = await countsPerMunicipality(
    dataSource,
    `SELECT ${MUNICIPALITY} AS municipality, count(*) AS count FROM trajectory_events WHERE type = 'inburgering.warningSent' GROUP BY 1`,
  );
  return { projectionLag, outbox, outboxOldestDueSeconds: Math.max(0, Number(oldest.seconds)), openIncidents, warningsSent };
}

async function countsPerMunicipality(dataSource: DataSource, sql: string): Promise<MunicipalityCount[]> {
  const rows: Array<{ municipality: string; count: string }> = await dataSource.query(sql);
  return rows.map((row) => ({ municipality: row.municipality, count: Number(row.count) })).sort((a, b) => a.municipality.localeCompare(b.municipality));
}
