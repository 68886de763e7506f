/**
 * `wegwijs definitions validate|compile|export-bpmn|import-bpmn|render <file>` (and `schema`): the definition language on the
 * command line, for policy staff, CI and editors. Problems print one a line as
 * `file:line:column error CODE [node]: message` (the format editors' problem matchers read), or
 * as JSON with `--format json`.
 *
 *   wegwijs definitions validate definitions/haarlem-statushouders/v1.yaml
 *   wegwijs definitions export-bpmn definitions/haarlem-statushouders/v1.yaml -o docs/definitions/haarlem-statushouders.bpmn
 *   wegwijs definitions render definitions/haarlem-statushouders/v1.yaml -o docs/definitions/haarlem-statushouders.svg
 *   wegwijs definitions import-bpmn edited.bpmn -o definitions/haarlem-statushouders/v6.yaml
 *
 * Exit codes: 0 fine, 1 the definition has problems, 2 usage or file error, 3 rendering needs
 * Chromium and found none.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import {
  CalledDefinitionCycleError,
  CalledDefinitionNotFoundError,
  ChromiumNotFoundError,
  compileDefinition,
  DEFAULT_CHROMIUM_PATH,
  DefinitionInvalidError,
  definitionResolver,
  definitionSchema,
  exampleCapabilities,
  exportToBpmn,
  formatImportProblem,
  formatProblem,
  importFromBpmn,
  mergeRegistries,
  renderBpmnToSvg,
  validateDefinitionSource,
  type CapabilityRegistry,
  type CompiledDefinition,
} from '@wegwijs/definitions';
import { ACTIVITY_CAPABILITIES } from '@wegwijs/activities';
import { MILESTONE_CAPABILITIES } from '@wegwijs/workflows';

export const EXIT_CODES = Object.freeze({ ok: 0, invalidDefinition: 1, usageOrFileError: 2, rendererMissing: 3 });

export interface DefinitionsCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** What definitions may refer to. */
  readonly registry: CapabilityRegistry;
}

export const defaultDefinitionsIo: DefinitionsCommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // What the worker runs (activities/) and accepts (workflows/), plus the made-up capabilities of
  // the language examples in definitions/examples so those validate too. Publishing through the
  // API checks against the worker's registry alone.
  registry: mergeRegistries({ activities: ACTIVITY_CAPABILITIES, milestones: MILESTONE_CAPABILITIES }, exampleCapabilities),
};

type Outcome = { readonly exitCode: number; readonly compiled?: CompiledDefinition };

async function readSource(file: string, io: DefinitionsCommandIo): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    io.stderr(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return null;
  }
}

/** Validates and compiles one file, printing its problems; the compiled form when there are none. */
export async function load(file: string, format: 'text' | 'json', io: DefinitionsCommandIo, quietWhenValid: boolean): Promise<Outcome> {
  const text = await readSource(file, io);
  if (text === null) return { exitCode: EXIT_CODES.usageOrFileError };
  const result = validateDefinitionSource(text, io.registry);
  if (format === 'json' && !quietWhenValid) io.stdout(`${JSON.stringify({ file, valid: result.problems.length === 0, problems: result.problems })}\n`);
  if (result.problems.length > 0) {
    if (format === 'text') io.stderr(result.problems.map((problem) => `${formatProblem(file, problem)}\n`).join(''));
    if (format === 'json' && quietWhenValid) io.stderr(`${JSON.stringify({ file, valid: false, problems: result.problems })}\n`);
    return { exitCode: EXIT_CODES.invalidDefinition };
  }
  try {
    const resolveCalled = definitionResolver(await definitionsBeside(file), io.registry);
    return { exitCode: EXIT_CODES.ok, compiled: compileDefinition(result.definition!, resolveCalled) };
  } catch (error) {
    // A call the compiler cannot satisfy: the called definition is missing, circular or invalid.
    if (!(error instanceof CalledDefinitionNotFoundError || error instanceof CalledDefinitionCycleError || error instanceof DefinitionInvalidError)) throw error;
    io.stderr(`${file}: ${error.message}\n`);
    return { exitCode: EXIT_CODES.invalidDefinition };
  }
}

/**
 * The definitions a file's calls can name: the YAML files in its own folder's sibling folders
 * (`definitions/<key>/v<version>.yaml`, and `definitions/examples/*.yaml`).
 */
