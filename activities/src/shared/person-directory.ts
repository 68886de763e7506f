/**
 * The person behind a trajectory, as far as the activities need them: how to reach them and in
 * which language. Personal data: never log it, never put it in events, tasks or failures. The
 * real person record (encrypted, erasable) is built in another issue; until then the worker uses
 * the in-memory development stand-in.
 *
 *   const contact = await people.contactFor(trajectoryId); // { email, language: 'ti' }
 */

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
