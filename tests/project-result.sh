#!/usr/bin/env bash
# Judges one test project's run for tests/run-all.sh: project-result.sh NAME LOG EXIT_CODE prints
# "failed passed skipped" on its first line, then, on further lines, why the project counts as one
# more failure. A project fails when its test host aborted (a summary can be printed before the host
# dies of a stack overflow in a later test), when it printed no summary, or when `dotnet test`
# exited non-zero although no test failed.
set -uo pipefail
name=$1; log=$2; exit_code=$3

summary=$(grep -E "(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$log" | tail -n 1)
if [[ -z $summary ]]; then
  echo "1 0 0"
  echo "$name: no test summary (the test host crashed or did not start); last lines:"
  tail -n 15 "$log"
  exit 0
fi
read -r f p s < <(echo "$summary" | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/')
if grep -qE "Test Run Aborted|active test run was aborted" "$log"; then
  echo "$((f + 1)) $p $s"
  echo "$name: the test host aborted; last lines:"
  tail -n 15 "$log"
elif [[ $exit_code -ne 0 && $f -eq 0 ]]; then
  echo "1 $p $s"
  echo "$name: dotnet test exited with $exit_code although no test failed; last lines:"
  tail -n 15 "$log"
else
  echo "$f $p $s"
fi
