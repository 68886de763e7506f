// Jest's own order (failed first, then slowest first), except that test/cluster runs last: its
// fault test kills one of the cluster stack's two workers for good, and the other files should
// not run on the one that is left. Only matters with --runInBand (`npm run test:cluster`).
const Sequencer = require('@jest/test-sequencer').default;

const isClusterTest = (test) => /[\\/]test[\\/]cluster[\\/]/.test(test.path);

class ClusterLastSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    return [...sorted.filter((test) => !isClusterTest(test)), ...sorted.filter(isClusterTest)];
  }
}

module.exports = ClusterLastSequencer;
