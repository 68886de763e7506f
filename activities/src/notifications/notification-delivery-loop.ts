/**
 * Delivers the notification outbox: claims due messages, looks up each recipient's address at
 * the last moment (addresses are not stored with messages), sends over the mail transport and
 * records the result. Refusals for now and unreachable servers are retried with exponential
 * backoff; permanent refusals and exhausted attempts fail; an unknown outcome — or a crash
 * between sending and recording, seen as an expired claim — is `in_doubt` and never resent, so
 * nobody receives a message twice.
 *
 *   const loop = new NotificationDeliveryLoop({ outbox, transport, addresses, now: () => new Date() });
 *   loop.start(5_000);   // in the worker process
 *   await loop.stop();
 */
import type { NotificationAudience } from '@wegwijs/domain';
import type { NotificationOutbox, OutboxMessage } from '@wegwijs/persistence';
import type { CaseTeamDirectory } from '../shared/case-team-directory';
import type { PersonDirectory } from '../shared/person-directory';
import { MailOutcomeUnknownError, MailRefusedError, MailServerUnreachableError, MailTransport } from './mail-transport';

/** Where each audience of a trajectory receives mail. */
export class RecipientAddresses {
  constructor(
    private readonly people: PersonDirectory,
    private readonly caseTeam: CaseTeamDirectory,
  ) {}

  async addressFor(trajectoryId: string, audience: NotificationAudience): Promise<string | undefined> {
    if (audience === 'person') return (await this.people.contactFor(trajectoryId))?.email ?? undefined;
    return this.caseTeam.addressFor(trajectoryId, audience);
  }
}

export interface DeliveryPolicy {
  readonly batchSize: number;
  /** How long a claim holds; a claim older than this without a result is treated as a crash. */
  readonly leaseMs: number;
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  batchSize: 20,
  leaseMs: 5 * 60_000,
  maxAttempts: 8,
  initialBackoffMs: 30_000,
  maxBackoffMs: 6 * 60 * 60_000,
};

export interface DeliveryDependencies {
  readonly outbox: NotificationOutbox;
  readonly transport: MailTransport;
  readonly addresses: RecipientAddresses;
  readonly now: () => Date;
  readonly policy?: Partial<DeliveryPolicy>;
  /** Serve only this municipality's trajectories (CBS code), e.g. when it has its own mail relay. */
  readonly municipality?: string;
  /** The domain part of Message-IDs, e.g. `wegwijs.haarlem.nl`. */
  readonly messageIdDomain?: string;
  /** Where loop failures go (class and message only; never addresses). */
  readonly onError?: (error: Error) => void;
}

export interface DeliveryRound {
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
  readonly inDoubt: number;
}

export class NotificationDeliveryLoop {
  private readonly policy: DeliveryPolicy;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(private readonly deps: DeliveryDependencies) {
    this.policy = { ...DEFAULT_DELIVERY_POLICY, ...deps.policy };
  }

  /** One round: claims what is due and settles every claimed message. */
  async deliverDue(): Promise<DeliveryRound> {
    const round = { sent: 0, retried: 0, failed: 0, inDoubt: 0 };
    const claimed = await this.deps.outbox.claimDue(this.deps.now(), this.policy.batchSize, this.policy.leaseMs, this.deps.municipality);
    for (const message of claimed) {
      round[await this.deliver(message)]++;
    }
    return round;
  }

  /** Runs rounds every `intervalMs` until `stop()`. */
  start(intervalMs: number): void {
    this.stopped = false;
    const tick = () => {
      this.running = this.deliverDue()
        .catch((error: unknown) => this.deps.onError?.(error instanceof Error ? error : new Error(String(error))))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async deliver(message: OutboxMessage): Promise<keyof DeliveryRound> {
    const address = await this.deps.addresses.addressFor(message.trajectoryId, message.audience);
    if (!address) {
      await this.deps.outbox.markFailed(message.messageId, 'NoAddress');
      return 'failed';
    }
    try {
      await this.deps.transport.send({
        to: address,
        subject: message.subject,
        text: message.body,
        messageId: `<${message.messageId}@${this.deps.messageIdDomain ?? 'wegwijs.local'}>`,
      });
    } catch (error) {
      return this.settleFailure(message, error);
    }
    await this.deps.outbox.markSent(message.messageId, this.deps.now());
    return 'sent';
  }

  private async settleFailure(message: OutboxMessage, error: unknown): Promise<keyof DeliveryRound> {
    if (error instanceof MailRefusedError && error.permanent) {
      await this.deps.outbox.markFailed(message.messageId, `MailRefused ${error.responseCode}`);
      return 'failed';
    }
    if (error instanceof MailRefusedError || error instanceof MailServerUnreachableError) {
      const reason = error instanceof MailRefusedError ? `MailRefused ${error.responseCode}` : `MailServerUnreachable ${error.code}`;
      if (message.attempts >= this.policy.maxAttempts) {
        await this.deps.outbox.markFailed(message.messageId, `${reason}; gave up after ${message.attempts} attempts`);
        return 'failed';
      }
      await this.deps.outbox.markRetry(message.messageId, reason, new Date(this.deps.now().getTime() + this.backoffMs(message.attempts)));
      return 'retried';
    }
    const code = error instanceof MailOutcomeUnknownError ? error.code : error instanceof Error ? error.name : 'unknown';
    await this.deps.outbox.markInDoubt(message.messageId, `MailOutcomeUnknown ${code}`);
    return 'inDoubt';
  }

  /** 30 s, 1 min, 2 min, … capped at the policy's maximum. */
  backoffMs(attempts: number): number {
    return Math.min(this.policy.maxBackoffMs, this.policy.initialBackoffMs * 2 ** Math.max(0, attempts - 1));
  }
}
