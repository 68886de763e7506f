/**
 * Doubles of the activities' ports for unit tests: in-memory, with the same idempotency rules as
 * the PostgreSQL adapters (a repeated key stores nothing new).
 *
 *   const world = createTestWorld({ today: '2019-09-02' });
 *   const activities = createActivities(world.deps);
 */
import type {
  NewNotification,
  NewPersonTask,
  NewTrajectoryEvent,
  PersonTask,
  RecordedTrajectoryEvent,
  ServiceTaskRequest,
  TaskAssignee,
  TaskTeam,
} from '@wegwijs/domain';
import { EventStore, NotificationOutbox, OutboxMessage, TaskAlreadyCompletedError, TaskNotFoundError, TaskStore } from '@wegwijs/persistence';
import type { TvsProfile } from '../coa-handover/tvs-profile-source';
import { TvsProfileSource } from '../coa-handover/tvs-profile-source';
import type { ActivityDependencies } from '../create-activities';
import { InMemoryNoaAgendaDevelopmentStandIn } from '../noa/noa-agenda';
import { StaticCaseTeamDirectoryDevelopmentStandIn } from '../shared/case-team-directory';
import { InMemoryPersonDirectoryDevelopmentStandIn } from '../shared/person-directory';

export class InMemoryEventStore extends EventStore {
  readonly events: RecordedTrajectoryEvent[] = [];

  async append(streamId: string, events: readonly NewTrajectoryEvent[]): Promise<RecordedTrajectoryEvent[]> {
    const stored = events.map((event) => this.events.find((existing) => existing.idempotencyKey === event.idempotencyKey));
    if (stored.every((event) => event !== undefined)) return stored as RecordedTrajectoryEvent[];
    const current = this.events.filter((event) => event.streamId === streamId).length;
    const recorded = events.map((event, index) => ({ ...event, streamId, sequence: current + index + 1, recordedAt: new Date(0) }));
    this.events.push(...recorded);
    return recorded;
  }

  async readStream(streamId: string, afterSequence = 0): Promise<RecordedTrajectoryEvent[]> {
    return this.events.filter((event) => event.streamId === streamId && event.sequence > afterSequence);
  }

  ofType(type: string): RecordedTrajectoryEvent[] {
    return this.events.filter((event) => event.type === type);
  }
}

export class InMemoryTaskStore extends TaskStore {
  readonly tasks: PersonTask[] = [];

  async open(task: NewPersonTask): Promise<PersonTask> {
    const existing = this.tasks.find((stored) => stored.idempotencyKey === task.idempotencyKey);
    if (existing) return existing;
    const stored: PersonTask = { ...task, taskId: `task-${this.tasks.length + 1}`, status: 'open', createdAt: new Date(0), completedAt: null, completedBy: null, outcome: null };
    this.tasks.push(stored);
    return stored;
  }

  async get(taskId: string): Promise<PersonTask> {
    const task = this.tasks.find((stored) => stored.taskId === taskId);
    if (!task) throw new TaskNotFoundError(taskId);
    return task;
  }

  async listOpenForUser(userId: string): Promise<PersonTask[]> {
    return this.tasks.filter((task) => task.status === 'open' && task.assignee.userId === userId);
  }

  async listOpenForTeam(team: TaskTeam): Promise<PersonTask[]> {
    return this.tasks.filter((task) => task.status === 'open' && task.assignee.team === team);
  }

  async listForTrajectory(trajectoryId: string): Promise<PersonTask[]> {
    return this.tasks.filter((task) => task.trajectoryId === trajectoryId);
  }

  async complete(taskId: string, completedBy: string, outcome: PersonTask['outcome'], at: Date): Promise<PersonTask> {
    const task = await this.get(taskId);
    if (task.status === 'completed') throw new TaskAlreadyCompletedError(taskId);
    return this.replace({ ...task, status: 'completed', completedBy, outcome, completedAt: at });
  }

