#!/usr/bin/env bash
# Packs the dicomweb tool (src/DicomWeb.Cli) into OUT_DIR as .NET 10 RID-specific tool packages:
#   DicomWeb.Cli.<version>.nupkg             the pointer package `dotnet tool install` reads first
#   DicomWeb.Cli.linux-x64.<version>.nupkg   Native AOT: a native executable, its own native SQLite only
#   DicomWeb.Cli.any.<version>.nupkg         framework-dependent (net10.0): the fallback on every other platform
# Native packages for other runtime identifiers need their own build machines (Native AOT does not
# cross-compile between operating systems); add them to ToolPackageRuntimeIdentifiers in the csproj
# and run `dotnet pack -r RID -p:ToolPackaging=true` there.
#
#   eng/pack-tool.sh OUT_DIR
#   dotnet tool install --global DicomWeb.Cli --add-source OUT_DIR
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: eng/pack-tool.sh OUT_DIR" >&2; exit 2; }
out=$(mkdir -p "$1" && cd "$1" && pwd)
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Builds go through the shared build lock where there is one (as eng/update-public-api.sh does).
lock() { if [[ -e /tmp/dicomweb-build.lock && ${DICOMWEB_BUILD_LOCK_HELD:-} != 1 ]]; then flock /tmp/dicomweb-build.lock "$@"; else "$@"; fi; }

pack() { lock dotnet pack src/DicomWeb.Cli -c Release -o "$out" -p:ToolPackaging=true -v q -nologo "$@"; }
pack                                   # pointer
pack -r linux-x64                      # Native AOT
pack -r any -p:PublishAot=false        # framework-dependent fallback
ls -l "$out"/DicomWeb.Cli.*nupkg
