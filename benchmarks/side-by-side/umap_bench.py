"""The umap-learn side of benchmarks/side-by-side/umap.sh (umap-learn 0.5.3 for /usr/bin/python3). Files live in
$UMAP_BENCH_DIR (default /tmp/umapbench).
gen N DIM             -> blobs_N_DIM.npy (float32): 10 blobs, each a random 4-D Gaussian sheet in DIM-D plus noise 0.3, seed 0
time N DIM            -> one umap-learn fit (n_neighbors 15, min_dist 0.1, random_state None: parallel numba threads), after
                         a warm-up fit on the first 5000 rows that compiles numba (the NN-descent path); one JSON line;
                         the layout goes to layout_py_N.npy
quality N DIM LAYOUT  -> kNN preservation: mean fraction of each point's 15 input-space nearest neighbours (exact) that are
                         among its 15 nearest in the layout
"""
import json
import os
import sys
import time

import numpy as np

np.infty = np.inf  # umap-learn 0.5.3 still uses the alias numpy 2 removed
D = os.environ.get("UMAP_BENCH_DIR", "/tmp/umapbench")


def gen(n, dim):
    rng = np.random.RandomState(0)
    centres = rng.normal(0, 6, (10, dim))
    loads = rng.normal(0, 1, (10, dim, 4))
    lab = np.arange(n) % 10
    z = rng.normal(0, 1, (n, 4))
    x = centres[lab] + np.einsum("ndk,nk->nd", loads[lab], z) + 0.3 * rng.normal(0, 1, (n, dim))
    os.makedirs(D, exist_ok=True)
    np.save(f"{D}/blobs_{n}_{dim}.npy", x.astype(np.float32))


def load1():
    return float(open("/proc/loadavg").read().split()[0])


def time_umap(n, dim):
    import numba
    import umap
    x = np.load(f"{D}/blobs_{n}_{dim}.npy")
    umap.UMAP(n_neighbors=15, min_dist=0.1).fit_transform(x[:5000])
    before = load1()
    t = time.perf_counter()
    y = umap.UMAP(n_neighbors=15, min_dist=0.1, random_state=None).fit_transform(x)
    s = time.perf_counter() - t
    np.save(f"{D}/layout_py_{n}.npy", y.astype(np.float32))
    print(json.dumps({"side": "umap-learn", "n": n, "dim": dim, "seconds": round(s, 2), "load1_before": before,
                      "load1_after": load1(), "numba_threads": numba.get_num_threads()}))


def quality(n, dim, layout):
    from sklearn.neighbors import NearestNeighbors
    x = np.load(f"{D}/blobs_{n}_{dim}.npy")
    y = np.load(layout)
    k = 15
    a = NearestNeighbors(n_neighbors=k + 1, algorithm="brute").fit(x).kneighbors(x, return_distance=False)[:, 1:]
    b = NearestNeighbors(n_neighbors=k + 1).fit(y).kneighbors(y, return_distance=False)[:, 1:]
    kept = np.mean([len(set(a[i]) & set(b[i])) / k for i in range(n)])
    print(json.dumps({"layout": os.path.basename(layout), "knn_preservation": round(float(kept), 4)}))


if __name__ == "__main__":
    cmd, n, dim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    {"gen": lambda: gen(n, dim), "time": lambda: time_umap(n, dim), "quality": lambda: quality(n, dim, sys.argv[4])}[cmd]()
