/**
 * Builds a trajectory's event history by hand, in the shapes the engine and the activities
 * write, for tests, benchmarks and demos. No real people: ids are pseudonyms made up here.
 *
 *   const history = new TrajectoryHistory('GM0392.HLM-2019-0042', { klantmanagerId: 'km-0007' })
 *     .started('2019-01-07', { housingDate: '2019-01-07' })
 *     .milestone('intake.noaAssessmentDone', '2019-02-11')
 *     .milestone('intake.planAgreed', '2019-03-04', { route: 'werk' });
 *   await eventStore.append(history.trajectoryId, history.events);
 */
import type { EventActor, NewTrajectoryEvent, RecordedTrajectoryEvent } from '@wegwijs/domain';
import { municipalityOfTrajectoryId } from '../projections/trajectory-summary.projection';

const SYSTEM: EventActor = { role: 'system', id: 'wegwijs' };

export class TrajectoryHistory {
  readonly events: NewTrajectoryEvent[] = [];
  private readonly klantmanager: EventActor;

  constructor(
    readonly trajectoryId: string,
    options: { readonly klantmanagerId?: string } = {},
  ) {
    this.klantmanager = { role: 'klantmanager', id: options.klantmanagerId ?? 'km-0001' };
  }

  /** The engine's `trajectory.started` and the definition's `programme.started` with the housing date. */
  started(on: string, facts: { housingDate: string }, definition = { key: 'haarlem-statushouders', version: 1 }): this {
    const municipality = municipalityOfTrajectoryId(this.trajectoryId) ?? 'GM0392';
    this.add('trajectory.started', { definitionKey: definition.key, definitionVersion: definition.version, contentHash: 'sha256:synthetic', municipality, caseReference: this.trajectoryId.split('.')[1] }, on, this.klantmanager);
    return this.add('programme.started', { housingDate: facts.housingDate, nodeId: 'recordStart' }, on);
  }

  waiting(on: string, nodeId: string, milestone: string, normDeadline?: string): this {
    return this.add('trajectory.waiting', { nodeId, milestone, ...(normDeadline ? { normDeadline } : {}) }, on);
  }

  milestone(milestone: string, occurredOn: string, payload?: Record<string, string | number | boolean | null>, nodeId = milestone.replace(/\W/g, '_')): this {
    const milestoneId = `${this.trajectoryId}#${milestone}#${this.events.length}`;
    return this.add('milestone.recorded', { milestone, milestoneId, nodeId, occurredOn, ...(payload ? { payload } : {}) }, occurredOn, this.klantmanager);
  }

  /** A legal clock recorded on `on`, counting from `startDate` (default `on`). */
  clockStarted(on: string, clockId: string, name: string, deadline: string, warnings?: readonly string[], startDate = on): this {
    return this.add('clock.started', { clockId, name, startDate, deadline, ...(warnings ? { warnings } : {}) }, on);
  }

  /** Any other event, by type. */
  add(type: string, payload: Record<string, unknown>, on: string, actor: EventActor = SYSTEM, schemaVersion = 1): this {
    this.events.push({
      type,
      schemaVersion,
      payload,
      actor,
      businessTime: new Date(`${on}T09:00:00+01:00`),
      idempotencyKey: `${this.trajectoryId}#${this.events.length + 1}#${type}`,
    });
    return this;
  }

  /** The events as the store would return them (sequence 1, 2, …), for pure functions. */
  recorded(): RecordedTrajectoryEvent[] {
    return this.events.map((event, index) => ({ ...event, streamId: this.trajectoryId, sequence: index + 1, recordedAt: event.businessTime }));
  }
}
