"""Engines run the per-document step (read, parse, extract) over a corpus; linking stays in kg.build.

An engine is a function ``run(documents, *, model, jobs, cache, expected, nlp, domain)`` that yields one
:class:`~kg.model.DocExtraction` per document, or a :class:`~kg.model.Skipped` for a document
that could not be processed (the step's error boundary, :mod:`kg.engines.extractor`), in any
order (linking sorts them):

- ``local``: this machine, in-process (``jobs=1``) or in ``jobs`` worker processes;
- ``ray``: a pool of Ray actors on a Ray cluster, fed in bounded batches (``pip install 'kg[ray]'``).

>>> sorted(ENGINES)
['local', 'ray']
>>> get_engine("spark")
Traceback (most recent call last):
...
kg.errors.EngineError: unknown engine 'spark' (choose from: local, ray)
"""

from __future__ import annotations

import importlib
from typing import Callable, Iterator

from ..errors import EngineError
from ..model import DocExtraction, Skipped

__all__ = ["ENGINES", "get_engine", "Engine"]

Engine = Callable[..., Iterator[DocExtraction | Skipped]]

ENGINES = {"local": "kg.engines.local", "ray": "kg.engines.ray_actors"}


def get_engine(name: str) -> Engine:
    """The ``run`` function of engine ``name``; a clear error for an unknown name."""
    if name not in ENGINES:
        raise EngineError(f"unknown engine {name!r} (choose from: {', '.join(sorted(ENGINES))})")
    return importlib.import_module(ENGINES[name]).run
