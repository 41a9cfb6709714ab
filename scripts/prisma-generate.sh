#!/usr/bin/env bash
# Generates the Prisma client into prisma/generated without network access.
#
# Prisma 7 CLI commands look for a schema engine binary and try to download one. `generate`
# does not use it, so any executable satisfies the check. The script skips the work when the
# generated client is newer than the schema (pass --force to regenerate anyway).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
schema="$root/prisma/schema.prisma"
marker="$root/prisma/generated/client.ts"

if [[ "${1:-}" != "--force" && -f "$marker" && "$marker" -nt "$schema" ]]; then
  echo "prisma client is up to date: $marker"
  exit 0
fi

engine_dir="$(mktemp -d)"
trap 'rm -rf "$engine_dir"' EXIT
printf '#!/bin/sh\necho "the schema engine is not available offline" >&2\nexit 1\n' >"$engine_dir/schema-engine"
chmod +x "$engine_dir/schema-engine"

cd "$root"
PRISMA_SCHEMA_ENGINE_BINARY="$engine_dir/schema-engine" CHECKPOINT_DISABLE=1 npx --no-install prisma generate
