#!/usr/bin/env bash
# Rewrites the public API baselines of the library packages (src/<Project>/PublicAPI/<TargetFramework>/,
# see eng/PublicApi.props) from the code as it is: run it after changing or merging public API,
# then read `git diff -- 'src/*/PublicAPI'`: that diff is the API change.
#
#   eng/update-public-api.sh                      every library (DicomWeb.Sdk.Json, .Sdk, .Hosting, .Folder, .Server)
#   eng/update-public-api.sh DicomWeb.Sdk ...     only these
#   eng/update-public-api.sh --ship               at a release: move every Unshipped line to Shipped
#
# PublicAPI.Unshipped.txt is rewritten as "public now and not in Shipped": new API is added, API
# removed before a release simply goes. A member of Shipped that is gone stays an RS0017 error on
# purpose: removing it breaks users; delete its line by hand and say so in CHANGELOG.md.
# How: `dotnet format analyzers` applies the analyzer's own fix for RS0016 (the exact line format,
# nullable annotations, generated code such as DicomTags included), once per target framework.
# Builds go through the shared build lock where there is one (/tmp/dicomweb-build.lock).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

ship=false
projects=()
for arg in "$@"; do
  case $arg in
    --ship) ship=true ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) projects+=("$arg") ;;
  esac
done
[[ ${#projects[@]} -gt 0 ]] || projects=(DicomWeb.Sdk.Json DicomWeb.Sdk DicomWeb.Hosting DicomWeb.Folder DicomWeb.Server)

header='#nullable enable'
# Keeps the header first and the rest in one stable order, so that a diff shows only real changes.
normalize() {
  local file=$1 body
  body=$(grep -v -x -F -e "$header" -e '' "$file" | LC_ALL=C sort -u || true)
  { echo "$header"; [[ -z $body ]] || echo "$body"; } > "$file"
}

if $ship; then
  for project in "${projects[@]}"; do
    for dir in src/"$project"/PublicAPI/*/; do
      grep -v -x -F -e "$header" -e '' "$dir/PublicAPI.Unshipped.txt" >> "$dir/PublicAPI.Shipped.txt" || true
      echo "$header" > "$dir/PublicAPI.Unshipped.txt"
      normalize "$dir/PublicAPI.Shipped.txt"
    done
  done
  echo "Unshipped moved to Shipped for: ${projects[*]}"
  exit 0
fi

# DICOMWEB_BUILD_LOCK_HELD=1: the caller holds the lock already (flock ... eng/update-public-api.sh).
lock() { if [[ -e /tmp/dicomweb-build.lock && ${DICOMWEB_BUILD_LOCK_HELD:-} != 1 ]]; then flock /tmp/dicomweb-build.lock "$@"; else "$@"; fi; }

# The workspace of dotnet format loads the generator from its build output: without it, the
# generated DicomTags, DicomUids and DicomTransferSyntax would be missing from the baselines.
lock dotnet build src/DicomWeb.Generators -v q -nologo >/dev/null

for project in "${projects[@]}"; do
  csproj=src/$project/$project.csproj
  [[ -f $csproj ]] || { echo "no project $csproj" >&2; exit 2; }
  # Restored once for every target framework (a restore under TargetFramework=X would keep only X).
  lock dotnet restore "$csproj" -v q -nologo >/dev/null
  frameworks=$(dotnet msbuild "$csproj" -getProperty:TargetFrameworks)
  for tfm in ${frameworks//;/ }; do
    dir=src/$project/PublicAPI/$tfm
    mkdir -p "$dir"
    [[ -f $dir/PublicAPI.Shipped.txt ]] || echo "$header" > "$dir/PublicAPI.Shipped.txt"
    echo "$header" > "$dir/PublicAPI.Unshipped.txt"
    # TargetFramework as an environment variable: MSBuild reads it as a property, so the workspace
    # loads this one framework (dotnet format has no --framework).
    TargetFramework=$tfm lock dotnet format analyzers "$csproj" --no-restore --include-generated \
      --diagnostics RS0016 --severity info -v q
    normalize "$dir/PublicAPI.Shipped.txt"
    normalize "$dir/PublicAPI.Unshipped.txt"
    echo "$dir: $(($(wc -l < "$dir/PublicAPI.Shipped.txt") - 1)) shipped, $(($(wc -l < "$dir/PublicAPI.Unshipped.txt") - 1)) unshipped"
  done
done
