#!/usr/bin/python3
"""FAISS IndexHNSWFlat (inner product on unit vectors = cosine) on the files `Candor.Bench vectors generate`
and `vectors truth` write: DIR/base.f32, DIR/queries.f32 (raw float32), DIR/truth.i32 (exact top-k ids),
DIR/shape.txt. Prints, per (M, efConstruction): build seconds (wall and CPU), index file size, peak RSS, and the
recall@10 / QPS curve over efSearch, with every core searching one batch as FAISS does.

usage: vectors_faiss.py DIR [--m 16,32] [--efc 40,128] [--ef 16,32,...] [--n N] [--ivf NLIST [--nprobe 1,2,...]] [--hnsw 0]
  --n: only the first N base vectors; --ivf: also IndexIVFFlat with NLIST k-means lists (trained on a 100k sample);
  --hnsw 0: skip the HNSW runs.
"""
import argparse, os, resource, sys, tempfile, time

import faiss
import numpy as np


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--m", default="16,32")
    p.add_argument("--efc", default="40,128")
    p.add_argument("--ef", default="16,32,48,64,96,128,192,256,384,512")
    p.add_argument("--n", type=int, default=0)
    p.add_argument("--ivf", type=int, default=0)
    p.add_argument("--nprobe", default="1,2,4,8,16,32,64")
    p.add_argument("--hnsw", type=int, default=1)
    a = p.parse_args()
    n, q, dim = (int(x) for x in open(os.path.join(a.dir, "shape.txt")).read().split()[:3])
    base = np.fromfile(os.path.join(a.dir, "base.f32"), dtype=np.float32).reshape(n, dim)
    queries = np.fromfile(os.path.join(a.dir, "queries.f32"), dtype=np.float32).reshape(q, dim)
    truth = np.fromfile(os.path.join(a.dir, "truth.i32"), dtype=np.int32).reshape(q, -1)[:, :10]
    if a.n and a.n < n:
        # A prefix of the base: the exact answers change, so recompute them (brute force, every core).
        base = base[: a.n]
        n = a.n
        flat = faiss.IndexFlatIP(dim)
        flat.add(base)
        truth = flat.search(queries, 10)[1]
    threads = faiss.omp_get_max_threads()
    if a.ivf:
        ivf(base, queries, truth, a.ivf, a.nprobe, threads)
    for m in (int(x) for x in a.m.split(",") if a.hnsw):
        for efc in (int(x) for x in a.efc.split(",")):
            index = faiss.IndexHNSWFlat(dim, m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = efc
            wall, cpu = time.perf_counter(), time.process_time()
            index.add(base)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            with tempfile.NamedTemporaryFile(dir=a.dir, suffix=".faiss") as f:
                faiss.write_index(index, f.name)
                size = os.path.getsize(f.name)
            load = open("/proc/loadavg").read().split()[0]
            print(f"## FAISS {faiss.__version__} IndexHNSWFlat (f32, M={m}, efConstruction={efc}) — {n:,} × {dim}-d, {q} queries, {threads} threads, load average {load}")
            print(f"build {wall:.1f} s wall, {cpu:.1f} s CPU ({n / cpu:,.0f} vectors per CPU-second)")
            print(f"index file {size / 1048576:,.0f} MiB; peak RSS so far (base matrix included) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")
            print()
            print("| efSearch | recall@10 | QPS (all cores) | queries per CPU-second |")
            print("|---:|---:|---:|---:|")
            for ef in (int(x) for x in a.ef.split(",")):
                index.hnsw.efSearch = ef
                index.search(queries[:10], 10)
                wall, cpu = time.perf_counter(), time.process_time()
                ids = index.search(queries, 10)[1]
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                recall = sum(len(set(ids[i]) & set(truth[i])) for i in range(q)) / (q * 10)
                print(f"| {ef} | {recall:.4f} | {q / wall:,.0f} | {q / max(cpu, 1e-9):,.0f} |")
            print()
            sys.stdout.flush()
            del index


def ivf(base, queries, truth, nlist, nprobes, threads):
    n, dim = base.shape
    q = queries.shape[0]
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
    sample = base[np.random.default_rng(1).choice(n, size=min(n, 100_000), replace=False)]
    wall, cpu = time.perf_counter(), time.process_time()
    index.train(sample)
    index.add(base)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    load = open("/proc/loadavg").read().split()[0]
    print(f"## FAISS {faiss.__version__} IndexIVFFlat (f32, {nlist} lists, k-means on a {len(sample):,} sample) — {n:,} × {dim}-d, {q} queries, {threads} threads, load average {load}")
    print(f"build (train + add) {wall:.1f} s wall, {cpu:.1f} s CPU; peak RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")
    print()
    print("| nprobe | recall@10 | QPS (all cores) | queries per CPU-second |")
    print("|---:|---:|---:|---:|")
    for nprobe in (int(x) for x in nprobes.split(",")):
        index.nprobe = nprobe
        wall, cpu = time.perf_counter(), time.process_time()
        ids = index.search(queries, 10)[1]
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        recall = sum(len(set(ids[i]) & set(truth[i])) for i in range(q)) / (q * 10)
        print(f"| {nprobe} | {recall:.4f} | {q / wall:,.0f} | {q / max(cpu, 1e-9):,.0f} |")
    print()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
