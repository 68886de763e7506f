/**
 * Where each person's data key lives, apart from the data it encrypts: a municipality can move
 * the keys to a KMS or HSM by writing another adapter of this port. Destroying a key is the
 * erasure (crypto-shredding): the person's sealed data can never be read again.
 *
 *   const vault: PersonKeyVault = new TypeOrmPersonKeyVault(dataSource, new MasterKeyring(config.personData.masterKeys));
 *   const key = await vault.create(personId);
 *   await vault.destroy(personId);
 *   await vault.get(personId); // undefined
 */
import type { DataSource } from 'typeorm';
import { MasterKeyring, type PersonDataKey } from './person-data-cipher';

export abstract class PersonKeyVault {
  /** Makes and keeps a new random data key for the person; throws `PersonKeyExistsError` when one exists. */
  abstract create(personId: string): Promise<PersonDataKey>;
  /** The person's data key; undefined when it was destroyed (or never made). */
  abstract get(personId: string): Promise<PersonDataKey | undefined>;
  /** Destroys the person's data key for good. Destroying a destroyed key is not an error. */
  abstract destroy(personId: string): Promise<void>;
}

/** Thrown when a data key is made for a person who has one: overwriting it would shred their data. */
export class PersonKeyExistsError extends Error {
  constructor(readonly personId: string) {
    super(`Person ${personId} has a data key already`);
    this.name = 'PersonKeyExistsError';
  }
}

interface DataKeyRow {
  key_version: number;
  master_key_id: string;
  wrapping_iv: Buffer;
  wrapped_key: Buffer;
}

/**
 * The vault in Wegwijs's own PostgreSQL (`person_data_keys`), each key wrapped (AES-256-GCM)
 * under the current master key of WEGWIJS_PERSON_DATA_KEYS. A key wrapped under an older master
 * key still unwraps while that key is listed.
 */
export class TypeOrmPersonKeyVault extends PersonKeyVault {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keyring: MasterKeyring,
  ) {
    super();
  }

  async create(personId: string): Promise<PersonDataKey> {
    const { key, wrapped } = this.keyring.generate(personId);
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO person_data_keys (person_id, key_version, master_key_id, wrapping_iv, wrapped_key)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id) DO NOTHING RETURNING person_id`,
      [personId, wrapped.version, wrapped.masterKeyId, Buffer.from(wrapped.iv), Buffer.from(wrapped.wrapped)],
    );
    if (inserted.length === 0) throw new PersonKeyExistsError(personId);
    return key;
  }

  async get(personId: string): Promise<PersonDataKey | undefined> {
    const [row]: DataKeyRow[] = await this.dataSource.query(
      'SELECT key_version, master_key_id, wrapping_iv, wrapped_key FROM person_data_keys WHERE person_id = $1',
      [personId],
    );
    if (!row) return undefined;
    return this.keyring.unwrap(personId, { version: row.key_version, masterKeyId: row.master_key_id, iv: row.wrapping_iv, wrapped: row.wrapped_key });
  }

  async destroy(personId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM person_data_keys WHERE person_id = $1', [personId]);
  }
}
