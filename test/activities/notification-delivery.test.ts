/**
 * Reliable notifications end to end: outbox rows on the real PostgreSQL, delivered over SMTP to a
 * real SMTP server running in this process, with the exact messages it received asserted —
 * also after a crash between sending and recording, after a temporary refusal, and with two
 * delivery loops racing.
 */
import {
  InMemoryPersonDirectoryDevelopmentStandIn,
  NotificationDeliveryLoop,
  RecipientAddresses,
  SmtpMailTransport,
  StaticCaseTeamDirectoryDevelopmentStandIn,
} from '@wegwijs/activities';
import type { NewNotification } from '@wegwijs/domain';
import { createWegwijsDataSource, NotificationOutbox, TypeOrmNotificationOutbox } from '@wegwijs/persistence';
import { simpleParser } from 'mailparser';
import { randomInt } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';
import { freePort } from '../support/free-port';
import { newCaseReference } from '../support/case-references';

interface ReceivedMail {
  readonly to: string[];
  readonly messageId: string;
  readonly subject: string;
  readonly text: string;
}

/** An SMTP server that keeps what it accepts and can refuse the next recipients with 451. */
class InProcessSmtpServer {
  readonly received: ReceivedMail[] = [];
  refuseNextRecipients = 0;
  private server: SMTPServer | undefined;
  port = 0;

