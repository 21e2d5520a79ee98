"""Linking: every decision that two names are one entity is made here, with the rule that made it.

Two steps, both in this module:

- :func:`resolve_document` (run per document, during extraction) gives each short form the
  fuller name it stands for in the same document: a gazetteer alias its canonical name
  (``gazetteer-alias``), a lone surname or given name the one full name it belongs to
  (``surname``), an organisation's short form the one longer name that adds a word to it
  (``short-form``); a model or chip is keyed without its maker's name (``maker-prefix``).
- :func:`link` (corpus-wide, the only step that sees more than one document) groups mentions by
  linking key (so spelling variants meet: ``name-variant``), joins a lone surname to the one full
  name in the corpus (``surname``) and an organisation to its name without a corporate designator
  (``designator``: "High-Flyer Quant" and "High-Flyer"), but only when what remains is a
  distinctive name, never a common English word ("Scale" stays apart from "Scale AI"), and a chip
  code to the one chip name that adds a family word to it (``family-prefix``: "910B", "Ascend 910B").

Nothing merges on one shared word: "Jackie Chan" and "Jackie Chen", "Andrew Ng" and "Andrew Wu"
keep different keys (romanisation variants apply to the surname of a romanised Chinese name
only, see :func:`kg.names.name_key`). Each :class:`~kg.model.Entity` lists ``link_rules``:
``(alias, rule)`` for every other name that joined it.

>>> from kg.model import Document, DocExtraction, Mention, EntityType
>>> d = Document.from_text("Liang Wenfeng spoke. Liang left.", "a.txt")
>>> m = [Mention(0, 13, "Liang Wenfeng", EntityType.PERSON, "ner", "Liang Wenfeng", "liang wenfeng", 0),
...      Mention(21, 26, "Liang", EntityType.PERSON, "ner", "Liang", "liang", 1)]
>>> linked = link([DocExtraction(d, tuple(m))])
>>> [(e.label, e.aliases, e.link_rules) for e in linked.entities]
[('Liang Wenfeng', ('Liang',), (('Liang', 'surname'),))]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from itertools import combinations
from typing import TYPE_CHECKING, Iterable

from .model import (TYPE_STRENGTH, CoMention, DocExtraction, Document, Entity, EntityType, Evidence, Mention, Predicate, Quote,
                    Relation)
from .names import distinctive_name, name_key, org_units, strip_org_suffixes
from .vocab import entity_id

if TYPE_CHECKING:
    from .domain import Domain

__all__ = ["Linked", "link", "resolve_document"]


@dataclass(frozen=True)
class Linked:
    """The linked corpus: what the knowledge graph is made of."""

    documents: tuple[Document, ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    quotes: tuple[Quote, ...]
    together: tuple[CoMention, ...] = ()  # same-sentence pairs; not part of the RDF export


# -- within one document -------------------------------------------------------------------------

def resolve_document(mentions: list[Mention], domain: "Domain") -> list[Mention]:
    """The mentions of one document with ``name``, ``key`` and ``link_rule`` set to the fuller
    name each stands for in that document."""
    people = [m.name for m in mentions if m.type is EntityType.PERSON and len(m.name.split()) > 1]
    person_words = {w for p in people for w in p.split()}
    org_names = sorted({m.name for m in mentions if m.type is EntityType.ORGANIZATION})
    orgs = set(org_names) | {s for s, (t, _) in domain.names.items() if t is EntityType.ORGANIZATION}
    out = []
    for m in mentions:
        entity_type, name, rule = m.type, m.name, ""
        if m.type_source == "gazetteer" and domain.gazetteer_type(m.name) is entity_type:
            canonical = domain.canonical(m.name) or m.name
            if canonical != name:
                name, rule = canonical, "gazetteer-alias"
        if entity_type is EntityType.ORGANIZATION and m.type_source in ("ner", "context", "document") and name not in person_words:
            longer = _longer_org_name(name, org_names)
            if longer:
                name, rule = longer, "short-form"
        full = _full_person_name(name, people)
        if full and (entity_type is EntityType.PERSON or TYPE_STRENGTH[m.type_source] <= TYPE_STRENGTH["ner"]):
            entity_type, name, rule = EntityType.PERSON, full, "surname"
        key_name = name
        if entity_type in (EntityType.MODEL, EntityType.CHIP):
            key_name = _strip_org_prefix(name, orgs)
            if key_name != name and not rule:
                rule = "maker-prefix"
        out.append(replace(m, type=entity_type, name=name, key=name_key(entity_type, key_name, domain), link_rule=rule))
    return out


def _full_person_name(text: str, people: list[str]) -> str | None:
    """The one multi-word person name in the document that ``text`` is the first or last word of."""
    if len(text.split()) != 1:
        return None
    found = {p for p in people if p.split()[-1] == text or p.split()[0] == text}
    return found.pop() if len(found) == 1 else None


def _longer_org_name(text: str, names: list[str]) -> str | None:
    """The one longer organisation name in the document that is ``text`` plus one word
    ("Gavekal" -> "Gavekal Dragonomics"; "HIH" stays apart from "HIH Royal Commission")."""
    longer = {n for n in names if n != text and n.startswith(text + " ") and " " not in n[len(text) + 1:]}
    return longer.pop() if len(longer) == 1 else None


def _strip_org_prefix(name: str, orgs: set[str]) -> str:
    """"DeepSeek R1" -> "R1" when "DeepSeek" names an organisation (for the linking key only)."""
    words = name.replace("-", " ").split()
    for width in range(len(words) - 1, 0, -1):
        if " ".join(words[:width]) in orgs:
            return " ".join(words[width:])
    return name


# -- across documents ----------------------------------------------------------------------------

def link(extractions: Iterable[DocExtraction], domain: "Domain | None" = None) -> Linked:
    """Link the mentions of every document into entities and merge their relations and quotes
    (``domain``: the build's, for the corporate designators; by default the package's)."""
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

    # 2. canonical (type, key) per mention, with surnames and corporate designators folded in
    typed = Counter((key_type[(m.key, m.type)], m.key) for x in extractions for m in x.mentions)
    known_orgs = {m.key for x in extractions for m in x.mentions if m.type is EntityType.ORGANIZATION and m.type_source == "gazetteer"}
    canonical = _canonical_keys(typed, known_orgs, domain)

    groups: dict[tuple[EntityType, str], list[tuple[Document, Mention, str]]] = defaultdict(list)
    mention_entity: dict[tuple[str, int], tuple[EntityType, str]] = {}
    for extraction in extractions:
        for index, m in enumerate(extraction.mentions):
            found = canonical.get((key_type[(m.key, m.type)], m.key))
            if found is None:
                continue
            target, rule = found
            groups[target].append((extraction.document, m, rule))
            mention_entity[(extraction.document.doc_id, index)] = target

    entities: dict[tuple[EntityType, str], Entity] = {}
    for (entity_type, key), members in groups.items():
        names = Counter(m.name for _, m, _ in members)
        label = sorted(names, key=lambda n: (-names[n], -len(n), n))[0]
        why: dict[str, str] = {}  # each other surface form -> the rule that joined it (the strongest, if several)
        for _, m, rule in members:
            for surface in (m.name, m.text.strip()):
                if not surface or surface == label or surface.endswith(("'s", "’s")):
                    continue
                reason = rule or (m.link_rule if surface != m.name else "") or "name-variant"
                if surface not in why or _RULE_ORDER.index(reason) < _RULE_ORDER.index(why[surface]):
                    why[surface] = reason
        aliases = tuple(sorted(why))
        documents = tuple(sorted({d.doc_id for d, _, _ in members}))
        entities[(entity_type, key)] = Entity(entity_id(entity_type, key), entity_type, label, aliases, documents,
                                              len(members), tuple(sorted(why.items())))

    relation_evidence: dict[tuple[str, Predicate, str], set[Evidence]] = defaultdict(set)
    quotes: list[Quote] = []
    together: dict[tuple[str, str], list[str]] = defaultdict(list)  # pair -> document of each sentence
    for extraction in extractions:
        doc_id = extraction.document.doc_id
        ids = {i: entities[mention_entity[(doc_id, i)]].entity_id for i in range(len(extraction.mentions)) if (doc_id, i) in mention_entity}
        for pair in _sentence_pairs(extraction, ids):
            together[pair].append(doc_id)
        for r in extraction.relations:
            if r.subject in ids and r.object in ids and ids[r.subject] != ids[r.object]:
                relation_evidence[(ids[r.subject], r.predicate, ids[r.object])].add(r.evidence)
        for q in extraction.quotes:
            if q.speaker in ids:
                about = tuple(sorted({ids[a] for a in q.about if a in ids and ids[a] != ids[q.speaker]}))
                quotes.append(Quote(ids[q.speaker], q.text, about, q.evidence))

    relations = tuple(
        Relation(s, p, o, tuple(sorted(ev, key=_evidence_order)))
        for (s, p, o), ev in sorted(relation_evidence.items(), key=lambda kv: (kv[0][0], kv[0][1].value, kv[0][2]))
    )
    return Linked(
        documents=tuple(sorted((x.document for x in extractions), key=lambda d: d.doc_id)),
        entities=tuple(sorted(entities.values(), key=lambda e: e.entity_id)),
        relations=relations,
        quotes=tuple(sorted(quotes, key=lambda q: (q.evidence.doc_id, q.evidence.start, q.speaker, q.text))),
        together=tuple(CoMention(a, b, len(docs), tuple(sorted(set(docs)))) for (a, b), docs in sorted(together.items())),
    )


def _sentence_pairs(extraction: DocExtraction, ids: dict[int, str]) -> list[tuple[str, str]]:
    """Each pair of distinct entities named in one sentence of the document, once per sentence."""
    by_sentence: dict[int, set[str]] = defaultdict(set)
    for index, m in enumerate(extraction.mentions):
        if index in ids:
            by_sentence[m.sentence].add(ids[index])
    return [(a, b) for named in by_sentence.values() for a, b in combinations(sorted(named), 2)]


def _evidence_order(evidence: Evidence) -> tuple:
    return (evidence.doc_id, evidence.start, evidence.end, evidence.rule, -evidence.confidence)


def _org_groups(keys: list[str], known: set[str], domain: "Domain | None" = None) -> list[list[str]]:
    """Organisation keys that name one organisation, in groups of two or more.

    Keys that differ only by legal designators meet ("quorvex inc." and "quorvex") when the name
    is distinctive: one the gazetteer knows (``known``), or no common English word ("Scale" stays
    apart from "Scale AI"). A name with unit words joins the bare name when the corpus names no
    other unit of it: a corporate one always ("Tencent Holdings" is Tencent), a school one unless
    the bare name is a well-known organisation ("Harvard" is "Harvard University"), an arm only
    when the bare name is distinctive and not well known ("Zorblat Capital" is Zorblat, but
    "Intel Capital" and "Microsoft AI" are not Intel and Microsoft).

    >>> _org_groups(["intel", "intel capital", "zorblat", "zorblat capital", "quorvex inc.", "quorvex"], {"intel"})
    [['quorvex', 'quorvex inc.'], ['zorblat', 'zorblat capital']]
    >>> _org_groups(["tsinghua", "tsinghua holdings", "tsinghua university"], set())
    []
    """
    by_form: dict[str, set[str]] = defaultdict(set)  # a name without legal designators -> its keys
    for key in keys:
        by_form[strip_org_suffixes(key, domain)].add(key)
    families: dict[str, list[str]] = defaultdict(list)  # a bare name -> its forms
    for form in sorted(by_form):
        families[org_units(form, domain)[0]].append(form)
    groups = []
    for bare, forms in families.items():
        merged = {form: by_form[form] for form in forms if len(by_form[form]) < 2 or form in known or distinctive_name(form)}
        merged.update({key: {key} for form in forms if form not in merged for key in by_form[form]})
        others = [form for form in forms if form != bare]
        if bare in merged and len(others) == 1 and others[0] in merged:
            kinds = set(org_units(others[0], domain)[1])
            joins = {"corporate"} >= kinds and (bare in known or distinctive_name(bare)) \
                or "school" in kinds and bare not in known \
                or kinds == {"arm"} and bare not in known and distinctive_name(bare)
            if joins:
                merged[bare] = merged[bare] | merged.pop(others[0])
        groups += [sorted(members) for members in merged.values() if len(members) > 1]
    return sorted(groups)


# Linking rules, the one that says most about a merge first (an alias keeps the first that applies).
_RULE_ORDER = ("surname", "designator", "family-prefix", "gazetteer-alias", "short-form", "maker-prefix", "name-variant")

_Key = tuple[EntityType, str]


def _canonical_keys(typed: Counter, known_orgs: set[str], domain: "Domain | None" = None) -> dict[_Key, tuple[_Key, str] | None]:
    """Map each (type, key) to the (type, key) of its entity and the linking rule ("" for itself).

    A one-word person name joins the one full name in the corpus it is the first or last word
    of; with none, it stays when named at least twice ("Trump") and is dropped as a likely
    tagging slip when named once. Organisation keys meet by :func:`_org_groups`."""
    out: dict[_Key, tuple[_Key, str] | None] = {k: (k, "") for k in typed}
    full_people = [k for t, k in typed if t is EntityType.PERSON and len(k.split()) > 1]
    for entity_type, key in typed:
        if entity_type is EntityType.PERSON and len(key.split()) == 1:
            owners = {p for p in full_people if key in (p.split()[0], p.split()[-1])}
            if len(owners) == 1:
                out[(entity_type, key)] = ((EntityType.PERSON, owners.pop()), "surname")
            elif owners or typed[(entity_type, key)] < 2:
                out[(entity_type, key)] = None
    chips = [k for t, k in typed if t is EntityType.CHIP]
    for key in chips:  # "910B" is the "Ascend 910B" when the corpus names no other chip ending so
        longer = [k for k in chips if k != key and k.endswith(key) and k[:-len(key)].isalpha()]
        if any(c.isdigit() for c in key) and len(longer) == 1:
            out[(EntityType.CHIP, key)] = ((EntityType.CHIP, longer[0]), "family-prefix")
    orgs = [k for t, k in typed if t is EntityType.ORGANIZATION]
    for members in _org_groups(orgs, known_orgs, domain):
        target = sorted(members, key=lambda k: (len(k), k))[-1]
        for key in members:
            if key != target:
                out[(EntityType.ORGANIZATION, key)] = ((EntityType.ORGANIZATION, target), "designator")
    return out
