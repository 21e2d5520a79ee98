"""Peak memory of the process that runs ``kg build`` (the driver) as the corpus grows, per engine.

For a corpus and a copy of it ``--factor`` times larger (as in ``bench_throughput.py``: the same
files under new names, each copy marked so no two texts are equal), runs ``kg build --no-cache -q``
in a fresh process for each engine and prints that process's own peak resident memory
(``getrusage(RUSAGE_SELF)``: the worker processes, Ray's actors and its object store are other
processes and are not counted), with the wall time.

    python scripts/bench_driver_memory.py                         # ../shared/corpora/lee, x1 and x10, ray and local
    python scripts/bench_driver_memory.py --engines ray --jobs 2 --factor 10

What grows with the corpus in any engine is the graph itself: every document's text and
extraction records are kept for linking. What an engine must not add is the corpus held twice:
the ray engine reads the articles as its actors need them, a bounded number of batches ahead.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_throughput import add_corpus_options, corpus_files, corpus_files_or_exit, distinct, make_copies, machine

# Runs in a fresh process: the build through kg's own command line, then this process's peak memory.
DRIVER = """
import resource, sys
import kg
from kg.cli import main
status = main(["build", sys.argv[1], "--out", sys.argv[2], "--engine", sys.argv[3], "--jobs", sys.argv[4], "--no-cache", "-q"])
print(status, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, kg.__file__)
"""


def driver_peak(folder: Path, out: Path, engine: str, jobs: int) -> tuple[float, float, str]:
    """Peak MB of the driver process, its wall seconds, and where it imported kg from."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", DRIVER, str(folder), str(out), engine, str(jobs)],
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    fields = proc.stdout.split()
    if proc.returncode or len(fields) != 3 or fields[0] != "0":
        sys.exit(f"bench: kg build --engine {engine} on {folder} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return int(fields[1]) / 1024, wall, fields[2]  # ru_maxrss is in KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_options(parser)
    parser.add_argument("--engines", nargs="+", default=["ray", "local"], choices=["ray", "local"], help="engines to measure (default: ray local)")
    parser.add_argument("--jobs", type=int, default=2, help="kg build --jobs: actors or worker processes (default 2)")
    args = parser.parse_args()

    files = corpus_files_or_exit(args.corpus)
    print(f"machine: {machine()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-memory-") as tmp:
        corpora = {"x1": args.corpus.resolve()}
        if args.factor > 1:
            corpora[f"x{args.factor}"] = make_copies(files, args.factor, Path(tmp) / "large")
        for size, folder in corpora.items():
            unique = distinct(corpus_files(folder))
            megabytes = sum(p.stat().st_size for p in unique) / 2**20
            for engine in args.engines:
                peak, wall, source = driver_peak(folder, Path(tmp) / "out", engine, args.jobs)
                rows.append((engine, size, len(unique), megabytes, peak, wall))
                print(f"  ran --engine {engine} on {args.corpus.name} {size}: {peak:.0f} MB, {wall:.0f} s (kg from {source})",
                      file=sys.stderr, flush=True)
    print(f"\n{'engine':<7} {'corpus':<8} {'docs':>6} {'text MB':>8} {'driver peak MB':>15} {'wall s':>7}")
    for engine, size, docs, megabytes, peak, wall in rows:
        print(f"{engine:<7} {size:<8} {docs:>6} {megabytes:8.1f} {peak:15.0f} {wall:7.0f}")
    for engine in args.engines:
        peaks = [row for row in rows if row[0] == engine]
        if len(peaks) == 2:
            (_, _, docs1, mb1, peak1, _), (_, _, docs2, mb2, peak2, _) = peaks
            print(f"{engine}: driver peak {peak1:.0f} MB -> {peak2:.0f} MB for {docs2 - docs1} more documents "
                  f"({mb2 - mb1:.1f} MB more text): +{(peak2 - peak1) / (docs2 - docs1) * 1024:.0f} KB a document")
    return 0


if __name__ == "__main__":
    sys.exit(main())
