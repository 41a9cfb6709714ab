/**
 * Connections made at start-up, each with a deadline, so an unreachable server ends the process
 * with one clear line instead of a hang.
 */
import { Connection, isGrpcServiceError } from '@temporalio/client';
import pg from 'pg';
import { StartupError, messageOf, redactUrl } from './errors.ts';

/** How long start-up waits for Temporal or the database before it gives up. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** gRPC status NOT_FOUND, which Temporal returns for an unknown namespace. */
const GRPC_NOT_FOUND = 5;

/**
 * Connects to the Temporal frontend and checks that the namespace exists.
 * TODO: no TLS, client certificate or API key options, so clusters that require them (Temporal Cloud) cannot be used.
 */
export async function connectTemporal(address: string, namespace: string): Promise<Connection> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: CONNECT_TIMEOUT_MS });
  } catch (error) {
    throw new StartupError(
      `cannot reach Temporal at ${address} (TEMPORAL_ADDRESS) within ${CONNECT_TIMEOUT_MS / 1000} s: ${messageOf(error)}`,
    );
  }

  try {
    await connection.withDeadline(Date.now() + CONNECT_TIMEOUT_MS, () =>
      connection.workflowService.describeNamespace({ namespace }),
    );
    return connection;
  } catch (error) {
    await connection.close();
    if (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND) {
      throw new StartupError(
        `Temporal namespace "${namespace}" does not exist at ${address} (TEMPORAL_NAMESPACE); ` +
          `create it with "temporal operator namespace create --namespace ${namespace}"`,
      );
    }
    throw new StartupError(`Temporal at ${address} did not describe namespace "${namespace}": ${messageOf(error)}`);
  }
}

/** Opens one connection to the database and runs `SELECT 1`, so a wrong URL fails before the roles start. */
export async function checkDatabase(url: string): Promise<void> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: CONNECT_TIMEOUT_MS,
  });
  // pg emits 'error' when the server drops the connection, and the failed query reports it too.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new StartupError(
      `cannot connect to the database at ${redactUrl(url)} (DATABASE_URL): ${databaseReason(error)}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

function databaseReason(error: unknown): string {
  const message = messageOf(error);
  if (/timeout/i.test(message)) return `timed out after ${CONNECT_TIMEOUT_MS / 1000} s (${message})`;
  return message;
}

/** Rejects with a timeout error when `promise` has not settled within `ms`. The work itself goes on. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
