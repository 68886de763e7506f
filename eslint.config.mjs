// Lint rules that carry architecture: Nx tags decide who may import whom, and everything the
// Temporal workflow bundle imports is held to determinism rules (no I/O, no clock, no randomness).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** Libraries that do I/O or keep process state: never inside workflow code. */
const sideEffectLibraries = [
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/testing',
  '@nestjs/*',
  'typeorm',
  'pg',
  '@electric-sql/*',
  'nodemailer',
  'yaml',
  'ajv',
  'bpmn-moddle',
  'bpmn-auto-layout',
  'commander',
];

/** Files bundled into the Temporal workflow sandbox: the interpreter and what it imports. */
const workflowBundleFiles = [
  'workflows/src/**/*.ts',
  'libs/domain/src/**/*.ts',
  'libs/calendar/src/**/*.ts',
  'definitions/src/runtime/**/*.ts',
  // Loaded into the sandbox by path (the worker's failureConverterPath).
  'libs/temporal/src/payload-codec/failure-converter.ts',
  // The benchmark's own bundle: the hand-written baseline is workflow code too.
  'workflows/bench/**/*.workflow.ts',
  'workflows/bench/bench-workflows.ts',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'apps/web/dist/**', 'apps/web/src/api/schema.d.ts', 'tmp/**', '.data/**', '.nx/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', 'apps/web/**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:workflow', onlyDependOnLibsWithTags: ['type:calendar', 'type:definitions', 'type:domain'] },
            { sourceTag: 'type:definitions', onlyDependOnLibsWithTags: ['type:calendar', 'type:domain'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:calendar', 'type:domain'] },
            { sourceTag: 'type:config', onlyDependOnLibsWithTags: [] },
            // Logs, traces and metrics endpoints: below everything that runs in a process, above nothing but configuration.
            { sourceTag: 'type:telemetry', onlyDependOnLibsWithTags: ['type:config'] },
            { sourceTag: 'type:calendar', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:persistence', onlyDependOnLibsWithTags: ['type:calendar', 'type:domain', 'type:config'] },
            { sourceTag: 'type:read-models', onlyDependOnLibsWithTags: ['type:calendar', 'type:domain', 'type:config', 'type:persistence'] },
            // Temporal wiring speaks the workflows' messages (Queries, Updates) to running trajectories.
            { sourceTag: 'type:temporal', onlyDependOnLibsWithTags: ['type:calendar', 'type:domain', 'type:config', 'type:workflow', 'type:definitions', 'type:telemetry'] },
            { sourceTag: 'type:devstack', onlyDependOnLibsWithTags: ['type:calendar', 'type:domain', 'type:config'] },
            {
              sourceTag: 'type:activity',
              onlyDependOnLibsWithTags: ['type:calendar', 'type:domain', 'type:config', 'type:persistence', 'type:definitions'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:calendar',
                'type:workflow',
                'type:activity',
                'type:definitions',
                'type:domain',
                'type:config',
                'type:persistence',
                'type:read-models',
                'type:temporal',
                'type:devstack',
                'type:telemetry',
              ],
            },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['*'] },
            // The web app runs in the browser: it reaches Wegwijs through the API only.
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: [] },
            // The workflow benchmark runs workflows on the time-skipping server and replays them.
            { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:calendar', 'type:workflow', 'type:definitions', 'type:domain', 'type:temporal', 'type:devstack'] },
          ],
        },
      ],
    },
  },
  {
    // End-to-end tests read JSON answers whose shape is what they assert.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: workflowBundleFiles,
    // Test support beside the specs (generated histories) is never bundled.
    ignores: ['**/*.spec.ts', '**/*.spec-support.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'Workflow code must be deterministic: no Node built-ins.' })),
            {
              name: '@wegwijs/definitions',
              message: 'Workflow code imports only the deterministic runtime: @wegwijs/definitions/runtime.',
            },
          ],
          patterns: [
            { group: sideEffectLibraries, message: 'Workflow code must be deterministic: no I/O libraries.' },
            { group: ['@wegwijs/activities', '@wegwijs/persistence', '@wegwijs/config', '@wegwijs/devstack'], message: 'Workflows never import side-effect code.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Workflow code must not read the environment.' },
        { name: 'require', message: 'Workflow code uses static imports only.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use workflow.uuid4() or derive values from history.' },
        { object: 'Date', property: 'now', message: 'Workflow time comes from the history, not the wall clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'new Date() reads the clock; pass workflow time explicitly.',
        },
      ],
    },
  },
);
