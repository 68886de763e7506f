import { text, type ErrorRequestHandler, type RequestHandler } from 'express';
import { acceptMediaTypes, bodyProblems, jsonBody } from '../http/request-bodies';
import { ProblemException } from '../problem-details/problem.exception';

/** YAML is what policy staff write; these media types carry it as the request body, as is. */
export const YAML_MEDIA_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** BPMN XML (an export edited in a modeler) carries a definition to validate: `POST /definitions/validate` imports it. */
export const BPMN_MEDIA_TYPES = ['application/xml', 'text/xml', 'application/bpmn+xml'];

/**
 * A real definition is tens of kilobytes (Haarlem v4: 23 kB); the general 64 kB JSON limit would
 * soon be too tight once escaped into JSON. The language itself refuses more than a megabyte.
 */
const DEFINITION_BODY_LIMIT = '512kb';
/** Its BPMN export carries the layout too: Haarlem v3's is 116 kB. */
const BPMN_BODY_LIMIT = '2mb';

/**
 * Body handling for `/definitions`: YAML text, or JSON `{ "source": "<YAML>" }`, and BPMN XML for
 * validation only (the controller refuses it elsewhere); any other media type answers 415.
 */
export function definitionSourceParsers(): Array<RequestHandler | ErrorRequestHandler> {
  return [
    acceptMediaTypes(['application/json', ...YAML_MEDIA_TYPES, ...BPMN_MEDIA_TYPES]),
    text({ type: YAML_MEDIA_TYPES, limit: DEFINITION_BODY_LIMIT }),
    text({ type: BPMN_MEDIA_TYPES, limit: BPMN_BODY_LIMIT }),
    ...jsonBody(DEFINITION_BODY_LIMIT, ['application/json']),
    bodyProblems,
  ];
}

/** The YAML text of a request body: the body itself (YAML media type) or its `source` field (JSON). */
export function definitionSourceOf(body: unknown): string {
  const source = typeof body === 'string' ? body : (body as { source?: unknown } | null | undefined)?.source;
  if (typeof source !== 'string' || source.trim() === '') {
    throw ProblemException.invalidFields([
      { field: 'source', message: `send the definition as YAML (${YAML_MEDIA_TYPES[0]}) or as JSON {"source": "<YAML text>"}` },
    ]);
  }
  return source;
}
