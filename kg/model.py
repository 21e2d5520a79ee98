"""Frozen records passed between the stages of a build: documents, mentions, relations, quotes.

Per-document records hold character offsets and plain strings, never spaCy objects, so they
can be pickled, cached and compared.

>>> doc = Document.from_text("Acme hired Jo.", source="a.txt")
>>> doc.doc_id == doc.sha256[:16]
True
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum

__all__ = [
    "EntityType",
    "Predicate",
    "Document",
    "Mention",
    "Evidence",
    "RelationMention",
    "QuoteMention",
    "DocExtraction",
    "Entity",
    "Relation",
    "Quote",
    "CoMention",
    "TYPE_STRENGTH",
]


class EntityType(str, Enum):
    """The five kinds of entity kg recognises."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    MODEL = "Model"
    CHIP = "Chip"
    PLACE = "Place"


class Predicate(str, Enum):
    """The eleven relations of the RDF contract (local names of the ``kg:`` properties)."""

    FOUNDED = "founded"
    LEADS = "leads"
    WORKS_FOR = "worksFor"
    DEVELOPED = "developed"
    OUTPERFORMED = "outperformed"
    RIVALS = "rivals"
    TRAINED_ON = "trainedOn"
    MADE_BY = "madeBy"
    BACKED_BY = "backedBy"
    QUOTED_ON = "quotedOn"
    BASED_IN = "basedIn"


# How much a typing decision can be trusted, by where it came from (higher wins). Domain names
# and patterns rank alike, so the longer of two overlapping matches wins ("Llama 3.1" over "Llama").
TYPE_STRENGTH = {"gazetteer": 3, "pattern": 3, "context": 2, "ner": 1}


@dataclass(frozen=True)
class Document:
    """One cleaned article: its text is what every character offset points into."""

    doc_id: str
    source: str
    text: str
    sha256: str
    title: str | None = None
    authors: tuple[str, ...] = ()

    @classmethod
    def from_text(
        cls, text: str, source: str, title: str | None = None, authors: tuple[str, ...] = ()
    ) -> "Document":
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return cls(digest[:16], source, text, digest, title, tuple(authors))


@dataclass(frozen=True)
class Mention:
    """A span of a document that names an entity.

    ``name`` is the fullest form of the name in this document ("Liang Wenfeng" for a later
    "Liang"); ``key`` is the linking key computed from it.
    """

    start: int
    end: int
    text: str
    type: EntityType
    type_source: str
    name: str
    key: str
    sentence: int


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: document, sentence (with its offsets), rule and confidence."""

    doc_id: str
    sentence: str
    start: int
    end: int
    rule: str
    confidence: float


@dataclass(frozen=True)
class RelationMention:
    """A relation between two mentions (indexes into ``DocExtraction.mentions``)."""

    subject: int
    predicate: Predicate
    object: int
    evidence: Evidence


@dataclass(frozen=True)
class QuoteMention:
    """A quotation, its speaker mention and the mentions it is about."""

    speaker: int
    text: str
    about: tuple[int, ...]
    evidence: Evidence


@dataclass(frozen=True)
class DocExtraction:
    """Everything read from one document."""

    document: Document
    mentions: tuple[Mention, ...] = ()
    relations: tuple[RelationMention, ...] = ()
    quotes: tuple[QuoteMention, ...] = ()


@dataclass(frozen=True)
class Entity:
    """One real-world thing after linking: the node of the graph."""

    entity_id: str
    type: EntityType
    label: str
    aliases: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    mentions: int = 0


@dataclass(frozen=True)
class Relation:
    """A linked relation between two entities with every piece of evidence for it."""

    subject: str
    predicate: Predicate
    object: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    @property
    def confidence(self) -> float:
        return max((e.confidence for e in self.evidence), default=0.0)


@dataclass(frozen=True)
class Quote:
    """A linked quotation."""

    speaker: str
    text: str
    about: tuple[str, ...]
    evidence: Evidence


@dataclass(frozen=True)
class CoMention:
    """Two entities named in the same sentence: in how many sentences, and in which documents.

    ``first`` and ``second`` are entity IRIs, ``first < second``. Nothing is claimed about how
    they are related: the graph page draws these as its faint "mentioned together" layer.
    """

    first: str
    second: str
    sentences: int
    documents: tuple[str, ...]
