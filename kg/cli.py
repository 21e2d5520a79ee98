"""The ``kg`` command: thin sub-commands over the library; errors become one line at the edge."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path
from typing import Callable

from . import __version__
from .errors import DocumentError, KgError

__all__ = ["main", "build_parser", "COMMANDS"]


class Progress:
    """Renders the library's progress callback: a one-line bar on stderr (a plain line every few seconds when not a terminal)."""

    def __init__(self, stream=sys.stderr, quiet: bool = False) -> None:
        self.stream, self.quiet = stream, quiet
        self.started = time.monotonic()
        self.tty = stream.isatty()
        self.last_line = 0.0
        self.bar = ""  # the bar as last drawn on a terminal

    def __call__(self, done: int, expected: int | None, document) -> None:
        if self.quiet:
            return
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = done / elapsed
        total = max(expected or 0, done)  # a huge article is read in parts; skipped files count less
        width = 28
        filled = int(width * done / total) if total else width
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} documents  {rate:.1f} docs/s  {document.source[:40]}"
        if self.tty:
            self.bar = "\r" + line[:120].ljust(120)
            self.stream.write(self.bar)
            self.stream.flush()
        elif done == total or time.monotonic() - self.last_line > 2:
            self.stream.write(line + "\n")
            self.last_line = time.monotonic()

    def warn(self, message: str) -> None:
        """A ``kg: warning:`` line, on a line of its own even while the bar is drawn (which is drawn again below it)."""
        if self.bar:
            self.stream.write("\r" + " " * 120 + "\r")
        print(f"kg: warning: {message}", file=self.stream, flush=True)
        if self.bar:
            self.stream.write(self.bar)
            self.stream.flush()

    def close(self) -> None:
        if self.bar:
            self.stream.write("\n")
            self.bar = ""


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build
    from .export import EXPORTS

    progress = Progress(quiet=args.quiet)
    try:
        graph = build(args.paths, args.model, progress, out=args.out, jobs=args.jobs, cache=not args.no_cache,
                      cache_dir=args.cache_dir, engine=args.engine, strict=args.strict, warn=progress.warn, data_dir=args.data)
    finally:
        progress.close()
    if not args.quiet:
        summary = graph.summary()
        print(f"documents: {summary['documents']}")
        if summary["skipped"]:
            print(f"skipped:   {summary['skipped']} (could not be processed; see the warnings above)")
        print("entities:  " + (", ".join(f"{k} {v}" for k, v in summary["entities"].items()) or "none"))
        print("relations: " + (", ".join(f"{k} {v}" for k, v in summary["relations"].items()) or "none"))
        print("events:    " + (", ".join(f"{k} {v}" for k, v in summary["events"].items()) or "none"))
        print(f"quotes:    {summary['quotes']}")
        print("wrote:     " + ", ".join(str(Path(args.out) / name) for name in EXPORTS))
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from .domain import load_domain
    from .explain import explain_document, explain_text
    from .ingest import read_documents
    from .nlp import load_pipeline

    domain = load_domain(args.data)  # a malformed data file is said before anything is read
    nlp = load_pipeline(args.model, args.data)
    if _names_a_path(args.text):
        for document in read_documents([args.text], domain=domain):
            print(f"== {document.source}")
            print(explain_document(document, nlp, data_dir=args.data).format(only_relevant=args.relevant))
    else:
        print(explain_text(args.text, nlp, data_dir=args.data).format(only_relevant=args.relevant))
    return 0


def _names_a_path(text: str) -> bool:
    """Is ``text`` an existing file or folder (a long text, or one with a line break, is a text)?"""
    try:
        return "\n" not in text and Path(text).exists()
    except (OSError, ValueError):  # "File name too long", an embedded NUL
        return False


def _cmd_info(args: argparse.Namespace) -> int:
    from .nlp import DEFAULT_MODEL, load_pipeline, pipeline_version, spacy_version

    print(f"kg {__version__}")
    print(f"spaCy {spacy_version()}")
    nlp = load_pipeline(args.model or DEFAULT_MODEL)
    print(f"pipeline {args.model or DEFAULT_MODEL} ({pipeline_version(nlp)}): {', '.join(nlp.pipe_names)}")
    return 0