  async start(): Promise<void> {
    this.port = await freePort();
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (_address, _session, callback) => {
        if (this.refuseNextRecipients > 0) {
          this.refuseNextRecipients--;
          const refusal = new Error('Mailbox busy, try later') as Error & { responseCode: number };
          refusal.responseCode = 451;
          return callback(refusal);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.received.push({
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
              messageId: mail.messageId ?? '',
              subject: mail.subject ?? '',
              text: (mail.text ?? '').trim(),
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Dies like a process would between handing a message to SMTP and recording that it was sent. */
class OutboxThatCrashesBeforeRecordingSent extends TypeOrmNotificationOutbox {
  override async markSent(): Promise<void> {
    throw new Error('simulated crash: the process died before recording the delivery');
  }
}

describe('notification delivery over SMTP', () => {
  const smtp = new InProcessSmtpServer();
  let dataSource: DataSource;
  let outbox: TypeOrmNotificationOutbox;
  let transport: SmtpMailTransport;
  let addresses: RecipientAddresses;
  const people = new InMemoryPersonDirectoryDevelopmentStandIn();
  const municipality = `GM8${String(randomInt(1000)).padStart(3, '0')}`;
  const leaseMs = 60_000;

  beforeAll(async () => {
    await smtp.start();
    dataSource = createWegwijsDataSource({ url: process.env.DATABASE_URL!, poolSize: 3, applicationName: 'test' });
    await dataSource.initialize();
    outbox = new TypeOrmNotificationOutbox(dataSource);
    transport = new SmtpMailTransport({ host: '127.0.0.1', port: smtp.port, from: 'wegwijs@haarlem.example', timeoutMs: 5_000 });
    addresses = new RecipientAddresses(people, new StaticCaseTeamDirectoryDevelopmentStandIn({ klantmanager: 'klantmanagers@haarlem.example' }));
  });

  afterAll(async () => {
    transport?.close();
    await dataSource?.destroy();
    await smtp.stop();
  });

  beforeEach(() => {
    smtp.received.length = 0;
  });

  function loop(at: Date, over: NotificationOutbox = outbox) {
    return new NotificationDeliveryLoop({ outbox: over, transport, addresses, now: () => at, municipality, messageIdDomain: 'wegwijs.test', policy: { leaseMs, initialBackoffMs: 30_000 } });
  }

  /** Queues messages with an event, as an activity does, and returns the trajectory. */
  async function queue(notifications: Omit<NewNotification, 'messageKey' | 'trajectoryId'>[]): Promise<string> {
    const trajectoryId = `${municipality}.${newCaseReference()}`;
    const key = `${trajectoryId}#remind#1#klantmanager.notified`;
    await outbox.appendWithNotifications(
      trajectoryId,
      [{ type: 'klantmanager.notified', schemaVersion: 1, payload: { messageKind: 'remind', nodeId: 'remind' }, actor: { role: 'system', id: 'wegwijs' }, businessTime: new Date(), idempotencyKey: key }],
      notifications.map((notification) => ({ ...notification, trajectoryId, messageKey: `${key}#${notification.audience}` })),
    );
    return trajectoryId;
  }

  it('sends each queued message once to the address of its audience and records it as sent', async () => {
    const trajectoryId = await queue([
      { audience: 'klantmanager', language: 'nl', subject: 'NOA-assessment nog niet afgenomen', body: 'Traject wacht op het NOA-assessment.' },
      { audience: 'person', language: 'nl+ti', subject: 'Uitnodiging / ዕድመ', body: 'U bent uitgenodigd.\n\n---\n\nተዓዲምካ ኣለኻ።' },
    ]);
    people.register(trajectoryId, { email: 'person@example.org', language: 'ti' });
    const now = new Date(Date.now() + 1_000);

    const firstRound = await loop(now).deliverDue();
    const secondRound = await loop(now).deliverDue();

    expect(firstRound).toEqual({ sent: 2, retried: 0, failed: 0, inDoubt: 0 });
    expect(secondRound).toEqual({ sent: 0, retried: 0, failed: 0, inDoubt: 0 });
    const stored = await outbox.listForTrajectory(trajectoryId);
    expect(smtp.received.sort((a, b) => a.subject.localeCompare(b.subject))).toEqual(
      [
        { to: ['klantmanagers@haarlem.example'], messageId: `<${stored.find((m) => m.audience === 'klantmanager')!.messageId}@wegwijs.test>`, subject: 'NOA-assessment nog niet afgenomen', text: 'Traject wacht op het NOA-assessment.' },
        { to: ['person@example.org'], messageId: `<${stored.find((m) => m.audience === 'person')!.messageId}@wegwijs.test>`, subject: 'Uitnodiging / ዕድመ', text: 'U bent uitgenodigd.\n\n---\n\nተዓዲምካ ኣለኻ።' },
      ].sort((a, b) => a.subject.localeCompare(b.subject)),
    );
    expect(stored.map((message) => [message.status, message.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
  });

  it('does not send a message again after a crash between sending and recording: it becomes in doubt', async () => {
    const trajectoryId = await queue([{ audience: 'klantmanager', language: 'nl', subject: 'Eenmalig', body: 'Precies één keer.' }]);
    const crashedAt = new Date(Date.now() + 1_000);

    await expect(loop(crashedAt, new OutboxThatCrashesBeforeRecordingSent(dataSource)).deliverDue()).rejects.toThrow(/simulated crash/);
    const afterRestart = await loop(new Date(crashedAt.getTime() + leaseMs + 1_000)).deliverDue();
    const later = await loop(new Date(crashedAt.getTime() + 10 * leaseMs)).deliverDue();

    expect(afterRestart).toEqual({ sent: 0, retried: 0, failed: 0, inDoubt: 0 });
    expect(later).toEqual({ sent: 0, retried: 0, failed: 0, inDoubt: 0 });
    expect(smtp.received.map((mail) => [mail.to, mail.subject])).toEqual([[['klantmanagers@haarlem.example'], 'Eenmalig']]);
    expect((await outbox.listForTrajectory(trajectoryId)).map((message) => [message.status, message.lastError])).toEqual([
      ['in_doubt', 'claim expired before the delivery was recorded'],
    ]);
  });

  it('records a send that outlived its claim as sent, even after another loop put it in doubt', async () => {
    const trajectoryId = await queue([{ audience: 'klantmanager', language: 'nl', subject: 'Traag', body: 'Langzame verbinding.' }]);
    const claimedAt = new Date(Date.now() + 1_000);
    const [claimed] = await outbox.claimDue(claimedAt, 10, leaseMs, municipality);
    await loop(new Date(claimedAt.getTime() + leaseMs + 1_000)).deliverDue();
    expect((await outbox.listForTrajectory(trajectoryId)).map((message) => message.status)).toEqual(['in_doubt']);

    await outbox.markSent(claimed.messageId, new Date(claimedAt.getTime() + leaseMs + 2_000));

    expect((await outbox.listForTrajectory(trajectoryId)).map((message) => [message.status, message.lastError])).toEqual([['sent', null]]);
    expect(smtp.received).toEqual([]);
  });

  it('retries a temporarily refused message after its backoff and then delivers it once', async () => {
    const trajectoryId = await queue([{ audience: 'klantmanager', language: 'nl', subject: 'Later', body: 'Na een weigering.' }]);
    smtp.refuseNextRecipients = 1;
    const start = new Date(Date.now() + 1_000);

    const refused = await loop(start).deliverDue();
    const tooEarly = await loop(new Date(start.getTime() + 10_000)).deliverDue();
    const afterBackoff = await loop(new Date(start.getTime() + 31_000)).deliverDue();

    expect([refused, tooEarly, afterBackoff]).toEqual([
      { sent: 0, retried: 1, failed: 0, inDoubt: 0 },
      { sent: 0, retried: 0, failed: 0, inDoubt: 0 },
      { sent: 1, retried: 0, failed: 0, inDoubt: 0 },
    ]);
    expect(smtp.received.map((mail) => mail.subject)).toEqual(['Later']);
    expect((await outbox.listForTrajectory(trajectoryId)).map((message) => [message.status, message.attempts, message.lastError])).toEqual([['sent', 2, null]]);
  });

  it('fails a message whose recipient has no address, without sending anything', async () => {
    const trajectoryId = await queue([{ audience: 'person', language: 'nl', subject: 'Niemand', body: 'Geen adres.' }]);
    await loop(new Date(Date.now() + 1_000)).deliverDue();
    expect(smtp.received).toEqual([]);
    expect((await outbox.listForTrajectory(trajectoryId)).map((message) => [message.status, message.lastError])).toEqual([['failed', 'NoAddress']]);
  });

  it('lets two racing delivery loops send every message exactly once', async () => {
    const trajectoryIds = await Promise.all(
      Array.from({ length: 6 }, (_unused, index) => queue([{ audience: 'klantmanager', language: 'nl', subject: `Race ${index}`, body: 'Wie het eerst komt.' }])),
    );
    const now = new Date(Date.now() + 1_000);
    const rounds = await Promise.all([loop(now).deliverDue(), loop(now).deliverDue()]);

    expect(rounds[0].sent + rounds[1].sent).toBe(6);
    expect(smtp.received.map((mail) => mail.subject).sort()).toEqual(['Race 0', 'Race 1', 'Race 2', 'Race 3', 'Race 4', 'Race 5']);
    for (const trajectoryId of trajectoryIds) {
      expect((await outbox.listForTrajectory(trajectoryId)).map((message) => message.status)).toEqual(['sent']);
    }
  });
});
