#!/usr/bin/env bash
# dicomweb retrieve/store of a 300-instance study (≈150 MB) against curl on the same request, on a
# DICOMweb server at $1 (e.g. a local Orthanc: http://127.0.0.1:8042/dicom-web/). Prints seconds,
# MB/s and peak RSS (GNU time's "Maximum resident set size", as `time -v` prints it) for each, then
# the tool/curl throughput ratios, then copy's throughput between two stores (Orthanc to a folder
# store, and back). Needs the tool built in Release (dotnet build src/DicomWeb.Cli -c Release -f
# net10.0), or CONFIGURATION=Debug for the one tests/DicomWeb.Cli.Tests builds; DICOMWEB=PATH runs
# that executable instead (the Native AOT one `dotnet tool install --tool-path DIR` puts in DIR).
set -euo pipefail
url=${1:?usage: cli-vs-curl.sh DICOMWEB_URL [INSTANCES]}
n=${2:-300}
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${DICOMWEB:-}" ]; then
  [ -x "$DICOMWEB" ] || { echo "DICOMWEB=$DICOMWEB is not an executable" >&2; exit 2; }
  dicomweb=("$DICOMWEB")
else
  tool="$here/../../../src/DicomWeb.Cli/bin/${CONFIGURATION:-Release}/net10.0/dicomweb.dll"
  [ -f "$tool" ] || { echo "no tool at $tool: build it first" >&2; exit 2; }
  dicomweb=(dotnet "$tool")
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# (the build lock is this project's rule for its shared machines; harmless elsewhere. LOCK= when the
# whole script already runs under it: flock cannot be taken twice.)
# IN=DIR STUDY=UID reuse a study make-study.cs wrote before (no build needed).
if [ -n "${IN:-}" ]; then
  study=${STUDY:?STUDY=UID goes with IN=DIR}
  cp -r "$IN" "$work/in"
else
  study=$(cd "$here" && ${LOCK-flock /tmp/dicomweb-build.lock} dotnet run make-study.cs -- "$work/in" "$n" | tail -1)
fi
rest=${url%dicom-web/}
# Orthanc keeps the first copy of an instance: each store starts from a server without the study.
forget() { local id; id=$(curl -sf -X POST --data "$study" "${rest}tools/lookup" | grep -o '"ID" : "[^"]*"' | head -1 | cut -d'"' -f4 || true); [ -n "$id" ] && curl -sf -X DELETE "${rest}studies/$id" > /dev/null || true; }
forget
bytes=$(du -sb "$work/in" | cut -f1)

# curl's STOW: one multipart/related body built from the files (as a client must send them), one request.
body="$work/stow.body"
boundary=b0undary7d
for f in "$work"/in/*.dcm; do printf -- '--%s\r\nContent-Type: application/dicom\r\n\r\n' $boundary; cat "$f"; printf '\r\n'; done > "$body"
printf -- '--%s--\r\n' $boundary >> "$body"

declare -A rate
measure() { # key, label, command...
  local key=$1 label=$2; shift 2
  # The command's own output (the tool's summary and progress lines) goes to a log, shown when it fails.
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
  read -r secs kb < "$work/time"
  rate[$key]=$(echo "$bytes / 1000000 / $secs" | bc -l)
  printf '%-28s %6.2f s  %7.1f MB/s  peak RSS %6.1f MB\n' "$label" "$secs" "${rate[$key]}" "$(echo "$kb / 1024" | bc -l)"
}

measure curl-store "curl store (1 request)" curl -sf -X POST -H "Content-Type: multipart/related; type=\"application/dicom\"; boundary=$boundary" --data-binary @"$body" "${url}studies"
forget
measure tool-store "dicomweb store" "${dicomweb[@]}" --url "$url" store "$work/in"
measure curl-retrieve "curl retrieve (study)" curl -sf -H 'Accept: multipart/related; type="application/dicom"; transfer-syntax=*' -o "$work/curl.out" "${url}studies/$study"
measure tool-retrieve "dicomweb retrieve (study)" "${dicomweb[@]}" --url "$url" retrieve "$study" --out "$work/out"
cmp <(md5sum "$work"/in/*.dcm | cut -d' ' -f1 | sort) <(md5sum "$work"/out/"$study"/*/*.dcm | cut -d' ' -f1 | sort) && echo "retrieved files equal the stored ones"
printf 'tool/curl throughput: store %.2f, retrieve %.2f\n' "$(echo "${rate[tool-store]} / ${rate[curl-store]}" | bc -l)" "$(echo "${rate[tool-retrieve]} / ${rate[curl-retrieve]}" | bc -l)"

# copy between two stores: Orthanc to a new folder store, then (the study removed from Orthanc) back.
measure copy-down "dicomweb copy Orthanc->folder" "${dicomweb[@]}" copy "$url" "$work/folder" "$study"
forget
measure copy-up "dicomweb copy folder->Orthanc" "${dicomweb[@]}" copy "$work/folder" "$url" "$study"
printf 'copy over curl retrieve: %.2f (Orthanc->folder), over curl store: %.2f (folder->Orthanc)\n' "$(echo "${rate[copy-down]} / ${rate[curl-retrieve]}" | bc -l)" "$(echo "${rate[copy-up]} / ${rate[curl-store]}" | bc -l)"
