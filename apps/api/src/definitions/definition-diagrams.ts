import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { exportToBpmn, type CompiledDefinition } from '@wegwijs/definitions';

/** Where the repository keeps each key's rendered diagram: `<key>.bpmn` and the `<key>.svg` made from it. */
export const COMMITTED_DIAGRAMS_DIR = resolve(__dirname, '../../../../docs/definitions');

/**
 * BPMN exports and diagrams of definition versions, kept in memory by content hash (a version
 * never changes, so neither does its picture).
 *
 * Rendering an SVG takes bpmn-js in headless Chromium: seconds of CPU and a browser in the API
 * process. The API does not do that. It serves the diagram committed under docs/definitions when
 * that diagram shows exactly this version — its committed BPMN is byte for byte this version's
 * export — and otherwise says there is none (`wegwijs definitions render` makes one; the BPMN
 * opens in bpmn.io or Camunda Modeler).
 */
export class DefinitionDiagrams {
  private readonly bpmnByHash = new Map<string, Promise<string>>();

  constructor(private readonly diagramsDir: string = COMMITTED_DIAGRAMS_DIR) {}

  bpmn(definition: CompiledDefinition): Promise<string> {
    let xml = this.bpmnByHash.get(definition.contentHash);
    if (!xml) {
      xml = exportToBpmn(definition);
      this.bpmnByHash.set(definition.contentHash, xml);
      xml.catch(() => this.bpmnByHash.delete(definition.contentHash));
    }
    return xml;
  }

  /** The committed SVG of this very version, or undefined when the repository has none. */
  async committedSvg(definition: CompiledDefinition): Promise<string | undefined> {
    const committedBpmn = await readOptional(join(this.diagramsDir, `${definition.key}.bpmn`));
    if (committedBpmn === undefined || committedBpmn !== (await this.bpmn(definition))) return undefined;
    return readOptional(join(this.diagramsDir, `${definition.key}.svg`));
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
