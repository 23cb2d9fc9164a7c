#!/usr/bin/env bash
# Installs the system packages the test suite needs when they are missing: PostgreSQL server
# binaries (database tests), Debian's Chromium (browser tests; Playwright never downloads one),
# faketime (the suite runs a second time on a far date in another time zone) and node with npm
# (the calendar export is parsed with ical.js, Thunderbird's engine), espeak-ng and sox (the speech tests
# speak a known answer and cut a pause into it).
# As root it uses apt-get; otherwise it says what to install. CI (SYSTEMCRAFT_REQUIRE_ALL=1)
# then fails, rather than skips, any test whose package is still missing.
set -u
want=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || want+=(postgresql)
[ -x /usr/bin/chromium ] || want+=(chromium fonts-dejavu-core)
command -v faketime >/dev/null 2>&1 || want+=(faketime)     # the suite's second run, on another date
{ command -v node && command -v npm; } >/dev/null 2>&1 || want+=(nodejs npm)   # ical.js checks of the .ics
command -v espeak-ng >/dev/null 2>&1 || want+=(espeak-ng)   # tests/speech: a spoken STAR answer
command -v sox >/dev/null 2>&1 || want+=(sox)               # tests/speech: pauses, fades, resampling
if [ "${1:-}" = "bench" ]; then command -v wrk >/dev/null 2>&1 || want+=(wrk); fi
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${want[*]} for the tests (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${want[@]}" >/dev/null || {
    echo "warning: could not install ${want[*]}; those tests will fail under SYSTEMCRAFT_REQUIRE_ALL=1" >&2; }
else
  echo "note: missing system packages: ${want[*]} (install them to run every test)" >&2
fi
exit 0
