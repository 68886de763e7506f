/**
 * Sending one e-mail. The port says what happened in terms the outbox can act on: refused
 * (permanently or for now), not delivered, or unknown — only the last can have reached the
 * recipient without us knowing, and is therefore never retried automatically.
 *
 *   const transport = new SmtpMailTransport({ host: 'smtp.gemeente.nl', port: 587, from: 'wegwijs@haarlem.nl' });
 *   await transport.send({ to, subject, text, messageId: '<uuid@wegwijs>' });
 */
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** RFC 5322 Message-ID, derived from the outbox row, so receivers can recognise a message. */
  readonly messageId: string;
}

export abstract class MailTransport {
  /** Resolves when the server accepted the message; throws one of the errors below otherwise. */
  abstract send(mail: OutgoingMail): Promise<void>;
}

/** Thrown when the mail server answered with a refusal: certainly not delivered. */
export class MailRefusedError extends Error {
  constructor(
    readonly responseCode: number,
    readonly permanent: boolean,
  ) {
    super(`Mail server refused the message (${responseCode})`);
    this.name = 'MailRefusedError';
  }
}

/** Thrown when no connection to the mail server could be made: certainly not delivered. */
export class MailServerUnreachableError extends Error {
  constructor(readonly code: string) {
    super(`Mail server unreachable (${code})`);
    this.name = 'MailServerUnreachableError';
  }
}

/** Thrown when the outcome is unknown: the message may have been accepted. */
export class MailOutcomeUnknownError extends Error {
  constructor(readonly code: string) {
    super(`Mail delivery outcome unknown (${code})`);
    this.name = 'MailOutcomeUnknownError';
  }
}

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  readonly secure?: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
  readonly from: string;
  readonly timeoutMs?: number;
}

/** E-mail over SMTP with nodemailer. */
export class SmtpMailTransport extends MailTransport {
  private readonly transporter: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    super();
    const timeout = settings.timeoutMs ?? 30_000;
    this.transporter = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure ?? false,
      auth: settings.auth ? { user: settings.auth.user, pass: settings.auth.pass } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.transporter.sendMail({ from: this.settings.from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  close(): void {
    this.transporter.close();
  }
}

/** Commands that fail before the message data is complete: the server cannot have accepted it. */
const BEFORE_ACCEPTANCE = new Set(['CONN', 'EHLO', 'HELO', 'STARTTLS', 'AUTH', 'AUTH PLAIN', 'AUTH LOGIN', 'MAIL FROM', 'RCPT TO']);

export function classifySmtpError(error: unknown): Error {
  const details = (error ?? {}) as { responseCode?: number; code?: string; command?: string };
  if (typeof details.responseCode === 'number' && details.responseCode >= 400) {
    return new MailRefusedError(details.responseCode, details.responseCode >= 500);
  }
  if (details.code === 'ECONNECTION' || details.code === 'EDNS' || (details.command !== undefined && BEFORE_ACCEPTANCE.has(details.command))) {
    return new MailServerUnreachableError(details.code ?? details.command ?? 'unknown');
  }
  return new MailOutcomeUnknownError(details.code ?? 'unknown');
}
