#!/bin/sh
# Spec-style coder tests (tests/spec/coder/*.spec): dictionaries, text, expected events.
exec "$ANNALS_SRCDIR/$ANNALS_BUILD/tools/spec_coder" tests/spec/coder/*.spec
