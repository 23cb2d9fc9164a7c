#!/usr/bin/env bash
# Installs the system packages the test suite needs (PostgreSQL server binaries) when missing.
# As root it uses apt-get; otherwise it says what to install. CI (SYSTEMCRAFT_REQUIRE_ALL=1)
# then fails, rather than skips, any test whose package is still missing.
set -u
have_pg() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
if have_pg; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing PostgreSQL for the database tests (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null || {
    echo "warning: could not install postgresql; the PostgreSQL tests will fail under SYSTEMCRAFT_REQUIRE_ALL=1" >&2; }
else
  echo "note: PostgreSQL server binaries not found; install the 'postgresql' package to run those tests" >&2
fi
exit 0
