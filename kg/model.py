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
    "Skipped",
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
# "document": a type agreed with a clearer mention of the same name elsewhere in the document.
TYPE_STRENGTH = {"gazetteer": 3, "pattern": 3, "context": 2, "document": 2, "ner": 1}


@dataclass(frozen=True)
class Document:
    """One cleaned article: its text is what every character offset points into.

    ``furniture`` lists the parts of the text that are not article prose, as ``(start, end, kind)``
    with kind ``headline``, ``heading``, ``caption`` or ``chrome`` (menus, credits, page labels):
    ingest finds them, and a name read only there is not taken as an entity.
    """

    doc_id: str
    source: str
    text: str
    sha256: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    furniture: tuple[tuple[int, int, str], ...] = ()

    @classmethod
    def from_text(
        cls, text: str, source: str, title: str | None = None, authors: tuple[str, ...] = (),
        furniture: tuple[tuple[int, int, str], ...] = (),
    ) -> "Document":
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return cls(digest[:16], source, text, digest, title, tuple(authors), tuple(furniture))

    def in_furniture(self, start: int, end: int) -> bool:
        """Does the span ``start:end`` lie inside a headline, heading, caption or page chrome?

        >>> Document.from_text("Big News\\nAcme grew.", "a.txt", furniture=((0, 8, "headline"),)).in_furniture(0, 3)
        True
        """
        return any(s <= start and end <= e for s, e, _ in self.furniture)


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
    type_rule: str = ""  # the id of the rule that decided the type ("gazetteer", a pattern or typing rule id, "ner:ORG")
    link_rule: str = ""  # why ``name`` is not the mention's own text: the linking rule that resolved it (kg/link.py)


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
class Skipped:
    """A document that could not be processed: parsing or extracting it raised ``error``.

    ``error`` is one line (``"IndexError: list index out of range"``); ``traceback`` is the full
    traceback, formatted where it happened (a worker process or a cluster node).
    """

    document: Document
    error: str
    traceback: str = ""

    @property
    def message(self) -> str:
        """The warning line's text: ``FILE: could not be processed (ERROR); skipped``."""
        return f"{self.document.source}: could not be processed ({self.error}); skipped"


@dataclass(frozen=True)
class Entity:
    """One real-world thing after linking: the node of the graph."""

    entity_id: str
    type: EntityType
    label: str
    aliases: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    mentions: int = 0
    # (alias, linking rule): why each other name joined this entity. Built by kg.link; RDF carries the set of
    # rule ids (kg:linkRule), not the pairs, so an entity loaded back from RDF has ("", rule) pairs.
    link_rules: tuple[tuple[str, str], ...] = field(default=(), compare=False)


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
