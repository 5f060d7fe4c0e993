import type { DeliveryRow, IntegrationRow } from '@herald/db';
import type { HealthEmail } from '@herald/domain';
import { createTransport } from 'nodemailer';
import type { Herald } from './herald.ts';
import type { AttemptOutcome } from './outbound/json-attempt.ts';
import { resolveRecipients } from './recipients.ts';

/**
 * Sends a health e-mail through the installation's SMTP server. Subject and both parts are the
 * delivery's fixed body; sender and recipients are read from the integration at each attempt,
 * and `#admins` / `#viewers` become the addresses of the project's users with that role then.
 */
export async function sendHealthEmail(
  delivery: DeliveryRow,
  integration: IntegrationRow,
  herald: Herald,
): Promise<AttemptOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const smtpUrl = herald.config.smtpUrl;
  if (smtpUrl === null) {
    return failure('not_configured', 'HERALD_SMTP_URL is not set: this Herald sends no e-mail', 0);
  }

  const configured = (integration.config.recipients as string[] | undefined) ?? [];
  const recipients = resolveRecipients(herald.db, integration.projectId, configured);
  if (recipients.addresses.length === 0) {
    const roles = recipients.emptyRoles.join(' and ');
    return failure('no_recipients', `No one to send to: ${roles} has no users yet`, elapsed());
  }

  const email = JSON.parse(delivery.body) as HealthEmail;
  const transport = createTransport({
    url: smtpUrl,
    // The outbound limits of every other send; the SMTP server is the operator's own, so it
    // is not held to the address policy that user-given URLs are.
    connectionTimeout: herald.outbound.limits.connectTimeoutMs,
    greetingTimeout: herald.outbound.limits.connectTimeoutMs,
    socketTimeout: herald.outbound.limits.requestTimeoutMs,
  });
  try {
    const info = await transport.sendMail({
      from: (integration.config.from_address as string | undefined) ?? herald.config.smtpFrom,
      to: recipients.addresses,
      subject: email.subject,
      text: email.text,
      html: email.html,
      // The same Message-ID on every attempt lets mail systems drop a second copy.
      messageId: `<${delivery.id}@herald>`,
    });
    const rejected = info.rejected.map(String);

    return {
      ok: true,
      statusCode: 0,
      errorKind: null,
      errorMessage: null,
      responseHeaders: {},
      responseBody:
        `Accepted: ${info.accepted.map(String).join(', ')}` +
        (rejected.length > 0 ? `\nRejected: ${rejected.join(', ')}` : ''),
      durationMs: elapsed(),
      answer: `SMTP ${info.response}`,
    };
  } catch (error) {
    const smtp = error as { code?: string; responseCode?: number; response?: string };
    const outcome = failure(classifySmtpError(smtp.code), describe(error), elapsed());
    return smtp.response
      ? { ...outcome, responseBody: smtp.response, answer: `SMTP ${smtp.response}` }
      : outcome;
  } finally {
    transport.close();
  }
}

function classifySmtpError(code: string | undefined): string {
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'EDNS') return 'connect';
  if (code === 'EAUTH' || code === 'ENOAUTH') return 'auth';

  return 'smtp';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function failure(kind: string, message: string, durationMs: number): AttemptOutcome {
  return {
    ok: false,
    statusCode: 0,
    errorKind: kind,
    errorMessage: message,
    responseHeaders: {},
    responseBody: '',
    durationMs,
  };
}
