import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleCapabilities, haarlemCapabilities, mergeRegistries } from '@wegwijs/definitions';
import { buildDefinitionsCommand, EXIT_CODES, runCompile, runExportBpmn, runImportBpmn, runRender, runValidate, type DefinitionsCommandIo } from './definitions.command';

const root = join(__dirname, '../../../..');
const haarlemFile = join(root, 'definitions/haarlem-statushouders/v1.yaml');
const fixture = (code: string) => join(root, `definitions/test-fixtures/invalid/${code}.yaml`);

function captureIo(): DefinitionsCommandIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    registry: mergeRegistries(haarlemCapabilities, exampleCapabilities),
  };
}

describe('wegwijs definitions', () => {
  it('validate exits 0 and names key, version and hash for a valid definition', async () => {
    const io = captureIo();
    expect(await runValidate([haarlemFile], 'text', io)).toBe(EXIT_CODES.ok);
    expect(io.out.join('')).toMatch(/v1\.yaml: ok — haarlem-statushouders@1 sha256:[0-9a-f]{64}/);
  });

  it('compiles a call of another definition from the definitions beside the file', async () => {
    const io = captureIo();
    const output = join(mkdtempSync(join(tmpdir(), 'wegwijs-')), 'all-node-kinds.json');
    expect(await runCompile(join(root, 'definitions/examples/all-node-kinds.yaml'), output, io)).toBe(EXIT_CODES.ok);
    expect(JSON.parse(readFileSync(output, 'utf8')).calledDefinitions['minimal@1']).toMatchObject({ key: 'minimal', version: 1 });
  });

  it('validate exits 1 when a called definition is not beside the file', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'wegwijs-')), 'caller');
    mkdirSync(dir);
    const file = join(dir, 'v1.yaml');
    writeFileSync(file, readFileSync(join(root, 'definitions/examples/all-node-kinds.yaml'), 'utf8'));
    const io = captureIo();
    expect(await runValidate([file], 'text', io)).toBe(EXIT_CODES.invalidDefinition);
    expect(io.err.join('')).toMatch(/node callOther calls minimal@1, which is not among the definitions it was compiled with/);
  });

  it('validate exits 1 and prints file:line:column error CODE [node] for editors', async () => {
    const io = captureIo();
    expect(await runValidate([fixture('DUPLICATE_ID')], 'text', io)).toBe(EXIT_CODES.invalidDefinition);
    expect(io.err.join('')).toMatch(/DUPLICATE_ID\.yaml:12:11 error DUPLICATE_ID \[intake\]: id 'intake' is already used at line 11\n$/);
  });

  it('validate --format json prints one JSON object a file', async () => {
    const io = captureIo();
    await runValidate([fixture('UNKNOWN_ACTIVITY'), haarlemFile], 'json', io);
    const reports = io.out.join('').trim().split('\n').map((line) => JSON.parse(line));
    expect(reports.map((report) => [report.valid, report.problems.map((problem: { code: string }) => problem.code)])).toEqual([
      [false, ['UNKNOWN_ACTIVITY']],
      [true, []],
    ]);
  });

  it('exits 2 when a file cannot be read', async () => {
    const io = captureIo();
    expect(await runValidate([join(root, 'no-such-file.yaml')], 'text', io)).toBe(EXIT_CODES.usageOrFileError);
    expect(io.err.join('')).toMatch(/cannot read: ENOENT/);
  });

  it('compile writes the compiled JSON', async () => {
    const output = join(mkdtempSync(join(tmpdir(), 'wegwijs-')), 'haarlem.json');
    expect(await runCompile(haarlemFile, output, captureIo())).toBe(EXIT_CODES.ok);
    expect(JSON.parse(readFileSync(output, 'utf8'))).toMatchObject({ key: 'haarlem-statushouders', version: 1, startNodeId: 'start' });
  });

  it('export-bpmn prints BPMN XML with diagram interchange', async () => {
    const io = captureIo();
    expect(await runExportBpmn(haarlemFile, undefined, io)).toBe(EXIT_CODES.ok);
    expect(io.out.join('')).toContain('<bpmndi:BPMNShape id="start_di" bpmnElement="start">');
  });

  it('import-bpmn turns an export back into YAML that validates as the same definition', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wegwijs-'));
    const bpmn = join(dir, 'haarlem.bpmn');
    const yaml = join(dir, 'haarlem.yaml');
    expect(await runExportBpmn(haarlemFile, bpmn, captureIo())).toBe(EXIT_CODES.ok);
    const io = captureIo();
    expect(await runImportBpmn(bpmn, yaml, io)).toBe(EXIT_CODES.ok);
    const original = captureIo();
    await runValidate([haarlemFile], 'text', original);
    const imported = captureIo();
    expect(await runValidate([yaml], 'text', imported)).toBe(EXIT_CODES.ok);
    expect(imported.out.join('').split(': ok — ')[1]).toBe(original.out.join('').split(': ok — ')[1]);
  });

  it('import-bpmn exits 1 and prints file:line:column for each BPMN element it cannot place, and still writes the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wegwijs-'));
    const bpmn = join(dir, 'plain.bpmn');
    writeFileSync(
      bpmn,
      [
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">',
        '  <process id="p" name="Plain">',
        '    <startEvent id="s" /><endEvent id="e" />',
        '    <sendTask id="notify" name="Notify" />',
        '    <sequenceFlow id="f" sourceRef="s" targetRef="e" />',
        '  </process>',
        '</definitions>',
      ].join('\n'),
    );
    const io = captureIo();
    expect(await runImportBpmn(bpmn, join(dir, 'plain.yaml'), io)).toBe(EXIT_CODES.invalidDefinition);
    expect(io.err.join('')).toContain(`${bpmn}:2:3 error BPMN_DEFINITION_MISSING [p]`);
    expect(io.err.join('')).toContain(`${bpmn}:4:5 error BPMN_UNSUPPORTED_ELEMENT [notify]: SendTask 'notify' has no counterpart in the definition language`);
    expect(readFileSync(join(dir, 'plain.yaml'), 'utf8')).toContain('key: plain');
  });

  it('render exits 3 with a clear message when Chromium is missing', async () => {
    const io = captureIo();
    expect(await runRender(haarlemFile, { chromium: '/nonexistent/chromium' }, io)).toBe(EXIT_CODES.rendererMissing);
    expect(io.err.join('')).toMatch(/no Chromium at \/nonexistent\/chromium/);
  });

  it('schema prints the published JSON Schema', async () => {
    const io = captureIo();
    await buildDefinitionsCommand(io).parseAsync(['schema'], { from: 'user' });
    const published = JSON.parse(readFileSync(join(root, 'definitions/schema/trajectory-definition.schema.json'), 'utf8'));
    expect(JSON.parse(io.out.join(''))).toEqual(published);
  });
});
