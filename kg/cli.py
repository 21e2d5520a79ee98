"""The ``kg`` command: thin sub-commands over the library; errors become one line at the edge."""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path
from typing import Callable

from . import __version__
from .errors import InputError, KgError

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
        total = max(self.total or 0, done)  # a huge article is read in parts; skipped files count less
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
    from .build import build_documents
    from .export import prepare_out_dir
    from .ingest import find_sources, read_documents
    from .nlp import load_pipeline

    out = Path(args.out)
    sources = find_sources(args.paths, exclude=[out])
    prepare_out_dir(out)  # fail before the slow part, not after it
    documents = read_documents(args.paths, exclude=[out])
    first = next(documents)  # a lone bad file fails here, before the pipeline loads
    nlp = load_pipeline(args.model)
    progress = Progress(len(sources), quiet=args.quiet)
    graph = build_documents(itertools.chain([first], documents), nlp, progress)
    progress.close()
    _check_entities(graph)
    written = graph.write(out)
    if not args.quiet:
        summary = graph.summary()
        print(f"documents: {summary['documents']}")
        print("entities:  " + (", ".join(f"{k} {v}" for k, v in summary["entities"].items()) or "none"))
        print("relations: " + (", ".join(f"{k} {v}" for k, v in summary["relations"].items()) or "none"))
        print(f"quotes:    {summary['quotes']}")
        print("wrote:     " + ", ".join(str(p) for p in written))
    return 0


def _check_entities(graph, shown: int = 5) -> None:
    """Warn about documents in which no entity was found; refuse to write a graph with no entity at all."""
    mentioned = {doc_id for e in graph.entities() for doc_id in e.documents}
    empty = sorted(d.source for d in graph.documents if d.doc_id not in mentioned)
    if len(empty) == len(graph.documents):
        where = f"{empty[0]}: no entities found" if len(empty) == 1 else f"no entities found in any of {len(empty)} documents"
        raise InputError(f"{where}; nothing written")
    for source in empty[:shown]:
        print(f"kg: warning: {source}: no entities found", file=sys.stderr)
    if len(empty) > shown:
        print(f"kg: warning: {len(empty) - shown} more documents with no entities", file=sys.stderr)


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

    p = sub.add_parser("info", help="versions of kg, spaCy and the pipeline", description="Show versions of kg, spaCy and the pipeline.")
    p.add_argument("--model", default=None, metavar="NAME", help="pipeline to describe")
    return parser


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
    except MemoryError:
        print("kg: error: out of memory", file=sys.stderr)
        return 1
    except OSError as exc:  # e.g. a disk that fills up mid-build
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"kg: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
