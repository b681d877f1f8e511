#!/usr/bin/env bash
# Runs every test project of DicomWeb and ends with one line: "N passed, N failed[, N skipped]".
# Installs what the tests need when it is missing (Orthanc with its DICOMweb plugin, dcmtk, chromium) from
# Debian's packages; the tests start and stop their own servers. What cannot be installed fails the
# run (it is not skipped). A project counts as failed when its test host aborted, printed no summary,
# or `dotnet test` exited non-zero; skipped tests are listed with their reasons.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing_tools() {
  [[ -x /usr/sbin/Orthanc ]] || echo -n "orthanc "
  [[ -e /usr/share/orthanc/plugins/libOrthancDicomWeb.so ]] || echo -n "orthanc-dicomweb "
  command -v dcmdump >/dev/null || echo -n "dcmtk "
  [[ -x /usr/bin/chromium ]] || echo -n "chromium "
}
packages="orthanc orthanc-dicomweb dcmtk chromium"
if [[ -n $(missing_tools) ]]; then
  echo "Installing $packages from Debian's packages..."
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get install -y -q $packages >/tmp/dicomweb-apt.log 2>&1 \
    || { $sudo_cmd apt-get update -q >>/tmp/dicomweb-apt.log 2>&1 && $sudo_cmd apt-get install -y -q $packages >>/tmp/dicomweb-apt.log 2>&1; }
  # The package starts a system Orthanc on 8042 where it can; the tests run their own.
  $sudo_cmd service orthanc stop >/dev/null 2>&1 || true
fi
tool_problem=$(missing_tools)
if [[ -n $tool_problem ]]; then
  # The tests that need them would fail one by one; say it once, and fail the run.
  echo "missing after apt-get install: ${tool_problem}(see /tmp/dicomweb-apt.log); the tests that need them cannot run"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
passed=0; failed=0; skipped=0
skip_reasons=$(mktemp)
trap 'rm -f "$skip_reasons"' EXIT

if ! dotnet build DicomWeb.sln -v q -nologo; then
  echo "the build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# The documentation site (API reference, guides, tag lookup), built once for the link checks of
# tests/DicomWeb.Docs.Tests; when it fails, those tests fail and say so.
if ! eng/build-docs.sh >/tmp/dicomweb-docs.log 2>&1; then
  echo "eng/build-docs.sh failed (the site tests will fail too):"
  tail -n 20 /tmp/dicomweb-docs.log
fi

# The tool's packages (Native AOT is slow to build): made once here, installed and run by
# tests/DicomWeb.Cli.Tests (ToolPackageTests) and by the tests that start the native tool.
export DICOMWEB_TOOL_PACKAGES
DICOMWEB_TOOL_PACKAGES=$(mktemp -d)
if ! eng/pack-tool.sh "$DICOMWEB_TOOL_PACKAGES" >/tmp/dicomweb-pack-tool.log 2>&1; then
  echo "eng/pack-tool.sh failed (the tool package tests will try again and fail):"
  tail -n 20 /tmp/dicomweb-pack-tool.log
fi
trap 'rm -f "$skip_reasons"; rm -rf "$DICOMWEB_TOOL_PACKAGES"' EXIT

results=$(mktemp -d)
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  log="$results/$name.log"
  dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$results/$name.trx" >"$log" 2>&1
  exit_code=$?
  grep -E "^\s*(Failed|Skipped) |Passed!|Failed!|error|Test Run Aborted|active test run was aborted" "$log" || true
  judged=$(tests/project-result.sh "$name" "$log" "$exit_code")
  read -r f p s <<<"$(head -n 1 <<<"$judged")"
  tail -n +2 <<<"$judged"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  # Skip reasons, from the trx (xunit puts the reason in the result's message).
  if [[ $s -gt 0 && -f $results/$name.trx ]]; then
    tr -d '\n' <"$results/$name.trx" | grep -oE 'outcome="NotExecuted"[^>]*>.{0,600}' \
      | sed -nE 's/.*<Message>([^<]*)<\/Message>.*/\1/p' >>"$skip_reasons"
  fi
done
rm -rf "$results"

if [[ -n $tool_problem ]]; then
  failed=$((failed + 1))
  echo "failed: ${tool_problem}could not be installed"
fi
if [[ $skipped -gt 0 ]]; then
  echo "skipped, by reason:"
  sed -E 's/&apos;/'"'"'/g; s/&quot;/"/g; s/&amp;/\&/g' "$skip_reasons" | sort | uniq -c | sed -E 's/^ *([0-9]+) /  \1 × /'
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[[ $failed -eq 0 ]]
