#!/usr/bin/env bash
# Installs Stoplight Prism (pinned; 5.16+ needs Node 24) into .cache/prism, outside package.json.
# Idempotent: does nothing when the pinned version is already there.
set -euo pipefail
VERSION="5.14.2"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="$ROOT/.cache/prism"
PKG="$DEST/node_modules/@stoplight/prism-cli/package.json"
if [ -f "$PKG" ] && node -e "process.exit(require('$PKG').version === '$VERSION' ? 0 : 1)"; then
  echo "prism $VERSION already installed in $DEST"
  exit 0
fi
mkdir -p "$DEST"
start=$(date +%s)
# --prefix keeps it out of the project's package.json; scripts stay on for this install only.
npm install --prefix "$DEST" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts=false \
  "@stoplight/prism-cli@$VERSION" >&2
echo "prism $VERSION installed in $DEST in $(( $(date +%s) - start ))s"