def _parse_params(pairs: list[str]) -> dict[str, object]:
    """``NAME=VALUE`` pairs from --param; a VALUE written ``<iri>`` is bound as an IRI, anything else as a string."""
    from .errors import QueryError
    from .query import iri_term

    params: dict[str, object] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip().isidentifier():
            raise QueryError(f"--param {pair!r}: expected NAME=VALUE")
        iri = value.startswith("<") and value.endswith(">") and len(value) > 2
        params[name.strip()] = iri_term(value[1:-1]) if iri else value
    return params


def _cmd_query(args: argparse.Namespace) -> int:
    from .errors import QueryError
    from .query import ready_queries, run, run_ready

    if args.list:
        for q in ready_queries():
            print(f"{q.name}: {q.description}")
            for p in q.params:
                print(f"    --param {p.name}=VALUE{'  (optional)' if p.optional else ''}  {p.description}")
        return 0
    if args.graph is None:
        raise QueryError("give a GRAPH (an export folder or graph.ttl) and a query (see kg query --help)")
    given = [x for x in (args.sparql, args.file, args.name) if x is not None]
    if len(given) != 1:
        raise QueryError("give exactly one of a SPARQL text, --file FILE or --name NAME")
    from .load import open_store

    params = _parse_params(args.param)
    if args.name is not None:
        result = run_ready(open_store(args.graph), args.name, params)
    else:
        if args.file is not None:
            try:
                sparql = Path(args.file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise QueryError(f"{args.file}: cannot read the query ({getattr(exc, 'strerror', None) or exc})") from None
        else:
            sparql = args.sparql
        result = run(open_store(args.graph), sparql, params)
    sys.stdout.write(result.format(args.format))
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    def ready(source: Path, urls: dict[str, str]) -> None:
        print(f"kg: serving {source} read-only", flush=True)
        print(f"  SPARQL endpoint: {urls['query']}", flush=True)
        print(f"  query page:      {urls['page']}", flush=True)
        print("  Ctrl-C to stop", flush=True)

    status = serve(args.graph, port=args.port, ready=ready, timeout_s=args.timeout)
    print("kg: server stopped", file=sys.stderr)
    return status


def _cmd_push(args: argparse.Namespace) -> int:
    from .push import DEFAULT_GRAPH, push

    pushed = push(args.graph, args.endpoint, graph=args.graph_iri or DEFAULT_GRAPH, replace=args.replace)
    verb = "replaced" if args.replace else "added to"
    print(f"kg: {pushed.triples} triples from {pushed.source} {verb} <{pushed.graph}> at {args.endpoint} (HTTP {pushed.status})")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .formats import NEO4J_IMPORT, export
    from .load import load

    written = export(load(args.graph), args.format, args.out)
    print("wrote: " + ", ".join(str(p) for p in written))
    if args.format == "neo4j":
        print(f"import: cd {args.out} && {NEO4J_IMPORT}  (into an empty database named neo4j; see the README)")
    return 0


def _add_export_parser(sub) -> None:
    from .formats import FORMATS

    p = sub.add_parser("export", help="write a graph for other tools: GraphML, GEXF, CSV or Neo4j's import CSV",
                       description="Write an exported graph in another tool's format: graph.graphml (Cytoscape, yEd, "
                                   "igraph), graph.gexf (Gephi), nodes.csv/edges.csv/evidence.csv, or the CSV files of "
                                   "neo4j-admin database import.")
    p.add_argument("graph", metavar="GRAPH", help="export folder, or graph.ttl / graph.nt / graph.jsonld")
    p.add_argument("--format", required=True, choices=sorted(FORMATS), help="the file format")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the files into")


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"build": _cmd_build, "info": _cmd_info, "explain": _cmd_explain}
COMMANDS.update({"query": _cmd_query, "serve": _cmd_serve, "push": _cmd_push, "export": _cmd_export})


