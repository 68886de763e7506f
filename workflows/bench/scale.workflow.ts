/**
 * Baselines for the scale benchmark (tools/bench/scale.bench.ts), each the least a Temporal
 * workflow can do for the job, so that Wegwijs's cost is read against the server's own:
 *
 * - `trivialStart`: answers an Update at once — what `POST /trajectories` would cost if starting a
 *   trajectory did nothing but Update-with-Start;
 * - `trivialMilestones`: answers every Update at once, for as long as it runs — what a milestone
 *   (`POST /trajectories/{id}/milestones`) would cost if it did nothing but an Update;
 * - `timerBurst`: sleeps until one shared instant, then ends — thousands of these make the
 *   month-end burst of timers that fire at once.
 */
import { condition, defineSignal, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

export const startedUpdate = defineUpdate<string>('started');
export const milestoneUpdate = defineUpdate<number>('milestone');
export const enoughSignal = defineSignal('enough');

/** Answers its Update, then ends. */
export async function trivialStart(): Promise<void> {
  let answered = false;
  setHandler(startedUpdate, () => {
    answered = true;
    return 'started';
  });
  await condition(() => answered);
}

/** Answers each Update with how many it has answered, until told it is enough. */
export async function trivialMilestones(): Promise<number> {
  let answered = 0;
  let enough = false;
  setHandler(milestoneUpdate, () => ++answered);
  setHandler(enoughSignal, () => {
    enough = true;
  });
  await condition(() => enough);
  return answered;
}

/** Workflow time: inside the sandbox `Date.now()` is the current workflow task's time, from the history. */
// eslint-disable-next-line no-restricted-properties -- deterministic inside the workflow sandbox
const now = (): number => Date.now();

/** Returns how late its timer fired, in workflow time (the moment its workflow task began). */
export async function timerBurst(fireAtEpochMs: number): Promise<number> {
  await sleep(Math.max(1, fireAtEpochMs - now()));
  return now() - fireAtEpochMs;
}
