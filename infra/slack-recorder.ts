/**
 * Slack Web API recorder: a local stand-in for Slack's Web API that records every call and returns
 * canned results for the methods sesflow uses, so the Slack bot and activities run without Slack.
 * Point the client's `slackApiUrl` at `url`. It also receives posts to the response URLs it hands
 * out and the file bytes of `files.uploadV2`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../lib/log.ts';

export interface RecorderUser {
  id: string;
  name: string;
  email?: string;
}

export interface RecordedCall {
  /** The Web API method, `response_url` for a post to a response URL, or `upload` for file bytes. */
  method: string;
  /** The arguments as sent; form values that hold JSON (as the SDK encodes objects) are decoded. */
  args: Record<string, unknown>;
  /** The response URL id or file id in the path, for `response_url` and `upload` calls. */
  target?: string;
  /** The bearer token of the request, if any. */
  token?: string;
}

export interface RecordedFile {
  id: string;
  filename: string;
  title?: string;
  content: string;
  /** Set by `files.completeUploadExternal`. */
  channel?: string;
  initialComment?: string;
}

export interface SlackRecorder {
  /** Base URL of the Web API, ending in `/api/`. */
  url: string;
  calls: RecordedCall[];
  files: Map<string, RecordedFile>;
  /** Returns a new response URL on the recorder; posts to it are recorded as `response_url` calls. */
  responseUrl(id?: string): string;
  /** Resolves with the first call, recorded or still to come, that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs?: number, description?: string): Promise<RecordedCall>;
  /** Resolves with all calls once `predicate` holds for them; rejects after `timeoutMs`. */
  waitForCalls(
    predicate: (calls: RecordedCall[]) => boolean,
    timeoutMs?: number,
    description?: string,
  ): Promise<RecordedCall[]>;
  /** Resolves with the first post to a response URL (as `responseUrl` returned it) and its text. */
  waitForResponse(responseUrl: string, timeoutMs?: number): Promise<{ text: string; args: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export interface SlackRecorderOptions {
  users: RecorderUser[];
  team?: { id: string; name: string };
  /** When set, Web API calls with another bearer token get `invalid_auth`. */
  token?: string;
  log?: Logger;
}

export const RECORDER_BOT = { userId: 'UBOTSES', botId: 'BBOTSES' } as const;

type Answer = Record<string, unknown>;

const DEFAULT_WAIT_MS = 5_000;

export async function startSlackRecorder(options: SlackRecorderOptions): Promise<SlackRecorder> {
  const team = options.team ?? { id: 'T0SESFLOW', name: 'sesflow' };
  const calls: RecordedCall[] = [];
  const files = new Map<string, RecordedFile>();
  /** Pending waits; each check runs after every recorded call and returns true once its wait is over. */
  const waiters = new Set<() => boolean>();
  let sequence = 0;
  let base = '';

  const record = (call: RecordedCall) => {
    calls.push(call);
    options.log?.debug({ method: call.method, target: call.target }, 'Slack Web API recorder call');
    for (const waiter of waiters) {
      if (waiter()) waiters.delete(waiter);
    }
  };

  const methods: Record<string, (args: Record<string, unknown>) => Answer> = {
    'auth.test': () => ({
      ok: true,
      url: `${base}/`,
      team: team.name,
      team_id: team.id,
      user: 'sesflow',
      user_id: RECORDER_BOT.userId,
      bot_id: RECORDER_BOT.botId,
    }),
    'users.info': (args) => {
      const user = options.users.find((candidate) => candidate.id === args.user);
      if (!user) return { ok: false, error: 'user_not_found' };
      const profile = { real_name: user.name, display_name: user.name, ...(user.email ? { email: user.email } : {}) };
      return { ok: true, user: { id: user.id, team_id: team.id, name: user.name, real_name: user.name, profile } };
    },
    'chat.postMessage': (args) => {
      sequence += 1;
      const ts = `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}`;
      return { ok: true, channel: args.channel, ts, message: { text: args.text, ts, bot_id: RECORDER_BOT.botId } };
    },
    'chat.postEphemeral': () => {
      sequence += 1;
      return { ok: true, message_ts: `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}` };
    },
    'views.open': (args) => {
      sequence += 1;
      const view = typeof args.view === 'object' && args.view !== null ? args.view : {};
      return { ok: true, view: { ...view, id: `V${String(sequence).padStart(8, '0')}`, team_id: team.id } };
    },
    'conversations.open': (args) => {
      const users = String(args.users ?? '');
      if (!users) return { ok: false, error: 'users_list_not_supplied' };
      return { ok: true, channel: { id: `D${users.split(',')[0]}` } };
    },
    'files.getUploadURLExternal': (args) => {
      sequence += 1;
      const id = `F${String(sequence).padStart(8, '0')}`;
      files.set(id, { id, filename: String(args.filename ?? 'file'), content: '' });
      return { ok: true, upload_url: `${base}/upload/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (args) => {
      const entries = Array.isArray(args.files) ? (args.files as { id: string; title?: string }[]) : [];
      const completed = [];
      for (const entry of entries) {
        const file = files.get(entry.id);
        if (!file) return { ok: false, error: 'file_not_found' };
        if (entry.title) file.title = entry.title;
        if (typeof args.channel_id === 'string') file.channel = args.channel_id;
        if (typeof args.initial_comment === 'string') file.initialComment = args.initial_comment;
        completed.push({ id: file.id, name: file.filename, title: file.title ?? file.filename });
      }
      return { ok: true, files: completed };
    },
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log?.error({ err: error }, 'Slack Web API recorder failed on a request');
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const contentType = request.headers['content-type'] ?? '';

    if (path.startsWith('/response/')) {
      const args = parseBody(raw, contentType);
      record({ method: 'response_url', args, target: path.slice('/response/'.length) });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (path.startsWith('/upload/')) {
      const id = path.slice('/upload/'.length);
      const file = files.get(id);
      if (!file) {
        response.writeHead(404).end();
        return;
      }
      file.content = await readUpload(raw, contentType);
      record({ method: 'upload', args: { filename: file.filename, length: file.content.length }, target: id });
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
      return;
    }
    if (!path.startsWith('/api/')) {
      response.writeHead(404).end();
      return;
    }

    const method = path.slice('/api/'.length);
    const args = parseBody(raw, contentType);
    const call: RecordedCall = { method, args, ...(token ? { token } : {}) };
    const handler = methods[method];
    let answer: Answer;
    if (options.token !== undefined && token !== options.token) answer = { ok: false, error: 'invalid_auth' };
    else answer = handler ? handler(args) : { ok: false, error: 'unknown_method' };
    record(call);
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
  }

  /** Resolves with the first defined result of `check`, which runs now and after every recorded call. */
  function waitUntil<T>(check: () => T | undefined, timeoutMs: number, description: string): Promise<T> {
    const found = check();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = () => {
        const result = check();
        if (result === undefined) return false;
        clearTimeout(timer);
        resolve(result);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        const seen = calls.map((call) => call.method).join(', ') || 'none';
        reject(new Error(`Slack Web API recorder: no ${description} within ${timeoutMs} ms (calls so far: ${seen})`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  options.log?.info({ port }, 'Slack Web API recorder listening');

  return {
    url: `${base}/api/`,
    calls,
    files,
    responseUrl: (id = randomUUID()) => `${base}/response/${id}`,
    waitFor(predicate, timeoutMs = DEFAULT_WAIT_MS, description = 'matching call') {
      return waitUntil(() => calls.find(predicate), timeoutMs, description);
    },
    waitForCalls(predicate, timeoutMs = DEFAULT_WAIT_MS, description = 'expected calls') {
      return waitUntil(() => (predicate(calls) ? [...calls] : undefined), timeoutMs, description);
    },
    async waitForResponse(responseUrl, timeoutMs = DEFAULT_WAIT_MS) {
      const target = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
      const call = await waitUntil(
        () => calls.find((candidate) => candidate.method === 'response_url' && candidate.target === target),
        timeoutMs,
        `post to ${responseUrl}`,
      );
      return { text: typeof call.args.text === 'string' ? call.args.text : '', args: call.args };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      options.log?.info('Slack Web API recorder stopped');
    },
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Decodes a JSON or form-encoded body; form values that look like JSON objects or arrays are parsed. */
function parseBody(raw: Buffer, contentType: string): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (!text) return {};
  if (contentType.includes('application/json')) {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { value: parsed };
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) args[key] = decodeJsonValue(value);
  return args;
}

function decodeJsonValue(value: string): unknown {
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Returns the uploaded file as text: the SDK posts it as multipart form data, other clients as the raw body. */
async function readUpload(raw: Buffer, contentType: string): Promise<string> {
  if (!contentType.startsWith('multipart/form-data')) return raw.toString('utf8');
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return await value.text();
  }
  const first = form.values().next();
  return first.done ? '' : String(first.value);
}