def _add_query_parsers(sub) -> None:
    from .query import FORMATS

    p = sub.add_parser("query", help="run SPARQL (or a ready-made query) over an exported graph",
                       description="Run a SPARQL query over an exported graph and print the results. "
                                   "Common prefixes (kg:, kgid:, rdfs:, skos:, schema:, dcterms:, prov:, xsd:, rdf:) need no declaration.")
    p.add_argument("graph", nargs="?", metavar="GRAPH", help="export folder, or graph.ttl / graph.nt / graph.jsonld")
    p.add_argument("sparql", nargs="?", metavar="SPARQL", help="the query text")
    p.add_argument("--file", metavar="FILE", help="read the query from FILE (e.g. q.rq)")
    p.add_argument("--name", metavar="NAME", help="run the ready-made query NAME (see --list)")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind ?NAME to VALUE as an RDF term (a string, or an IRI written <...>); repeatable")
    p.add_argument("--format", choices=FORMATS, default="table", help="output: aligned table (default), csv, tsv or json (SPARQL results)")
    p.add_argument("--list", action="store_true", help="list the ready-made queries and their parameters")

    p = sub.add_parser("serve", help="serve a graph as a read-only SPARQL endpoint on 127.0.0.1",
                       description="Serve an exported graph as a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1 "
                                   "(Oxigraph). Ctrl-C stops it.")
    p.add_argument("graph", metavar="GRAPH", help="export folder, or graph.ttl / graph.nt / graph.jsonld")
    p.add_argument("--port", type=int, default=7878, metavar="N", help="TCP port (default 7878)")
    p.add_argument("--timeout", type=int, default=None, metavar="SECONDS", help="stop any query after SECONDS")

    p = sub.add_parser("push", help="load a graph into a triple store (SPARQL 1.1 Graph Store Protocol)",
                       description="Send an exported graph into a named graph of any store speaking the SPARQL 1.1 "
                                   "Graph Store HTTP Protocol: POST adds, --replace PUTs.")
    p.add_argument("graph", metavar="GRAPH", help="export folder, or graph.ttl / graph.nt / graph.jsonld")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the store's Graph Store Protocol URL (Oxigraph: http://HOST:7878/store, Fuseki: http://HOST:3030/DATASET/data)")
    p.add_argument("--graph", dest="graph_iri", default=None, metavar="IRI", help="the named graph to load into (default: kg's news graph IRI)")
    p.add_argument("--replace", action="store_true", help="replace what the named graph holds (HTTP PUT) instead of adding to it (POST)")


def build_parser() -> argparse.ArgumentParser:
    from .nlp import DEFAULT_MODEL

    parser = argparse.ArgumentParser(prog="kg", description="Build a knowledge graph from news articles.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", help="one of these (kg COMMAND --help tells more):")
    sub.required = True

    p = sub.add_parser("build", help="read articles and write graph.ttl, graph.jsonld and graph.html",
                       description="Read .txt/.md articles (files, folders, or - for stdin) and write the graph.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article file, folder of articles, or - for standard input")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the exports into")
    p.add_argument("--model", default=DEFAULT_MODEL, metavar="NAME", help=f"installed spaCy pipeline (default {DEFAULT_MODEL})")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.add_argument("--strict", action="store_true",
                   help="a document that cannot be processed is an error, with its traceback (default: skip it with a warning)")
    _add_scale_options(p)
    _add_data_option(p)

    p = sub.add_parser("explain", help="show why kg reads what it reads from a text: mentions, rules, rejections",
                       description="Print the sentences of TEXT (or of the article FILE), each mention with its type and where "
                                   "the type came from, every rule that fired, and every candidate relation that was rejected, and why.")
    p.add_argument("text", metavar="TEXT|PATH", help="a sentence or text in quotes, or an article file or folder")
    p.add_argument("--model", default=DEFAULT_MODEL, metavar="NAME", help=f"installed spaCy pipeline (default {DEFAULT_MODEL})")
    p.add_argument("--relevant", action="store_true", help="only the sentences where a rule fired or a quote was found")
    _add_data_option(p)

    p = sub.add_parser("info", help="versions of kg, spaCy and the pipeline", description="Show versions of kg, spaCy and the pipeline.")
    p.add_argument("--model", default=None, metavar="NAME", help="pipeline to describe")
    _add_query_parsers(sub)
    _add_export_parser(sub)
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


def _add_data_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default=None, metavar="DIR",
                   help="a folder of data files that extends kg's own: gazetteer.json, triggers.json, typing.json, "
                        "rules/*.json ... (see the README, Extending)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Ctrl-C must interrupt even when the parent shell started us with SIGINT ignored (a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return COMMANDS[args.command](args)
    except KgError as exc:
        if isinstance(exc, DocumentError) and exc.traceback:  # --strict: the developer wants to see where
            print(exc.traceback.rstrip(), file=sys.stderr)
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
