/**
 * `npm run bench`: every benchmark of Wegwijs, one after the other, each printing its figures as
 * ratios against a baseline it measures in the same run, and the machine's load average before
 * and after it. The benchmarks that need the running product share one `npm start` on free ports
 * (tools/bench/bench-stack.ts); the others bring their own (the time-skipping server, a
 * throw-away database on DATABASE_URL's server).
 *
 *   npm run bench                  # everything, defaults
 *   npm run bench -- --quick       # smaller samples: a check that every benchmark runs
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@wegwijs/devstack';
import { startBenchStack } from './bench-stack';

interface Benchmark {
  readonly name: string;
  readonly script: string;
  readonly args: readonly string[];
  readonly quickArgs: readonly string[];
  /** Measures the running product: gets the shared stack's environment. */
  readonly needsStack: boolean;
}

const BENCHMARKS: readonly Benchmark[] = [
  { name: 'workflow interpreter against a hand-written workflow', script: 'tools/bench/workflow-interpreter.bench.ts', args: ['20'], quickArgs: ['3'], needsStack: false },
  { name: 'progress report over 10,000 trajectories', script: 'libs/read-models/bench/progress-report.bench.ts', args: [], quickArgs: ['1000'], needsStack: false },
  { name: 'projection lag at 50 events/s', script: 'libs/read-models/bench/projection-lag.bench.ts', args: ['40', '50'], quickArgs: ['5', '50'], needsStack: false },
  { name: 'scale: start throughput, milestone latency, history per milestone, timer burst', script: 'tools/bench/scale.bench.ts', args: [], quickArgs: ['--starts', '40', '--milestones', '40', '--burst', '500'], needsStack: true },
  { name: 'web app: first-load size, caseload of 300 on screen', script: 'tools/bench/web-app.bench.ts', args: ['--size', '300'], quickArgs: ['--size', '50', '--runs', '2'], needsStack: true },
];

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  say(`# Wegwijs benchmarks${quick ? ' (quick)' : ''} — ${new Date().toISOString()}, load average ${loadAverage()}`);
  const stack = await startBenchStack(say);
  const failed: string[] = [];
  try {
    const stackEnv = { ...stack.env, WEGWIJS_API_URL: stack.apiUrl };
    for (const benchmark of BENCHMARKS) {
      say(`\n# ${benchmark.name}\nload average before: ${loadAverage()}`);
      const code = await run(benchmark.script, quick ? benchmark.quickArgs : benchmark.args, benchmark.needsStack ? stackEnv : process.env);
      if (code !== 0) failed.push(benchmark.name);
      say(`load average after: ${loadAverage()}${code === 0 ? '' : ` — FAILED (exit ${code})`}`);
    }
  } finally {
    await stack.stop();
  }
  if (failed.length > 0) {
    say(`\nfailed: ${failed.join('; ')}`);
    process.exitCode = 1;
  }
}

function run(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(WORKSPACE_ROOT, script), ...args], { cwd: WORKSPACE_ROOT, env, stdio: 'inherit' });
    child.once('exit', (code, signal) => resolveRun(code ?? (signal ? 1 : 0)));
  });
}

function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
