import { RestartingProcess, type StoppableProcess } from './restarting-process';

/** A stand-in process: the test makes it crash; `stop` records that it was asked to. */
class FakeRun implements StoppableProcess {
  stopped = false;
  constructor(readonly crash: (code: number | null, signal: NodeJS.Signals | null) => void) {}
  async stop(): Promise<void> {
    this.stopped = true;
  }
}

function harness(options: { failStarts?: number } = {}) {
  const runs: FakeRun[] = [];
  const said: string[] = [];
  let failuresLeft = options.failStarts ?? 0;
  const start = (onExit: (code: number | null, signal: NodeJS.Signals | null) => void) => {
    if (runs.length > 0 && failuresLeft > 0) {
      failuresLeft -= 1;
      throw new Error('port in use');
    }
    const run = new FakeRun(onExit);
    runs.push(run);
    return run;
  };
  return { runs, said, options: { name: 'worker', start, say: (message: string) => said.push(message), initialDelayMs: 2000, maxDelayMs: 8000, resetAfterMs: 60_000 } };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('RestartingProcess', () => {
  it('starts a crashed process again after the delay, and says so', async () => {
    const { runs, said, options } = harness();
    const worker = await RestartingProcess.start(options);
    runs[0].crash(null, 'SIGKILL');
    expect(said).toEqual(['worker exited with signal SIGKILL; restarting in 2 s']);
    expect(worker.running).toBe(false);

    await jest.advanceTimersByTimeAsync(1999);
    expect(runs).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(2);
    expect(worker.running).toBe(true);
    expect(worker.restarts).toBe(1);
    expect(said[1]).toBe('worker started again (restart 1)');
  });

  it('doubles the delay after each quick crash up to the maximum, and resets it after a healthy run', async () => {
    const { runs, said, options } = harness();
    await RestartingProcess.start(options);
    for (const expectedDelay of [2000, 4000, 8000, 8000]) {
      runs[runs.length - 1].crash(1, null);
      expect(said[said.length - 1]).toBe(`worker exited with code 1; restarting in ${expectedDelay / 1000} s`);
      await jest.advanceTimersByTimeAsync(expectedDelay);
    }
    await jest.advanceTimersByTimeAsync(60_000);
    runs[runs.length - 1].crash(1, null);
    expect(said[said.length - 1]).toBe('worker exited with code 1; restarting in 2 s');
  });

  it('keeps trying when a restart itself fails', async () => {
    const { runs, said, options } = harness({ failStarts: 1 });
    const worker = await RestartingProcess.start(options);
    runs[0].crash(null, 'SIGKILL');
    await jest.advanceTimersByTimeAsync(2000);
    expect(said[1]).toBe('worker could not start (port in use); restarting in 4 s');
    await jest.advanceTimersByTimeAsync(4000);
    expect(runs).toHaveLength(2);
    expect(worker.running).toBe(true);
  });

  it('does not restart once stopped, and stops the run that is up', async () => {
    const { runs, options } = harness();
    const worker = await RestartingProcess.start(options);
    runs[0].crash(null, 'SIGKILL');
    await worker.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(runs).toHaveLength(1);

    const other = await RestartingProcess.start(harness().options);
    await other.stop();
    expect(other.running).toBe(false);
  });

  it('stops the current run when asked', async () => {
    const { runs, options } = harness();
    const worker = await RestartingProcess.start(options);
    await worker.stop();
    expect(runs[0].stopped).toBe(true);
    // Its exit after being asked to stop is no crash.
    runs[0].crash(0, null);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(runs).toHaveLength(1);
  });

  it('gives up instead of restarting while restartIf says no', async () => {
    const { runs, said, options } = harness();
    const givenUp: string[] = [];
    const worker = await RestartingProcess.start({ ...options, restartIf: () => false, onGivenUp: (how) => givenUp.push(how) });
    runs[0].crash(1, null);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(givenUp).toEqual(['worker exited with code 1']);
    expect(said).toEqual([]);
    expect(runs).toHaveLength(1);
    expect(worker.running).toBe(false);
  });
});
