#!/usr/bin/env bash
# Packs what scripts/gpu-check.sh needs on a borrowed GPU machine that has PyTorch but no .NET and no package registry:
#   .gpu/app/CellDino.Benchmarks              self-contained single-file build (runtime included, compressed)
#   .gpu/shim-prebuilt/libLibTorchSharp.so    TorchSharp 0.107.0's native shim from NuGet (built for libtorch 2.10.0)
#   .gpu/MANIFEST                             commit, date, sizes, checksums
# No libtorch is packed: the GPU machine's own PyTorch provides it. The shim's C++ sources travel as tracked files
# (third_party/torchsharp-native), for scripts/gpu-build-shim.sh to build there when the prebuilt one does not fit.
# Fails when .gpu is over 60 MiB (a device call carries at most 64 MiB with the working tree).
#
#   scripts/gpu-pack.sh            then: device run, carry [".gpu"], command "bash scripts/gpu-check.sh" (docs/gpu.md)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
limit_mib=60
pack=.gpu
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT

# A separate artifacts path keeps the RID-specific restore and build away from the solution's own bin/obj.
# Single file + compression: the runtime and every managed assembly in one ~48 MB file. No trimming: TorchSharp
# and the libraries use reflection. Invariant globalization: no libicu needed on the GPU machine.
dotnet publish benchmarks/CellDino.Benchmarks -c Release -r linux-x64 --self-contained \
  -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:InvariantGlobalization=true \
  -p:DebugType=none -p:GenerateDocumentationFile=false \
  --artifacts-path "$build/artifacts" -o "$build/publish" -v quiet -nologo

rm -rf "$pack"
mkdir -p "$pack/app" "$pack/shim-prebuilt"
cp "$build/publish/CellDino.Benchmarks" "$pack/app/"
# The shim stays out of the app's folder: .NET probes the app folder first, and gpu-check.sh must choose the shim.
cp "$build/publish/libLibTorchSharp.so" "$pack/shim-prebuilt/"
chmod +x "$pack/app/CellDino.Benchmarks"
{
  echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (uncommitted changes)')"
  echo "packed: $(date -u +%FT%TZ)"
  (cd "$pack" && find . -type f ! -name MANIFEST -exec sha256sum {} + | sort -k2)
} > "$pack/MANIFEST"

bytes=$(du -sb "$pack" | cut -f1)
mib=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
ls -l "$pack/app" "$pack/shim-prebuilt"
echo "gpu-pack: $pack is $mib MiB ($bytes bytes); limit $limit_mib MiB"
if [ "$bytes" -gt $((limit_mib * 1048576)) ]; then
  echo "gpu-pack: $pack is over $limit_mib MiB: it would not travel with a device call" >&2
  exit 1
fi
