import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../identity/actor.decorator';
import { AllowedRoles } from '../identity/allowed-roles.decorator';
import type { AuthenticatedActor } from '../identity/authenticated-actor';
import { ApiProblems, problem } from '../problem-details/api-problems';
import { ProblemType } from '../problem-details/problem-types';
import { CorrectContactDto, PersonView, RegisteredPerson, RegisterPersonDto } from './person.dto';
import { PeopleService } from './people.service';

/**
 * The person record: name, BSN, birth date, contact details and language, kept encrypted in one
 * place and referred to everywhere else by a pseudonymous `personId`. Link it to a trajectory
 * by starting the trajectory with `personId`. Erasure (admin: the privacy officer executing a
 * request under AVG art. 17) destroys the person's key; the trajectory's history stays.
 */
const PERSON_ID_EXAMPLE = '5b0e3c1a-6f1e-4c57-9d7e-2b8f0f6a9c11';
const personPath = `/people/${PERSON_ID_EXAMPLE}`;
const invalidPersonId = problem(ProblemType.validationFailed, 'Invalid fields: personId', { errors: [{ field: 'personId', message: 'must be a UUID' }] });
const notFound = problem(ProblemType.personNotFound, `No person ${PERSON_ID_EXAMPLE} in your municipalities`);
const erased = problem(ProblemType.personErased, `The record of person ${PERSON_ID_EXAMPLE} was erased on request`, {
  personId: PERSON_ID_EXAMPLE,
  erasedAt: '2026-11-28T10:00:00.000Z',
});
const notYourCase = problem(ProblemType.outsideCaseload, `Trajectory GM0392.HLM-2019-0042 is held by another klantmanager`);
const forbiddenRole = (role: string, allowed: readonly string[]) =>
  problem(ProblemType.forbiddenRole, `The role ${role} may not do this; allowed: ${allowed.join(', ')}`, { allowedRoles: allowed });

@ApiTags('people')
@ApiBearerAuth()
@Controller('people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Post()
  @AllowedRoles(['klantmanager', 'system'])
  @ApiOperation({ summary: 'Register a person; answers the pseudonymous id to start their trajectory with' })
  @ApiCreatedResponse({ type: RegisteredPerson, description: 'Stored encrypted; Location names the record' })
  @ApiProblems(
    '/people',
    problem(ProblemType.validationFailed, 'Invalid fields: bsn', { errors: [{ field: 'bsn', message: 'bsn must be 9 digits that pass the eleven test' }] }),
    problem(ProblemType.outsideMunicipality, 'Municipality GM0473 is not among yours'),
    forbiddenRole('beleid', ['klantmanager', 'system']),
  )
  async register(@Body() request: RegisterPersonDto, @Actor() actor: AuthenticatedActor, @Res({ passthrough: true }) response: Response): Promise<RegisteredPerson> {
    const registered = await this.people.register(request, actor);
    response.location(`/people/${registered.personId}`);
    return registered;
  }

  @Get(':personId')
  @AllowedRoles(['klantmanager', 'supervisor'])
  @ApiOperation({ summary: "A person's record (the klantmanager holding their case, supervisors); 410 once erased" })
  @ApiOkResponse({ type: PersonView })
  @ApiProblems(personPath, invalidPersonId, notFound, erased, notYourCase, forbiddenRole('admin', ['klantmanager', 'supervisor']))
  view(@Param('personId') personId: string, @Actor() actor: AuthenticatedActor): Promise<PersonView> {
    return this.people.view(personId, actor);
  }

  @Patch(':personId')
  @AllowedRoles(['klantmanager', 'supervisor'])
  @ApiOperation({ summary: "Correct a person's contact details: e-mail, phone, language" })
  @ApiOkResponse({ type: PersonView })
  @ApiProblems(
    personPath,
    problem(ProblemType.validationFailed, 'Invalid fields: email', { errors: [{ field: 'email', message: 'email must be an e-mail address' }] }),
    notFound,
    erased,
    notYourCase,
    forbiddenRole('admin', ['klantmanager', 'supervisor']),
  )
  correct(@Param('personId') personId: string, @Body() request: CorrectContactDto, @Actor() actor: AuthenticatedActor): Promise<PersonView> {
    return this.people.correct(personId, request, actor);
  }

  @Delete(':personId')
  @HttpCode(204)
  @AllowedRoles(['admin'])
  @ApiOperation({ summary: "Erase a person's record on request (admin: the privacy officer); the trajectory's history keeps only the pseudonymous id" })
  @ApiNoContentResponse({ description: 'Erased (also when it was already)' })
  @ApiProblems(personPath, invalidPersonId, notFound, forbiddenRole('supervisor', ['admin']))
  async erase(@Param('personId') personId: string, @Actor() actor: AuthenticatedActor): Promise<void> {
    await this.people.erase(personId, actor);
  }
}
