"""The ``ray`` engine: the per-document step as a Ray Data ``map_batches`` over the documents.

This process reads and cleans the articles (cheap, and so exactly as the local engine does,
with the same skipped files and warnings) and hands them to Ray Data; a pool of actors, each
loading the spaCy pipeline once, parses and extracts batches of them and sends back pickled
:class:`~kg.model.DocExtraction` records, which this process streams into the linking step.
The cleaned texts pass through Ray's object store (spilled to disk when large).

Connects to the cluster named by ``RAY_ADDRESS`` (or the one ``ray.init`` was already called
for); with neither, it starts a Ray instance on this machine for the build and stops it after.
kg and the pipeline must be installed on every node, as on this one.
"""

from __future__ import annotations

import logging
import pickle
from typing import Any, Iterable, Iterator

from ..cache import ExtractionCache
from ..errors import EngineError
from ..model import DocExtraction, Document
from ..nlp import DEFAULT_MODEL
from .extractor import Extractor

__all__ = ["run", "RayExtractor", "BATCH_SIZE"]

BATCH_SIZE = 16  # documents per batch handed to an actor


class RayExtractor:
    """A Ray Data actor: batches of ``{"document"}`` rows in, ``{"extraction"}`` rows out (both pickles)."""

    def __init__(self, model: str, cache: ExtractionCache | None) -> None:
        self.step = Extractor(model, cache)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        documents = [pickle.loads(data) for data in batch["document"]]
        pickles = [pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL) for x in self.step(documents)]
        return {"extraction": np.array(pickles, dtype=object)}


def run(documents: Iterable[Document], *, model: str = DEFAULT_MODEL, jobs: int | None = None,
        cache: ExtractionCache | None = None, **_: Any) -> Iterator[DocExtraction]:
    """Extract ``documents`` on Ray, with at most ``jobs`` actors (``None``: one per cluster CPU)."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise EngineError("the ray engine needs Ray: pip install 'kg[ray]'") from None
    if jobs is not None and jobs < 1:
        raise EngineError(f"jobs must be at least 1, not {jobs}")
    items = [{"document": pickle.dumps(d, protocol=pickle.HIGHEST_PROTOCOL)} for d in documents]
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(logging_level=logging.WARNING, include_dashboard=False, log_to_driver=False)
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # kg's own progress bar counts the documents
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # its notes on execution plans and progress bars
        actors = jobs or max(1, int(ray.cluster_resources().get("CPU", 1)))
        dataset = ray.data.from_items(items).map_batches(
            RayExtractor, fn_constructor_kwargs={"model": model, "cache": cache}, batch_size=BATCH_SIZE,
            batch_format="numpy", compute=ray.data.ActorPoolStrategy(min_size=1, max_size=actors),
        )
        del items
        for row in dataset.iter_rows():
            yield pickle.loads(row["extraction"])
    finally:
        if started_here:
            ray.shutdown()
