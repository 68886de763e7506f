/**
 * The deadline calendar: every upcoming deadline and warning, per trajectory, to be listed per
 * client manager (`ReadModelQueries.deadlineCalendar`). Rows:
 *   - `clock:<id>`            a legal clock's deadline (clock.started/extended/resumed; gone when stopped or expired);
 *   - `warning:<id>:<offset>` a warning before it, when `clock.started` lists its `warnings`
 *                             (ISO durations such as P6M — an assumption: the engine does not send them yet);
 *                             gone once `clock.warning` with that offset is recorded;
 *   - `norm:<nodeId>`         a milestone wait's service norm (`trajectory.waiting.normDeadline`);
 *   - `task:<taskId>`         a task's due date (task.opened/created; gone at task.completed or
 *                             when its completionMilestone is recorded).
 * Owners (municipality, client manager) are kept beside it, from trajectory.started/reassigned.
 */
import type { EntityManager } from 'typeorm';
import { looksLikeCalendarDate } from '@wegwijs/calendar';
import type { ProjectedEvent } from '../projected-event';
import { payloadString, type Projection } from '../projection';
import { municipalityOfTrajectoryId } from './trajectory-summary.projection';

export const deadlineCalendarProjection: Projection = {
  name: 'deadline-calendar',
  handles: [
    'trajectory.started',
    'trajectory.reassigned',
    'trajectory.waiting',
    'milestone.recorded',
    'clock.started',
    'clock.warning',
    'clock.suspended',
    'clock.resumed',
    'clock.extended',
    'clock.stopped',
    'clock.expired',
    'task.opened',
    'task.created',
    'task.completed',
    'trajectory.completed',
    'trajectory.terminated',
    'trajectory.cancelled',
  ],
  tables: ['rm_deadlines', 'rm_deadline_owners'],
  async apply(event: ProjectedEvent, manager: EntityManager): Promise<void> {
    const trajectoryId = event.streamId;
    const payload = event.payload;
    const clockId = payloadString(payload, 'clockId');
    const deadline = payloadString(payload, 'deadline')?.slice(0, 10);
    switch (event.type) {
      case 'trajectory.started':
        await manager.query(
          `INSERT INTO rm_deadline_owners (trajectory_id, municipality, client_manager_id) VALUES ($1, $2, $3)
           ON CONFLICT (trajectory_id) DO UPDATE SET municipality = coalesce(EXCLUDED.municipality, rm_deadline_owners.municipality),
             client_manager_id = coalesce(rm_deadline_owners.client_manager_id, EXCLUDED.client_manager_id)`,
          [
            trajectoryId,
            payloadString(payload, 'municipality') ?? municipalityOfTrajectoryId(trajectoryId),
            event.actor.role === 'klantmanager' ? event.actor.id : null,
          ],
        );
        return;
      case 'trajectory.reassigned':
        await manager.query(
          `INSERT INTO rm_deadline_owners (trajectory_id, municipality, client_manager_id) VALUES ($1, $2, $3)
           ON CONFLICT (trajectory_id) DO UPDATE SET client_manager_id = EXCLUDED.client_manager_id`,
          [trajectoryId, municipalityOfTrajectoryId(trajectoryId), payloadString(payload, 'klantmanagerId') ?? null],
        );
        return;
      case 'trajectory.waiting': {
        const nodeId = payloadString(payload, 'nodeId');
        const normDeadline = payloadString(payload, 'normDeadline')?.slice(0, 10);
        if (nodeId && looksLikeCalendarDate(normDeadline)) {
          await upsertDeadline(manager, trajectoryId, `norm:${nodeId}`, 'norm', payloadString(payload, 'milestone') ?? nodeId, normDeadline);
        }
        return;
      }
      case 'milestone.recorded': {
        const nodeId = payloadString(payload, 'nodeId');
        if (nodeId) await deleteDeadlines(manager, trajectoryId, `norm:${nodeId}`);
        await manager.query('DELETE FROM rm_deadlines WHERE trajectory_id = $1 AND closed_by_milestone = $2', [
          trajectoryId,
          payloadString(payload, 'milestone') ?? null,
        ]);
        return;
      }
      case 'clock.started':
      case 'clock.resumed':
      case 'clock.extended': {
        if (!clockId || !looksLikeCalendarDate(deadline)) return;
        const offsets = event.type === 'clock.started' ? warningOffsetsOf(payload) : await storedOffsets(manager, trajectoryId, clockId);
        const name = payloadString(payload, 'name') ?? (await storedName(manager, trajectoryId, clockId)) ?? clockId;
        await upsertDeadline(manager, trajectoryId, `clock:${clockId}`, 'clock', name, deadline, offsets);
        // Warnings move with the deadline; those already given stay given.
        const [given] = await manager.query('SELECT last_warning FROM rm_deadlines WHERE trajectory_id = $1 AND deadline_key = $2', [
          trajectoryId,
          `clock:${clockId}`,
        ]);
        await deleteDeadlines(manager, trajectoryId, `warning:${clockId}:%`);
        for (const offset of offsets) {
          if (given?.last_warning && offsetRank(offset, offsets) <= offsetRank(given.last_warning, offsets)) continue;
          const warningOn = subtractDuration(deadline, offset);
          if (warningOn) await upsertDeadline(manager, trajectoryId, `warning:${clockId}:${offset}`, 'warning', name, warningOn);
        }
        return;
      }
      case 'clock.warning': {
        const offset = payloadString(payload, 'offset');
        if (!clockId || !offset) return;
        await manager.query('UPDATE rm_deadlines SET last_warning = $3, warned_on = $4 WHERE trajectory_id = $1 AND deadline_key = $2', [
          trajectoryId,
          `clock:${clockId}`,
          offset,
          event.businessTime,
        ]);
        await deleteDeadlines(manager, trajectoryId, `warning:${clockId}:${offset}`);
        return;
      }
      case 'clock.suspended':
        if (clockId) {
          await manager.query(
            `UPDATE rm_deadlines SET suspended = true WHERE trajectory_id = $1 AND (deadline_key = $2 OR deadline_key LIKE $3)`,
            [trajectoryId, `clock:${clockId}`, `warning:${clockId}:%`],
          );
        }
        return;
      case 'clock.stopped':
      case 'clock.expired':
        if (clockId) {
          await deleteDeadlines(manager, trajectoryId, `clock:${clockId}`);
          await deleteDeadlines(manager, trajectoryId, `warning:${clockId}:%`);
        }
        return;
      case 'task.opened':
      case 'task.created': {
        const taskId = payloadString(payload, 'taskId');
        const dueOn = payload.dueOn;
        if (taskId && looksLikeCalendarDate(dueOn)) {
          const name = payloadString(payload, 'title') ?? payloadString(payload, 'kind') ?? taskId;
          await upsertDeadline(manager, trajectoryId, `task:${taskId}`, 'task', name, dueOn);
          await manager.query('UPDATE rm_deadlines SET closed_by_milestone = $3 WHERE trajectory_id = $1 AND deadline_key = $2', [
            trajectoryId,
            `task:${taskId}`,
            payloadString(payload, 'completionMilestone') ?? null,
          ]);
        }
        return;
      }
      case 'task.completed': {
        const taskId = payloadString(payload, 'taskId');
        if (taskId) await deleteDeadlines(manager, trajectoryId, `task:${taskId}`);
        return;
      }
      case 'trajectory.completed':
      case 'trajectory.terminated':
      case 'trajectory.cancelled':
        await deleteDeadlines(manager, trajectoryId, '%');
        return;
    }
  },
};

