/**
 * Serves one PGlite database over the PostgreSQL wire protocol to many client connections.
 *
 * PGlite has a single backend session, so every connection shares it. Two rules keep the
 * connections from seeing each other's work:
 * - A connection's messages run as whole batches that end at Sync, Query or Flush, so the unnamed
 *   statement and portal of one extended-protocol query are never replaced halfway by another's.
 * - While a batch leaves the session inside a transaction, only that connection's batches run
 *   until the transaction ends. A connection that closes inside its transaction has it rolled back.
 *
 * So a connection idle inside a transaction holds up all others until it commits, rolls back or
 * closes; Prisma's interactive transactions end by their timeout. Session state (SET, advisory
 * locks, named prepared statements, temporary tables) stays shared by all connections.
 *
 * `PGLiteSocketServer` of `@electric-sql/pglite-socket` 0.2.17 queues single messages instead of
 * batches, and with one connection inside a transaction and another querying, clients received
 * the results of other connections' queries.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { log } from '../lib/log.ts';

const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/** Message types after which the client waits for the server: Sync, Query, Flush, CopyDone, CopyFail. */
const BATCH_END = new Set(['S', 'Q', 'H', 'c', 'f']);
const TERMINATE = 'X';

export interface PgliteServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  maxConnections?: number;
}

export interface PgliteServer {
  host: string;
  port: number;
  stop(): Promise<void>;
}

interface Job {
  connection: Connection;
  batch: Buffer;
}

export async function servePglite(db: PGlite, options: PgliteServerOptions = {}): Promise<PgliteServer> {
  const host = options.host ?? '127.0.0.1';
  const maxConnections = options.maxConnections ?? 100;
  const connections = new Set<Connection>();
  const jobs: Job[] = [];
  /** The connection whose transaction is open. Only its batches run until the transaction ends. */
  let owner: Connection | undefined;
  /** The connection whose batch is running now. */
  let current: Connection | undefined;

  async function pump(): Promise<void> {
    if (current) return;
    for (;;) {
      const index = owner ? jobs.findIndex((job) => job.connection === owner) : 0;
      const job = index >= 0 ? jobs.splice(index, 1)[0] : undefined;
      if (!job) return;
      current = job.connection;
      try {
        await run(job);
      } finally {
        current = undefined;
      }
    }
  }

  async function run({ connection, batch }: Job): Promise<void> {
    try {
      await db.runExclusive(() =>
        db.execProtocolRawStream(new Uint8Array(batch), { onRawData: (data) => connection.write(data) }),
      );
    } catch (error) {
      // The close event releases the connection, and with it any transaction it left open.
      log.error({ err: error }, 'embedded database failed to run a client request; closing the connection');
      connection.destroy();
    }

    if (connections.has(connection)) {
      owner = db.isInTransaction() ? connection : undefined;
    } else {
      owner = undefined;
      await rollbackOpenTransaction();
    }
  }

  async function release(connection: Connection): Promise<void> {
    if (!connections.delete(connection)) return;
    for (let index = jobs.length - 1; index >= 0; index--) {
      if (jobs[index]?.connection === connection) jobs.splice(index, 1);
    }
    // A running batch of this connection rolls back its own transaction when it finishes (see run).
    if (owner === connection && !current) {
      current = connection;
      try {
        await rollbackOpenTransaction();
      } finally {
        owner = undefined;
        current = undefined;
      }
    }
    void pump();
  }

  async function rollbackOpenTransaction(): Promise<void> {
    if (!db.isInTransaction()) return;
    log.warn('embedded database client closed inside a transaction; rolling it back');
    try {
      await db.exec('ROLLBACK');
    } catch (error) {
      log.error({ err: error }, 'embedded database failed to roll back the transaction of a closed client');
    }
  }

  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A client that resets its connection is routine, and the close event does the cleanup.
    socket.on('error', (error) => log.debug({ err: error }, 'embedded database client connection failed'));
    if (connections.size >= maxConnections) {
      const error = fatalError('53300', `too many connections to the embedded database (max ${maxConnections})`);
      socket.end(error, () => socket.destroy());
      return;
    }
    const connection = new Connection(socket, (batch) => {
      jobs.push({ connection, batch });
      void pump();
    });
    connections.add(connection);
    socket.on('close', () => void release(connection));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('embedded database server has no TCP address');

  return {
    host,
    port: address.port,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      while (current) await new Promise((resolve) => setTimeout(resolve, 5));
    },
  };
}

/** Splits one client's byte stream into startup packets and batches of typed messages. */
class Connection {
  private buffer = Buffer.alloc(0);
  private pending: Buffer[] = [];
  private started = false;

  constructor(
    private readonly socket: Socket,
    private readonly submit: (batch: Buffer) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  write(data: Uint8Array): void {
    if (this.socket.writable) this.socket.write(data);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.started ? this.readMessage() : this.readStartup()) {
      // Each call consumes one complete message and returns false when the buffer has only part of one.
    }
  }

  private readStartup(): boolean {
    if (this.buffer.length < 8) return false;
    const length = this.buffer.readInt32BE(0);
    if (this.buffer.length < length) return false;
    const code = this.buffer.readInt32BE(4);
    const packet = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);

    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      this.socket.write('N');
    } else if (code === CANCEL_REQUEST) {
      this.socket.end();
    } else if (code === PROTOCOL_3) {
      this.started = true;
      this.submit(Buffer.from(packet));
    } else {
      this.socket.end(fatalError('08P01', `unsupported frontend protocol ${code}`), () => this.socket.destroy());
    }
    return !this.socket.destroyed;
  }

  private readMessage(): boolean {
    if (this.buffer.length < 5) return false;
    const total = 1 + this.buffer.readInt32BE(1);
    if (this.buffer.length < total) return false;
    const type = String.fromCharCode(this.buffer[0] as number);
    const message = Buffer.from(this.buffer.subarray(0, total));
    this.buffer = this.buffer.subarray(total);

    if (type === TERMINATE) {
      this.socket.end();
      return false;
    }
    this.pending.push(message);
    if (BATCH_END.has(type)) {
      this.submit(Buffer.concat(this.pending));
      this.pending = [];
    }
    return true;
  }
}

/** Encodes an ErrorResponse with severity FATAL, which clients show as a connection error. */
function fatalError(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}
