#!/usr/bin/env bash
# `make test`'s step runner: runs each named Makefile target in order, streams its output,
# and reports it as passed, failed or skipped (with the reason); the last line counts all
# three ("make test: 9 passed, 0 failed, 2 skipped") and the exit status is 1 if any
# step failed. Every step runs even after a failure (except after `deps`: without the
# packages the rest cannot mean anything), so one run shows everything that is wrong.
#
# A step is "skipped" when it exits 0 but printed a line whose first word (after an
# optional "name: " prefix) is SKIP: or SKIPPED: — the convention of the repository's
# check scripts (tap-keepalive-test.sh, check-shim.sh, check-libgpiod-v2.sh, ...). Swift
# Testing tests that skip themselves (e.g. root-only ones) are listed under host-test.
#
# Usage: scripts/test-steps.sh step...   (MAKE: the make to call; default make)
set -u -o pipefail
MAKE=${MAKE:-make}
LOG=$(mktemp -d "${TMPDIR:-/tmp}/make-test.XXXXXX")
trap 'rm -rf "$LOG"' EXIT

passed=0; failed=0; skipped=0
rows=()
tests_skipped=""
n=$#; i=0
for step in "$@"; do
  i=$((i + 1))
  echo
  echo "==== make test: step $i/$n: $step"
  start=$(date +%s)
  "$MAKE" --no-print-directory "$step" 2>&1 | tee "$LOG/$step.out"
  rc=${PIPESTATUS[0]}
  secs=$(( $(date +%s) - start ))
  reasons=$(grep -E '^([A-Za-z0-9_./-]+: )?(SKIP|SKIPPED):' "$LOG/$step.out" \
            | sed -E 's/^([A-Za-z0-9_./-]+: )?(SKIP|SKIPPED): *//' | paste -sd ';' - | sed 's/;/; /g')
  if [ "$rc" != 0 ]; then
    status="FAILED (exit $rc)"; failed=$((failed + 1))
  elif [ -n "$reasons" ]; then
    status="skipped: $reasons"; skipped=$((skipped + 1))
  else
    status="passed"; passed=$((passed + 1))
  fi
  if [ "$step" = host-test ]; then
    # Swift Testing: "<symbol> Test name() skipped: \"reason\"" (or "skipped.").
    t=$(grep -E 'Test .+ skipped' "$LOG/$step.out" | sed -E 's/^[^T]*Test //' | sort -u | paste -sd ';' - | sed 's/;/; /g')
    [ -n "$t" ] && tests_skipped=$t
  fi
  line=$(printf '%-18s %-s  (%ss)' "$step" "$status" "$secs")
  rows+=("$line")
  echo "---- make test: $line"
  if [ "$step" = deps ] && [ "$rc" != 0 ]; then
    echo "---- make test: the packages could not be installed; the other steps are not run"
    for rest in "${@:$((i + 1))}"; do rows+=("$(printf '%-18s %s' "$rest" "not run")"); done
    break
  fi
done

echo
echo "==== make test: summary"
for r in "${rows[@]}"; do echo "  $r"; done
[ -n "$tests_skipped" ] && echo "  tests that skipped themselves inside host-test: $tests_skipped"
echo "make test: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
