#!/usr/bin/env bash
# Packs every package (Release) into a temporary folder and prints, as Markdown, the table of
# docs/packages.md: size of the .nupkg, dependencies per target framework, public API count (lines
# of the PublicAPI baselines, header left out).
#   eng/package-report.sh [output folder]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-$(mktemp -d /tmp/dicomweb-packages-XXXXXX)}
packages=(DicomWeb.Sdk.Json DicomWeb.Sdk DicomWeb.Hosting DicomWeb.Folder DicomWeb.Server DicomWeb.Cli)
if [[ ! -d $out ]] || ! ls "$out"/*.nupkg >/dev/null 2>&1; then
  for p in "${packages[@]}"; do dotnet pack "src/$p" -c Release -o "$out" -v q -nologo >/dev/null; done
fi
python3 - "$out" "${packages[@]}" <<'PY'
import glob, os, re, sys, zipfile, xml.etree.ElementTree as ET
out, packages = sys.argv[1], sys.argv[2:]
print("| package | .nupkg | target frameworks: dependencies | public API (lines per framework) |")
print("|---|---|---|---|")
for p in packages:
    nupkg = sorted(glob.glob(os.path.join(out, f"{p}.[0-9]*.nupkg")))[-1]
    with zipfile.ZipFile(nupkg) as z:
        spec = ET.fromstring(z.read(next(n for n in z.namelist() if n.endswith(".nuspec"))))
        analyzers = sorted({n.split("/")[-1] for n in z.namelist() if n.startswith("analyzers/")})
    ns = {"n": spec.tag[1:spec.tag.index("}")]}
    groups = []
    for g in spec.findall(".//n:dependencies/n:group", ns):
        deps = [f"{d.get('id')} {d.get('version').strip('[]')}" for d in g.findall("n:dependency", ns)]
        groups.append(f"{g.get('targetFramework')}: {', '.join(deps) if deps else 'none'}")
    if not groups:
        groups = ["none (a dotnet tool: its dependencies are inside)"]
    if analyzers:
        groups.append("analyzer: " + ", ".join(analyzers))
    api = []
    for d in sorted(glob.glob(f"src/{p}/PublicAPI/*/")):
        n = sum(1 for f in ("PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt")
                for line in open(os.path.join(d, f)) if line.strip() and not line.startswith("#nullable"))
        api.append(f"{os.path.basename(d.rstrip('/'))}: {n:,}")
    size = os.path.getsize(nupkg)
    print(f"| {os.path.basename(nupkg)} | {size / 1024:,.0f} KiB | {'<br>'.join(groups)} | {', '.join(api) if api else 'no library API'} |")
PY
