import { CreateTrajectoryEvents1764345600000 } from './1764345600000-create-trajectory-events';

/** Every schema migration in order. The schema changes only through these, never `synchronize`. */
export const MIGRATIONS = [CreateTrajectoryEvents1764345600000];
