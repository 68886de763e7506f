import { NotificationOutbox, OutboxMessage } from '@wegwijs/persistence';
import { StaticCaseTeamDirectoryDevelopmentStandIn } from '../shared/case-team-directory';
import { InMemoryPersonDirectoryDevelopmentStandIn } from '../shared/person-directory';
import { TRAJECTORY_ID } from '../testing/doubles';
import { classifySmtpError, MailOutcomeUnknownError, MailRefusedError, MailServerUnreachableError, MailTransport, OutgoingMail } from './mail-transport';
import { NotificationDeliveryLoop, RecipientAddresses } from './notification-delivery-loop';

/** An outbox that hands out its messages once and records how each was settled. */
class RecordingOutbox extends NotificationOutbox {
  readonly settled: [string, string, unknown?][] = [];
  constructor(private pending: OutboxMessage[]) {
    super();
  }
  async appendWithNotifications(): Promise<never> {
    throw new Error('not used');
  }
  async claimDue(): Promise<OutboxMessage[]> {
    const claimed = this.pending;
    this.pending = [];
    return claimed;
  }
  async markSent(messageId: string): Promise<void> {
    this.settled.push([messageId, 'sent']);
  }
  async markRetry(messageId: string, error: string, nextAttemptAt: Date): Promise<void> {
    this.settled.push([messageId, `retry: ${error}`, nextAttemptAt.toISOString()]);
  }
  async markFailed(messageId: string, error: string): Promise<void> {
    this.settled.push([messageId, `failed: ${error}`]);
  }
  async markInDoubt(messageId: string, error: string): Promise<void> {
    this.settled.push([messageId, `in doubt: ${error}`]);
  }
  async listForTrajectory(): Promise<OutboxMessage[]> {
    return [];
  }
}

class ScriptedTransport extends MailTransport {
  readonly sent: OutgoingMail[] = [];
  constructor(private readonly failures: (Error | undefined)[]) {
    super();
  }
  async send(mail: OutgoingMail): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(mail);
  }
}

function message(messageId: string, overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    messageId,
    messageKey: `${TRAJECTORY_ID}#n#1#e#klantmanager`,
    trajectoryId: TRAJECTORY_ID,
    audience: 'klantmanager',
    language: 'nl',
    subject: 'Onderwerp',
    body: 'Tekst',
    status: 'sending',
    attempts: 1,
    nextAttemptAt: new Date(0),
    lastError: null,
    sentAt: null,
    ...overrides,
  };
}

function loopOver(outbox: NotificationOutbox, transport: MailTransport) {
  const addresses = new RecipientAddresses(new InMemoryPersonDirectoryDevelopmentStandIn(), new StaticCaseTeamDirectoryDevelopmentStandIn({ klantmanager: 'km@example.org' }));
  return new NotificationDeliveryLoop({ outbox, transport, addresses, now: () => new Date('2019-09-02T08:00:00Z'), messageIdDomain: 'wegwijs.test' });
}

describe('the notification delivery loop', () => {
  it('sends to the address looked up for the audience, with a Message-ID from the outbox row, and records it', async () => {
    const outbox = new RecordingOutbox([message('m-1')]);
    const transport = new ScriptedTransport([]);
    expect(await loopOver(outbox, transport).deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0, inDoubt: 0 });
    expect(transport.sent).toEqual([{ to: 'km@example.org', subject: 'Onderwerp', text: 'Tekst', messageId: '<m-1@wegwijs.test>' }]);
    expect(outbox.settled).toEqual([['m-1', 'sent']]);
  });

  it('retries a temporary refusal with exponential backoff and fails a permanent one', async () => {
    const outbox = new RecordingOutbox([message('m-1', { attempts: 3 }), message('m-2')]);
    const transport = new ScriptedTransport([new MailRefusedError(451, false), new MailRefusedError(550, true)]);
    expect(await loopOver(outbox, transport).deliverDue()).toEqual({ sent: 0, retried: 1, failed: 1, inDoubt: 0 });
    expect(outbox.settled).toEqual([
      ['m-1', 'retry: MailRefused 451', '2019-09-02T08:02:00.000Z'],
      ['m-2', 'failed: MailRefused 550'],
    ]);
  });

  it('gives up after the last attempt', async () => {
    const outbox = new RecordingOutbox([message('m-1', { attempts: 8 })]);
    await loopOver(outbox, new ScriptedTransport([new MailServerUnreachableError('ECONNECTION')])).deliverDue();
    expect(outbox.settled).toEqual([['m-1', 'failed: MailServerUnreachable ECONNECTION; gave up after 8 attempts']]);
  });

  it('never retries a message whose outcome is unknown', async () => {
    const outbox = new RecordingOutbox([message('m-1')]);
    await loopOver(outbox, new ScriptedTransport([new MailOutcomeUnknownError('ETIMEDOUT')])).deliverDue();
    expect(outbox.settled).toEqual([['m-1', 'in doubt: MailOutcomeUnknown ETIMEDOUT']]);
  });

  it('runs a first round as soon as it starts and lets stop() wait for it', async () => {
    const outbox = new RecordingOutbox([message('m-1')]);
    const transport = new ScriptedTransport([]);
    const loop = loopOver(outbox, transport);
    loop.start(60_000);
    await loop.stop();
    expect(outbox.settled).toEqual([['m-1', 'sent']]);
  });

  it('fails a message whose audience has no address', async () => {
    const outbox = new RecordingOutbox([message('m-1', { audience: 'person' })]);
    await loopOver(outbox, new ScriptedTransport([])).deliverDue();
    expect(outbox.settled).toEqual([['m-1', 'failed: NoAddress']]);
  });
});

describe('classifying SMTP errors', () => {
  it('tells refusals, unreachable servers and unknown outcomes apart', () => {
    expect(classifySmtpError({ responseCode: 452, command: 'RCPT TO' })).toEqual(new MailRefusedError(452, false));
    expect(classifySmtpError({ code: 'ECONNECTION', command: 'CONN' })).toBeInstanceOf(MailServerUnreachableError);
    expect(classifySmtpError({ code: 'ETIMEDOUT', command: 'DATA' })).toBeInstanceOf(MailOutcomeUnknownError);
  });
});
