#!/bin/sh
# Installs Debian's chromium for the headless browser test of the briefing page
# (tests/test_briefing_html.py). Called by `make test`; does nothing when /usr/bin/chromium exists.
# Never fails the build: when chromium cannot be installed it says why, and the test is skipped.
set -u

if [ -x /usr/bin/chromium ]; then
    exit 0
fi
say() { echo "install-browser: $*; the browser test will be skipped" >&2; }

if ! command -v apt-get >/dev/null 2>&1; then
    say "no apt-get on this system (install chromium yourself)"
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
else
    say "not root and no password-less sudo (run: sudo apt-get install chromium)"
    exit 0
fi

echo "install-browser: installing chromium with apt-get (once)" >&2
if ! $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null; then
    say "apt-get update failed"
    exit 0
fi
if ! $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends chromium >/dev/null; then
    say "apt-get install chromium failed"
    exit 0
fi
