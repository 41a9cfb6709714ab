import { PrismaPg } from '@prisma/adapter-pg';
import { type Prisma, PrismaClient } from '../prisma/generated/client.ts';
import { log } from './log.ts';

export { Prisma, PrismaClient } from '../prisma/generated/client.ts';
export * from '../prisma/generated/enums.ts';

/** A Prisma client, or the transaction client that `$transaction(async (tx) => ...)` passes in. */
export type Db = PrismaClient | Prisma.TransactionClient;

export interface PrismaOptions {
  /** Connections in the pool (default 10, as in `pg`). Pass the embedded database's `poolMax` when using it. */
  poolMax?: number;
}

/** Creates the Prisma client for `url` through the pg driver adapter, the one path for PostgreSQL and PGlite. */
export function createPrisma(url: string, options: PrismaOptions = {}): PrismaClient {
  const adapter = new PrismaPg(
    { connectionString: url, max: options.poolMax ?? 10 },
    { onPoolError: (error) => log.warn({ err: error }, 'database connection failed; the pool will reconnect') },
  );
  return new PrismaClient({ adapter });
}
