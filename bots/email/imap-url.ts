import type { ImapFlowOptions } from 'imapflow';

/**
 * Turns `imap://user:pass@host:port` (or `imaps://` for TLS) into imapflow options. User and
 * password are percent-decoded, so an address as user name is written `bot%40agency.example`.
 */
export function imapOptionsFromUrl(url: string): ImapFlowOptions {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'imaps:';
  if (!secure && parsed.protocol !== 'imap:') {
    throw new Error(`invalid IMAP URL protocol "${parsed.protocol}": use imap:// or imaps://`);
  }
  if (!parsed.username) throw new Error('invalid IMAP URL: missing user name (imap://user:pass@host:port)');
  const defaultPort = secure ? 993 : 143;
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : defaultPort,
    secure,
    auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) },
    logger: false,
  };
}
