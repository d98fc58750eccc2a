#!/usr/bin/env bash
# The Debian packages the project uses, shared by `make run`, `make test` and CI (.ci/run).
# Installed: silent. Missing as root: installs them. Missing otherwise: one line with the command, and exit 0,
# because Finnish analysis falls back to pure Python (PK_VOIKKO_BACKEND=auto); only the browser tests need Chromium.
set -euo pipefail

# Voikko for Finnish analysis, Chromium for the browser tests (Playwright drives /usr/bin/chromium).
packages=(libvoikko1 voikko-fi python3-libvoikko chromium)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian system; install ${packages[*]} (or their equivalents) for native Finnish analysis and the browser tests" >&2
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  # "install ok installed" only: a removed package can leave its configuration behind and still be known to dpkg.
  if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  echo "system-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "system-deps: missing ${missing[*]}; run: sudo apt-get install -y ${packages[*]} (until then: pure-Python fallbacks, no browser tests)" >&2
fi
