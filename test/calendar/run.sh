#!/usr/bin/env bash
# npm run test:calendar [-- vitest arguments]
#
# Runs the test suite with the machine's clock set to awkward moments (Debian's faketime), one run per moment,
# and prints one line per moment. No test may depend on the day, month or hour the machine happens to have
# (issue 9): tests take "now" from a clock they control, and this proves it. The clock starts at each moment and
# runs on from there, so a run that starts at 23:55 on 31 December crosses midnight, the month and the year.
#
# Chromium itself runs outside faketime (e2e/support/browser.ts says why); the pages' clocks are the tests' own.
# The web app is built once first (nothing in the build depends on the date); lint and the type check are not
# re-run. Set TEST_DATABASE_URL to include the PostgreSQL run as `npm test` does (that server keeps its own clock).
# CALENDAR_SCOPE=dated runs only the tests the machine's date can reach, which is much quicker: every unit test (they
# also show any dependence on the process's time zone), every browser test (a real server and browser on a clock that
# starts at a fixed instant and then runs with the machine's), and the database tests that start servers, CLIs or the
# demo seed without a test clock (src/cli, src/server/seed, test/). Every other database test is handed a TestClock
# and, by the lint rule on tests, cannot read the machine's date.
# Logs: test-results/calendar/<moment>.log
set -uo pipefail
cd "$(dirname "$0")/../.."

if ! command -v faketime >/dev/null; then
  echo "test:calendar needs Debian's faketime: apt-get install faketime" >&2
  exit 2
fi

# name | time zone of the run (the demo clinic's is America/New_York) | local time the clock starts at | what it is
MOMENTS=(
  "sunday|UTC|2026-12-06 10:00:00|a Sunday, the demo clinic closed all day"
  "saturday-evening|America/New_York|2026-12-05 19:30:00|Saturday evening in the clinic, already Sunday in UTC"
  "new-year|America/New_York|2026-12-31 23:55:00|23:55 clinic time on 31 December: day, month and year change"
  "dst-spring|America/New_York|2027-03-14 01:59:00|a minute before the clocks go forward (02:00 EST -> 03:00 EDT)"
  "dst-fall|America/New_York|2027-11-07 01:30:00|inside the repeated hour as the clocks go back (02:00 EDT -> 01:00 EST)"
  "leap-day|America/New_York|2028-02-29 10:00:00|29 February 2028"
)
if [ -n "${CALENDAR_ONLY:-}" ]; then
  selected=()
  for m in "${MOMENTS[@]}"; do [[ ",${CALENDAR_ONLY}," == *",${m%%|*},"* ]] && selected+=("$m"); done
  MOMENTS=("${selected[@]}")
fi

mkdir -p test-results/calendar
npm run --silent build:web || { echo "test:calendar: building the web app failed" >&2; exit 1; }

failed=0
for moment in "${MOMENTS[@]}"; do
  IFS='|' read -r name zone at what <<<"$moment"
  log="test-results/calendar/$name.log"
  started=$(date +%s)
  # Monotonic time stays real so timers and timeouts behave; the wall clock is the one moved.
  if [ "${CALENDAR_SCOPE:-all}" = dated ]; then
    TZ="$zone" FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "$at" npx vitest run --project unit --project e2e "$@" >"$log" 2>&1
    status=$?
    TZ="$zone" FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "$at" npx vitest run --project db src/cli src/server/seed test/ "$@" >>"$log" 2>&1
    status=$(( status | $? ))
  else
    TZ="$zone" FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "$at" npx vitest run "$@" >"$log" 2>&1
    status=$?
  fi
  seconds=$(( $(date +%s) - started ))
  summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ +Tests +' | sed -E 's/^ +Tests +//; s/ +/ /g' | paste -sd '+' -)
  [ -n "$summary" ] || summary="no summary (see $log)"
  if [ $status -eq 0 ]; then verdict=passed; else verdict=FAILED; failed=1; fi
  printf '%-6s %-16s %s %-16s %4ss  %s  (%s)\n' "$verdict" "$name" "$at" "$zone" "$seconds" "$summary" "$what"
done
exit $failed
