import { Body, Controller, Get, Header, HttpCode, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../identity/actor.decorator';
import { AllowedRoles } from '../identity/allowed-roles.decorator';
import type { AuthenticatedActor } from '../identity/authenticated-actor';
import { ApiProblems, problem } from '../problem-details/api-problems';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType } from '../problem-details/problem-types';
import {
  CONTENT_HASH_EXAMPLE,
  DEFINITION_LIST_EXAMPLE,
  DEFINITION_SOURCE_EXAMPLE,
  VALIDATION_PROBLEM_EXAMPLE,
} from './definition-examples';
import { DefinitionProblemType } from './definition-problem-types';
import { BPMN_MEDIA_TYPES, definitionSourceOf, YAML_MEDIA_TYPES } from './definition-source';
import {
  DefinitionsService,
  type DefinitionKeyView,
  type DefinitionVersionView,
  type PublicationAnswer,
  type ValidationAnswer,
} from './definitions.service';

const DEFINITION_KEY = /^[a-z][a-z0-9-]{0,99}$/;
const VERSION_PATH = '/definitions/haarlem-statushouders/versions/4';
const SOURCE_BODY = {
  description: `The definition's YAML: as the body itself (Content-Type ${YAML_MEDIA_TYPES[0]}), or as JSON {"source": "<YAML>"}`,
  schema: {
    type: 'object' as const,
    required: ['source'],
    properties: { source: { type: 'string' as const, description: 'The definition, YAML text' } },
    example: { source: DEFINITION_SOURCE_EXAMPLE },
  },
};
const VALIDATE_BODY = {
  description:
    `${SOURCE_BODY.description}; or BPMN XML (Content-Type ${BPMN_MEDIA_TYPES[0]}): an exported diagram edited in a modeler, ` +
    'imported back to YAML (returned as `source`) and validated',
  content: {
    'application/json': { schema: SOURCE_BODY.schema },
    [YAML_MEDIA_TYPES[0]]: { schema: { type: 'string' as const }, example: DEFINITION_SOURCE_EXAMPLE },
    [BPMN_MEDIA_TYPES[0]]: { schema: { type: 'string' as const, description: 'BPMN 2.0 XML with wegwijs: extension elements (docs/definitions/bpmn-extensions.md)' } },
  },
};
/** `request.is` names the matching type, or says false (another type) or null (no body). */
const isBpmn = (request: Request) => typeof request.is(BPMN_MEDIA_TYPES) === 'string';
const bpmnOnlyForValidation = () =>
  new ProblemException(ProblemType.unsupportedMediaType, 'BPMN XML is taken by POST /definitions/validate only; publish the YAML it returns', {
    supported: ['application/json', ...YAML_MEDIA_TYPES],
  });
const invalidKey = () => ProblemException.invalidFields([{ field: 'key', message: 'must be lower-case letters, digits and dashes' }]);
const invalidVersion = () => ProblemException.invalidFields([{ field: 'version', message: 'must be a whole number from 1' }]);
const notFound = problem(DefinitionProblemType.definitionNotFound, 'No definition haarlem-statushouders@9', { known: ['haarlem-statushouders', 'walking-skeleton'] });
const invalidPath = problem(ProblemType.validationFailed, 'Invalid fields: version', { errors: [{ field: 'version', message: 'must be a whole number from 1' }] });
const invalidSource = problem(ProblemType.validationFailed, 'Invalid fields: source', {
  errors: [{ field: 'source', message: 'send the definition as YAML (application/yaml) or as JSON {"source": "<YAML text>"}' }],
});
const calledNotFound = problem(
  DefinitionProblemType.calledDefinitionNotFound,
  'intake-only node intake calls brede-intake@2, which is not among the definitions it was compiled with',
  { nodeId: 'intake', calls: { key: 'brede-intake', version: 2 } },
);
const forbidden = problem(ProblemType.forbiddenRole, 'The role klantmanager may not do this; allowed: beleid, admin', { allowedRoles: ['beleid', 'admin'] });

/**
 * Trajectory definitions: the repository's versions and those policy staff publish here. Reading
 * them is open to every signed-in role (a definition holds no personal data); validating and
 * publishing are for policy staff (beleid) and administrators.
 */
