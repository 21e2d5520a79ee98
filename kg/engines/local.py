"""The ``local`` engine: this machine, in-process or in worker processes that each load the pipeline once.

Workers receive small lists of documents and send back plain :class:`~kg.model.DocExtraction`
records, never spaCy Docs. Only a few lists are in flight at a time, so input is read as fast
as the workers parse it, not all at once.

>>> default_jobs(5)
1
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Iterable, Iterator

from spacy.language import Language

from ..cache import ExtractionCache
from ..domain import Domain
from ..errors import EngineError
from ..model import Document
from ..nlp import DEFAULT_MODEL
from .extractor import Extractor, Result

__all__ = ["run", "default_jobs", "extract_in_processes"]

# Below this many articles a second process costs more (start-up, pipeline load) than it saves.
SMALL_CORPUS = 50
MAX_DEFAULT_JOBS = 4
CHUNK = 32  # documents per task sent to a worker (parsed there as one nlp.pipe batch)

_worker: Extractor | None = None


def default_jobs(documents: int | None) -> int:
    """What suits this machine: one process for a small corpus, else one per core (at most 4)."""
    if documents is not None and documents < SMALL_CORPUS:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_JOBS))


def run(documents: Iterable[Document], *, model: str = DEFAULT_MODEL, jobs: int | None = None,
        cache: ExtractionCache | None = None, expected: int | None = None, nlp: Language | None = None,
        domain: Domain | None = None) -> Iterator[Result]:
    """Extract ``documents`` with ``jobs`` processes (``None``: :func:`default_jobs` of ``expected`` documents).

    ``nlp``, a loaded pipeline, serves in this process (and, forked, in the workers); ``domain``,
    the build's data, goes to every worker.
    """
    jobs = default_jobs(expected) if jobs is None else jobs
    if jobs < 1:
        raise EngineError(f"jobs must be at least 1, not {jobs}")
    step = Extractor(model, cache, nlp=nlp, domain=domain)
    if jobs == 1:
        return step(documents)
    chunk = CHUNK if expected is None else max(1, min(CHUNK, -(-expected // jobs)))
    return extract_in_processes(documents, step, jobs, chunk=chunk)


def _start_worker(step: Extractor) -> None:
    global _worker
    _worker = step


def _work(documents: list[Document]) -> list[Result]:
    assert _worker is not None, "worker not initialised"
    return list(_worker(documents))


def extract_in_processes(documents: Iterable[Document], step: Extractor, jobs: int, chunk: int = CHUNK) -> Iterator[Result]:
    """Run ``step`` over ``documents`` in ``jobs`` worker processes, ``chunk`` documents a task, yielding results as they come back.

    At most ``2 * jobs`` tasks are in flight, so the input is read only as fast as it is parsed.
    """
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=_start_worker, initargs=(step,))
    pending: set[Future] = set()
    stream = iter(documents)
    chunks = iter(lambda: list(islice(stream, chunk)), [])
    try:
        for batch in chunks:
            pending.add(pool.submit(_work, batch))
            if len(pending) >= 2 * jobs:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield from _results(future)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield from _results(future)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _results(future: Future) -> list[Result]:
    """A task's results; a worker process that died (killed, out of memory, a crash in native code) as one clear error."""
    try:
        return future.result()
    except BrokenProcessPool:
        raise EngineError("a worker process died while parsing (killed, out of memory, or a crash in native code); "
                          "nothing written") from None
