// Type declarations for two ESM packages whose own types the workspace's `moduleResolution: node`
// cannot see (bpmn-moddle hides them behind `exports`; bpmn-auto-layout ships none). Only what
// definitions/ uses.

declare module 'bpmn-auto-layout' {
  /** Adds diagram interchange (shapes, edges) to BPMN XML; needs <bpmn:incoming>/<bpmn:outgoing> on nodes. */
  export function layoutProcess(xml: string): Promise<string>;
}

declare module 'bpmn-moddle' {
  /** An element of the moddle object tree: its type name, and properties by name. */
  export interface ModdleElement {
    $type: string;
    $parent?: ModdleElement;
    id?: string;
    [property: string]: unknown;
  }
  export interface ParseResult {
    rootElement: unknown;
    elementsById: Record<string, unknown>;
    warnings: Array<{ message: string; element?: unknown; property?: string; value?: unknown; error?: Error }>;
    references: unknown[];
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
    create(type: string, properties?: Record<string, unknown>): ModdleElement;
    toXML(element: ModdleElement, options?: { format?: boolean; preamble?: boolean }): Promise<{ xml: string }>;
  }
}
