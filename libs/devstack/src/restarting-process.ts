/**
 * A part of the local stack that is started again when it dies: `npm start` keeps running when
 * the worker or the Temporal dev server crashes, and says what happened and when it retries.
 * (In production the processes are independent and their orchestrator restarts them.)
 */

/** What a `RestartingProcess` starts and stops: a `SupervisedProcess`, or anything stopped alike. */
export interface StoppableProcess {
  stop(): Promise<void>;
}

export interface RestartingProcessOptions {
  readonly name: string;
  /**
   * Starts one run of the process. It must call `onExit` once if that run ends by itself; it may
   * throw or reject when the start fails (that counts as a crash, too).
   */
  readonly start: (onExit: (code: number | null, signal: NodeJS.Signals | null) => void) => StoppableProcess | Promise<StoppableProcess>;
  /** Where the supervisor's own messages go ("worker exited with signal SIGKILL; restarting in 2 s"). */
  readonly say: (message: string) => void;
  /** Waits between restarts: `initialDelayMs`, doubled after every crash up to `maxDelayMs`. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A run that lasted this long was healthy: the next crash waits `initialDelayMs` again. */
  readonly resetAfterMs?: number;
  /** Hears every restart once it has started again (tests, the banner). */
  readonly onRestarted?: (restarts: number) => void;
  /**
   * Whether a crash now is worth a restart; default always. `npm start` says no until the stack
   * has come up once: a part that dies on its first start is misconfigured, and restarting it
   * would only hide the message.
   */
  readonly restartIf?: () => boolean;
  /** Hears a crash that `restartIf` declined to restart (how it ended). */
  readonly onGivenUp?: (how: string) => void;
}

const DEFAULT_INITIAL_DELAY_MS = 1000;
const DEFAULT_MAX_DELAY_MS = 30_000;
const DEFAULT_RESET_AFTER_MS = 60_000;

export class RestartingProcess {
  private current: StoppableProcess | undefined;
  private stopped = false;
  private delayMs: number;
  private restartTimer: NodeJS.Timeout | undefined;
  private runStartedAt = 0;
  private restartCount = 0;

  private constructor(private readonly options: RestartingProcessOptions) {
    this.delayMs = options.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS;
  }

  /** Starts the first run; a first start that fails is the caller's error (nothing to restart yet). */
  static async start(options: RestartingProcessOptions): Promise<RestartingProcess> {
    const restarting = new RestartingProcess(options);
    await restarting.run();
    return restarting;
  }

  /** How often it has been started again. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Whether a run is up (false between a crash and its restart). */
  get running(): boolean {
    return this.current !== undefined;
  }

  /** Stops the current run, and any restart that is waiting. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    const current = this.current;
    this.current = undefined;
    await current?.stop();
  }

  private async run(): Promise<void> {
    this.runStartedAt = Date.now();
    // The process may die while `start` is still waiting for it to listen: then there is no run yet.
    const thisRun: { process?: StoppableProcess; exitedWhileStarting?: boolean } = {};
    thisRun.process = await this.options.start((code, signal) => {
      if (thisRun.process === undefined) thisRun.exitedWhileStarting = true;
      else if (this.current === thisRun.process) this.crashed(signal ? `exited with signal ${signal}` : `exited with code ${code}`);
    });
    if (this.stopped) return void (await thisRun.process.stop());
    if (thisRun.exitedWhileStarting) return this.crashed('exited while starting');
    this.current = thisRun.process;
  }

  private crashed(how: string): void {
    this.current = undefined;
    if (this.stopped) return;
    if (this.options.restartIf && !this.options.restartIf()) {
      this.stopped = true;
      this.options.onGivenUp?.(`${this.options.name} ${how}`);
      return;
    }
    const resetAfterMs = this.options.resetAfterMs ?? DEFAULT_RESET_AFTER_MS;
    if (Date.now() - this.runStartedAt >= resetAfterMs) this.delayMs = this.options.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS;
    const delayMs = this.delayMs;
    this.delayMs = Math.min(delayMs * 2, this.options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
    this.options.say(`${this.options.name} ${how}; restarting in ${formatSeconds(delayMs)}`);
    this.restartTimer = setTimeout(() => void this.restart(), delayMs);
  }

  private async restart(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.run();
    } catch (error) {
      this.crashed(`could not start (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    if (this.current === undefined) return;
    this.restartCount += 1;
    this.options.say(`${this.options.name} started again (restart ${this.restartCount})`);
    this.options.onRestarted?.(this.restartCount);
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
