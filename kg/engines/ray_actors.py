"""The ``ray`` engine: the per-document step on a pool of Ray actors, fed in bounded batches.

This process reads and cleans the articles (cheap, and so exactly as the local engine does, with
the same skipped files and warnings) one at a time, as the actors need them: batches of
:data:`BATCH_SIZE` documents go to a pool of actors, each loading the spaCy pipeline once, and at
most :data:`IN_FLIGHT` batches per actor are out at a time, so the texts this process holds do
not grow with the corpus. Each actor sends back the :class:`~kg.model.DocExtraction` (or
:class:`~kg.model.Skipped`) records of its batch, which this process streams into the linking step.

Connects to the cluster named by ``RAY_ADDRESS`` (or the one ``ray.init`` was already called
for); with neither, it starts a Ray instance on this machine for the build and stops it after.
kg and the pipeline must be installed on every node, as on this one.
"""

from __future__ import annotations

import logging
from itertools import islice
from typing import Any, Iterable, Iterator

from ..cache import ExtractionCache
from ..domain import Domain
from ..errors import EngineError, KgError
from ..model import Document
from ..nlp import DEFAULT_MODEL
from .extractor import Extractor, Result

__all__ = ["run", "RayExtractor", "BATCH_SIZE", "IN_FLIGHT"]

BATCH_SIZE = 16  # documents per batch handed to an actor
IN_FLIGHT = 2  # batches out per actor: one being parsed, one waiting, so no actor idles while results travel


class RayExtractor:
    """The Ray actor: a list of documents in, one result per document out."""

    def __init__(self, model: str, cache: ExtractionCache | None, domain: Domain | None = None) -> None:
        self.step = Extractor(model, cache, domain=domain)

    def run(self, documents: list[Document]) -> list[Result]:
        return list(self.step(documents))


def run(documents: Iterable[Document], *, model: str = DEFAULT_MODEL, jobs: int | None = None,
        cache: ExtractionCache | None = None, domain: Domain | None = None, **_: Any) -> Iterator[Result]:
    """Extract ``documents`` on Ray, with at most ``jobs`` actors (``None``: one per cluster CPU), each
    given ``domain``, the build's data (a user's data folder must be at the same path on every node)."""
    try:
        import ray
    except ImportError:
        raise EngineError("the ray engine needs Ray: pip install 'kg[ray]'") from None
    if jobs is not None and jobs < 1:
        raise EngineError(f"jobs must be at least 1, not {jobs}")
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(logging_level=logging.WARNING, include_dashboard=False, log_to_driver=False)
    actors: list = []
    try:
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor_class = ray.remote(num_cpus=1)(RayExtractor)
        actors = [actor_class.remote(model, cache, domain) for _ in range(min(jobs or cpus, cpus))]
        yield from _feed(ray, actors, documents)
    finally:
        if started_here:
            ray.shutdown()
        else:
            for actor in actors:
                ray.kill(actor)


def _feed(ray, actors: list, documents: Iterable[Document]) -> Iterator[Result]:
    """Send batches to the least busy actor, at most ``IN_FLIGHT`` per actor, and yield results as they come back."""
    busy = [0] * len(actors)
    out: dict[Any, int] = {}  # result reference -> actor index
    stream = iter(documents)
    batches = iter(lambda: list(islice(stream, BATCH_SIZE)), [])

    def collect() -> Iterator[Result]:
        done, _ = ray.wait(list(out), num_returns=1)
        for ref in done:
            busy[out.pop(ref)] -= 1
            yield from _results(ray, ref)

    for batch in batches:
        index = min(range(len(actors)), key=busy.__getitem__)
        out[actors[index].run.remote(batch)] = index
        busy[index] += 1
        while len(out) >= IN_FLIGHT * len(actors):
            yield from collect()
    while out:
        yield from collect()


def _results(ray, ref) -> list[Result]:
    """A batch's results; a failure outside the per-document boundary (say, a pipeline that cannot load) as kg's own error."""
    try:
        return ray.get(ref)
    except ray.exceptions.RayTaskError as exc:
        if isinstance(exc.cause, KgError):
            raise exc.cause from None
        raise EngineError(f"a Ray worker failed: {exc.cause!r}") from None
    except ray.exceptions.RayError as exc:
        raise EngineError(f"a Ray worker failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
