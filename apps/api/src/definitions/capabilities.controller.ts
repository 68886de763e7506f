import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { capabilityCatalogue, type CapabilityCatalogue, type CompiledDefinition } from '@wegwijs/definitions';
import { ApiProblems } from '../problem-details/api-problems';
import { DefinitionCatalogue } from './definition-catalogue';
import { CAPABILITY_REGISTRY } from './repository-definitions';

const CAPABILITIES_EXAMPLE: CapabilityCatalogue = {
  activities: [
    {
      name: 'notifyKlantmanager',
      description: 'E-mails the klantmanager a reminder (input message, Dutch, no personal data)',
      inputs: { type: 'object', additionalProperties: false, properties: { message: { type: 'string', maxLength: 200, description: 'Dutch, no personal data' } }, required: ['message'] },
      result: null,
      errors: {},
    },
  ],
  milestones: [
    {
      name: 'checkIn.held',
      description: 'A monthly check-in with the job coach took place',
      roles: ['jobcoach'],
      payload: { type: 'object', additionalProperties: false, properties: { attended: { type: 'boolean' } }, required: ['attended'] },
      source: 'participatie-12-maanden@1',
    },
  ],
  roles: [
    { name: 'klantmanager', title: 'klantmanager', team: 'klantmanagers', source: 'built-in', milestones: ['intake.completed'] },
    { name: 'jobcoach', title: 'Jobcoach', description: 'Begeleidt de deelnemer naar werk', team: 'jobcoaches', source: 'participatie-12-maanden@1', milestones: ['checkIn.held'] },
  ],
};

/**
 * What a definition can refer to, for the people who write one (the same listing as
 * `wegwijs capabilities`): every activity the worker runs with its typed inputs and result, every
 * milestone — the catalogue's and each published definition's own — with its roles and payload
 * as JSON Schema, and every role — built in, or declared by a published definition (with its
 * key@version and team). Open to every signed-in role: it holds no personal data.
 */
@ApiTags('definitions')
@ApiBearerAuth()
@Controller('capabilities')
export class CapabilitiesController {
  constructor(private readonly catalogue: DefinitionCatalogue) {}

  @Get()
  @ApiOperation({
    summary: "Every activity (inputs, result), milestone (roles, payload; the catalogue's and each definition's own) and role (built in or declared) a definition can use",
    description:
      "A milestone a definition declares itself is listed with `source` its key@version; its `payload` is the JSON Schema a report of it must fit (POST /trajectories/{id}/milestones refuses anything else with 422 naming payload.<field>).",
  })
  @ApiOkResponse({ description: 'The capability catalogue', schema: { type: 'object', example: CAPABILITIES_EXAMPLE } })
  @ApiProblems('/capabilities')
  async list(): Promise<CapabilityCatalogue> {
    const definitions: CompiledDefinition[] = [];
    for (const summary of await this.catalogue.list()) {
      const entry = await this.catalogue.get(summary.key, summary.version);
      if (entry) definitions.push(entry.definition);
    }
    return capabilityCatalogue(CAPABILITY_REGISTRY, definitions);
  }
}