  async completeOpenForMilestone(
    trajectoryId: string,
    milestone: string,
    completedBy: string,
    at: Date,
    outcome: PersonTask['outcome'] = null,
    instanceNumber?: number,
  ): Promise<PersonTask[]> {
    const ofInstance = (task: PersonTask) => instanceNumber === undefined || task.instanceNumber == null || task.instanceNumber === instanceNumber;
    const open = this.tasks.filter((task) => task.trajectoryId === trajectoryId && task.completionMilestone === milestone && task.status === 'open' && ofInstance(task));
    return open.map((task) => this.replace({ ...task, status: 'completed', completedBy, completedAt: at, outcome }));
  }

  async closeOpenedBy(trajectoryId: string, activityKeys: readonly string[], reason: string, at: Date): Promise<PersonTask[]> {
    const open = this.tasks.filter((task) => task.trajectoryId === trajectoryId && task.status === 'open' && activityKeys.some((key) => task.idempotencyKey.startsWith(`${key}#task#`)));
    return open.map((task) => this.replace({ ...task, status: 'completed', completedBy: 'wegwijs', completedAt: at, outcome: { closedBecause: reason } }));
  }

  async reassign(taskId: string, to: TaskAssignee): Promise<PersonTask> {
    const task = await this.get(taskId);
    if (task.status === 'completed') throw new TaskAlreadyCompletedError(taskId);
    return this.replace({ ...task, assignee: to });
  }

  private replace(task: PersonTask): PersonTask {
    this.tasks[this.tasks.findIndex((stored) => stored.taskId === task.taskId)] = task;
    return task;
  }
}

/** Appends through the in-memory event store and keeps the messages; a repeated event queues nothing. */
export class InMemoryNotificationOutbox extends NotificationOutbox {
  readonly messages: (NewNotification & { status: OutboxMessage['status'] })[] = [];

  constructor(private readonly eventStore: InMemoryEventStore) {
    super();
  }

  async appendWithNotifications(streamId: string, events: readonly NewTrajectoryEvent[], notifications: readonly NewNotification[]): Promise<RecordedTrajectoryEvent[]> {
    const before = this.eventStore.events.length;
    const recorded = await this.eventStore.append(streamId, events);
    if (this.eventStore.events.length > before) this.messages.push(...notifications.map((notification) => ({ ...notification, status: 'pending' as const })));
    return recorded;
  }

  async claimDue(): Promise<OutboxMessage[]> {
    throw new Error('not used by the activities');
  }
  async markSent(): Promise<void> {}
  async markRetry(): Promise<void> {}
  async markFailed(): Promise<void> {}
  async markInDoubt(): Promise<void> {}
  async listForTrajectory(): Promise<OutboxMessage[]> {
    return [];
  }
}

export class InMemoryTvsProfileSource extends TvsProfileSource {
  readonly profiles = new Map<string, TvsProfile>();
  failWith: Error | undefined;

  async profileFor(trajectoryId: string): Promise<TvsProfile | undefined> {
    if (this.failWith) throw this.failWith;
    return this.profiles.get(trajectoryId);
  }
}

export const TRAJECTORY_ID = 'GM0392.HLM-2019-0042';

export function serviceTaskRequest(nodeId: string, input: ServiceTaskRequest['input'] = {}, visit = 1): ServiceTaskRequest {
  return { trajectoryId: TRAJECTORY_ID, nodeId, idempotencyKey: `${TRAJECTORY_ID}#${nodeId}#${visit}`, input };
}

export function createTestWorld(options: { today: string }) {
  const eventStore = new InMemoryEventStore();
  const taskStore = new InMemoryTaskStore();
  const outbox = new InMemoryNotificationOutbox(eventStore);
  const people = new InMemoryPersonDirectoryDevelopmentStandIn();
  const tvsProfiles = new InMemoryTvsProfileSource();
  const noaAgenda = new InMemoryNoaAgendaDevelopmentStandIn();
  const caseTeam = new StaticCaseTeamDirectoryDevelopmentStandIn({ klantmanager: 'km@example.org', wijkteam: 'swt@example.org' }, 'km-0007');
  const clock = { now: new Date(`${options.today}T10:00:00+02:00`) };
  const deps: ActivityDependencies = { eventStore, taskStore, outbox, people, caseTeam, tvsProfiles, noaAgenda, now: () => clock.now };
  return { deps, eventStore, taskStore, outbox, people, tvsProfiles, noaAgenda, clock };
}
