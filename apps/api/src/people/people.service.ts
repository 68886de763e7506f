import { Injectable } from '@nestjs/common';
import { AccessLog, EventStore, PersonAlreadyLinkedError, PersonNotFoundError, PersonRecords, type AccessAction, type ErasedPerson, type PersonRecord } from '@wegwijs/persistence';
import { eventActor, type AuthenticatedActor } from '../identity/authenticated-actor';
import { TRAJECTORY_LEGAL_GROUND, TrajectoryAccess } from '../identity/trajectory-access';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType } from '../problem-details/problem-types';
import type { CorrectContactDto, PersonView, RegisterPersonDto } from './person.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PersonAccessRequest {
  readonly action: Exclude<AccessAction, 'list'>;
  /** The API operation, e.g. `people.get`. */
  readonly operation: string;
}

/**
 * The person record behind the API, and who may see it.
 * - Municipality scoping as for trajectories: a person of another municipality is answered as
 *   if there were none (404).
 * - A person linked to a trajectory is read and changed under that trajectory's rules
 *   (`TrajectoryAccess`: a klantmanager only for the cases they hold). Before the link, the
 *   klantmanager who registered the person may, and supervisors of the municipality.
 * - Every decision is written to the access log with the person's pseudonymous id.
 * - An erased person answers 410 `person-erased`; erasing is idempotent and recorded on the
 *   trajectory as `person.erased`, whose history is otherwise left as it was.
 */
@Injectable()
export class PeopleService {
  constructor(
    private readonly records: PersonRecords,
    private readonly access: TrajectoryAccess,
    private readonly accessLog: AccessLog,
    private readonly eventStore: EventStore,
  ) {}

  async register(request: RegisterPersonDto, actor: AuthenticatedActor): Promise<{ personId: string }> {
    await this.access.authorizeMunicipality(actor, request.municipality, { action: 'change', operation: 'people.register' });
    const person = await this.records.register({
      municipality: request.municipality,
      registeredBy: actor.id,
      data: {
        name: request.name,
        bsn: request.bsn,
        birthDate: request.birthDate,
        email: request.email ?? null,
        phone: request.phone ?? null,
        language: request.language,
      },
    });
    return { personId: person.personId };
  }

  async view(personId: string, actor: AuthenticatedActor): Promise<PersonView> {
    return viewOf(present(await this.authorized(personId, actor, { action: 'read', operation: 'people.get' })));
  }

  /** The living person linked to the trajectory; the caller's access to the trajectory was checked (and logged) already. */
  async linkedTo(trajectoryId: string): Promise<PersonView> {
    const person = await this.records.findByTrajectory(trajectoryId);
    if (!person) throw new ProblemException(ProblemType.personNotFound, `No person record is linked to trajectory ${trajectoryId}`, { trajectoryId });
    return viewOf(person);
  }

  async correct(personId: string, changes: CorrectContactDto, actor: AuthenticatedActor): Promise<PersonView> {
    const fields = (['email', 'phone', 'language'] as const).filter((field) => changes[field] !== undefined);
    if (fields.length === 0) throw ProblemException.invalidFields([{ field: 'body', message: 'name at least one of email, phone, language' }]);
    present(await this.authorized(personId, actor, { action: 'change', operation: 'people.correct' }));
    const correction = Object.fromEntries(fields.map((field) => [field, changes[field] ?? null]));
    return viewOf(await this.records.correct(personId, correction));
  }

  /** The privacy officer's erasure: the data key is destroyed, the trajectory's history keeps only the pseudonymous id. */
  async erase(personId: string, actor: AuthenticatedActor): Promise<void> {
    await this.authorized(personId, actor, { action: 'change', operation: 'people.erase' });
    const erased = await this.records.erase(personId);
    if (erased.trajectoryId) {
      await this.eventStore.append(erased.trajectoryId, [
        {
          type: 'person.erased',
          schemaVersion: 1,
          payload: { personId },
          actor: eventActor(actor),
          businessTime: erased.erasedAt,
          // Once per person: a repeated erasure request (a retry) records nothing new.
          idempotencyKey: `${erased.trajectoryId}#person.erased#${personId}`,
        },
      ]);
    }
  }

  /**
   * Links a person to the trajectory being started, for as long as `start` succeeds: a start
   * that fails (the case exists, an unknown definition) leaves the person unlinked.
   */
  async linkedDuring<T>(personId: string | undefined, municipality: string, trajectoryId: string | undefined, start: () => Promise<T>): Promise<T> {
    if (!personId || !trajectoryId) return start();
    try {
      await this.records.linkTrajectory(personId, municipality, trajectoryId);
    } catch (error) {
      if (error instanceof PersonNotFoundError) {
        throw ProblemException.invalidFields([{ field: 'personId', message: 'must name a registered person of this municipality who was not erased' }]);
      }
      if (error instanceof PersonAlreadyLinkedError) {
        throw new ProblemException(ProblemType.personAlreadyLinked, `Person ${personId} or trajectory ${trajectoryId} is linked already`, { personId, trajectoryId });
      }
      throw error;
    }
    try {
      return await start();
    } catch (error) {
      await this.records.unlinkTrajectory(personId, trajectoryId);
      throw error;
    }
  }

  private async authorized(personId: string, actor: AuthenticatedActor, request: PersonAccessRequest): Promise<PersonRecord | ErasedPerson> {
    if (!UUID.test(personId)) throw ProblemException.invalidFields([{ field: 'personId', message: 'must be a UUID' }]);
    const person = await this.records.read(personId);
    const entry = { actor: { role: actor.role, id: actor.id }, ...request, personId, legalGround: TRAJECTORY_LEGAL_GROUND };
    if (!person || !actor.municipalities.includes(person.municipality)) {
      await this.accessLog.record([{ ...entry, ...(person ? { municipality: person.municipality } : {}), outcome: 'denied' }]);
      throw new ProblemException(ProblemType.personNotFound, `No person ${personId} in your municipalities`);
    }
    if (person.trajectoryId) {
      await this.access.authorize(actor, person.trajectoryId, { ...request, personId });
      return person;
    }
    const outsideCaseload = actor.role === 'klantmanager' && (person.state === 'erased' || person.registeredBy !== actor.id);
    await this.accessLog.record([{ ...entry, municipality: person.municipality, outcome: outsideCaseload ? 'denied' : 'granted' }]);
    if (outsideCaseload) throw new ProblemException(ProblemType.outsideCaseload, `Person ${personId} was registered by another klantmanager and is linked to no case yet`);
    return person;
  }
}

/** The living person, or the 410 an erased one answers. */
function present(person: PersonRecord | ErasedPerson): PersonRecord {
  if (person.state === 'erased') {
    throw new ProblemException(ProblemType.personErased, `The record of person ${person.personId} was erased on request`, {
      personId: person.personId,
      erasedAt: person.erasedAt.toISOString(),
    });
  }
  return person;
}

function viewOf(person: PersonRecord): PersonView {
  return {
    personId: person.personId,
    municipality: person.municipality,
    trajectoryId: person.trajectoryId,
    ...person.data,
    createdAt: person.createdAt,
    updatedAt: person.updatedAt,
  };
}
