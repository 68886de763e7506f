/**
 * The one place workflow code reads the time. Inside Temporal's workflow sandbox `Date.now()`
 * returns the time of the current workflow task, recorded in the history, so replays see the
 * same value; everywhere else the determinism lint forbids the wall clock.
 */
export function workflowNow(): number {
  // eslint-disable-next-line no-restricted-properties -- deterministic inside the workflow sandbox (see above)
  return Date.now();
}

export function workflowNowIso(): string {
  return new Date(workflowNow()).toISOString();
}
