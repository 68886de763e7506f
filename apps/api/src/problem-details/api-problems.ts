import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem-details.filter';
import { ProblemType, type ProblemTypeDescriptor } from './problem-types';

/** The body of every error answer (RFC 9457), for the OpenAPI description. */
export class ProblemDetails {
  @ApiProperty({ description: 'Stable URI of the kind of problem; switch on this', example: '/problems/validation-failed' })
  type!: string;

  @ApiProperty({ description: 'Short summary of the kind of problem', example: 'The request has invalid fields' })
  title!: string;

  @ApiProperty({ example: 422 })
  status!: number;

  @ApiProperty({ description: 'What went wrong in this request (no personal data)', example: 'Invalid fields: legalBasis' })
  detail!: string;

  @ApiProperty({ description: 'The request path', example: '/trajectories/GM0392.HLM-2019-0042/clocks/inburgeringstermijn/extend' })
  instance!: string;

  @ApiPropertyOptional({
    description: 'With validation-failed: every offending field',
    example: [{ field: 'legalBasis', message: 'legalBasis must be 3 to 200 characters' }],
    type: 'array',
    items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
  })
  errors?: Array<{ field: string; message: string }>;
}

/** A problem an operation can answer, with the detail (and extension members) of a typical case. */
export interface DocumentedProblem {
  readonly problem: ProblemTypeDescriptor;
  readonly detail: string;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/**
 * What any route behind the authentication guard can answer: no valid token, too many requests, or
 * a part Wegwijs depends on missing for a moment (with Retry-After).
 */
const GUARDED_ROUTE_PROBLEMS: readonly DocumentedProblem[] = [
  problem(ProblemType.unauthenticated, 'Send an access token: Authorization: Bearer <token>'),
  problem(ProblemType.tooManyRequests, 'The rate limit per user was reached; try again in a minute'),
  problem(
    ProblemType.serviceUnavailable,
    'No trajectory worker answered in time; try again in 5 s (a request sent again with the same Idempotency-Key is recorded once)',
    { unavailable: 'worker' },
  ),
];

/**
 * Documents the problems an operation can answer — those given plus 401 and 429, which every
 * authenticated route can — one response per status, with an example of each problem type under
 * it, as `application/problem+json`.
 *
 *   @ApiProblems('/trajectories/GM0392.HLM-2019-0042', problem(ProblemType.trajectoryNotFound, 'No trajectory GM0392.HLM-2019-0042'))
 */
export function ApiProblems(instance: string, ...problems: readonly DocumentedProblem[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, DocumentedProblem[]>();
  for (const documented of [...problems, ...GUARDED_ROUTE_PROBLEMS]) {
    byStatus.set(documented.problem.status, [...(byStatus.get(documented.problem.status) ?? []), documented]);
  }
  return applyDecorators(
    ApiExtraModels(ProblemDetails),
    ...[...byStatus.entries()].map(([status, documented]) =>
      ApiResponse({
        status,
        description: documented.map(({ problem }) => `\`${problem.type}\`: ${problem.title}`).join('; '),
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: { $ref: getSchemaPath(ProblemDetails) },
            examples: Object.fromEntries(
              documented.map(({ problem, detail, extensions }) => [
                problem.type.slice(problem.type.lastIndexOf('/') + 1),
                { summary: problem.title, value: { type: problem.type, title: problem.title, status: problem.status, detail, instance, ...extensions } },
              ]),
            ),
          },
        },
      }),
    ),
  );
}

export function problem(type: ProblemTypeDescriptor, detail: string, extensions?: Readonly<Record<string, unknown>>): DocumentedProblem {
  return { problem: type, detail, ...(extensions ? { extensions } : {}) };
}

/** What the body parsers answer before any handler runs, for every operation that takes a body. */
const REQUEST_BODY_PROBLEMS: readonly DocumentedProblem[] = [
  problem(ProblemType.malformedJson, 'The request body could not be parsed as JSON'),
  problem(ProblemType.undecodableBody, 'The request body could not be decompressed as its Content-Encoding says'),
  problem(ProblemType.payloadTooLarge, 'The request body exceeds the size limit'),
  problem(ProblemType.unsupportedMediaType, 'Send the body as application/json', { supported: ['application/json'] }),
  problem(ProblemType.bodyTooDeep, 'The request body nests deeper than 32 levels', { maxDepth: 32 }),
];

interface ProblemResponse {
  description: string;
  content?: Record<string, { schema?: unknown; examples?: Record<string, unknown> }>;
}

/**
 * Adds the body parsers' problems (400, 413, 415, 422) to every operation with a request body, so
 * the description says what a client that sends a broken body gets — schemathesis holds the API
 * to it. Done on the whole document: the parsers run for every such operation alike.
 */
export function documentRequestBodyProblems(document: OpenAPIObject): OpenAPIObject {
  for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
    for (const operation of Object.values(operations) as Array<{ requestBody?: unknown; responses?: Record<string, ProblemResponse> }>) {
      if (!operation?.requestBody || !operation.responses) continue;
      for (const { problem: type, detail, extensions } of REQUEST_BODY_PROBLEMS) {
        const response = (operation.responses[String(type.status)] ??= { description: '' });
        response.description = [response.description, `\`${type.type}\`: ${type.title}`].filter(Boolean).join('; ');
        const media = ((response.content ??= {})[PROBLEM_CONTENT_TYPE] ??= { schema: { $ref: getSchemaPath(ProblemDetails) } });
        (media.examples ??= {})[type.type.slice(type.type.lastIndexOf('/') + 1)] = {
          summary: type.title,
          value: { type: type.type, title: type.title, status: type.status, detail, instance: path, ...extensions },
        };
      }
    }
  }
  return document;
}
