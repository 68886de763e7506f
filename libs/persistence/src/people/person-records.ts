/**
 * The person record: the one place personal data (name, BSN, birth date, contact details,
 * language) lives, sealed under the person's own data key and referenced everywhere else by the
 * pseudonymous `personId` (a random UUID). Erasure destroys the data key and deletes the sealed
 * row; a tombstone with the pseudonymous ids only remains, so the record reads as erased.
 *
 *   const records: PersonRecords = new TypeOrmPersonRecords(dataSource, vault);
 *   const { personId } = await records.register({ municipality: 'GM0392', registeredBy: 'km-0007', data });
 *   await records.linkTrajectory(personId, 'GM0392', 'GM0392.HLM-2019-0042');
 *   await records.erase(personId);
 *   (await records.read(personId))?.state; // 'erased'
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { openPersonData, sealPersonData } from './person-data-cipher';
import type { PersonKeyVault } from './person-key-vault';

/** What the person record holds. Personal data: never log it, never put it in events, tasks or errors. */
export interface PersonalData {
  readonly name: string;
  /** Burgerservicenummer, 9 digits. */
  readonly bsn: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
  readonly email: string | null;
  readonly phone: string | null;
  /** ISO 639-1 code of the person's own language, e.g. `ar`, `ti`, `nl`. */
  readonly language: string;
}

/** The contact details that may be corrected after registration. */
export type ContactCorrection = Partial<Pick<PersonalData, 'email' | 'phone' | 'language'>>;

export interface PersonRecord {
  readonly state: 'present';
  /** The pseudonymous id: the only way anything else refers to the person. */
  readonly personId: string;
  /** CBS code of the municipality responsible for the person. */
  readonly municipality: string;
  readonly trajectoryId: string | null;
  /** Pseudonymous id of the user who registered the person. */
  readonly registeredBy: string;
  readonly data: PersonalData;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What remains of an erased person: pseudonymous ids and the moment of erasure. */
export interface ErasedPerson {
  readonly state: 'erased';
  readonly personId: string;
  readonly municipality: string;
  readonly trajectoryId: string | null;
  readonly erasedAt: Date;
}

export abstract class PersonRecords {
  /** Seals and stores a new person's data under a new data key; the answer carries the new pseudonymous id. */
  abstract register(person: { municipality: string; registeredBy: string; data: PersonalData }): Promise<PersonRecord>;
  /** The person, their tombstone, or undefined when no person ever had this id. */
  abstract read(personId: string): Promise<PersonRecord | ErasedPerson | undefined>;
  /** The living person linked to a trajectory; undefined when none is, or they were erased. */
  abstract findByTrajectory(trajectoryId: string): Promise<PersonRecord | undefined>;
  /** Corrects contact details; throws `PersonNotFoundError` or `PersonErasedError`. */
  abstract correct(personId: string, changes: ContactCorrection): Promise<PersonRecord>;
  /**
   * Links the person to their trajectory. Throws `PersonNotFoundError` when there is no living
   * person with this id in this municipality, `PersonAlreadyLinkedError` when they or the
   * trajectory are linked already.
   */
  abstract linkTrajectory(personId: string, municipality: string, trajectoryId: string): Promise<void>;
  /** Undoes `linkTrajectory` (a start that failed after the link); a no-op when it is not so linked. */
  abstract unlinkTrajectory(personId: string, trajectoryId: string): Promise<void>;
  /**
   * Erases the person: destroys their data key, deletes the sealed row and leaves a tombstone.
   * Erasing again answers the tombstone; throws `PersonNotFoundError` for an id never used.
   */
  abstract erase(personId: string): Promise<ErasedPerson>;
}

/** Thrown when no person has this id (in this municipality). */
export class PersonNotFoundError extends Error {
  constructor(readonly personId: string) {
    super(`No person record ${personId}`);
    this.name = 'PersonNotFoundError';
  }
}

/** Thrown when a change is asked of an erased person. */
export class PersonErasedError extends Error {
  constructor(readonly personId: string) {
    super(`Person record ${personId} was erased`);
    this.name = 'PersonErasedError';
  }
}

/** Thrown when a person is linked to a trajectory already, or the trajectory to another person. */
export class PersonAlreadyLinkedError extends Error {
  constructor(
    readonly personId: string,
    readonly trajectoryId: string,
  ) {
    super(`Person ${personId} or trajectory ${trajectoryId} is linked already`);
    this.name = 'PersonAlreadyLinkedError';
  }
}

/** Thrown when a record changed under a correction three times running. */
export class PersonRecordContendedError extends Error {
  constructor(readonly personId: string) {
    super(`Person record ${personId} kept changing during a correction; try again`);
    this.name = 'PersonRecordContendedError';
  }
}

interface PersonRow {
  person_id: string;
  municipality: string;
  trajectory_id: string | null;
  registered_by: string;
  key_version: number;
  iv: Buffer;
  ciphertext: Buffer;
  created_at: Date;
  updated_at: Date;
}

interface ErasureRow {
  person_id: string;
  municipality: string;
  trajectory_id: string | null;
  erased_at: Date;
}

const PERSON_COLUMNS = 'person_id, municipality, trajectory_id, registered_by, key_version, iv, ciphertext, created_at, updated_at';
const UNIQUE_VIOLATION = '23505';

/** The person record on PostgreSQL (`person_records`, `person_erasures`), keys in a `PersonKeyVault`. */
export class TypeOrmPersonRecords extends PersonRecords {
  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: PersonKeyVault,
  ) {
    super();
  }

