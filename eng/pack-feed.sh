#!/usr/bin/env bash
# Packs every library package (DicomWeb.Sdk.Json, .Sdk, .Hosting, .Folder, .Server: every packable
# project of src/ but the tool) into OUT_DIR, a local NuGet feed, for use before the packages are on
# a public feed (docs/packages.md). The tool has its own script, eng/pack-tool.sh.
#
#   eng/pack-feed.sh ~/dicomweb-feed
#   dotnet nuget add source ~/dicomweb-feed --name dicomweb     # or one line in nuget.config:
#                                                                # <add key="dicomweb" value="/home/you/dicomweb-feed" />
#   dotnet add package DicomWeb.Folder
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: eng/pack-feed.sh OUT_DIR" >&2; exit 2; }
out=$(mkdir -p "$1" && cd "$1" && pwd)
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
lock() { if [[ -e /tmp/dicomweb-build.lock && ${DICOMWEB_BUILD_LOCK_HELD:-} != 1 ]]; then flock /tmp/dicomweb-build.lock "$@"; else "$@"; fi; }

for csproj in src/*/*.csproj; do
  project=$(basename "$csproj" .csproj)
  [[ $project == DicomWeb.Cli ]] && continue
  grep -q "<IsPackable>true</IsPackable>" "$csproj" || continue
  lock dotnet pack "$csproj" -c Release -o "$out" -v q -nologo
done
ls "$out"/*.nupkg
