#!/usr/bin/env bash
# Install Microsoft's SARIF Multitool (the SARIF SDK validator) from the npm registry into DIR
# and print the path of its native executable. The npm package is a thin wrapper around
# @microsoft/sarif-multitool-<platform>, a self-contained .NET build: no .NET install is needed.
#
#   tests/tools/install-sarif-multitool.sh [DIR]     (default: .cache/sarif-multitool)
#   "$(tests/tools/install-sarif-multitool.sh)" validate report.sarif -o out.sarif --rule-kind "Sarif;Gh"
set -euo pipefail
VERSION="${SARIF_MULTITOOL_VERSION:-5.7.0}"
DIR="${1:-$(cd "$(dirname "$0")/../.." && pwd)/.cache/sarif-multitool}"
mkdir -p "$DIR"
printf '*\n' > "$DIR/.gitignore"   # keep the download out of git status
if [ ! -f "$DIR/node_modules/@microsoft/sarif-multitool/package.json" ] \
   || ! grep -q "\"version\": \"$VERSION\"" "$DIR/node_modules/@microsoft/sarif-multitool/package.json"; then
    npm install --prefix "$DIR" --no-save --no-audit --no-fund --loglevel=error \
        "@microsoft/sarif-multitool@$VERSION" >&2
fi
EXE="$(cd "$DIR" && node -p "require('@microsoft/sarif-multitool')")"
# npm may skip the platform package's postinstall ("chmod u+x"); do it here
chmod u+x "$EXE"
echo "$EXE"
