// One Jest run for the whole workspace. TypeScript is transpiled by SWC (fast, keeps decorator
// metadata for NestJS); type checking is `npm run typecheck`, not Jest's job.
const { compilerOptions } = require('./tsconfig.base.json');

const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

// feelin and its dependencies ship ESM only, which Jest on Node 20 cannot `require`: SWC
// transpiles them like our own code.
const esmOnlyPackages = ['feelin', 'lezer-feel', '@lezer', 'min-dash', 'temporal-polyfill', 'temporal-utils', 'bpmn-auto-layout', 'bpmn-moddle', 'moddle', 'moddle-xml', 'saxen'];

const common = {
  transform: { '^.+\\.ts$': swcTransform, '^.+\\.m?js$': swcTransform },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
  moduleNameMapper,
  testEnvironment: 'node',
};

// test/cluster needs a real cluster with two workers (`npm run test:cluster` starts one and sets
// WEGWIJS_TEST_TEMPORAL_ADDRESS); on the dev server's one-worker stack it has nothing to test.
const onCluster = Boolean(process.env.WEGWIJS_TEST_TEMPORAL_ADDRESS);

module.exports = {
  // Jest reads testTimeout only at the top level, not per project. Integration tests start
  // workers and servers; unit tests finish in milliseconds either way.
  testTimeout: 60_000,
  // The cluster's fault test kills a worker for good: it runs after every other file.
  testSequencer: '<rootDir>/test/support/cluster-last-sequencer.js',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,workflows,activities,definitions,libs}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: onCluster ? ['/node_modules/'] : ['/node_modules/', '<rootDir>/test/cluster/'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
