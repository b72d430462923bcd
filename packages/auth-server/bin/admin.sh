#!/bin/sh
# `pnpm admin ...` from the workspace root. A bin, not a package script: pnpm runs a bin as it runs
# `pnpm exec`, so a failing command prints its one error line and exit status, without pnpm's
# lifecycle banner and "Command failed" lines around it.
pkg=$(cd "$(dirname "$0")/.." && pwd)
cd "$pkg" || exit 1
SQLITE_PATH=${SQLITE_PATH:-../../data/auth.db} exec "$pkg/node_modules/.bin/tsx" --conditions=development src/cli/index.ts "$@"
