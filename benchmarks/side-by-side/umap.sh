#!/usr/bin/env bash
# UMAP side by side with umap-learn 0.5.3 (/usr/bin/python3) on the same float32 blobs (umap_bench.py gen): per size,
# alternate fresh processes of the two sides ROUNDS times (each line carries its 1-minute load), then the kNN preservation
# of each side's last layout. docs/benchmarks.md, "UMAP at 5k / 20k / 100k points".
#   benchmarks/side-by-side/umap.sh [rounds=2] [sizes...=5000 20000 100000]
# Needs: the benchmarks built (dotnet build -c Release benchmarks/CellDino.Benchmarks).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-2}"; shift $(( $# > 0 ? 1 : 0 ))
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(5000 20000 100000)
dir="${UMAP_BENCH_DIR:-/tmp/umapbench}"; export UMAP_BENCH_DIR="$dir"
py="/usr/bin/python3 benchmarks/side-by-side/umap_bench.py"
bench="dotnet benchmarks/CellDino.Benchmarks/bin/Release/net10.0/CellDino.Benchmarks.dll umap-time"
for n in "${sizes[@]}"; do
  [ -f "$dir/blobs_${n}_64.npy" ] || $py gen "$n" 64
  for ((r = 1; r <= rounds; r++)); do
    $bench "$n" 64 "$dir/blobs_${n}_64.npy" "$dir/layout_cs_$n.npy"
    $py time "$n" 64 2>/dev/null
  done
  $py quality "$n" 64 "$dir/layout_cs_$n.npy"
  $py quality "$n" 64 "$dir/layout_py_$n.npy"
done
