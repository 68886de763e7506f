import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileMailTransportDevelopmentStandIn } from './file-mail-transport';

describe('the file mail transport (development stand-in)', () => {
  it('writes one file per message, named after its Message-ID', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'wegwijs-mail-'));
    try {
      await new FileMailTransportDevelopmentStandIn(directory).send({ to: 'km@example.org', subject: 'Onderwerp', text: 'Tekst', messageId: '<m-1@wegwijs.local>' });
      expect(await readdir(directory)).toEqual(['m-1@wegwijs.local.txt']);
      expect(await readFile(join(directory, 'm-1@wegwijs.local.txt'), 'utf8')).toBe('Message-ID: <m-1@wegwijs.local>\nTo: km@example.org\nSubject: Onderwerp\n\nTekst\n');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
