/**
 * The determinism rules are lint rules; this proves they bite. The probes are small workflow
 * files written into workflows/src (where the rules apply), linted in one run of the project's
 * ESLint command line with its own configuration, and removed again.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const WORKSPACE_ROOT = join(__dirname, '../..');

const PROBES = {
  nodeBuiltin: "import { readFileSync } from 'node:fs';\nexport const size = readFileSync('x').length;\n",
  ioLibraries: "import { Client } from 'pg';\nimport { createActivities } from '@wegwijs/activities';\nexport const both = [Client, createActivities];\n",
  clockAndDice: 'export const roll = Math.random();\nexport const now = Date.now();\nexport const today = new Date();\n',
  floatingPromise: 'async function work(): Promise<void> {}\nexport function start(): void {\n  work();\n}\n',
  deterministic: "import { addToDate } from '@wegwijs/definitions/runtime';\nexport const deadline = addToDate('2020-02-29', 'P3Y');\n",
};

let rulesByProbe: Record<keyof typeof PROBES, string[]>;

beforeAll(async () => {
  const run = randomUUID().slice(0, 8);
  const files = Object.fromEntries(Object.keys(PROBES).map((name) => [name, join(WORKSPACE_ROOT, 'workflows/src', `lint-probe-${run}-${name}.ts`)]));
  for (const [name, source] of Object.entries(PROBES)) writeFileSync(files[name], source);
  try {
    const eslint = join(WORKSPACE_ROOT, 'node_modules/eslint/bin/eslint.js');
    // ESLint exits 1 when it finds problems; the JSON report on stdout is what counts.
    const { stdout } = await promisify(execFile)(process.execPath, [eslint, '--format', 'json', ...Object.values(files)], {
      cwd: WORKSPACE_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((failure: { stdout?: string }) => ({ stdout: failure.stdout ?? '[]' }));
    const results = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; message: string }> }>;
    rulesByProbe = Object.fromEntries(
      Object.entries(files).map(([name, file]) => [
        name,
        (results.find((result) => result.filePath === file)?.messages ?? []).map((message) => message.ruleId ?? message.message),
      ]),
    ) as typeof rulesByProbe;
  } finally {
    for (const file of Object.values(files)) rmSync(file, { force: true });
  }
}, 120_000);

describe('workflow code', () => {
  it('may not import Node built-ins', () => {
    expect(rulesByProbe.nodeBuiltin).toContain('no-restricted-imports');
  });

  it('may not import I/O libraries or side-effect projects', () => {
    expect(rulesByProbe.ioLibraries.filter((rule) => rule === 'no-restricted-imports')).toHaveLength(2);
  });

  it('may not read the clock or roll dice', () => {
    expect(rulesByProbe.clockAndDice.filter((rule) => rule === 'no-restricted-properties')).toHaveLength(2);
    expect(rulesByProbe.clockAndDice).toContain('no-restricted-syntax');
  });

  it('may not leave a promise floating', () => {
    expect(rulesByProbe.floatingPromise).toContain('@typescript-eslint/no-floating-promises');
  });

  it('passes when it only uses the deterministic runtime', () => {
    expect(rulesByProbe.deterministic).toEqual([]);
  });
});
