/**
 * The Wegwijs trajectory definition language: parse and validate YAML definitions, compile them to
 * the executable form the workflow interprets, and export them to BPMN 2.0 for diagrams.
 * Workflow code imports `@wegwijs/definitions/runtime` instead (deterministic, no Node built-ins).
 *
 *   import { validateDefinitionSource, compileDefinitionSource, exportToBpmn } from '@wegwijs/definitions';
 *   const { problems } = validateDefinitionSource(text, registry);
 *   const compiled = compileDefinitionSource(text, registry);
 *   const xml = await exportToBpmn(compiled);
 *   const { yaml, problems } = await importFromBpmn(editedXml);
 */
export * from './runtime';
export * from './problems';
export { parseDefinitionYaml, SOURCE_LIMITS } from './source/parse-source';
export type * from './source/source-definition';
export { definitionSchema, NODE_KINDS } from './schema/definition-schema';
export * from './validate/capability-registry';
export { validateDefinitionSource, type ValidationResult } from './validate/validate';
export { compileDefinition, compileDefinitionSource, computeContentHash, type CalledDefinitionResolver } from './compile/compile';
export { compileCommittedDefinition } from './compile/committed-definition';
export { definitionResolver } from './compile/definition-resolver';
export { canonicalJson } from './compile/canonical-json';
export * from './compile/errors';
export { exportToBpmn, WEGWIJS_BPMN_NAMESPACE, wegwijsModdleDescriptor } from './bpmn/export-bpmn';
export {
  importFromBpmn,
  formatImportProblem,
  BPMN_IMPORT_PROBLEM_CODES,
  type BpmnImportProblem,
  type BpmnImportProblemCode,
  type BpmnImportResult,
} from './bpmn/import-bpmn';
export { diagramOverlaps, edgesThroughShapes } from './bpmn/diagram-checks';
export { renderBpmnToSvg, DEFAULT_CHROMIUM_PATH, type RenderOptions, type RenderResult } from './bpmn/render';
export * from './bpmn/render-errors';
// The registries of the definitions that ship with the language, until activities/ and workflows/
// export the real one.
export { haarlemCapabilities } from '../haarlem-statushouders/capabilities';
export { exampleCapabilities } from '../examples/capabilities';
export { checkPublication, type PublishedVersion } from './compile/publication';
export * from './capabilities/capability-catalogue';
