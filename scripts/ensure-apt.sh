#!/usr/bin/env bash
# Installs the given Debian/Ubuntu packages that are not installed yet (sudo when not root).
# Usage: scripts/ensure-apt.sh PACKAGE...
set -euo pipefail

missing=()
for pkg in "$@"; do
  if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "system packages: all ${#} present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing system packages (Debian/Ubuntu names): ${missing[*]}" >&2
  echo "This is not an apt-based system: install the equivalents with your package manager" >&2
  echo "(see https://v2.tauri.app/start/prerequisites/#linux)." >&2
  exit 1
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "error: missing system packages ${missing[*]}, and no sudo to install them: run as root" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if [[ "${APT_UPDATED:-}" != 1 ]]; then
  "${sudo[@]}" apt-get update -q
fi
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
