/**
 * A local mail sink for one machine: an SMTP server on 127.0.0.1 that hands every message to
 * Dovecot's LMTP listener. Every recipient address of any domain goes to the Dovecot user named
 * by its local part before `+`, so `jane@acme.test` and `jane+note@other.test` both land in the
 * INBOX of user `jane`. It accepts any login or none and offers no TLS: it is for tests and the
 * demo, never for mail that leaves the machine.
 */
import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '../lib/log.ts';

export interface SmtpRelay {
  port: number;
  /** `smtp://` URL of the relay, with placeholder credentials because it accepts any login. */
  url: string;
  stop(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** Error type smtp-server reads `responseCode` from when it rejects a command. */
type SmtpError = Error & { responseCode?: number };

export async function startSmtpRelay(options: { lmtpPort: number; port?: number; log?: Logger }): Promise<SmtpRelay> {
  const lmtp = createTransport({
    pool: true,
    host: '127.0.0.1',
    port: options.lmtpPort,
    lmtp: true,
    ignoreTLS: true,
    secure: false,
    maxConnections: 4,
  });

  const deliver = async (raw: Buffer, session: SMTPServerSession) => {
    const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
    const info = await lmtp.sendMail({ envelope: { from, to: recipients }, raw });
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length > 0) options.log?.warn({ rejected }, 'mail relay: Dovecot rejected some recipients');
  };

  const server = new SMTPServer({
    name: 'localhost',
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    // Pooled clients keep connections open; stop() waits this long for them before it closes them.
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          const error: SmtpError = new Error(`message exceeds ${MAX_MESSAGE_BYTES} bytes`);
          error.responseCode = 552;
          callback(error);
          return;
        }
        deliver(Buffer.concat(chunks), session).then(
          () => callback(),
          (cause: unknown) => {
            const message = cause instanceof Error ? cause.message : String(cause);
            options.log?.warn({ err: message }, 'mail relay: LMTP delivery failed');
            const error: SmtpError = new Error(`local delivery failed: ${message}`);
            error.responseCode = 550;
            callback(error);
          },
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => options.log?.warn({ err: error }, 'mail relay: SMTP server error'));
  const port = (server.server.address() as AddressInfo).port;
  options.log?.info({ port, lmtpPort: options.lmtpPort }, 'mail relay started');

  return {
    port,
    url: `smtp://relay:relay@127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      lmtp.close();
    },
  };
}
