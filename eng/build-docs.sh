#!/usr/bin/env bash
# Builds the documentation site into artifacts/site: the API reference from the XML docs of
# DicomWeb.Sdk.Json, DicomWeb.Sdk, DicomWeb.Hosting, DicomWeb.Folder and DicomWeb.Server (docfx, the .NET local
# tool of .config/dotnet-tools.json), the guides of docs/*.md and the tag lookup of
# src/DicomWeb.Docs, linked from one table of contents. The pages load their navigation with
# fetch(), which browsers refuse on file:// pages: serve the folder to read it,
#   dotnet docfx serve artifacts/site      (http://localhost:8080)
#   eng/build-docs.sh            the site; a warning of docfx (a broken link, a bad cref) fails it
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet tool restore >/dev/null
# docfx runs in a staging folder that holds the site as it will be (site/ with docs/*.md, the icon,
# the API assemblies and the tag lookup), so that every link is the same in the source and the
# output. Its warnings name files there: artifacts/docfx/docs/x.md is docs/x.md.
stage=artifacts/docfx
rm -rf artifacts/site "$stage"
mkdir -p "$stage"
cp -r site/. "$stage"/
cp docs/*.md "$stage"/docs/
mkdir -p "$stage"/images && cp eng/icon.png "$stage"/images/

# The tag lookup, built from the dictionary by its own generator (docs/tag-lookup.md).
dotnet run --project src/DicomWeb.Docs --no-launch-profile -- --out "$stage"/tag-lookup >/dev/null

# The five libraries for net10.0 with their XML docs and every dependency in one folder: docfx
# reads the API from the assemblies (the generated DicomTags included), not from the projects.
for project in DicomWeb.Hosting DicomWeb.Folder DicomWeb.Server; do
  dotnet build src/$project -f net10.0 -o "$stage"/bin -p:CopyLocalLockFileAssemblies=true -v q -nologo >/dev/null
done
# DicomWeb.Server builds on the shared framework Microsoft.AspNetCore.App, which no build copies
# beside it: docfx is given its reference assemblies (the targeting pack the SDK resolved for the
# project, e.g. /usr/share/dotnet/packs/Microsoft.AspNetCore.App.Ref/10.0.x/ref/net10.0) to resolve
# its types (IEndpointRouteBuilder, CorsPolicyBuilder...).
aspnetcore_ref=$(dotnet msbuild src/DicomWeb.Server -nologo -p:TargetFramework=net10.0 -t:ResolveTargetingPackAssets -getItem:Reference \
  | grep -o '"[^"]*Microsoft\.AspNetCore\.App\.Ref[^"]*/Microsoft\.AspNetCore\.dll"' | head -n 1 | tr -d '"')
if [[ -z "$aspnetcore_ref" ]]; then
  echo "eng/build-docs.sh: the SDK did not name the Microsoft.AspNetCore.App reference assemblies of src/DicomWeb.Server" >&2
  exit 1
fi
mkdir -p "$stage"/aspnetcore-ref
cp "$(dirname "$aspnetcore_ref")"/*.dll "$stage"/aspnetcore-ref/

dotnet docfx metadata "$stage"/docfx.json --logLevel warning
dotnet docfx build "$stage"/docfx.json --logLevel warning --warningsAsErrors
echo "artifacts/site: dotnet docfx serve artifacts/site"
