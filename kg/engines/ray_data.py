"""The ``ray`` engine: the per-document step as a Ray Data ``map_batches`` over the article files.

Ray Data reads the files (``read_binary_files``, so on a cluster they must be on storage every
node sees: a shared folder, or ``s3://``-style paths), then a pool of actors, each loading the
spaCy pipeline once, cleans, parses and extracts batches of articles and sends back pickled
:class:`~kg.model.DocExtraction` records, which this process streams into the linking step.

Connects to the cluster named by ``RAY_ADDRESS`` (or the one ``ray.init`` was already called
for); with neither, it starts a Ray instance on this machine for the build and stops it after.
kg and the pipeline must be installed on every node, as on this one.
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path
from typing import Any, Iterator

from ..cache import ExtractionCache
from ..errors import EngineError
from ..ingest import document_from_bytes
from ..model import DocExtraction
from ..nlp import DEFAULT_MODEL
from .extractor import Extractor

__all__ = ["run", "RayExtractor", "BATCH_SIZE"]

BATCH_SIZE = 16  # articles per batch handed to an actor


class RayExtractor:
    """A Ray Data actor: batches of ``{"bytes", "path"}`` rows in, ``{"extraction"}`` rows (pickles) out."""

    def __init__(self, model: str, cache: ExtractionCache | None) -> None:
        self.step = Extractor(model, cache)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        documents = [document_from_bytes(data, Path(path).name, label=path) for data, path in zip(batch["bytes"], batch["path"])]
        pickles = [pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL) for x in self.step(documents)]
        return {"extraction": np.array(pickles, dtype=object)}


def run(sources: list[Path | str], *, model: str = DEFAULT_MODEL, jobs: int | None = None,
        cache: ExtractionCache | None = None) -> Iterator[DocExtraction]:
    """Extract every file of ``sources`` on Ray, with at most ``jobs`` actors (``None``: one per cluster CPU)."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise EngineError("the ray engine needs Ray: pip install 'kg[ray]'") from None
    if "-" in sources:
        raise EngineError("the ray engine reads files; standard input ('-') needs --engine local")
    if jobs is not None and jobs < 1:
        raise EngineError(f"jobs must be at least 1, not {jobs}")
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(logging_level=logging.WARNING, include_dashboard=False, log_to_driver=False)
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # kg's own progress bar counts the documents
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # its notes on execution plans and progress bars
        actors = jobs or max(1, int(ray.cluster_resources().get("CPU", 1)))
        dataset = ray.data.read_binary_files([str(p) for p in sources], include_paths=True).map_batches(
            RayExtractor, fn_constructor_kwargs={"model": model, "cache": cache}, batch_size=BATCH_SIZE,
            batch_format="numpy", compute=ray.data.ActorPoolStrategy(min_size=1, max_size=actors),
        )
        for row in dataset.iter_rows():
            yield pickle.loads(row["extraction"])
    finally:
        if started_here:
            ray.shutdown()
