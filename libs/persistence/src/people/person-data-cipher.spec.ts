import { randomBytes, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import {
  MasterKeyring,
  openPersonData,
  PersonDataKeysNotConfiguredError,
  PersonDataUnreadableError,
  sealPersonData,
  UnknownMasterKeyError,
  type MasterKey,
} from './person-data-cipher';

const masterKey = (id: string): MasterKey => ({ id, bytes: randomBytes(32) });
const AMINA = { name: 'Amina Tesfay', bsn: '111222333', birthDate: '1994-03-17', email: 'amina@example.org', phone: null, language: 'ti' };

describe('the person record cipher', () => {
  const current = masterKey('p2026');
  const retired = masterKey('p2025');

  it('opens what it sealed, and the ciphertext holds none of the plaintext', () => {
    const personId = randomUUID();
    const { key } = new MasterKeyring([current]).generate(personId);
    const sealed = sealPersonData(key, personId, AMINA);
    expect(openPersonData(key, personId, sealed)).toEqual(AMINA);
    expect(Buffer.from(sealed.ciphertext).includes(Buffer.from('Amina'))).toBe(false);
    expect(Buffer.from(sealed.ciphertext).includes(Buffer.from('111222333'))).toBe(false);
  });

  it("refuses a ciphertext moved to another person's id, even under the same data key", () => {
    const personId = randomUUID();
    const { key } = new MasterKeyring([current]).generate(personId);
    const sealed = sealPersonData(key, personId, AMINA);
    expect(() => openPersonData(key, randomUUID(), sealed)).toThrow(PersonDataUnreadableError);
  });

  it("refuses a wrapped data key moved to another person's id", () => {
    const keyring = new MasterKeyring([current]);
    const { wrapped } = keyring.generate(randomUUID());
    expect(() => keyring.unwrap(randomUUID(), wrapped)).toThrow(PersonDataUnreadableError);
  });

  it('cannot open the data once the data key is gone: another key does not open it', () => {
    const personId = randomUUID();
    const keyring = new MasterKeyring([current]);
    const sealed = sealPersonData(keyring.generate(personId).key, personId, AMINA);
    // The destroyed key is unrecoverable; the only keys left are fresh ones.
    const { key: replacement } = keyring.generate(personId);
    expect(() => openPersonData(replacement, personId, sealed)).toThrow(PersonDataUnreadableError);
  });

  it('still unwraps a data key wrapped under a retired master key, and wraps new ones under the current', () => {
    const personId = randomUUID();
    const before = new MasterKeyring([retired]);
    const { key, wrapped } = before.generate(personId);
    const sealed = sealPersonData(key, personId, AMINA);

    const after = new MasterKeyring([current, retired]);
    expect(after.isRetired(wrapped)).toBe(true);
    expect(openPersonData(after.unwrap(personId, wrapped), personId, sealed)).toEqual(AMINA);
    expect(after.wrap(personId, key).masterKeyId).toBe('p2026');
    expect(() => new MasterKeyring([current]).unwrap(personId, wrapped)).toThrow(UnknownMasterKeyError);
  });

  it('keeps data key bytes out of JSON and inspection', () => {
    const { key } = new MasterKeyring([current]).generate(randomUUID());
    expect(JSON.stringify(key)).toBe(`{"version":1}`);
    expect(inspect(key)).not.toMatch(/bytes/);
  });

  it('refuses to work without master keys', () => {
    expect(() => new MasterKeyring(undefined)).toThrow(PersonDataKeysNotConfiguredError);
    expect(() => new MasterKeyring([])).toThrow(PersonDataKeysNotConfiguredError);
  });
});
