#!/usr/bin/env bash
# CellDino front door. Sets up what a fresh machine lacks, then calls dotnet.
#   ./build.sh demo [args]   run the main job end to end on the embedded synthetic default
#   ./build.sh test          restore, build and run every test (prints "N passed, N failed")
#   ./build.sh bench [args]  run the BenchmarkDotNet suite (args go to BenchmarkDotNet)
#   ./build.sh pack [dir]    make the NuGet packages (default: artifacts/packages), version 0.1.0-local.<UTC time> or $VERSION
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

verb="${1:-help}"
[ $# -gt 0 ] && shift

prereqs() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "CellDino needs the .NET 10 SDK ('dotnet' is not on PATH): see https://learn.microsoft.com/dotnet/core/install/linux" >&2
    exit 3
  fi
  ./scripts/ensure-prereqs.sh
}

case "$verb" in
  demo)
    prereqs
    dotnet build src/CellDino.Cli -c Release -v quiet -nologo
    dotnet src/CellDino.Cli/bin/Release/net10.0/celldino.dll demo "$@"
    ;;
  test)
    prereqs
    dotnet restore CellDino.sln -v quiet
    dotnet build CellDino.sln -c Release --no-restore -v quiet -nologo
    log=$(mktemp)
    set +e
    dotnet test CellDino.sln -c Release --no-build -v quiet -nologo "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    # One plain summary line over all test assemblies, for CI logs.
    awk '/(Passed|Failed)! +- +Failed:/ {
           for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
         }
         END { gsub(",", "", p); printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
    rm -f "$log"
    exit "$rc"
    ;;
  bench)
    prereqs
    dotnet run -c Release --project benchmarks/CellDino.Benchmarks -- "$@"
    ;;
  pack)
    prereqs
    out="${1:-artifacts/packages}"
    # Every local pack gets its own prerelease version, so NuGet's cache never serves an older build under the same one.
    version="${VERSION:-0.1.0-local.$(date -u +%Y%m%d%H%M%S)}"
    dotnet pack CellDino.sln -c Release -o "$out" -nologo -p:Version="$version"
    ls -1 "$out"/*"$version".nupkg
    feed="$(cd "$out" && pwd)"
    echo "Packed version $version into $feed. To use it from another project:"
    echo "  dotnet nuget add source \"$feed\" --name celldino-local   # once"
    echo "  dotnet add package CellDino.Eval --version $version"
    echo "To install the celldino command-line tool from it:"
    echo "  dotnet tool install --global CellDino.Cli --add-source \"$feed\" --version $version"
    ;;
  *)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    [ "$verb" = help ] || exit 2
    ;;
esac
