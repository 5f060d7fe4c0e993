import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { WaitableList } from './waiter.ts';

export interface ReceivedMail {
  /** The SMTP envelope: what the sender said in MAIL FROM and RCPT TO. */
  envelope: { from: string; to: string[] };
  message: ParsedMail;
}

export interface SmtpStandIn {
  /** `smtp://user:pass@127.0.0.1:port`, what HERALD_SMTP_URL takes. */
  url: string;
  received: WaitableList<ReceivedMail>;
  close: () => Promise<void>;
}

/**
 * A real SMTP server (the smtp-server package) on 127.0.0.1 that requires the credentials it
 * was given and keeps every message it receives, parsed. Plain text only: no STARTTLS here.
 */
export async function startSmtpStandIn(credentials = { user: 'herald', pass: 'mail-secret' }) {
  const received = new WaitableList<ReceivedMail>();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((message) => {
          received.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
            },
            message,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.server.address() as AddressInfo;

  const standIn: SmtpStandIn = {
    url: `smtp://${credentials.user}:${credentials.pass}@127.0.0.1:${port}`,
    received,
    close: () => new Promise((done) => server.close(() => done())),
  };
  return standIn;
}
