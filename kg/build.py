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
from pathlib import Path
from typing import Callable, Iterable, Iterator

from spacy.language import Language

from .cache import ExtractionCache
from .engines import get_engine
from .engines.extractor import BATCH_SIZE, Result
from .engines.extractor import extract_documents as _extract_documents
from .errors import DocumentError, SkippedDocumentWarning
from .graph import KnowledgeGraph
from .ingest import find_sources, read_documents
from .link import link
from .model import DocExtraction, Document, Skipped
from .nlp import DEFAULT_MODEL, blank_pipeline  # noqa: F401 (blank_pipeline: doctest)

__all__ = ["build", "build_documents", "extract_documents"]

Progress = Callable[[int, Document], None]
Warn = Callable[[str], None]

_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def extract_documents(documents: Iterable[Document], nlp: Language, progress: Progress | None = None,
                      batch_size: int = BATCH_SIZE, *, strict: bool = False, warn: Warn | None = None) -> Iterator[DocExtraction]:
    """Run the pipeline and the extractor over documents, streaming: one batch of Docs alive at a time.

    A document that cannot be processed is left out as in :func:`build_documents`.
    """
    return _kept(_with_progress(_extract_documents(documents, nlp, batch_size), progress), [], strict, warn)


def build_documents(documents: Iterable[Document], nlp: Language | None = None, progress: Progress | None = None, *,
                    model: str = DEFAULT_MODEL, jobs: int | None = 1, cache_dir: str | Path | None = None,
                    engine: str = "local", expected: int | None = None, strict: bool = False,
                    warn: Warn | None = None) -> KnowledgeGraph:
    """Build a graph from already-read documents (a stream is read as it is parsed).

    ``jobs`` processes (or cluster workers) run the per-document step, ``None`` picks what suits
    the machine for ``expected`` documents; ``cache_dir`` keeps per-document results between
    builds (``None``: no cache); ``engine`` names where the per-document step runs (``"local"``
    or ``"ray"``); ``nlp``, a loaded pipeline, is used by the local engine in this process.
    A document that cannot be processed is skipped, said through ``warn`` (default: a
    :class:`~kg.errors.SkippedDocumentWarning`) and listed in ``graph.skipped``; ``strict``
    raises :class:`~kg.errors.DocumentError` instead.
    """
    run = get_engine(engine)
    cache = ExtractionCache.open(cache_dir, model) if cache_dir is not None else None
    results = run(documents, model=model, jobs=jobs, cache=cache, expected=expected, nlp=nlp)
    skipped: list[Skipped] = []
    linked = link(_kept(_with_progress(results, progress), skipped, strict, warn))
    return KnowledgeGraph(linked, skipped=tuple(sorted(skipped, key=lambda s: (s.document.source, s.document.doc_id))))


def build(paths: Iterable[str | Path], model: str = DEFAULT_MODEL, progress: Progress | None = None, *,
          jobs: int | None = 1, cache_dir: str | Path | None = None, engine: str = "local",
          exclude: Iterable[str | Path] = (), strict: bool = False, warn: Warn | None = None) -> KnowledgeGraph:
    """Build a graph from files and folders of articles (``-`` reads standard input).

    The keywords are those of :func:`build_documents`; ``exclude`` names folders to leave out.
    """
    paths, exclude = list(paths), list(exclude)
    sources = find_sources(paths, exclude)
    return build_documents(read_documents(paths, exclude=exclude), progress=progress, model=model, jobs=jobs,
                           cache_dir=cache_dir, engine=engine, expected=len(sources), strict=strict, warn=warn)


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


def _with_progress(extractions: Iterable[Result], progress: Progress | None) -> Iterator[Result]:
    if progress is None:
        yield from extractions
        return
    for count, extraction in enumerate(extractions, start=1):
        progress(count, extraction.document)
        yield extraction
