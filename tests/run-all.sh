#!/usr/bin/env bash
# Runs every test project of DicomWeb and ends with one line: "N passed, N failed[, N skipped]".
# Installs what the tests need when it is missing (Orthanc with its DICOMweb plugin, dcmtk, chromium) from
# Debian's packages; the tests start and stop their own servers.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

needs_install() {
  [[ ! -x /usr/sbin/Orthanc ]] || [[ ! -e /usr/share/orthanc/plugins/libOrthancDicomWeb.so ]] || ! command -v dcmdump >/dev/null || [[ ! -x /usr/bin/chromium ]]
}
if needs_install; then
  echo "Installing orthanc, orthanc-dicomweb, dcmtk and chromium from Debian's packages..."
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get install -y -q orthanc orthanc-dicomweb dcmtk chromium >/tmp/dicomweb-apt.log 2>&1 \
    || { $sudo_cmd apt-get update -q >>/tmp/dicomweb-apt.log 2>&1 && $sudo_cmd apt-get install -y -q orthanc orthanc-dicomweb dcmtk chromium >>/tmp/dicomweb-apt.log 2>&1; } \
    || echo "warning: apt-get could not install orthanc/dcmtk/chromium (see /tmp/dicomweb-apt.log); tests that need them will fail"
  # The package starts a system Orthanc on 8042 where it can; the tests run their own.
  $sudo_cmd service orthanc stop >/dev/null 2>&1 || true
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
passed=0; failed=0; skipped=0

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

for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  log=$(mktemp)
  dotnet test "$project" --no-build -nologo 2>&1 | tee "$log" | grep -E "^\s*(Failed|Skipped) |Passed!|Failed!|error" || true
  summary=$(grep -E "(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$log" | tail -n 1)
  if [[ -z $summary ]]; then
    echo "$name: no test summary (the test host crashed or did not start)"
    failed=$((failed + 1))
  else
    read -r f p s < <(echo "$summary" | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/')
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  fi
  rm -f "$log"
done

if [[ $skipped -gt 0 ]]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[[ $failed -eq 0 ]]
