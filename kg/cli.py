"""The ``kg`` command: thin sub-commands over the library; errors become one line at the edge."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

from . import __version__
from .errors import KgError

__all__ = ["main", "build_parser", "COMMANDS"]


class Progress:
    """A one-line progress bar on stderr (a plain line every few documents when not a terminal)."""

    def __init__(self, total: int | None, stream=sys.stderr, quiet: bool = False) -> None:
        self.total, self.stream, self.quiet = total, stream, quiet
        self.started = time.monotonic()
        self.tty = stream.isatty()
        self.last_line = 0.0

    def __call__(self, done: int, document) -> None:
        if self.quiet:
            return
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = done / elapsed
        total = self.total or done
        width = 28
        filled = int(width * done / total) if total else width
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} documents  {rate:.1f} docs/s  {document.source[:40]}"
        if self.tty:
            self.stream.write("\r" + line[:120].ljust(120))
            self.stream.flush()
        elif done == total or time.monotonic() - self.last_line > 2:
            self.stream.write(line + "\n")
            self.last_line = time.monotonic()

    def close(self) -> None:
        if self.tty and not self.quiet:
            self.stream.write("\n")


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build
    from .cache import default_cache_dir
    from .ingest import find_sources

    sources = find_sources(args.paths)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise KgError(f"{out}: exists and is not a folder")
    cache_dir = None if args.no_cache else (args.cache_dir or default_cache_dir())
    progress = Progress(len(sources), quiet=args.quiet)
    graph = build(args.paths, args.model, progress, jobs=args.jobs, cache_dir=cache_dir, engine=args.engine)
    progress.close()
    written = graph.write(out)
    if not args.quiet:
        summary = graph.summary()
        print(f"documents: {summary['documents']}")
        print("entities:  " + (", ".join(f"{k} {v}" for k, v in summary["entities"].items()) or "none"))
        print("relations: " + (", ".join(f"{k} {v}" for k, v in summary["relations"].items()) or "none"))
        print(f"quotes:    {summary['quotes']}")
        print("wrote:     " + ", ".join(str(p) for p in written))
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    from .nlp import DEFAULT_MODEL, load_pipeline, pipeline_version, spacy_version

    print(f"kg {__version__}")
    print(f"spaCy {spacy_version()}")
    nlp = load_pipeline(args.model or DEFAULT_MODEL)
    print(f"pipeline {args.model or DEFAULT_MODEL} ({pipeline_version(nlp)}): {', '.join(nlp.pipe_names)}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"build": _cmd_build, "info": _cmd_info}


def build_parser() -> argparse.ArgumentParser:
    from .nlp import DEFAULT_MODEL

    parser = argparse.ArgumentParser(prog="kg", description="Build a knowledge graph from news articles.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("build", help="read articles and write graph.ttl, graph.jsonld and graph.html",
                       description="Read .txt/.md articles (files, folders, or - for stdin) and write the graph.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article file, folder of articles, or - for standard input")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the exports into")
    p.add_argument("--model", default=DEFAULT_MODEL, metavar="NAME", help=f"installed spaCy pipeline (default {DEFAULT_MODEL})")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    _add_scale_options(p)

    p = sub.add_parser("info", help="versions of kg, spaCy and the pipeline", description="Show versions of kg, spaCy and the pipeline.")
    p.add_argument("--model", default=None, metavar="NAME", help="pipeline to describe")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _add_scale_options(p: argparse.ArgumentParser) -> None:
    """Options of ``kg build`` for big corpora: processes, the extraction cache, the engine."""
    from .engines import ENGINES

    p.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                   help="processes (or cluster workers) for the per-document step (default: 1 for a small corpus, else one per core, at most 4)")
    p.add_argument("--cache-dir", default=None, metavar="DIR",
                   help="keep per-document results here between builds (default: $KG_CACHE_DIR, else $XDG_CACHE_HOME/kg or ~/.cache/kg)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    p.add_argument("--engine", default="local", choices=sorted(ENGINES),
                   help="where the per-document step runs: local processes, or a Ray cluster (default: local)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KgError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
