/**
 * The access log (verwerkingenlogging, after the VNG standard's idea): who read or changed which
 * person's trajectory, with which operation, on what legal ground, and whether it was allowed.
 * Denied attempts are logged too — they are what a privacy officer looks for first.
 *
 *   await accessLog.record([{ actor, action: 'read', operation: 'trajectories.get', trajectoryId, municipality, legalGround, outcome: 'granted' }]);
 */
import type { EventActor } from '@wegwijs/domain';
import type { DataSource } from 'typeorm';

export type AccessAction = 'read' | 'change' | 'list';

export interface AccessLogEntry {
  readonly actor: EventActor;
  readonly action: AccessAction;
  /** The API operation, e.g. `trajectories.recordMilestone`: no request data. */
  readonly operation: string;
  /** The pseudonymous trajectory id; absent for an operation over no one trajectory. */
  readonly trajectoryId?: string;
  /** The pseudonymous id of the person record read or changed, when the operation concerns one. */
  readonly personId?: string;
  readonly municipality?: string;
  readonly legalGround: string;
  readonly outcome: 'granted' | 'denied';
}

export interface RecordedAccess extends AccessLogEntry {
  readonly recordedAt: Date;
}

export abstract class AccessLog {
  abstract record(entries: readonly AccessLogEntry[]): Promise<void>;
  /** Accesses to one trajectory, oldest first: what a person asking "who saw my data?" is shown. */
  abstract forTrajectory(trajectoryId: string): Promise<RecordedAccess[]>;
}

interface AccessRow {
  recorded_at: Date;
  actor_role: string;
  actor_id: string;
  action: AccessAction;
  operation: string;
  trajectory_id: string | null;
  person_id: string | null;
  municipality: string | null;
  legal_ground: string;
  outcome: 'granted' | 'denied';
}

export class TypeOrmAccessLog extends AccessLog {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async record(entries: readonly AccessLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const columns = 9;
    const values = entries.map((_, row) => `(${Array.from({ length: columns }, (__, column) => `$${row * columns + column + 1}`).join(', ')})`);
    await this.dataSource.query(
      `INSERT INTO access_log (actor_role, actor_id, action, operation, trajectory_id, person_id, municipality, legal_ground, outcome) VALUES ${values.join(', ')}`,
      entries.flatMap((entry) => [
        entry.actor.role,
        entry.actor.id,
        entry.action,
        entry.operation,
        entry.trajectoryId ?? null,
        entry.personId ?? null,
        entry.municipality ?? null,
        entry.legalGround,
        entry.outcome,
      ]),
    );
  }

  async forTrajectory(trajectoryId: string): Promise<RecordedAccess[]> {
    const rows: AccessRow[] = await this.dataSource.query(
      'SELECT recorded_at, actor_role, actor_id, action, operation, trajectory_id, person_id, municipality, legal_ground, outcome FROM access_log WHERE trajectory_id = $1 ORDER BY access_id',
      [trajectoryId],
    );
    return rows.map((row) => ({
      recordedAt: new Date(row.recorded_at),
      actor: { role: row.actor_role as EventActor['role'], id: row.actor_id },
      action: row.action,
      operation: row.operation,
      ...(row.trajectory_id ? { trajectoryId: row.trajectory_id } : {}),
      ...(row.person_id ? { personId: row.person_id } : {}),
      ...(row.municipality ? { municipality: row.municipality } : {}),
      legalGround: row.legal_ground,
      outcome: row.outcome,
    }));
  }
}
