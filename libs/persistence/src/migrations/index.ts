import { CreateTrajectoryEvents1764345600000 } from './1764345600000-create-trajectory-events';
import { CreateReadModels1764500000000 } from './1764500000000-create-read-models';
import { CreatePersonTasks1764400000001 } from './1764400000001-create-person-tasks';
import { CreateNotificationOutbox1764400000002 } from './1764400000002-create-notification-outbox';
import { CreateAccessLog1764600000001 } from './1764600000001-create-access-log';
import { CreatePublishedDefinitions1764700000000 } from './1764700000000-create-published-definitions';
import { CreatePersonRecords1764700000001 } from './1764700000001-create-person-records';
import { CreateWorkerHeartbeats1764800000000 } from './1764800000000-create-worker-heartbeats';
import { CreateSharedApiState1764900000000 } from './1764900000000-create-shared-api-state';
import { AddPersonTaskInstanceNumber1765000000000 } from './1765000000000-add-person-task-instance-number';

/** Every schema migration in order. The schema changes only through these, never `synchronize`. */
export const MIGRATIONS = [
  CreateTrajectoryEvents1764345600000,
  CreatePersonTasks1764400000001,
  CreateNotificationOutbox1764400000002,
  CreateReadModels1764500000000,
  CreateAccessLog1764600000001,
  CreatePublishedDefinitions1764700000000,
  CreatePersonRecords1764700000001,
  CreateWorkerHeartbeats1764800000000,
  CreateSharedApiState1764900000000,
  AddPersonTaskInstanceNumber1765000000000,
];
