# Sourced by .ci/run: Debian's Chromium and Node.js for the report's browser test
# (tests/browser, playwright-core pinned by its package-lock.json).
apt-get install -y -qq --no-install-recommends chromium nodejs npm >/dev/null
(cd tests/browser && npm ci --no-audit --no-fund >/dev/null)
