/**
 * How activities write: events through the event store, events with their notifications
 * atomically through the outbox, and tasks with their `task.opened` event. Every write is keyed by
 * the request's idempotency key (plus a suffix), so a retried activity writes nothing twice.
 *
 *   const writer = new TrajectoryWriter(deps, request);
 *   const task = await writer.openTask('coa.callAboutTvsProfile', { title, assignee, dueOn, completionMilestone });
 *   await writer.record('coa.tvsProfileAssessed', { ... });
 */
import type { NewNotification, NewTrajectoryEvent, PersonTask, ServiceTaskRequest, TaskAssignee } from '@wegwijs/domain';
import { startOfDayInAmsterdam } from '@wegwijs/calendar';
import type { EventStore, NotificationOutbox, TaskStore } from '@wegwijs/persistence';
import { ACTIVITY_EVENT_SCHEMA_VERSION, ActivityEventPayloads, ActivityEventType } from '../activity-events';

export interface WriterDependencies {
  readonly eventStore: EventStore;
  readonly taskStore: TaskStore;
  readonly outbox: NotificationOutbox;
  readonly now: () => Date;
}

export interface TaskSpecification {
  readonly title: string;
  readonly assignee: TaskAssignee;
  readonly dueOn: string | null;
  readonly completionMilestone: string | null;
  /** For one instance of a repeated step: which one (NewPersonTask.instanceNumber). */
  readonly instanceNumber?: number;
}

type PayloadWithoutNode<T extends ActivityEventType> = Omit<ActivityEventPayloads[T], 'nodeId'>;

export class TrajectoryWriter {
  constructor(
    private readonly deps: WriterDependencies,
    private readonly request: ServiceTaskRequest,
  ) {}

  /** Appends one event; `keySuffix` tells apart several events of one activity. */
  async record<T extends ActivityEventType>(type: T, payload: PayloadWithoutNode<T>, keySuffix: string = type): Promise<void> {
    await this.deps.eventStore.append(this.request.trajectoryId, [this.event(type, payload, keySuffix)]);
  }

  /** Appends one event and queues its messages in the same transaction. */
  async recordWithNotifications<T extends ActivityEventType>(
    type: T,
    payload: PayloadWithoutNode<T>,
    notifications: readonly Omit<NewNotification, 'messageKey' | 'trajectoryId'>[],
    keySuffix: string = type,
  ): Promise<void> {
    const event = this.event(type, payload, keySuffix);
    await this.deps.outbox.appendWithNotifications(
      this.request.trajectoryId,
      [event],
      notifications.map((notification) => ({
        ...notification,
        messageKey: `${event.idempotencyKey}#${notification.audience}`,
        trajectoryId: this.request.trajectoryId,
      })),
    );
  }

  /** Opens a task (once per key) and records `task.opened`. */
  async openTask(kind: string, specification: TaskSpecification, keySuffix = kind): Promise<PersonTask> {
    const task = await this.deps.taskStore.open({
      idempotencyKey: `${this.request.idempotencyKey}#task#${keySuffix}`,
      trajectoryId: this.request.trajectoryId,
      kind,
      ...specification,
    });
    await this.record(
      'task.opened',
      {
        taskId: task.taskId,
        kind: task.kind,
        assigneeTeam: task.assignee.team,
        dueOn: task.dueOn,
        completionMilestone: task.completionMilestone,
      },
      `task.opened#${keySuffix}`,
    );
    return task;
  }

  private event<T extends ActivityEventType>(type: T, payload: PayloadWithoutNode<T>, keySuffix: string): NewTrajectoryEvent {
    return {
      type,
      schemaVersion: ACTIVITY_EVENT_SCHEMA_VERSION,
      payload: { ...payload, nodeId: this.request.nodeId },
      actor: { role: 'system', id: 'wegwijs' },
      // What the event is about happened on the step's business date, not when the activity ran.
      businessTime: this.request.businessDate ? new Date(startOfDayInAmsterdam(this.request.businessDate)) : this.deps.now(),
      idempotencyKey: `${this.request.idempotencyKey}#${keySuffix}`,
    };
  }
}
