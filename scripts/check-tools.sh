#!/usr/bin/env bash
# Checks that cargo, node (20.19+) and npm are on PATH, and says how to get them when not.
set -euo pipefail

ok=1
if ! command -v cargo >/dev/null 2>&1; then
  echo "error: cargo not found. Install Rust (1.90+) with rustup: https://rustup.rs" >&2
  echo "  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y && . ~/.cargo/env" >&2
  ok=0
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "error: node/npm not found. Install Node.js 20.19+ (22 LTS works): https://nodejs.org/en/download" >&2
  echo "  e.g. https://github.com/nodesource/distributions, or nvm: https://github.com/nvm-sh/nvm" >&2
  echo "  (Debian 12's own nodejs package is 18, too old for Vite 8)" >&2
  ok=0
else
  version=$(node -p 'process.versions.node')
  major=${version%%.*}
  rest=${version#*.}
  minor=${rest%%.*}
  if (( major < 20 || (major == 20 && minor < 19) || major == 21 || (major == 22 && minor < 12) )); then
    echo "error: node $version is too old for Vite 8: install Node.js 20.19+ or 22.12+ (https://nodejs.org)" >&2
    ok=0
  fi
fi
if [[ $ok -eq 0 ]]; then exit 1; fi
echo "tools: $(cargo --version), node $(node -p 'process.versions.node'), npm $(npm --version)"
