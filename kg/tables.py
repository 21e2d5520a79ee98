"""Tables of a graph: one row per entity, per piece of evidence of a relation, per quote.

Rows are plain dicts (``kg export --format csv`` writes them); :func:`to_pandas` makes pandas
DataFrames of them when pandas is installed (``pip install -e ".[pandas]"``). A relation row
has a column for every field of :class:`kg.model.Evidence` (the document's file in place of its
id), so a field added to the evidence becomes a column without touching this module.

>>> from kg.graph import KnowledgeGraph
>>> from kg.link import Linked
>>> from kg.model import Document, Entity, EntityType as T, Predicate, Relation
>>> doc = Document.from_text("Acme makes the X1 chip.", "a.txt")
>>> acme = Entity("https://example.org/acme", T.ORGANIZATION, "Acme", ("Acme Corp",), (doc.doc_id,), 1)
>>> x1 = Entity("https://example.org/x1", T.CHIP, "X1", (), (doc.doc_id,), 1)
>>> made = Relation(x1.entity_id, Predicate.MADE_BY, acme.entity_id, (Evidence(doc.doc_id, doc.text, 0, 23, "example", 0.9),))
>>> graph = KnowledgeGraph(Linked((doc,), (acme, x1), (made,), ()))
>>> [(row["label"], row["type"], row["documents"], row["relations"]) for row in entity_rows(graph)]
[('Acme', 'Organization', ('a.txt',), 1), ('X1', 'Chip', ('a.txt',), 1)]
>>> row = relation_rows(graph)[0]
>>> row["subject_label"], row["relation"], row["object_label"], row["document"], row["rule"], row["confidence"]
('X1', 'madeBy', 'Acme', 'a.txt', 'example', 0.9)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import DependencyError
from .model import Evidence

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

__all__ = ["Tables", "entity_rows", "relation_rows", "quote_rows", "to_pandas", "ENTITY_COLUMNS"]

ENTITY_COLUMNS = ("entity", "label", "type", "aliases", "mentions", "documents", "relations")


class Tables(NamedTuple):
    """The three tables of a graph (DataFrames from :func:`to_pandas`)."""

    entities: Any
    relations: Any
    quotes: Any


def _evidence_columns(evidence: Evidence, sources: dict[str, str]) -> dict[str, Any]:
    """Every field of the evidence, by name, with the document's file in place of its id."""
    row = {}
    for field in fields(Evidence):
        if field.name == "doc_id":
            row["document"] = sources.get(evidence.doc_id, evidence.doc_id)
        else:
            row[field.name] = getattr(evidence, field.name)
    return row


def evidence_column_names() -> list[str]:
    """The names :func:`_evidence_columns` gives, in order.

    >>> evidence_column_names()
    ['document', 'sentence', 'start', 'end', 'rule', 'confidence']
    """
    return ["document" if f.name == "doc_id" else f.name for f in fields(Evidence)]


def entity_rows(graph: "KnowledgeGraph") -> list[dict[str, Any]]:
    """One row per entity: IRI, label, type, aliases, mentions, the files that mention it, its number of relations."""
    sources = {d.doc_id: d.source for d in graph.documents}
    degree: Counter[str] = Counter()
    for r in graph.relations():
        degree[r.subject] += 1
        degree[r.object] += 1
    return [dict(zip(ENTITY_COLUMNS, (e.entity_id, e.label, e.type.value, e.aliases, e.mentions,
                                      tuple(sources.get(d, d) for d in e.documents), degree[e.entity_id])))
            for e in graph.entities()]


def relation_rows(graph: "KnowledgeGraph") -> list[dict[str, Any]]:
    """One row per piece of evidence: subject and object (IRI and label), the relation, then the evidence's fields."""
    sources = {d.doc_id: d.source for d in graph.documents}
    labels = {e.entity_id: e.label for e in graph.entities()}
    return [{"subject": r.subject, "subject_label": labels.get(r.subject, ""), "relation": r.predicate.value,
             "object": r.object, "object_label": labels.get(r.object, ""), **_evidence_columns(ev, sources)}
            for r in graph.relations() for ev in r.evidence]


def quote_rows(graph: "KnowledgeGraph") -> list[dict[str, Any]]:
    """One row per quote: speaker (IRI and label), the words, what it is about (labels), then its evidence's fields."""
    sources = {d.doc_id: d.source for d in graph.documents}
    labels = {e.entity_id: e.label for e in graph.entities()}
    return [{"speaker": q.speaker, "speaker_label": labels.get(q.speaker, ""), "quote": q.text,
             "about": tuple(labels.get(a, a) for a in q.about), **_evidence_columns(q.evidence, sources)}
            for q in graph.quotes()]


def to_pandas(graph: "KnowledgeGraph") -> Tables:
    """The entity, relation and quote tables as pandas DataFrames (columns as in the row functions, also when empty)."""
    try:
        import pandas
    except ImportError:
        raise DependencyError('to_pandas() needs pandas: pip install "kg[pandas]" (or pip install pandas)') from None
    frame = pandas.DataFrame
    return Tables(
        frame(entity_rows(graph), columns=list(ENTITY_COLUMNS)),
        frame(relation_rows(graph), columns=["subject", "subject_label", "relation", "object", "object_label",
                                             *evidence_column_names()]),
        frame(quote_rows(graph), columns=["speaker", "speaker_label", "quote", "about", *evidence_column_names()]),
    )
