"""The per-document step every engine runs: parse with spaCy and extract, or take the result from the cache.

Each document has its own error boundary: an exception while parsing it (in any spaCy component,
a user's own included) or extracting from it turns into a :class:`~kg.model.Skipped` record for
that document, and the other documents go on.

>>> from kg.model import Document
>>> from kg.nlp import blank_pipeline
>>> step = Extractor(nlp=blank_pipeline())
>>> [x.mentions[0].name for x in step([Document.from_text("Nvidia makes chips.", "a.txt")])]
['Nvidia']
"""

from __future__ import annotations

import traceback
from collections import deque
from itertools import chain, islice
from typing import Callable, Iterable, Iterator

from spacy.language import Language

from ..cache import ExtractionCache
from ..domain import Domain, load_domain
from ..extract import extract
from ..model import DocExtraction, Document, Skipped
from ..nlp import DEFAULT_MODEL, check_domain, load_pipeline

__all__ = ["Extractor", "extract_documents", "BATCH_SIZE", "Result"]

# Documents parsed together by nlp.pipe: enough for spaCy's batched matrix work, few enough
# that the Docs alive at once stay a small, fixed amount of memory.
BATCH_SIZE = 64

Result = DocExtraction | Skipped  # what the per-document step gives for one document


def extract_documents(documents: Iterable[Document], nlp: Language, batch_size: int = BATCH_SIZE,
                      domain: Domain | None = None) -> Iterator[Result]:
    """Run the pipeline and the extractor over documents, streaming: at most one batch of Docs alive.

    A batch is parsed with ``nlp.pipe``; if that raises, its documents are parsed one at a time,
    so only the document that breaks the pipeline is skipped. ``domain`` (default: the package's
    data) must be the one ``nlp``'s kg_entities component reads.
    """
    domain = domain or load_domain()
    check_domain(nlp, domain)
    stream = iter(documents)
    for batch in iter(lambda: list(islice(stream, batch_size)), []):
        try:
            docs = list(nlp.pipe([d.text for d in batch], batch_size=batch_size))
        except MemoryError:
            raise
        except Exception:
            docs = None
        for index, document in enumerate(batch):
            doc = docs[index] if docs is not None else None
            yield _guarded(document, lambda: extract(doc if doc is not None else nlp(document.text), document, domain))


def _guarded(document: Document, step: Callable[[], DocExtraction]) -> Result:
    """``step()``, or a :class:`Skipped` record of the exception it raised (a lack of memory is no document's fault)."""
    try:
        return step()
    except MemoryError:
        raise
    except Exception as exc:
        return Skipped(document, _one_line(exc), traceback.format_exc())


def _one_line(exc: Exception, limit: int = 200) -> str:
    """``"IndexError: list index out of range"``: the exception's type and the first line of its message.

    >>> _one_line(ValueError("bad\\nthings"))
    'ValueError: bad'
    """
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return text if len(text) <= limit else text[:limit - 1] + "…"


class Extractor:
    """Documents in, extractions out: cached ones when the cache has them, else from the pipeline.

    The pipeline is loaded on first need, so a build whose every document is cached never loads it.
    Instances are picklable (engines ship them to worker processes, the ``domain`` with them); a
    loaded pipeline is not shipped.
    """

    def __init__(self, model: str = DEFAULT_MODEL, cache: ExtractionCache | None = None, *,
                 nlp: Language | None = None, batch_size: int = BATCH_SIZE, domain: Domain | None = None) -> None:
        self.model, self.cache, self.batch_size = model, cache, batch_size
        self.domain = domain or load_domain()
        self._nlp = nlp

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_nlp": None}

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_pipeline(self.model, self.domain.data_dir)
        return self._nlp

    def __call__(self, documents: Iterable[Document]) -> Iterator[Result]:
        """One result per document: a cached extraction, a fresh one (then cached), or a :class:`Skipped` (never cached)."""
        hits: deque[DocExtraction] = deque()

        def misses() -> Iterator[Document]:
            for document in documents:
                found = self.cache.get(document) if self.cache else None
                if found is None:
                    yield document
                else:
                    hits.append(found)

        todo = misses()
        first = next(todo, None)
        while hits:
            yield hits.popleft()
        if first is None:
            return
        for extraction in extract_documents(chain([first], todo), self.nlp, self.batch_size, self.domain):
            if self.cache and isinstance(extraction, DocExtraction):
                self.cache.put(extraction)
            while hits:
                yield hits.popleft()
            yield extraction
        while hits:
            yield hits.popleft()