@ApiTags('definitions')
@ApiBearerAuth()
@Controller('definitions')
export class DefinitionsController {
  constructor(private readonly definitions: DefinitionsService) {}

  @Get()
  @ApiOperation({ summary: 'Every definition key with its versions, oldest first; new trajectories start on the newest' })
  @ApiOkResponse({ description: 'Keys and versions', schema: { type: 'array', example: DEFINITION_LIST_EXAMPLE } })
  @ApiProblems('/definitions')
  list(): Promise<DefinitionKeyView[]> {
    return this.definitions.list();
  }

  @Post('validate')
  @HttpCode(200)
  @AllowedRoles(['beleid', 'admin'])
  @ApiOperation({
    summary: 'Check a definition without publishing it: every problem at once, with its code, node and line:column',
    description: 'Takes YAML, or BPMN XML that it first imports back to YAML (then the answer carries that YAML as `source`).',
  })
  @ApiBody(VALIDATE_BODY)
  @ApiOkResponse({
    description: 'The outcome; `valid: false` with the problems, or what it would be published as',
    content: {
      'application/json': {
        examples: {
          valid: { summary: 'No problems', value: { valid: true, problems: [], definition: { key: 'intake-only', version: 1, contentHash: CONTENT_HASH_EXAMPLE } } },
          invalid: { summary: 'Problems', value: { valid: false, problems: [VALIDATION_PROBLEM_EXAMPLE], definition: null } },
          bpmn: {
            summary: 'BPMN XML imported back',
            value: { valid: true, problems: [], definition: { key: 'intake-only', version: 2, contentHash: CONTENT_HASH_EXAMPLE }, source: 'key: intake-only\nversion: 2\n…' },
          },
        },
      },
    },
  })
  @ApiProblems(
    '/definitions/validate',
    invalidSource,
    problem(DefinitionProblemType.bpmnNotImportable, 'The BPMN file has 1 problem(s) the import cannot resolve', {
      problems: [{ code: 'BPMN_TASK_WITHOUT_ACTIVITY', elementId: 'mail', line: 7, column: 5, message: "service task 'mail' has no wegwijs:activity, so the activity it runs is unknown" }],
      source: 'key: brede-intake\nversion: 1\n…',
    }),
    calledNotFound,
    forbidden,
  )
  validate(@Body() body: unknown, @Req() request: Request): Promise<ValidationAnswer> {
    if (isBpmn(request)) return this.definitions.validateBpmn(definitionSourceOf(body));
    return this.definitions.validate(definitionSourceOf(body));
  }