  async register(person: { municipality: string; registeredBy: string; data: PersonalData }): Promise<PersonRecord> {
    const personId = randomUUID();
    const key = await this.vault.create(personId);
    const sealed = sealPersonData(key, personId, person.data);
    const [row]: PersonRow[] = await this.dataSource.query(
      `INSERT INTO person_records (person_id, municipality, registered_by, key_version, iv, ciphertext)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${PERSON_COLUMNS}`,
      [personId, person.municipality, person.registeredBy, sealed.keyVersion, Buffer.from(sealed.iv), Buffer.from(sealed.ciphertext)],
    );
    return present(row, person.data);
  }

  async read(personId: string): Promise<PersonRecord | ErasedPerson | undefined> {
    const row = await this.row(this.dataSource.manager, personId);
    if (row) return this.open(row);
    const [erasure]: ErasureRow[] = await this.dataSource.query(
      'SELECT person_id, municipality, trajectory_id, erased_at FROM person_erasures WHERE person_id = $1',
      [personId],
    );
    return erasure ? erased(erasure) : undefined;
  }

  async findByTrajectory(trajectoryId: string): Promise<PersonRecord | undefined> {
    const [row]: PersonRow[] = await this.dataSource.query(`SELECT ${PERSON_COLUMNS} FROM person_records WHERE trajectory_id = $1`, [trajectoryId]);
    if (!row) return undefined;
    const person = await this.open(row);
    return person.state === 'present' ? person : undefined;
  }

  async correct(personId: string, changes: ContactCorrection): Promise<PersonRecord> {
    // Optimistic: the update applies only to the ciphertext it was computed from, so two
    // corrections at once cannot lose one another's change. (No transaction spanning the key
    // vault: the vault may be another system.)
    for (let attempt = 1; ; attempt++) {
      const row = await this.row(this.dataSource.manager, personId);
      if (!row) throw (await this.read(personId)) ? new PersonErasedError(personId) : new PersonNotFoundError(personId);
      const key = await this.vault.get(personId);
      if (!key) throw new PersonErasedError(personId);
      const current = openPersonData<PersonalData>(key, personId, { keyVersion: row.key_version, iv: row.iv, ciphertext: row.ciphertext });
      const data: PersonalData = { ...current, ...changes };
      const sealed = sealPersonData(key, personId, data);
      const [updated]: [PersonRow[], number] = await this.dataSource.query(
        `UPDATE person_records SET iv = $2, ciphertext = $3, key_version = $4, updated_at = now()
         WHERE person_id = $1 AND iv = $5 RETURNING ${PERSON_COLUMNS}`,
        [personId, Buffer.from(sealed.iv), Buffer.from(sealed.ciphertext), sealed.keyVersion, row.iv],
      );
      if (updated.length === 1) return present(updated[0], data);
      if (attempt === 3) throw new PersonRecordContendedError(personId);
    }
  }

