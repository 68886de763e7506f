/**
 * Every kind of error the API answers with, as RFC 9457 problem types. The `type` URI of each is
 * stable: clients may switch on it. Documented in the README and the OpenAPI description.
 */
export const ProblemType = {
  badRequest: { type: '/problems/bad-request', title: 'The request is not understood', status: 400 },
  malformedJson: { type: '/problems/malformed-json', title: 'The request body is not valid JSON', status: 400 },
  undecodableBody: { type: '/problems/undecodable-body', title: 'The request body could not be decompressed', status: 400 },
  payloadTooLarge: { type: '/problems/payload-too-large', title: 'The request body is too large', status: 413 },
  unsupportedMediaType: { type: '/problems/unsupported-media-type', title: 'The request body is of a media type this operation does not take', status: 415 },
  bodyTooDeep: { type: '/problems/body-too-deep', title: 'The request body nests too deeply', status: 422 },
  validationFailed: { type: '/problems/validation-failed', title: 'The request has invalid fields', status: 422 },
  unauthenticated: { type: '/problems/unauthenticated', title: 'The request carries no valid access token', status: 401 },
  forbiddenRole: { type: '/problems/forbidden-role', title: 'Your role may not do this', status: 403 },
  outsideCaseload: { type: '/problems/outside-caseload', title: 'This trajectory is not in your caseload', status: 403 },
  outsideMunicipality: { type: '/problems/outside-municipality', title: 'This municipality is not yours', status: 403 },
  tooManyRequests: { type: '/problems/too-many-requests', title: 'Too many requests; slow down', status: 429 },
  trajectoryNotFound: { type: '/problems/trajectory-not-found', title: 'No trajectory has this id', status: 404 },
  trajectoryAlreadyExists: {
    type: '/problems/trajectory-already-exists',
    title: 'A trajectory for this case reference exists already',
    status: 409,
  },
  unknownDefinition: { type: '/problems/unknown-definition', title: 'No published definition has this key', status: 422 },
  unknownMilestone: { type: '/problems/unknown-milestone', title: 'The definition has no such milestone', status: 422 },
  milestoneNotExpected: {
    type: '/problems/milestone-not-expected',
    title: 'The trajectory does not expect this milestone now',
    status: 409,
  },
  milestoneRoleNotAllowed: {
    type: '/problems/milestone-role-not-allowed',
    title: 'Your role may not report this milestone',
    status: 403,
  },
  trajectoryEnded: { type: '/problems/trajectory-ended', title: 'The trajectory has ended', status: 409 },
  idempotencyKeyReused: { type: '/problems/idempotency-key-reused', title: 'The Idempotency-Key was used for another request', status: 422 },
  incidentNotFound: { type: '/problems/incident-not-found', title: 'The trajectory has no open incident with this id', status: 404 },
  personNotFound: { type: '/problems/person-not-found', title: 'No person record has this id', status: 404 },
  personErased: { type: '/problems/person-erased', title: "The person's record was erased on request", status: 410 },
  personAlreadyLinked: { type: '/problems/person-already-linked', title: 'The person or the trajectory is linked already', status: 409 },
  notFound: { type: '/problems/not-found', title: 'No such resource', status: 404 },
  taskNotFound: { type: '/problems/task-not-found', title: 'No task has this id', status: 404 },
  taskAlreadyCompleted: { type: '/problems/task-already-completed', title: 'The task was completed already', status: 409 },
  serviceUnavailable: {
    type: '/problems/service-unavailable',
    title: 'A service Wegwijs depends on is not reachable',
    status: 503,
  },
  internalError: { type: '/problems/internal-error', title: 'Something went wrong on our side', status: 500 },
} as const satisfies Record<string, ProblemTypeDescriptor>;

export interface ProblemTypeDescriptor {
  readonly type: string;
  readonly title: string;
  readonly status: number;
}

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `facts.housingDate`. */
  readonly field: string;
  readonly message: string;
}