  @Post()
  @AllowedRoles(['beleid', 'admin'])
  @ApiOperation({
    summary: 'Publish the next version of a definition (or a new key at version 1); a published version never changes',
    description:
      'The version in the YAML must be one more than the newest of its key. Publishing the same content under the same version again answers 200 `unchanged`. ' +
      'Trajectories started from then on run the new version; running ones stay on theirs.',
  })
  @ApiBody(SOURCE_BODY)
  @ApiCreatedResponse({
    description: 'Published; Location names the version',
    schema: { type: 'object', example: { outcome: 'published', key: 'intake-only', version: 1, contentHash: CONTENT_HASH_EXAMPLE } },
  })
  @ApiOkResponse({
    description: 'This very content was published under this version before; nothing changed',
    schema: { type: 'object', example: { outcome: 'unchanged', key: 'intake-only', version: 1, contentHash: CONTENT_HASH_EXAMPLE } },
  })
  @ApiProblems(
    '/definitions',
    invalidSource,
    problem(DefinitionProblemType.definitionInvalid, 'The definition has 1 problem(s)', { problems: [VALIDATION_PROBLEM_EXAMPLE] }),
    calledNotFound,
    problem(DefinitionProblemType.versionNotNext, 'Version 7 of haarlem-statushouders is not the next one; the next is 5', { expectedVersion: 5 }),
    problem(DefinitionProblemType.publishedVersionChanged, 'haarlem-statushouders@4 is published with other content; publish the change as the next version'),
    forbidden,
  )
  async publish(
    @Body() body: unknown,
    @Actor() actor: AuthenticatedActor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PublicationAnswer> {
    if (isBpmn(request)) throw bpmnOnlyForValidation();
    const answer = await this.definitions.publish(definitionSourceOf(body), actor);
    response.status(answer.outcome === 'published' ? 201 : 200).location(`/definitions/${answer.key}/versions/${answer.version}`);
    return answer;
  }

  @Get(':key/versions/:version')
  @ApiOperation({ summary: 'One version: its compiled form, as trajectories run it, and its content hash' })
  @ApiParam({ name: 'key', example: 'haarlem-statushouders' })
  @ApiParam({ name: 'version', example: 4 })
  @ApiOkResponse({
    description: 'The compiled definition',
    schema: {
      type: 'object',
      example: {
        key: 'walking-skeleton',
        version: 1,
        name: 'Walking skeleton',
        contentHash: CONTENT_HASH_EXAMPLE,
        origin: 'repository',
        compiled: { formatVersion: 1, key: 'walking-skeleton', version: 1, name: 'Walking skeleton', contentHash: CONTENT_HASH_EXAMPLE, facts: [], nodes: {}, flows: {} },
      },
    },
  })
  @ApiProblems(VERSION_PATH, invalidPath, notFound)
  version(@Param('key') key: string, @Param('version', new ParseIntPipe({ exceptionFactory: invalidVersion })) version: number): Promise<DefinitionVersionView> {
    return this.definitions.version(checkKey(key), checkVersion(version));
  }

  @Get(':key/versions/:version/bpmn')
  @Header('content-type', 'application/xml; charset=utf-8')
  @ApiOperation({ summary: 'The version as BPMN 2.0 XML with diagram layout, for bpmn.io and Camunda Modeler (Wegwijs extensions as wegwijs: elements)' })
  @ApiParam({ name: 'key', example: 'haarlem-statushouders' })
  @ApiParam({ name: 'version', example: 4 })
  @ApiProduces('application/xml')
  @ApiOkResponse({
    description: 'BPMN 2.0 XML',
    content: { 'application/xml': { schema: { type: 'string' }, example: '<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions …>…</bpmn:definitions>' } },
  })
  @ApiProblems(`${VERSION_PATH}/bpmn`, invalidPath, notFound)
  bpmn(@Param('key') key: string, @Param('version', new ParseIntPipe({ exceptionFactory: invalidVersion })) version: number): Promise<string> {
    return this.definitions.bpmn(checkKey(key), checkVersion(version));
  }

  @Get(':key/versions/:version/svg')
  @Header('content-type', 'image/svg+xml; charset=utf-8')
  @ApiOperation({
    summary: 'The version as an SVG diagram, where the repository keeps one rendered from exactly this version',
    description:
      'Rendering takes bpmn-js in headless Chromium (seconds of CPU), which the API does not run. It serves the diagram committed under ' +
      'docs/definitions when that diagram shows exactly this version, and otherwise answers 404 `/problems/diagram-not-rendered` with a link to its BPMN; the BPMN endpoint always works.',
  })
  @ApiParam({ name: 'key', example: 'haarlem-statushouders' })
  @ApiParam({ name: 'version', example: 3 })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({
    description: 'The diagram',
    content: { 'image/svg+xml': { schema: { type: 'string' }, example: '<svg xmlns="http://www.w3.org/2000/svg" …>…</svg>' } },
  })
  @ApiProblems(
    `${VERSION_PATH}/svg`,
    invalidPath,
    notFound,
    problem(
      DefinitionProblemType.diagramNotRendered,
      'No rendered diagram of haarlem-statushouders@4 is kept. Open GET /definitions/haarlem-statushouders/versions/4/bpmn in bpmn.io or Camunda Modeler, or render it with `wegwijs definitions render` (needs Chromium)',
      { bpmn: `${VERSION_PATH}/bpmn` },
    ),
  )
  svg(@Param('key') key: string, @Param('version', new ParseIntPipe({ exceptionFactory: invalidVersion })) version: number): Promise<string> {
    return this.definitions.svg(checkKey(key), checkVersion(version));
  }
}

function checkKey(key: string): string {
  if (!DEFINITION_KEY.test(key)) throw invalidKey();
  return key;
}

function checkVersion(version: number): number {
  if (version < 1) throw invalidVersion();
  return version;
}
