/**
 * The person record's adapters on the real PostgreSQL: what a row swap, a master-key rotation
 * and an erasure interrupted halfway do to reads.
 */
import { randomBytes } from 'node:crypto';
import {
  createWegwijsDataSource,
  MasterKeyring,
  PersonDataUnreadableError,
  TypeOrmPersonKeyVault,
  TypeOrmPersonRecords,
  type MasterKey,
  type PersonalData,
} from '@wegwijs/persistence';
import type { DataSource } from 'typeorm';
import { newBsn, newMunicipality } from '../support/people';

const MUNICIPALITY = newMunicipality();
const masterKey = (id: string): MasterKey => ({ id, bytes: randomBytes(32) });
const person = (name: string): PersonalData => ({ name, bsn: newBsn(), birthDate: '1988-11-02', email: null, phone: null, language: 'ar' });

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = createWegwijsDataSource({ url: process.env.DATABASE_URL!, poolSize: 2, applicationName: 'test-person-records' });
  await dataSource.initialize();
});

afterAll(async () => {
  await dataSource?.destroy();
});

function recordsUnder(...keys: MasterKey[]): TypeOrmPersonRecords {
  return new TypeOrmPersonRecords(dataSource, new TypeOrmPersonKeyVault(dataSource, new MasterKeyring(keys)));
}

it("does not open a person's ciphertext copied onto another person's row", async () => {
  const records = recordsUnder(masterKey('swap'));
  const first = await records.register({ municipality: MUNICIPALITY, registeredBy: 'km-1', data: person('Yonas Habte') });
  const second = await records.register({ municipality: MUNICIPALITY, registeredBy: 'km-1', data: person('Selam Ghebre') });
  await dataSource.query(
    'UPDATE person_records SET ciphertext = source.ciphertext, iv = source.iv FROM person_records source WHERE person_records.person_id = $1 AND source.person_id = $2',
    [second.personId, first.personId],
  );
  await expect(records.read(second.personId)).rejects.toThrow(PersonDataUnreadableError);
  expect(await records.read(first.personId)).toMatchObject({ state: 'present', data: { name: 'Yonas Habte' } });
});

it('reads records whose keys were wrapped under a retired master key, and wraps new ones under the current', async () => {
  const retired = masterKey('rot-2025');
  const current = masterKey('rot-2026');
  const before = await recordsUnder(retired).register({ municipality: MUNICIPALITY, registeredBy: 'km-1', data: person('Hamid Rahimi') });

  const rotated = recordsUnder(current, retired);
  expect(await rotated.read(before.personId)).toMatchObject({ state: 'present', data: { name: 'Hamid Rahimi' } });
  const after = await rotated.register({ municipality: MUNICIPALITY, registeredBy: 'km-1', data: person('Nour Haddad') });
  const wrappedUnder = await dataSource.query('SELECT person_id, master_key_id FROM person_data_keys WHERE person_id IN ($1, $2)', [before.personId, after.personId]);
  expect(Object.fromEntries(wrappedUnder.map((row: { person_id: string; master_key_id: string }) => [row.person_id, row.master_key_id]))).toEqual({
    [before.personId]: 'rot-2025',
    [after.personId]: 'rot-2026',
  });
});

it('reads a person whose key is destroyed as erased, even before the erasure finished, and a retry finishes it', async () => {
  const vault = new TypeOrmPersonKeyVault(dataSource, new MasterKeyring([masterKey('shred')]));
  const records = new TypeOrmPersonRecords(dataSource, vault);
  const { personId } = await records.register({ municipality: MUNICIPALITY, registeredBy: 'km-1', data: person('Aziz Karimi') });
  await vault.destroy(personId); // the erasure stopped right after destroying the key

  expect(await records.read(personId)).toMatchObject({ state: 'erased', personId });
  expect(await records.erase(personId)).toMatchObject({ state: 'erased', personId, municipality: MUNICIPALITY });
  expect(await dataSource.query('SELECT 1 FROM person_records WHERE person_id = $1', [personId])).toEqual([]);
});