async function upsertDeadline(
  manager: EntityManager,
  trajectoryId: string,
  key: string,
  kind: string,
  name: string,
  dueOn: string,
  warningOffsets: readonly string[] = [],
): Promise<void> {
  await manager.query(
    `INSERT INTO rm_deadlines (trajectory_id, deadline_key, kind, name, due_on, warning_offsets) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (trajectory_id, deadline_key) DO UPDATE SET name = EXCLUDED.name, due_on = EXCLUDED.due_on, suspended = false,
       warning_offsets = EXCLUDED.warning_offsets`,
    [trajectoryId, key, kind, name, dueOn, warningOffsets],
  );
}

async function deleteDeadlines(manager: EntityManager, trajectoryId: string, keyPattern: string): Promise<void> {
  await manager.query('DELETE FROM rm_deadlines WHERE trajectory_id = $1 AND deadline_key LIKE $2', [trajectoryId, keyPattern]);
}

async function storedOffsets(manager: EntityManager, trajectoryId: string, clockId: string): Promise<string[]> {
  const [row] = await manager.query('SELECT warning_offsets FROM rm_deadlines WHERE trajectory_id = $1 AND deadline_key = $2', [
    trajectoryId,
    `clock:${clockId}`,
  ]);
  return row?.warning_offsets ?? [];
}

async function storedName(manager: EntityManager, trajectoryId: string, clockId: string): Promise<string | undefined> {
  const [row] = await manager.query('SELECT name FROM rm_deadlines WHERE trajectory_id = $1 AND deadline_key = $2', [trajectoryId, `clock:${clockId}`]);
  return row?.name;
}

function warningOffsetsOf(payload: Readonly<Record<string, unknown>>): string[] {
  const warnings = payload.warnings;
  return Array.isArray(warnings) ? warnings.filter((offset): offset is string => typeof offset === 'string' && DURATION.test(offset)) : [];
}

/** Offsets are listed earliest warning first (P12M before P1M); a rank compares them. */
function offsetRank(offset: string, offsets: readonly string[]): number {
  return offsets.indexOf(offset);
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

/** The calendar date `duration` (years, months, weeks, days) before `date`. */
export function subtractDuration(date: string, duration: string): string | undefined {
  const match = DURATION.exec(duration);
  if (!match) return undefined;
  const [years, months, weeks, days] = match.slice(1).map((part) => Number(part ?? 0));
  const [year, month, day] = date.split('-').map(Number);
  const monthIndex = year * 12 + (month - 1) - years * 12 - months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const shifted = new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)) - (weeks * 7 + days) * 86_400_000);
  return shifted.toISOString().slice(0, 10);
}
