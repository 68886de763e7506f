/**
 * The person behind a trajectory, as far as the activities need them: how to reach them and in
 * which language. Personal data: never log it, never put it in events, tasks or failures. The
 * worker reads it from the person record (encrypted, erasable); unit tests use the in-memory
 * stand-in.
 *
 *   const people = new PersonRecordDirectory(personRecords);
 *   const contact = await people.contactFor(trajectoryId); // { email, language: 'ti' }
 */
import type { PersonRecords } from '@wegwijs/persistence';

export interface PersonContact {
  /** Null when the person has no e-mail address: then only the klantmanager is written to. */
  readonly email: string | null;
  /** ISO 639-1 code of the person's own language, e.g. `ar`, `ti`, `nl`. */
  readonly language: string;
}

export abstract class PersonDirectory {
  /** The contact of the person a trajectory is for; undefined when the trajectory has no person record. */
  abstract contactFor(trajectoryId: string): Promise<PersonContact | undefined>;
}

/**
 * The contacts from the person record (POST /people, linked when the trajectory starts). Read at
 * the moment of use, never copied: once the person is erased there is no contact any more, and
 * nothing is sent to them.
 */
export class PersonRecordDirectory extends PersonDirectory {
  constructor(private readonly records: PersonRecords) {
    super();
  }

  async contactFor(trajectoryId: string): Promise<PersonContact | undefined> {
    const person = await this.records.findByTrajectory(trajectoryId);
    return person ? { email: person.data.email, language: person.data.language } : undefined;
  }
}

/**
 * Development stand-in for the person record: contacts held in memory, set up by the worker or a
 * test. Not for production — it forgets everything on restart.
 */
export class InMemoryPersonDirectoryDevelopmentStandIn extends PersonDirectory {
  private readonly contacts = new Map<string, PersonContact>();

  constructor(private readonly fallback?: PersonContact) {
    super();
  }

  register(trajectoryId: string, contact: PersonContact): void {
    this.contacts.set(trajectoryId, contact);
  }

  async contactFor(trajectoryId: string): Promise<PersonContact | undefined> {
    return this.contacts.get(trajectoryId) ?? this.fallback;
  }
}
