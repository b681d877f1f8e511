#!/usr/bin/env bash
# dicomweb retrieve/store of a 300-instance study (≈150 MB) against curl on the same request, on a
# DICOMweb server at $1 (e.g. a local Orthanc: http://127.0.0.1:8042/dicom-web/). Prints seconds,
# MB/s and peak RSS (GNU time) for each. Needs the tool built (tests/DicomWeb.Cli.Tests builds it).
set -euo pipefail
url=${1:?usage: cli-vs-curl.sh DICOMWEB_URL [INSTANCES]}
n=${2:-300}
here=$(cd "$(dirname "$0")" && pwd)
tool="$here/../../../src/DicomWeb.Cli/bin/${CONFIGURATION:-Debug}/net10.0/dicomweb.dll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# (the build lock is this project's rule for its shared machines; harmless elsewhere)
study=$(cd "$here" && flock /tmp/dicomweb-build.lock dotnet run make-study.cs -- "$work/in" "$n" | tail -1)
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

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null
  read -r secs kb < "$work/time"
  printf '%-28s %6.2f s  %7.1f MB/s  peak RSS %6.1f MB\n' "$label" "$secs" "$(echo "$bytes / 1000000 / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
}

measure "curl store (1 request)" curl -sf -X POST -H "Content-Type: multipart/related; type=\"application/dicom\"; boundary=$boundary" --data-binary @"$body" "${url}studies"
forget
measure "dicomweb store" dotnet "$tool" --url "$url" store "$work/in"
measure "curl retrieve (study)" curl -sf -H 'Accept: multipart/related; type="application/dicom"; transfer-syntax=*' -o "$work/curl.out" "${url}studies/$study"
measure "dicomweb retrieve (study)" dotnet "$tool" --url "$url" retrieve "$study" --out "$work/out"
cmp <(md5sum "$work"/in/*.dcm | cut -d' ' -f1 | sort) <(md5sum "$work"/out/"$study"/*/*.dcm | cut -d' ' -f1 | sort) && echo "retrieved files equal the stored ones"
