"""Corpus-wide linking: one entity per real-world thing, relations and quotes between entities.

This is the only step that sees more than one document. Mentions are grouped by linking key;
a key's type is decided by the strongest evidence (gazetteer and patterns over spaCy's NER);
a lone surname joins the one full name in the corpus it belongs to; "High-Flyer Quant" and
"High-Flyer" meet once corporate designators are set aside.

>>> from kg.model import Document, DocExtraction, Mention, EntityType
>>> d = Document.from_text("Liang Wenfeng spoke. Liang left.", "a.txt")
>>> m = [Mention(0, 13, "Liang Wenfeng", EntityType.PERSON, "ner", "Liang Wenfeng", "liang wenfeng", 0),
...      Mention(21, 26, "Liang", EntityType.PERSON, "ner", "Liang", "liang", 1)]
>>> linked = link([DocExtraction(d, tuple(m))])
>>> [(e.label, e.aliases) for e in linked.entities]
[('Liang Wenfeng', ('Liang',))]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Iterable

from .model import TYPE_STRENGTH, DocExtraction, Document, Entity, EntityType, Evidence, Predicate, Quote, Relation
from .names import strip_org_suffixes
from .vocab import entity_id

__all__ = ["Linked", "link", "linked_evidence", "evidence_order"]


@dataclass(frozen=True)
class Linked:
    """The linked corpus: what the knowledge graph is made of."""

    documents: tuple[Document, ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    quotes: tuple[Quote, ...]


def link(extractions: Iterable[DocExtraction]) -> Linked:
    """Link the mentions of every document into entities and merge their relations and quotes."""
    extractions = sorted(extractions, key=lambda x: (x.document.doc_id, x.document.source))
    # 1. one type per key: the strongest source wins, then the most votes
    votes: dict[str, Counter] = defaultdict(Counter)
    strongest: dict[tuple[str, EntityType], int] = defaultdict(int)
    for extraction in extractions:
        for m in extraction.mentions:
            votes[m.key][m.type] += 1
            strongest[(m.key, m.type)] = max(strongest[(m.key, m.type)], TYPE_STRENGTH[m.type_source])
    key_type: dict[tuple[str, EntityType], EntityType] = {}
    for key, counts in votes.items():
        ranked = sorted(counts, key=lambda t: (-strongest[(key, t)], -counts[t], t.value))
        best = ranked[0]
        for entity_type in counts:
            weaker = strongest[(key, entity_type)] < strongest[(key, best)] or (
                strongest[(key, entity_type)] == strongest[(key, best)] == TYPE_STRENGTH["ner"]
            )
            key_type[(key, entity_type)] = best if weaker else entity_type

    # 2. canonical (type, key) per mention, with surnames and corporate suffixes folded in
    typed = Counter((key_type[(m.key, m.type)], m.key) for x in extractions for m in x.mentions)
    canonical = _canonical_keys(typed)

    groups: dict[tuple[EntityType, str], list[tuple[Document, object]]] = defaultdict(list)
    mention_entity: dict[tuple[str, int], tuple[EntityType, str]] = {}
    for extraction in extractions:
        for index, m in enumerate(extraction.mentions):
            target = canonical.get((key_type[(m.key, m.type)], m.key))
            if target is None:
                continue
            groups[target].append((extraction.document, m))
            mention_entity[(extraction.document.doc_id, index)] = target

    entities: dict[tuple[EntityType, str], Entity] = {}
    for (entity_type, key), members in groups.items():
        names = Counter(m.name for _, m in members)
        label = sorted(names, key=lambda n: (-names[n], -len(n), n))[0]
        surfaces = {m.name for _, m in members} | {m.text.strip() for _, m in members}
        aliases = tuple(sorted(s for s in surfaces if s and s != label and not s.endswith(("'s", "’s"))))
        documents = tuple(sorted({d.doc_id for d, _ in members}))
        entities[(entity_type, key)] = Entity(entity_id(entity_type, key), entity_type, label, aliases, documents, len(members))

    relation_evidence: dict[tuple[str, Predicate, str], set[Evidence]] = defaultdict(set)
    quotes: list[Quote] = []
    for extraction in extractions:
        doc_id = extraction.document.doc_id
        ids = {i: entities[mention_entity[(doc_id, i)]].entity_id for i in range(len(extraction.mentions)) if (doc_id, i) in mention_entity}
        for r in extraction.relations:
            if r.subject in ids and r.object in ids and ids[r.subject] != ids[r.object]:
                relation_evidence[(ids[r.subject], r.predicate, ids[r.object])].add(linked_evidence(r.evidence, ids))
        for q in extraction.quotes:
            if q.speaker in ids:
                about = tuple(sorted({ids[a] for a in q.about if a in ids and ids[a] != ids[q.speaker]}))
                quotes.append(Quote(ids[q.speaker], q.text, about, q.evidence))

    relations = tuple(
        Relation(s, p, o, tuple(sorted(ev, key=evidence_order)))
        for (s, p, o), ev in sorted(relation_evidence.items(), key=lambda kv: (kv[0][0], kv[0][1].value, kv[0][2]))
    )
    return Linked(
        documents=tuple(sorted((x.document for x in extractions), key=lambda d: d.doc_id)),
        entities=tuple(sorted(entities.values(), key=lambda e: e.entity_id)),
        relations=relations,
        quotes=tuple(sorted(quotes, key=lambda q: (q.evidence.doc_id, q.evidence.start, q.speaker, q.text))),
    )


def linked_evidence(evidence: Evidence, ids: dict[int, str]) -> Evidence:
    """``evidence`` with its source mention replaced by the IRI of that mention's entity."""
    if evidence.source_mention is None:
        return evidence
    return replace(evidence, source=ids.get(evidence.source_mention), source_mention=None)


def evidence_order(evidence: Evidence) -> tuple:
    """A total order of evidence records (document, offsets, rule, then status), for stable output."""
    return (evidence.doc_id, evidence.start, evidence.end, evidence.rule, -evidence.confidence, evidence.polarity.value,
            evidence.certainty.value, evidence.time.value, evidence.source or "", evidence.date or "", evidence.chip_count or 0)


def _canonical_keys(typed: Counter) -> dict[tuple[EntityType, str], tuple[EntityType, str] | None]:
    """Map each (type, key) to the (type, key) of its entity. A one-word person name joins the one
    full name it belongs to; with none, it stays when named at least twice ("Trump") and is
    dropped as a likely tagging slip when named once."""
    out: dict[tuple[EntityType, str], tuple[EntityType, str] | None] = {k: k for k in typed}
    full_people = [k for t, k in typed if t is EntityType.PERSON and len(k.split()) > 1]
    for entity_type, key in typed:
        if entity_type is EntityType.PERSON and len(key.split()) == 1:
            owners = {p for p in full_people if key in (p.split()[0], p.split()[-1])}
            if len(owners) == 1:
                out[(entity_type, key)] = (EntityType.PERSON, owners.pop())
            elif owners or typed[(entity_type, key)] < 2:
                out[(entity_type, key)] = None
    orgs_by_stem: dict[str, list[str]] = defaultdict(list)
    for entity_type, key in typed:
        if entity_type is EntityType.ORGANIZATION:
            orgs_by_stem[strip_org_suffixes(key)].append(key)
    for stem, keys in orgs_by_stem.items():
        target = sorted(keys, key=lambda k: (len(k), k))[-1] if len(keys) > 1 else None
        if target:
            for key in keys:
                out[(EntityType.ORGANIZATION, key)] = (EntityType.ORGANIZATION, target)
    return out
