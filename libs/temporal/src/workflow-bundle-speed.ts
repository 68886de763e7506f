/**
 * Three changes to how the SDK bundles workflow code that make the same code cheaper to run in the
 * workflow sandbox, without changing what it does (recorded histories replay unchanged). Found
 * with the workflow benchmark (workflows/bench/README.md), where they were a visible share of the
 * interpreters' CPU.
 *
 *   webpackConfigHook: (config) => withFasterWorkflowCode({ ...config, resolve: … })
 */
import { join } from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';

/** webpack's configuration as the SDK's bundler hands it to `webpackConfigHook`. */
type WebpackConfiguration = Parameters<NonNullable<NonNullable<WorkerOptions['bundlerOptions']>['webpackConfigHook']>>[0];

/**
 * The ECMAScript version the workflow bundle is compiled to. The SDK's bundler compiles workflow
 * TypeScript with swc for es2017, which turns every object spread into helper calls (and `?.`/`??`
 * into temporaries); the workflow code, the business-time engine above all, is full of spreads.
 * Every Node the worker runs on (20+) has these natively. es2021, not es2022: from es2022 on swc
 * emits class fields with define semantics, which could change how existing classes initialise;
 * es2021 changes only syntax that behaves the same either way.
 */
export const WORKFLOW_BUNDLE_TARGET = 'es2021';

/**
 * The built-ins every module of the bundle gets as a binding of its own. Workflow code runs in a
 * `vm` context, where each read of a global (`Object`, `Math`, `JSON`…) goes through the context's
 * interceptor: about a microsecond each on Node 20, some 50 times a local read, and the engine
 * reads them in every derivation. Not `Date` (the SDK replaces it per workflow with one on
 * workflow time), nor `Promise` or `Error` (the SDK's stack-trace tracking inspects those).
 */
export const LOCAL_INTRINSICS = ['Object', 'Array', 'Math', 'JSON', 'Map', 'Set', 'Number', 'String', 'Symbol', 'Reflect'] as const;

const INTRINSICS_MODULE = join(__dirname, 'workflow-bundle-intrinsics.ts');

/**
 * temporal-polyfill (under feelin's FEEL dates and durations, and @wegwijs/calendar) gives every
 * date and duration it makes a debug string (`_str_`, for debuggers) unless `globalThis.process`
 * exists. The workflow sandbox has no `process`, so each FEEL duration paid a `toLocaleString` and
 * a property definition: about 5 % of a derivation. In the polyfill's modules, and only there,
 * `globalThis.process` is compiled as `true`; nothing reads `_str_`, and no other module of the
 * bundle sees a `process` that is not there.
 */
export const QUIET_TEMPORAL_POLYFILL = { modules: /[\\/]node_modules[\\/]temporal-polyfill[\\/]/, expression: 'globalThis.process', compiledAs: 'true' } as const;

export function withFasterWorkflowCode(config: WebpackConfiguration): WebpackConfiguration {
  return withQuietTemporalPolyfill(withLocalIntrinsics(withWorkflowBundleTarget(config)));
}

/** The SDK's webpack configuration with its swc loader compiling for `WORKFLOW_BUNDLE_TARGET`. */
export function withWorkflowBundleTarget(config: WebpackConfiguration): WebpackConfiguration {
  const rules = config.module?.rules ?? [];
  let retargeted = 0;
  const patched = rules.map((rule) => {
    if (!rule || typeof rule !== 'object' || !isSwcRule(rule)) return rule;
    retargeted++;
    const use = rule.use as { loader: string; options: { jsc?: Record<string, unknown> } };
    return { ...rule, use: { ...use, options: { ...use.options, jsc: { ...use.options.jsc, target: WORKFLOW_BUNDLE_TARGET } } } };
  });
  // A newer SDK that compiles differently would silently keep its own target: say so instead.
  if (retargeted !== 1) throw new Error(`Expected one swc-loader rule in the SDK's workflow bundle configuration, found ${retargeted}`);
  return { ...config, module: { ...config.module, rules: patched } };
}

/** Binds `LOCAL_INTRINSICS` in every module (webpack's ProvidePlugin, reached through the compiler so no second webpack is loaded). */
export function withLocalIntrinsics(config: WebpackConfiguration): WebpackConfiguration {
  const provided = Object.fromEntries(LOCAL_INTRINSICS.map((name) => [name, [INTRINSICS_MODULE, name]]));
  const plugin = {
    apply(compiler: { webpack: { ProvidePlugin: new (definitions: Record<string, string[]>) => { apply(compiler: unknown): void } } }) {
      new compiler.webpack.ProvidePlugin(provided).apply(compiler);
    },
  };
  return { ...config, plugins: [...(config.plugins ?? []), plugin as never] };
}

/** Compiles `QUIET_TEMPORAL_POLYFILL.expression` as a constant in the polyfill's modules (webpack's own parser hook, as DefinePlugin does, but for those modules alone). */
export function withQuietTemporalPolyfill(config: WebpackConfiguration): WebpackConfiguration {
  const { modules, expression, compiledAs } = QUIET_TEMPORAL_POLYFILL;
  const name = 'WegwijsQuietTemporalPolyfill';
  const plugin = {
    apply(compiler: WebpackCompiler) {
      const { ConstDependency } = compiler.webpack.dependencies;
      compiler.hooks.compilation.tap(name, (_compilation, { normalModuleFactory }) => {
        for (const type of ['javascript/auto', 'javascript/dynamic', 'javascript/esm']) {
          normalModuleFactory.hooks.parser.for(type).tap(name, (parser) => {
            parser.hooks.expression.for(expression).tap(name, (node) => {
              const module = parser.state.module;
              if (!modules.test(module.resource ?? '') || !node.range) return undefined;
              module.addPresentationalDependency(new ConstDependency(compiledAs, node.range));
              return true;
            });
          });
        }
      });
    },
  };
  return { ...config, plugins: [...(config.plugins ?? []), plugin as never] };
}

/** The parts of webpack's compiler `withQuietTemporalPolyfill` uses (typed here so that no second webpack is loaded). */
interface WebpackCompiler {
  readonly webpack: { readonly dependencies: { readonly ConstDependency: new (expression: string, range: [number, number]) => unknown } };
  readonly hooks: {
    readonly compilation: {
      tap(name: string, callback: (compilation: unknown, parameters: { normalModuleFactory: { hooks: { parser: { for(type: string): { tap(name: string, callback: (parser: WebpackParser) => void): void } } } } }) => void): void;
    };
  };
}

interface WebpackParser {
  readonly state: { readonly module: { readonly resource?: string; addPresentationalDependency(dependency: unknown): void } };
  readonly hooks: { readonly expression: { for(expression: string): { tap(name: string, callback: (node: { range?: [number, number] }) => true | undefined): void } } };
}

function isSwcRule(rule: object): boolean {
  const use = (rule as { use?: unknown }).use as { loader?: unknown; options?: unknown } | undefined;
  return typeof use === 'object' && use !== null && !Array.isArray(use) && typeof use.loader === 'string' && use.loader.includes('swc-loader') && typeof use.options === 'object';
}
