/**
 * Development stand-in for the mail server: writes each message as a text file
 * `<directory>/<message id>.txt` instead of sending it, so that `npm start` shows what would be
 * sent without an SMTP relay. Not for production — nobody receives these files.
 *
 *   const transport = new FileMailTransportDevelopmentStandIn('.data/sent-mail');
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MailTransport, OutgoingMail } from './mail-transport';

export class FileMailTransportDevelopmentStandIn extends MailTransport {
  constructor(private readonly directory: string) {
    super();
  }

  async send(mail: OutgoingMail): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const fileName = `${mail.messageId.replace(/[^A-Za-z0-9.@-]/g, '')}.txt`;
    await writeFile(join(this.directory, fileName), `Message-ID: ${mail.messageId}\nTo: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}\n`, 'utf8');
  }
}
