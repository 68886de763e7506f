/**
 * No client input gets a 5xx, and every answer is what the OpenAPI description says: schemathesis
 * (from PyPI, installed by tools/schemathesis/ensure-schemathesis.sh into the Wegwijs cache)
 * generates requests from the live API's own `/docs/openapi.json` and sends them to the test
 * stack, as a klantmanager and as a supervisor. Bounded per role by examples and time; the seed is
 * fixed, so a failure reproduces. Fails on any 5xx, an undocumented status or content type, or a
 * body that violates its documented schema.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { accessToken, type TestActor } from '../support/http';

const run = promisify(execFile);

const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'];
/** Per role: about a minute on a 2-core machine shared with the rest of the suite. */
const MAX_EXAMPLES = 25;
const MAX_SECONDS = 40;
/** Below the API's rate limit per user (600 a minute), so the run tests answers, not the limiter. */
const RATE_LIMIT = '500/m';
const SEED = '14';

let schemathesis: string;
let reportDir: string;

beforeAll(async () => {
  const { stdout } = await run('bash', ['tools/schemathesis/ensure-schemathesis.sh'], { maxBuffer: 1 << 20 });
  schemathesis = stdout.trim().split('\n').pop()!;
  reportDir = await mkdtemp(join(tmpdir(), 'wegwijs-schemathesis-'));
}, 300_000);

afterAll(async () => {
  if (reportDir) await rm(reportDir, { recursive: true, force: true });
});

interface Figures {
  operations: number;
  cases: number;
  failures: number;
  output: string;
}

/** Runs schemathesis as `actor` and reads its JUnit report: one test case per operation, a failure element per failing one. */
async function fuzzAs(actor: TestActor): Promise<Figures> {
  const junit = join(reportDir, `${actor.role}.xml`);
  const args = [
    'run',
    `${process.env.WEGWIJS_API_URL}/docs/openapi.json`,
    '--url',
    process.env.WEGWIJS_API_URL!,
    '--header',
    `Authorization: Bearer ${accessToken(actor)}`,
    '--checks',
    CHECKS.join(','),
    '--max-examples',
    String(MAX_EXAMPLES),
    '--max-time',
    String(MAX_SECONDS),
    '--rate-limit',
    RATE_LIMIT,
    '--seed',
    SEED,
    '--workers',
    '1',
    '--generation-database',
    'none',
    '--no-color',
    '--report',
    'junit',
    '--report-junit-path',
    junit,
  ];
  let output: string;
  let exitCode = 0;
  try {
    const { stdout, stderr } = await run(schemathesis, args, { maxBuffer: 64 << 20, cwd: reportDir, env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' } });
    output = stdout + stderr;
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    exitCode = failed.code ?? -1;
    output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
  const report = await readFile(junit, 'utf8').catch(() => '');
  const operations = (report.match(/<testcase\b/g) ?? []).length;
  const failures = (report.match(/<(failure|error)\b/g) ?? []).length;
  const cases = Number(/(\d+) generated/.exec(output)?.[1] ?? NaN);
  process.stdout.write(`[schemathesis] ${actor.role}: ${operations} operations, ${cases} cases, ${failures} failures (exit ${exitCode})\n`);
  if (exitCode !== 0 || failures > 0) process.stdout.write(`${output}\n`);
  return { operations, cases, failures: exitCode !== 0 && failures === 0 ? -1 : failures, output };
}

describe('the API under schemathesis', () => {
  it.each<[string, TestActor]>([
    ['a klantmanager', { role: 'klantmanager', id: 'km-fuzz' }],
    ['a supervisor', { role: 'supervisor', id: 'sv-fuzz' }],
  ])('answers %s only as documented, and never with a 5xx', async (_who, actor) => {
    const figures = await fuzzAs(actor);
    expect(figures.operations).toBeGreaterThan(20);
    expect(figures.failures).toBe(0);
  }, 240_000);
});
