"""The per-document step every engine runs: parse with spaCy and extract, or take the result from the cache.

>>> from kg.model import Document
>>> from kg.nlp import blank_pipeline
>>> step = Extractor(nlp=blank_pipeline())
>>> [x.mentions[0].name for x in step([Document.from_text("Nvidia makes chips.", "a.txt")])]
['Nvidia']
"""

from __future__ import annotations

from collections import deque
from itertools import chain
from typing import Iterable, Iterator

from spacy.language import Language

from ..cache import ExtractionCache
from ..domain import load_domain
from ..extract import extract
from ..model import DocExtraction, Document
from ..nlp import DEFAULT_MODEL, load_pipeline

__all__ = ["Extractor", "extract_documents", "BATCH_SIZE"]

# Documents parsed together by nlp.pipe: enough for spaCy's batched matrix work, few enough
# that the Docs alive at once stay a small, fixed amount of memory.
BATCH_SIZE = 64


def extract_documents(documents: Iterable[Document], nlp: Language, batch_size: int = BATCH_SIZE) -> Iterator[DocExtraction]:
    """Run the pipeline and the extractor over documents, streaming: at most one batch of Docs alive."""
    domain = load_domain()
    pairs = ((d.text, d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield extract(doc, document, domain)


class Extractor:
    """Documents in, extractions out: cached ones when the cache has them, else from the pipeline.

    The pipeline is loaded on first need, so a build whose every document is cached never loads it.
    Instances are picklable (engines ship them to worker processes); a loaded pipeline is not shipped.
    """

    def __init__(self, model: str = DEFAULT_MODEL, cache: ExtractionCache | None = None, *,
                 nlp: Language | None = None, batch_size: int = BATCH_SIZE) -> None:
        self.model, self.cache, self.batch_size = model, cache, batch_size
        self._nlp = nlp

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_nlp": None}

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_pipeline(self.model)
        return self._nlp

    def __call__(self, documents: Iterable[Document]) -> Iterator[DocExtraction]:
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
        for extraction in extract_documents(chain([first], todo), self.nlp, self.batch_size):
            if self.cache:
                self.cache.put(extraction)
            while hits:
                yield hits.popleft()
            yield extraction
        while hits:
            yield hits.popleft()
