#!/usr/bin/env bash
# Writes prisma/migrations/<UTC timestamp>_<name>/migration.sql: the SQL that takes a database
# from the committed migrations to the current prisma/schema.prisma.
#
# Prisma 7's migrate commands need a native schema engine that cannot be downloaded offline, so
# this script runs Prisma 6.19.3's `migrate diff` with its WASM engine instead. Prisma 6 is
# installed into a tools folder outside the repository (PRISMA6_DIR, default
# $TMPDIR/sesflow-prisma6) and never becomes a project dependency. The diff needs a reachable
# PostgreSQL: DIFF_DATABASE_URL if set, otherwise a throwaway in-memory PGlite server.
#
# The diff starts from the schema.prisma copy kept in the newest migration folder, because
# Prisma 6.19.3's `--from-migrations` fails through the pg adapter ("Column type 'name' could
# not be deserialized"). Each new folder gets a copy of the current schema for the next run.
set -euo pipefail

name="${1:-}"
if [[ ! "$name" =~ ^[a-z0-9_]+$ ]]; then
  echo "usage: prisma/new-migration.sh <name>   (lower case letters, digits and _)" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
migrations="$root/prisma/migrations"
tools="${PRISMA6_DIR:-${TMPDIR:-/tmp}/sesflow-prisma6}"

if [[ ! -x "$tools/node_modules/.bin/prisma" ]]; then
  echo "installing Prisma 6.19.3 into $tools" >&2
  mkdir -p "$tools"
  [[ -f "$tools/package.json" ]] || echo '{"name":"sesflow-prisma6-tools","private":true,"type":"module"}' >"$tools/package.json"
  npm install --prefix "$tools" --no-audit --no-fund \
    prisma@6.19.3 @prisma/adapter-pg@6.19.3 @electric-sql/pglite@0.5.14 @electric-sql/pglite-socket@0.2.17 >&2
fi

work="$(mktemp -d "$tools/diff.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ -z "${DIFF_DATABASE_URL:-}" ]]; then
  port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  "$tools/node_modules/.bin/pglite-server" --port="$port" --host=127.0.0.1 --max-connections=4 >"$work/pglite.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.1
  done
  export DIFF_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
fi

# Prisma 6 requires the URL in the datasource block and the client engine type for driver adapters.
prisma6_schema() {
  sed -e 's|^\(  provider = "prisma-client"\)$|\1\n  engineType = "client"|' \
    -e 's|^\(  provider = "postgresql"\)$|\1\n  url      = env("DIFF_DATABASE_URL")|' "$1"
}
prisma6_schema "$root/prisma/schema.prisma" >"$work/schema.prisma"
cat >"$tools/prisma.config.ts" <<'CONFIG'
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

// `schema` must name the copy with `engineType = "client"`: without it the CLI assumes the native
// query engine and tries to download it.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: process.env.DIFF_SCHEMA_PATH,
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DIFF_DATABASE_URL });
  },
});
CONFIG

from=(--from-empty)
latest="$(find "$migrations" -mindepth 2 -maxdepth 2 -name migration.sql 2>/dev/null | sort | tail -n 1)"
if [[ -n "$latest" ]]; then
  base="$(dirname "$latest")/schema.prisma"
  if [[ ! -f "$base" ]]; then
    echo "missing $base: copy the schema.prisma that $latest was made from there, then rerun" >&2
    exit 1
  fi
  prisma6_schema "$base" >"$work/base.prisma"
  from=(--from-schema-datamodel "$work/base.prisma")
fi

cd "$tools"
sql="$(DIFF_SCHEMA_PATH="$work/schema.prisma" CHECKPOINT_DISABLE=1 ./node_modules/.bin/prisma migrate diff --config prisma.config.ts \
  "${from[@]}" --to-schema-datamodel "$work/schema.prisma" --script)"

if [[ "$sql" == *"This is an empty migration."* ]]; then
  echo "schema.prisma matches the migrations; nothing written" >&2
  exit 0
fi

folder="$migrations/$(date -u +%Y%m%d%H%M%S)_$name"
mkdir -p "$folder"
printf '%s\n' "$sql" >"$folder/migration.sql"
cp "$root/prisma/schema.prisma" "$folder/schema.prisma"
[[ -f "$migrations/migration_lock.toml" ]] || printf '# Prisma reads the provider of these migrations from here.\nprovider = "postgresql"\n' >"$migrations/migration_lock.toml"
echo "wrote $folder/migration.sql" >&2