export async function definitionsBeside(file: string): Promise<string[]> {
  const root = dirname(dirname(file));
  const folders = (await readdir(root, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => join(root, entry.name));
  const files = (await Promise.all(folders.map(async (folder) => (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).map((name) => join(folder, name))))).flat();
  return Promise.all(files.map((path) => readFile(path, 'utf8')));
}

export async function runValidate(files: readonly string[], format: 'text' | 'json', io: DefinitionsCommandIo = defaultDefinitionsIo): Promise<number> {
  let exitCode: number = EXIT_CODES.ok;
  for (const file of files) {
    const outcome = await load(file, format, io, false);
    if (outcome.compiled && format === 'text') {
      io.stdout(`${file}: ok — ${outcome.compiled.key}@${outcome.compiled.version} ${outcome.compiled.contentHash}\n`);
    }
    exitCode = Math.max(exitCode, outcome.exitCode);
  }
  return exitCode;
}

async function emit(output: string | undefined, content: string, io: DefinitionsCommandIo): Promise<number> {
  if (!output) {
    io.stdout(content);
    return EXIT_CODES.ok;
  }
  try {
    await writeFile(output, content);
    io.stderr(`wrote ${output}\n`);
    return EXIT_CODES.ok;
  } catch (error) {
    io.stderr(`${output}: cannot write: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return EXIT_CODES.usageOrFileError;
  }
}

export async function runCompile(file: string, output: string | undefined, io: DefinitionsCommandIo = defaultDefinitionsIo): Promise<number> {
  const outcome = await load(file, 'text', io, true);
  if (!outcome.compiled) return outcome.exitCode;
  return emit(output, `${JSON.stringify(outcome.compiled, null, 2)}\n`, io);
}

export async function runExportBpmn(file: string, output: string | undefined, io: DefinitionsCommandIo = defaultDefinitionsIo): Promise<number> {
  const outcome = await load(file, 'text', io, true);
  if (!outcome.compiled) return outcome.exitCode;
  return emit(output, await exportToBpmn(outcome.compiled), io);
}

/**
 * BPMN back to YAML: prints the import's problems (file:line:column in the XML) and then the
 * YAML's own validation problems (line:column in the YAML), and writes the YAML as far as it got
 * either way, so a plain BPMN file can be finished by hand.
 */
export async function runImportBpmn(file: string, output: string | undefined, io: DefinitionsCommandIo = defaultDefinitionsIo): Promise<number> {
  const xml = await readSource(file, io);
  if (xml === null) return EXIT_CODES.usageOrFileError;
  const imported = await importFromBpmn(xml);
  io.stderr(imported.problems.map((problem) => `${formatImportProblem(file, problem)}\n`).join(''));
  if (imported.yaml === null) return EXIT_CODES.invalidDefinition;
  const validation = validateDefinitionSource(imported.yaml, io.registry);
  io.stderr(validation.problems.map((problem) => `${formatProblem(output ?? `${file}.yaml`, problem)}\n`).join(''));
  const written = await emit(output, imported.yaml, io);
  if (written !== EXIT_CODES.ok) return written;
  return imported.problems.length > 0 || validation.problems.length > 0 ? EXIT_CODES.invalidDefinition : EXIT_CODES.ok;
}

export async function runRender(
  file: string,
  options: { output?: string; png?: string; chromium?: string },
  io: DefinitionsCommandIo = defaultDefinitionsIo,
): Promise<number> {
  let xml: string;
  if (file.endsWith('.bpmn') || file.endsWith('.xml')) {
    const text = await readSource(file, io);
    if (text === null) return EXIT_CODES.usageOrFileError;
    xml = text;
  } else {
    const outcome = await load(file, 'text', io, true);
    if (!outcome.compiled) return outcome.exitCode;
    xml = await exportToBpmn(outcome.compiled);
  }
  try {
    const { svg, warnings } = await renderBpmnToSvg(xml, { executablePath: options.chromium, pngPath: options.png });
    for (const warning of warnings) io.stderr(`${file}: bpmn-js warning: ${warning}\n`);
    return emit(options.output, svg, io);
  } catch (error) {
    io.stderr(`${file}: ${(error as Error).message}\n`);
    return error instanceof ChromiumNotFoundError ? EXIT_CODES.rendererMissing : EXIT_CODES.invalidDefinition;
  }
}

export function buildDefinitionsCommand(io: DefinitionsCommandIo = defaultDefinitionsIo): Command {
  const command = new Command('definitions').description('validate, compile and export trajectory definitions');
  // Usage errors (unknown option, missing file argument) exit 2 like file errors, so CI can tell
  // them from a definition with problems (1). Subcommands inherit this from `.command()`.
  command.exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : EXIT_CODES.usageOrFileError);
  });
  const finish = (exitCode: number) => {
    process.exitCode = exitCode;
  };
  command
    .command('validate')
    .description('check definitions and print every problem as file:line:column error CODE [node]: message')
    .argument('<files...>', 'definition YAML files')
    .option('--format <format>', 'text or json', 'text')
    .action(async (files: string[], options: { format: string }) => {
      if (options.format !== 'text' && options.format !== 'json') {
        io.stderr(`--format must be text or json, not '${options.format}'\n`);
        return finish(EXIT_CODES.usageOrFileError);
      }
      finish(await runValidate(files, options.format, io));
    });
  command
    .command('schema')
    .description('print the JSON Schema of the definition format (published as definitions/schema/trajectory-definition.schema.json)')
    .action(() => io.stdout(`${JSON.stringify(definitionSchema, null, 2)}\n`));
  command
    .command('compile')
    .description('print the executable (compiled) form as JSON')
    .argument('<file>', 'definition YAML file')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (file: string, options: { output?: string }) => finish(await runCompile(file, options.output, io)));
  command
    .command('export-bpmn')
    .description('print BPMN 2.0 XML with diagram layout (opens in bpmn.io and Camunda Modeler)')
    .argument('<file>', 'definition YAML file')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (file: string, options: { output?: string }) => finish(await runExportBpmn(file, options.output, io)));
  command
    .command('import-bpmn')
    .description('turn BPMN XML (an export edited in bpmn.io or Camunda Modeler, or a plain BPMN file) back into a YAML definition')
    .argument('<file>', 'BPMN XML file')
    .option('-o, --output <file>', 'write the YAML to a file instead of stdout')
    .action(async (file: string, options: { output?: string }) => finish(await runImportBpmn(file, options.output, io)));
  command
    .command('render')
    .description('render the diagram to SVG with bpmn-js in headless Chromium')
    .argument('<file>', 'definition YAML file, or BPMN XML (.bpmn)')
    .option('-o, --output <file>', 'write the SVG to a file instead of stdout')
    .option('--png <file>', 'also write a PNG screenshot')
    .option('--chromium <path>', 'Chromium executable', DEFAULT_CHROMIUM_PATH)
    .action(async (file: string, options: { output?: string; png?: string; chromium?: string }) => finish(await runRender(file, options, io)));
  return command;
}
