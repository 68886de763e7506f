import { randomInt } from 'node:crypto';

/** A fresh BSN that passes the eleven test (9·d1 + … + 2·d8 − d9 ≡ 0 mod 11), so tests never share one. */
export function newBsn(): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, (_, index) => (index === 0 ? randomInt(1, 10) : randomInt(10)));
    const check = digits.reduce((sum, digit, index) => sum + digit * (9 - index), 0) % 11;
    if (check < 10) return `${digits.join('')}${check}`;
  }
}

/** A municipality code of its own per test file (GM7xxx), so delivery loops and listings meet no one else's data. */
export function newMunicipality(): string {
  return `GM7${String(randomInt(1000)).padStart(3, '0')}`;
}
