import { defineConfig } from 'prisma/config';

// Prisma 7 reads the database URL from here, not from schema.prisma. `prisma generate` needs no
// database, so the URL may be unset, but `prisma migrate deploy` needs DATABASE_URL.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL },
});
