# Sourced by .ci/run: Debian's Chromium, and Node.js/npm when the machine has
# none (the image may ship its own Node.js, which conflicts with Debian's npm),
# for the report's browser test (tests/browser, playwright-core pinned by
# its package-lock.json).
apt-get install -y -qq --no-install-recommends chromium >/dev/null
if ! command -v npm >/dev/null 2>&1; then
    apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
(cd tests/browser && npm ci --no-audit --no-fund >/dev/null)
