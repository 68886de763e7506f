/**
 * The handover register: every handover of a person between parties, due and done — the warm
 * handovers the programme requires (COA → municipality, §4; Vluchtelingenwerk → Sociaal Wijkteam
 * at 24 months, §13), 'Aan de slag' handing a person back to the client manager (terugmelding,
 * §8), and the regie passing from one client manager to another.
 *
 * A warm handover is pending from the `trajectory.waiting` on its milestone and done at its
 * `milestone.recorded`. The Vluchtelingenwerk → wijkteam handover also comes from the guidance
 * activities: `guidance.handoverMeetingScheduled` (pending, due `meetBefore`) and
 * `guidance.handoverRecorded` (done on `handedOverOn`). A client manager handover is the
 * `trajectory.started` actor (from 'gemeente') or a `trajectory.reassigned`.
 */
import type { EntityManager } from 'typeorm';
import { amsterdamDateOf, looksLikeCalendarDate } from '@wegwijs/calendar';
import type { ProjectedEvent } from '../projected-event';
import { payloadString, type Projection } from '../projection';

/** Milestones that are handovers, with the parties they pass the person between. */
export const HANDOVER_MILESTONES: Readonly<Record<string, { kind: string; from: string; to: string; announced: boolean }>> = {
  'coa.warmHandoverDone': { kind: 'warme overdracht', from: 'COA', to: 'gemeente', announced: true },
  'guidance.warmHandoverToWijkteamDone': { kind: 'warme overdracht', from: 'Vluchtelingenwerk', to: 'Sociaal Wijkteam', announced: true },
  'work.terugmelding': { kind: 'terugmelding', from: "'Aan de slag'", to: 'klantmanager', announced: false },
};

const WIJKTEAM_HANDOVER = 'guidance.warmHandoverToWijkteamDone';

export const handoverRegisterProjection: Projection = {
  name: 'handover-register',
  handles: [
    'trajectory.started',
    'trajectory.reassigned',
    'trajectory.waiting',
    'milestone.recorded',
    'guidance.handoverMeetingScheduled',
    'guidance.handoverRecorded',
  ],
  tables: ['rm_handovers'],
  async apply(event: ProjectedEvent, manager: EntityManager): Promise<void> {
    const trajectoryId = event.streamId;
    const milestone = payloadString(event.payload, 'milestone');
    const handover = milestone ? HANDOVER_MILESTONES[milestone] : undefined;
    switch (event.type) {
      case 'trajectory.started':
        if (event.actor.role === 'klantmanager') {
          await insertHandover(manager, trajectoryId, `klantmanager:${event.sequence}`, 'regie', 'gemeente', event.actor.id, event, null);
        }
        return;
      case 'trajectory.reassigned': {
        const to = payloadString(event.payload, 'klantmanagerId');
        if (!to) return;
        const [previous] = await manager.query(
          `SELECT to_party FROM rm_handovers WHERE trajectory_id = $1 AND kind = 'regie' ORDER BY done_on DESC, handover_key DESC LIMIT 1`,
          [trajectoryId],
        );
        await insertHandover(manager, trajectoryId, `klantmanager:${event.sequence}`, 'regie', previous?.to_party ?? 'gemeente', to, event, null);
        return;
      }
      case 'trajectory.waiting':
        if (milestone && handover?.announced) {
          await manager.query(
            `INSERT INTO rm_handovers (trajectory_id, handover_key, kind, from_party, to_party, pending_since) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (trajectory_id, handover_key) DO NOTHING`,
            [trajectoryId, milestone, handover.kind, handover.from, handover.to, event.businessTime],
          );
        }
        return;
      case 'guidance.handoverMeetingScheduled': {
        const wijkteam = HANDOVER_MILESTONES[WIJKTEAM_HANDOVER];
        const meetBefore = event.payload.meetBefore;
        await manager.query(
          `INSERT INTO rm_handovers (trajectory_id, handover_key, kind, from_party, to_party, pending_since, due_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (trajectory_id, handover_key) DO UPDATE SET due_on = EXCLUDED.due_on,
             pending_since = coalesce(rm_handovers.pending_since, EXCLUDED.pending_since)`,
          [trajectoryId, WIJKTEAM_HANDOVER, wijkteam.kind, wijkteam.from, wijkteam.to, event.businessTime, looksLikeCalendarDate(meetBefore) ? meetBefore : null],
        );
        return;
      }
      case 'guidance.handoverRecorded': {
        const wijkteam = HANDOVER_MILESTONES[WIJKTEAM_HANDOVER];
        const handedOverOn = event.payload.handedOverOn;
        await insertHandover(manager, trajectoryId, WIJKTEAM_HANDOVER, wijkteam.kind, wijkteam.from, wijkteam.to, event, looksLikeCalendarDate(handedOverOn) ? handedOverOn : null);
        return;
      }
      case 'milestone.recorded':
        if (milestone && handover) {
          const occurredOn = event.payload.occurredOn;
          const key = handover.announced ? milestone : `${milestone}:${event.sequence}`;
          await insertHandover(manager, trajectoryId, key, handover.kind, handover.from, handover.to, event, looksLikeCalendarDate(occurredOn) ? occurredOn : null);
        }
        return;
    }
  },
};

async function insertHandover(
  manager: EntityManager,
  trajectoryId: string,
  key: string,
  kind: string,
  from: string,
  to: string,
  event: ProjectedEvent,
  doneOn: string | null,
): Promise<void> {
  await manager.query(
    `INSERT INTO rm_handovers (trajectory_id, handover_key, kind, from_party, to_party, done_on, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (trajectory_id, handover_key) DO UPDATE SET done_on = coalesce(rm_handovers.done_on, EXCLUDED.done_on),
       recorded_by = coalesce(rm_handovers.recorded_by, EXCLUDED.recorded_by)`,
    [trajectoryId, key, kind, from, to, doneOn ?? amsterdamDateOf(event.businessTime), event.actor.id],
  );
}
