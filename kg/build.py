"""Build a knowledge graph: ingest -> spaCy -> extract (per document) -> link (corpus-wide).

>>> graph = build_documents([Document.from_text("Microsoft CEO Satya Nadella spoke.", "a.txt")], nlp=blank_pipeline())
>>> [(e.type.value, e.label) for e in graph.entities()]
[('Organization', 'Microsoft'), ('Person', 'Satya Nadella')]
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from spacy.language import Language

from .domain import load_domain
from .extract import extract
from .graph import KnowledgeGraph
from .ingest import read_documents
from .link import link
from .model import DocExtraction, Document
from .nlp import DEFAULT_MODEL, blank_pipeline, load_pipeline  # noqa: F401 (blank_pipeline: doctest)

__all__ = ["build", "build_documents", "extract_documents"]

Progress = Callable[[int, Document], None]


def extract_documents(documents: Iterable[Document], nlp: Language, progress: Progress | None = None,
                      batch_size: int = 16) -> Iterator[DocExtraction]:
    """Run the pipeline and the extractor over documents, streaming: one Doc alive at a time."""
    domain = load_domain()
    pairs = ((d.text, d) for d in documents)
    for count, (doc, document) in enumerate(nlp.pipe(pairs, as_tuples=True, batch_size=batch_size), start=1):
        yield extract(doc, document, domain)
        if progress:
            progress(count, document)


def build_documents(documents: Iterable[Document], nlp: Language | None = None, progress: Progress | None = None) -> KnowledgeGraph:
    """Build a graph from already-read documents."""
    nlp = nlp or load_pipeline()
    return KnowledgeGraph(link(extract_documents(documents, nlp, progress)))


def build(paths: Iterable[str], model: str = DEFAULT_MODEL, progress: Progress | None = None) -> KnowledgeGraph:
    """Build a graph from files and folders of .txt/.md articles (``-`` reads standard input)."""
    nlp = load_pipeline(model)
    return build_documents(read_documents(list(paths)), nlp, progress)
