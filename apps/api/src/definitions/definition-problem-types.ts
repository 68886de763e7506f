import type { ProblemTypeDescriptor } from '../problem-details/problem-types';

/** The definition endpoints' own problem types; stable `type` URIs like those in `ProblemType`. */
export const DefinitionProblemType = {
  definitionNotFound: { type: '/problems/definition-not-found', title: 'No definition has this key and version', status: 404 },
  definitionInvalid: { type: '/problems/definition-invalid', title: 'The definition has problems; none of it was published', status: 422 },
  calledDefinitionNotFound: {
    type: '/problems/called-definition-not-found',
    title: 'A callActivity names a definition (version) that is not published',
    status: 422,
  },
  versionNotNext: {
    type: '/problems/definition-version-not-next',
    title: "The version is not the next one of the definition's key",
    status: 409,
  },
  publishedVersionChanged: {
    type: '/problems/published-version-changed',
    title: 'This version is published with other content; a published version never changes',
    status: 409,
  },
  bpmnNotImportable: {
    type: '/problems/bpmn-not-importable',
    title: 'The BPMN file has elements the definition language cannot place; `problems` names each with its line:column, `source` holds the YAML as far as it got',
    status: 422,
  },
  diagramNotRendered: {
    type: '/problems/diagram-not-rendered',
    title: 'No rendered diagram of this version exists; the API does not render diagrams',
    // Not 501: the operation exists; this version's picture does not (no client input gets a 5xx).
    status: 404,
  },
} as const satisfies Record<string, ProblemTypeDescriptor>;