  async linkTrajectory(personId: string, municipality: string, trajectoryId: string): Promise<void> {
    const row = await this.row(this.dataSource.manager, personId);
    if (!row || row.municipality !== municipality || (await this.vault.get(personId)) === undefined) throw new PersonNotFoundError(personId);
    let linked: [unknown[], number];
    try {
      linked = await this.dataSource.query(
        'UPDATE person_records SET trajectory_id = $2, updated_at = now() WHERE person_id = $1 AND trajectory_id IS NULL RETURNING person_id',
        [personId, trajectoryId],
      );
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new PersonAlreadyLinkedError(personId, trajectoryId);
      throw error;
    }
    if (linked[0].length === 0) throw new PersonAlreadyLinkedError(personId, trajectoryId);
  }

  async unlinkTrajectory(personId: string, trajectoryId: string): Promise<void> {
    await this.dataSource.query('UPDATE person_records SET trajectory_id = NULL, updated_at = now() WHERE person_id = $1 AND trajectory_id = $2', [
      personId,
      trajectoryId,
    ]);
  }

  async erase(personId: string): Promise<ErasedPerson> {
    const before = await this.row(this.dataSource.manager, personId);
    if (!before) {
      const tombstone = await this.read(personId);
      if (tombstone?.state === 'erased') return tombstone;
      throw new PersonNotFoundError(personId);
    }
    // The key first: from this moment the data is unreadable, even if what follows fails (a retry finishes it).
    await this.vault.destroy(personId);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO person_erasures (person_id, municipality, trajectory_id) VALUES ($1, $2, $3) ON CONFLICT (person_id) DO NOTHING`,
        [personId, before.municipality, before.trajectory_id],
      );
      await manager.query('DELETE FROM person_records WHERE person_id = $1', [personId]);
      const [erasure]: ErasureRow[] = await manager.query(
        'SELECT person_id, municipality, trajectory_id, erased_at FROM person_erasures WHERE person_id = $1',
        [personId],
      );
      return erased(erasure);
    });
  }

  private async row(manager: EntityManager, personId: string): Promise<PersonRow | undefined> {
    const [row]: PersonRow[] = await manager.query(`SELECT ${PERSON_COLUMNS} FROM person_records WHERE person_id = $1`, [personId]);
    return row;
  }

  /** A row whose key is gone (an erasure interrupted between destroying the key and deleting the row) reads as erased. */
  private async open(row: PersonRow): Promise<PersonRecord | ErasedPerson> {
    const key = await this.vault.get(row.person_id);
    if (!key) return erased({ person_id: row.person_id, municipality: row.municipality, trajectory_id: row.trajectory_id, erased_at: row.updated_at });
    return present(row, openPersonData<PersonalData>(key, row.person_id, { keyVersion: row.key_version, iv: row.iv, ciphertext: row.ciphertext }));
  }
}

function present(row: PersonRow, data: PersonalData): PersonRecord {
  return {
    state: 'present',
    personId: row.person_id,
    municipality: row.municipality,
    trajectoryId: row.trajectory_id,
    registeredBy: row.registered_by,
    data,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function erased(row: ErasureRow): ErasedPerson {
  return { state: 'erased', personId: row.person_id, municipality: row.municipality, trajectoryId: row.trajectory_id, erasedAt: new Date(row.erased_at) };
}
