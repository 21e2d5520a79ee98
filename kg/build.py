"""Build a knowledge graph: ingest -> spaCy -> extract (per document, on an engine) -> link (corpus-wide).

>>> graph = build_documents([Document.from_text("Microsoft CEO Satya Nadella spoke.", "a.txt")], nlp=blank_pipeline())
>>> [(e.type.value, e.label) for e in graph.entities()]
[('Organization', 'Microsoft'), ('Person', 'Satya Nadella')]

A document that cannot be processed (an exception while parsing or extracting it) is left out,
said through ``warn`` (by default a :class:`~kg.errors.SkippedDocumentWarning`) and listed in
``graph.skipped``; with ``strict=True`` it is a :class:`~kg.errors.DocumentError` instead.
"""

from __future__ import annotations

import os
import sys
import warnings
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable, Iterator

from spacy.language import Language

from .cache import ExtractionCache, usable_default_cache_dir
from .domain import Domain, load_domain
from .engines import get_engine
from .engines.extractor import BATCH_SIZE, Result
from .engines.extractor import extract_documents as _extract_documents
from .errors import DocumentError, InputError, KgWarning, SkippedDocumentWarning
from .export import prepare_out_dir
from .graph import KnowledgeGraph
from .ingest import find_sources, read_sources
from .link import link
from .model import DocExtraction, Document, Skipped
from .nlp import DEFAULT_MODEL, blank_pipeline, check_domain  # noqa: F401 (blank_pipeline: doctest)

__all__ = ["build", "build_documents", "extract_documents", "Progress", "Warn"]

Progress = Callable[[int, "int | None", Document], None]  # (documents done, documents expected or None, the one just done)
Warn = Callable[[str], None]

_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def extract_documents(documents: Iterable[Document], nlp: Language, progress: Progress | None = None,
                      batch_size: int = BATCH_SIZE, *, strict: bool = False, warn: Warn | None = None,
                      data_dir: str | Path | None = None) -> Iterator[DocExtraction]:
    """Run the pipeline and the extractor over documents, streaming: one batch of Docs alive at a time.

    A document that cannot be processed is left out as in :func:`build_documents`.
    """
    results = _extract_documents(documents, nlp, batch_size, load_domain(data_dir))
    return _kept(_with_progress(results, progress, None), [], strict, warn)


def build_documents(documents: Iterable[Document], nlp: Language | None = None, progress: Progress | None = None, *,
                    model: str = DEFAULT_MODEL, jobs: int | None = 1, cache_dir: str | Path | None = None,
                    engine: str = "local", expected: int | None = None, strict: bool = False,
                    warn: Warn | None = None, data_dir: str | Path | None = None) -> KnowledgeGraph:
    """Build a graph from already-read documents (a stream is read as it is parsed); the step under :func:`build`.

    ``jobs`` processes (or cluster workers) run the per-document step, ``None`` picks what suits
    the machine for ``expected`` documents; ``cache_dir`` keeps per-document results between
    builds (``None``: no cache); ``engine`` names where the per-document step runs (``"local"``
    or ``"ray"``); ``nlp``, a loaded pipeline, is used by the local engine in this process (made
    with the same ``data_dir``); ``data_dir``, a folder of data files extending kg's own.
    ``progress(done, expected, document)`` is called after each document.
    A document that cannot be processed is skipped, said through ``warn`` (default: a
    :class:`~kg.errors.SkippedDocumentWarning`) and listed in ``graph.skipped``; ``strict``
    raises :class:`~kg.errors.DocumentError` instead. Unlike :func:`build`, a graph with no
    entity is returned as it is.
    """
    domain = load_domain(data_dir)
    cache = ExtractionCache.open(cache_dir, model, domain) if cache_dir is not None else None
    return _build_documents(documents, domain, nlp, progress, model=model, jobs=jobs, cache=cache, engine=engine,
                            expected=expected, strict=strict, warn=warn)


def _build_documents(documents: Iterable[Document], domain: Domain, nlp: Language | None, progress: Progress | None, *,
                     model: str, jobs: int | None, cache: ExtractionCache | None, engine: str, expected: int | None,
                     strict: bool, warn: Warn | None) -> KnowledgeGraph:
    run = get_engine(engine)
    if nlp is not None:
        check_domain(nlp, domain)
    results = run(documents, model=model, jobs=jobs, cache=cache, expected=expected, nlp=nlp, domain=domain)
    skipped: list[Skipped] = []
    linked = link(_kept(_with_progress(results, progress, expected), skipped, strict, warn), domain)
    return KnowledgeGraph(linked, skipped=tuple(sorted(skipped, key=lambda s: (s.document.source, s.document.doc_id))))


