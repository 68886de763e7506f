/**
 * A child process of the local stack whose output is shown line by line under its name, and
 * that can be stopped politely (SIGTERM, then SIGKILL after a grace period).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface SupervisedProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Where each output line goes, already prefixed with the name. */
  readonly output: (line: string) => void;
  /** Called once if the process ends without having been asked to stop. */
  readonly onUnexpectedExit: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export class SupervisedProcess {
  private readonly child: ChildProcess;
  private stopping = false;
  private readonly exited: Promise<void>;

  constructor(options: SupervisedProcessOptions) {
    this.child = spawn(options.command, [...options.args], {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a Ctrl-C in the terminal reaches us first and we stop the
      // children in order instead of all at once.
      detached: true,
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => options.output(`[${options.name}] ${line}`));
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        if (!this.stopping) options.onUnexpectedExit(code, signal);
        resolve();
      });
      this.child.once('error', (error) => {
        options.output(`[${options.name}] could not start: ${error.message}`);
        if (!this.stopping) options.onUnexpectedExit(null, null);
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Asks the process to stop; kills it if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
