/**
 * A start-up failure the operator can fix, such as an unreachable server or a port in use. The CLI
 * prints its message as one line and exits non-zero, without a stack trace.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Returns an error's message, or the value as text when it is not an `Error`. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Returns the message of the innermost error behind `error`, following `original` (Slack's SDK)
 * and `cause` (fetch), so "fetch failed" becomes the socket error under it.
 */
export function rootMessageOf(error: unknown): string {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const inner =
      (current as { original?: unknown; cause?: unknown } | undefined)?.original ??
      (current as { cause?: unknown } | undefined)?.cause;
    if (!(inner instanceof Error)) break;
    current = inner;
  }
  return messageOf(current);
}

/** Replaces the password of a URL with `***`, so the URL can appear in messages and logs. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(invalid URL)';
  }
}
