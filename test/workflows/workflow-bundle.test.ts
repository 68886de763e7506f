/**
 * The production workflow bundle is compiled the way libs/temporal/src/workflow-bundle-speed.ts
 * says: object spreads stay native (no swc helper calls), and the modules read the common
 * built-ins through bindings of their own instead of the sandbox's global object, and
 * temporal-polyfill attaches no debug strings. That the
 * bundle still behaves the same is what the replay of every recorded history (replay.test.ts) and
 * the workflow tests show; this checks that the bundler really did what the speed-up rests on.
 */
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { LOCAL_INTRINSICS, QUIET_TEMPORAL_POLYFILL, trajectoryWorkflowBundle } from '@wegwijs/temporal';

describe('the production workflow bundle', () => {
  let code: string;

  beforeAll(async () => {
    const { workflowsPath, bundlerOptions } = trajectoryWorkflowBundle();
    ({ code } = await bundleWorkflowCode({ workflowsPath: workflowsPath!, webpackConfigHook: bundlerOptions?.webpackConfigHook, logger: new DefaultLogger('WARN') }));
  });

  /** The compiled text of one of our modules, from its webpack header to the next module's. */
  function moduleText(path: string): string {
    const start = code.indexOf(`/***/ "./${path}"`);
    expect(start).toBeGreaterThan(-1);
    const end = code.indexOf('/***/ "', start + 10);
    return code.slice(start, end === -1 ? undefined : end);
  }

  it('keeps object spreads native instead of es2017 helper calls', () => {
    // The engine's record builds its new records with spreads.
    const record = moduleText('workflows/src/engine/record.ts');
    expect(record).toContain('...start.facts');
    expect(code).not.toMatch(/_object_spread(_props)?\(/);
  });

  it('gives every module that reads a common built-in its own binding of it', () => {
    const derive = moduleText('workflows/src/engine/derive.ts');
    for (const name of ['Math', 'String'] as const) {
      expect(LOCAL_INTRINSICS).toContain(name);
      expect(derive).toMatch(new RegExp(`/\\* provided dependency \\*/ var ${name} = __webpack_require__\\([^)]*workflow-bundle-intrinsics\\.ts[^)]*\\)\\.${name};`));
    }
    // Not Date: the SDK gives each workflow its own, on workflow time.
    expect(code).not.toMatch(/provided dependency \*\/ var Date =/);
  });

  it("compiles temporal-polyfill's debug-string check as a constant, so it attaches no debug strings", () => {
    // The polyfill's own line, as it ships: with `globalThis.process` read as true it attaches no debug string.
    expect(code).toMatch(/const attachDebugString = "noop" !== [\w.]*noop\.name \|\| true \? /);
    expect(code).not.toContain(QUIET_TEMPORAL_POLYFILL.expression);
  });
});
