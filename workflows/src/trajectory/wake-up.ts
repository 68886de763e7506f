/**
 * The run loop's wake-up: sleeps until the start of the next business day something falls due,
 * or until the trajectory is told something. The timer stays armed while that day stays the same:
 * most input (a report, an activity's result) does not move it, and re-arming it after every input
 * cost a started and a cancelled timer each time (30 of 37 timers on Haarlem's work route ended
 * cancelled). It is re-armed only when the day moves.
 *
 *   const wakeUp = new WakeUpTimer();
 *   await wakeUp.sleepUntil(startOfDayInAmsterdam(derivation.nextDue), () => run.changedSince(seen));
 */
import { CancellationScope, condition, isCancellation, sleep } from '@temporalio/workflow';
import { workflowNow } from '../workflow-clock';

export class WakeUpTimer {
  private armed: { readonly at: number; readonly scope: CancellationScope } | undefined;
  /** The armed timer fired, and no wait has returned for it yet. */
  private rang = false;

  /** Returns once `woken()` holds or the moment `at` (epoch ms; null: none) has come. */
  async sleepUntil(at: number | null, woken: () => boolean): Promise<void> {
    // The day came while the run loop was busy: it derives that day first.
    if (this.rang) {
      this.rang = false;
      return;
    }
    const armed = this.armed;
    // A scope cancelled with the workflow (its cancellation path runs next) holds no timer any more.
    if (armed && (armed.at !== at || armed.scope.consideredCancelled)) {
      armed.scope.cancel();
      this.armed = undefined;
    }
    if (at !== null && !this.armed) this.arm(at);
    await condition(() => this.rang || woken());
    this.rang = false;
  }

  private arm(at: number): void {
    const scope = new CancellationScope();
    this.armed = { at, scope };
    void scope.run(() => sleep(Math.max(1, at - workflowNow()))).then(
      () => {
        if (this.armed?.scope === scope) this.armed = undefined;
        this.rang = true;
      },
      (error: unknown) => {
        // Cancelled: the day moved, or the workflow was cancelled; anything else is a bug to surface.
        if (!isCancellation(error)) throw error;
      },
    );
  }
}