def build(paths: str | Path | Iterable[str | Path], model: str = DEFAULT_MODEL, progress: Progress | None = None, *,
          out: str | Path | None = None, jobs: int | None = None, cache: bool = True, cache_dir: str | Path | None = None,
          engine: str = "local", exclude: Iterable[str | Path] = (), strict: bool = False, warn: Warn | None = None,
          data_dir: str | Path | None = None) -> KnowledgeGraph:
    """Build a graph from files and folders of articles (``-`` reads standard input): what ``kg build`` runs.

    Before any document is read, the data is loaded (the package's, extended by the folder
    ``data_dir``; a malformed file is a :class:`~kg.errors.DataError`), the inputs are found
    (once) and ``out``, if given, is checked writable; with ``out`` the exports are written there
    at the end, and ``out`` is never read as input. ``exclude`` names more folders to leave out.

    ``jobs``: worker processes (``None``: one below 50 documents, else one per core, at most 4).
    ``cache``: keep each document's extraction between builds in ``cache_dir`` (default:
    ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg`` or ``~/.cache/kg``; a default folder that
    cannot be written means a build without cache, said through ``warn``). ``engine``, ``strict``
    and ``progress(done, expected, document)`` are those of :func:`build_documents`.

    Every warning (a file skipped, a document with no entity, a document that could not be
    processed) goes to ``warn``, a function taking the line, or else is a
    :class:`~kg.errors.KgWarning`. A graph with no entity at all is refused: :class:`~kg.errors.InputError`.
    """
    say = warn or _warning
    domain = load_domain(data_dir)
    exclude = [*exclude, *([out] if out is not None else [])]
    sources = find_sources([paths] if isinstance(paths, (str, Path)) else list(paths), exclude)
    if out is not None:
        prepare_out_dir(Path(out))  # fail before the slow part, not after it
    documents = read_sources(sources, say, domain=domain)
    first = next(documents)  # a lone bad file fails here, before the cache and the pipeline are opened
    store = _open_cache(cache_dir, model, domain, say) if cache else None
    graph = _build_documents(chain([first], documents), domain, None, progress, model=model, jobs=jobs, cache=store,
                             engine=engine, expected=len(sources), strict=strict, warn=warn)
    _refuse_empty(graph, say)
    if out is not None:
        graph.write(out)
    return graph


def _open_cache(cache_dir: str | Path | None, model: str, domain: Domain, warn: Warn) -> ExtractionCache | None:
    """The extraction cache in ``cache_dir``, or in the default folder when that one can be used."""
    folder = cache_dir if cache_dir is not None else usable_default_cache_dir(warn)
    return ExtractionCache.open(folder, model, domain) if folder is not None else None


def _refuse_empty(graph: KnowledgeGraph, warn: Warn, shown: int = 5) -> None:
    """Warn about documents in which no entity was found; refuse a graph with no entity at all."""
    if not graph.documents and graph.skipped:
        raise InputError(f"no document could be processed ({len(graph.skipped)} skipped); nothing written")
    mentioned = {doc_id for e in graph.entities() for doc_id in e.documents}
    empty = sorted(d.source for d in graph.documents if d.doc_id not in mentioned)
    if len(empty) == len(graph.documents):
        where = f"{empty[0]}: no entities found" if len(empty) == 1 else f"no entities found in any of {len(empty)} documents"
        raise InputError(f"{where}; nothing written")
    for source in empty[:shown]:
        warn(f"{source}: no entities found")
    if len(empty) > shown:
        warn(f"{len(empty) - shown} more documents with no entities")


def _warning(message: str) -> None:
    """The default ``warn`` of :func:`build`: a :class:`KgWarning` pointed at the caller's line."""
    warnings.warn(message, KgWarning, stacklevel=_caller_level())


def _kept(results: Iterable[Result], skipped: list[Skipped], strict: bool, warn: Warn | None) -> Iterator[DocExtraction]:
    """The extractions among ``results``; each :class:`Skipped` is said, kept in ``skipped``, or raised when ``strict``."""
    for result in results:
        if not isinstance(result, Skipped):
            yield result
            continue
        if strict:
            raise DocumentError(result.message.removesuffix("; skipped"), result.traceback)
        skipped.append(result)
        if warn is None:
            warnings.warn(result.message, SkippedDocumentWarning, stacklevel=_caller_level())
        else:
            warn(result.message)


def _caller_level() -> int:
    """The ``stacklevel`` that points a warning at the first frame outside the kg package: the user's call."""
    level, frame = 1, sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        level, frame = level + 1, frame.f_back
    return level


def _with_progress(extractions: Iterable[Result], progress: Progress | None, expected: int | None) -> Iterator[Result]:
    if progress is None:
        yield from extractions
        return
    for count, extraction in enumerate(extractions, start=1):
        progress(count, expected, extraction.document)
        yield extraction
