"""Linking: every decision that two names are one entity is made here, with the rule that made it.

Two steps, both in this module:

- :func:`resolve_document` (run per document, during extraction) gives each short form the
  fuller name it stands for in the same document: a gazetteer alias its canonical name
  (``gazetteer-alias``), a ticker or abbreviation in brackets the organisation it follows
  (``parenthetical-alias``: "Nvidia (NVDA)"), a lone surname or given name the one full name it belongs to
  (``surname``), an organisation's short form the one longer name that adds a word to it
  (``short-form``) or, when it is a common word, ends with it (``head-word``: "the Journal");
  a model or chip is keyed without its maker's name (``maker-prefix``).
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

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from itertools import combinations
from typing import TYPE_CHECKING, Iterable

from .entities import LONE_PERSON, PARENTHETICAL
from .model import (TYPE_STRENGTH, Amount, CoMention, DocExtraction, Document, Entity, EntityType, Event, EventKind,
                    EventMention, EventStatus, Evidence, Measure, Mention, Predicate, Quote, Relation)
from .names import common_word, distinctive_name, name_key, org_units, place_aliases, strip_org_suffixes
from .vocab import entity_id, event_id, key_of

if TYPE_CHECKING:
    from .domain import Domain

__all__ = ["Linked", "link", "resolve_document", "link_events", "link_measures", "event_backing", "linked_evidence",
           "evidence_order"]


@dataclass(frozen=True)
class Linked:
    """The linked corpus: what the knowledge graph is made of."""

    documents: tuple[Document, ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    quotes: tuple[Quote, ...]
    events: tuple[Event, ...] = ()
    measures: tuple[Measure, ...] = ()
    together: tuple[CoMention, ...] = ()  # same-sentence pairs; not part of the RDF export


# -- within one document -------------------------------------------------------------------------

def resolve_document(mentions: list[Mention], domain: "Domain") -> list[Mention]:
    """The mentions of one document with ``name``, ``key`` and ``link_rule`` set to the fuller
    name each stands for in that document."""
    people = [name for name in (_person_full_name(m, domain) for m in mentions) if name and len(name.split()) > 1]
    person_words = {w for p in people for w in p.split()}
    org_names = sorted({m.name for m in mentions if m.type is EntityType.ORGANIZATION})
    orgs = set(org_names) | {s for s, (t, _) in domain.names.items() if t is EntityType.ORGANIZATION}
    out: list[Mention] = []
    tickers: dict[str, str] = {}  # "NVDA" -> "Nvidia", from "Nvidia (NVDA)"
    last_named: dict[str, int] = {}  # organisation name -> where it was last named so far
    for m in mentions:
        if m.type is EntityType.ORGANIZATION:
            last_named[m.name] = m.start
        entity_type, name, rule = m.type, m.name, ""
        if m.type is EntityType.ORGANIZATION:
            if m.type_rule == PARENTHETICAL and out and out[-1].type is EntityType.ORGANIZATION:  # (kg.entities: right after it)
                tickers[m.text] = out[-1].name
            if m.text in tickers:
                out.append(replace(m, name=tickers[m.text], key=name_key(entity_type, tickers[m.text], domain),
                                   link_rule="parenthetical-alias"))
                continue
        if m.type_source == "gazetteer" and domain.gazetteer_type(m.name) is entity_type:
            canonical = domain.canonical(m.name) or m.name
            if canonical != name:
                name, rule = canonical, "gazetteer-alias"
        if entity_type is EntityType.ORGANIZATION and m.type_source in ("ner", "context", "document") and name not in person_words:
            longer = _longer_org_name(name, org_names, last_named)
            if longer:
                name, rule = longer, "short-form"
            elif name not in domain.names and common_word(name):
                longer = _org_of_head_word(name, org_names)
                if longer:
                    name, rule = longer, "head-word"
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


def _person_full_name(m: Mention, domain: "Domain") -> str | None:
    """A person mention's full name: the gazetteer's name for a known alias ("Musk": "Elon Musk",
    so a lone "Elon" in the same document is his too), else the name as written; None for others."""
    if m.type is not EntityType.PERSON:
        return None
    if m.type_source == "gazetteer" and domain.gazetteer_type(m.name) is EntityType.PERSON:
        return domain.canonical(m.name) or m.name
    return m.name


def _full_person_name(text: str, people: list[str]) -> str | None:
    """The one multi-word person name in the document that ``text`` is the first or last word of,
    or the last words of ("De Freitas" of "Daniel De Freitas")."""
    words = text.split()
    if len(words) == 1:
        found = {p for p in people if p.split()[-1] == text or p.split()[0] == text}
    else:
        found = {p for p in people if len(p.split()) > len(words) and p.split()[-len(words):] == words}
    return found.pop() if len(found) == 1 else None


def _longer_org_name(text: str, names: list[str], before: dict[str, int] | None = None) -> str | None:
    """The one longer organisation name in the document that is ``text`` plus one word
    ("Gavekal" -> "Gavekal Dragonomics"; "HIH" stays apart from "HIH Royal Commission"); of two or
    more, the one named last before it (``before``: name -> where it was last named before the short
    form): "Tsinghua's lab" right after "Tsinghua University", whatever "Tsinghua Holdings" later."""
    longer = {n for n in names if n != text and n.startswith(text + " ") and " " not in n[len(text) + 1:]}
    if len(longer) > 1 and before:
        named = sorted((before[n], n) for n in longer if n in before)
        longer = {named[-1][1]} if named else longer
    return longer.pop() if len(longer) == 1 else None


def _org_of_head_word(word: str, names: list[str]) -> str | None:
    """The one organisation name in the document of two words or more that ends with the common
    word ``word``: "the Journal" after "The Wall Street Journal", "the Commission" after "the
    Federal Trade Commission"."""
    longer = {n for n in names if n.endswith(" " + word)}
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
    evidenced = {m.key for x in extractions for m in x.mentions if m.type is EntityType.PERSON and m.type_rule != LONE_PERSON}
    canonical = _canonical_keys(typed, known_orgs, domain, evidenced)

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
    doc_ids: dict[str, dict[int, str]] = {}  # document -> mention index -> entity IRI
    for extraction in extractions:
        doc_id = extraction.document.doc_id
        ids = {i: entities[mention_entity[(doc_id, i)]].entity_id for i in range(len(extraction.mentions)) if (doc_id, i) in mention_entity}
        doc_ids[doc_id] = ids
        for pair in _sentence_pairs(extraction, ids):
            together[pair].append(doc_id)
        for r in extraction.relations:
            if r.subject in ids and r.object in ids and ids[r.subject] != ids[r.object]:
                relation_evidence[(ids[r.subject], r.predicate, ids[r.object])].add(linked_evidence(r.evidence, ids))
        for q in extraction.quotes:
            if q.speaker in ids:
                about = tuple(sorted({ids[a] for a in q.about if a in ids and ids[a] != ids[q.speaker]}))
                quotes.append(Quote(ids[q.speaker], q.text, about, q.evidence))

    events = link_events(extractions, doc_ids)
    for key, evidence in event_backing(events):  # "a round led by X": the recipient is backed by X
        if key not in relation_evidence:
            relation_evidence[key].add(evidence)
    relations = tuple(
        Relation(s, p, o, tuple(sorted(ev, key=evidence_order)))
        for (s, p, o), ev in sorted(relation_evidence.items(), key=lambda kv: (kv[0][0], kv[0][1].value, kv[0][2]))
    )
    return Linked(
        documents=tuple(sorted((x.document for x in extractions), key=lambda d: d.doc_id)),
        entities=tuple(sorted(entities.values(), key=lambda e: e.entity_id)),
        relations=relations,
        quotes=tuple(sorted(quotes, key=lambda q: (q.evidence.doc_id, q.evidence.start, q.speaker, q.text))),
        events=events,
        measures=link_measures(extractions, doc_ids),
        together=tuple(CoMention(a, b, len(docs), tuple(sorted(set(docs)))) for (a, b), docs in sorted(together.items())),
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


def _sentence_pairs(extraction: DocExtraction, ids: dict[int, str]) -> list[tuple[str, str]]:
    """Each pair of distinct entities named in one sentence of the document, once per sentence."""
    by_sentence: dict[int, set[str]] = defaultdict(set)
    for index, m in enumerate(extraction.mentions):
        if index in ids:
            by_sentence[m.sentence].add(ids[index])
    return [(a, b) for named in by_sentence.values() for a, b in combinations(sorted(named), 2)]


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
_RULE_ORDER = ("surname", "designator", "family-prefix", "gazetteer-alias", "parenthetical-alias", "short-form", "head-word",
               "country-prefix", "word-order", "parent-prefix", "maker-prefix", "name-variant")

_Key = tuple[EntityType, str]


def _canonical_keys(typed: Counter, known_orgs: set[str], domain: "Domain | None" = None,
                    evidenced: set[str] | None = None) -> dict[_Key, tuple[_Key, str] | None]:
    """Map each (type, key) to the (type, key) of its entity and the linking rule ("" for itself).

    A one-word person name joins the one full name in the corpus it is the first or last word
    of; with none, it stays when named at least twice ("Trump") and typed a person by more than
    spaCy's NER alone at least once (``evidenced``: "Kowalski said", not "launched Sputnik"); it
    is dropped as a likely tagging slip otherwise. Organisation keys meet by :func:`_org_groups`."""
    out: dict[_Key, tuple[_Key, str] | None] = {k: (k, "") for k in typed}
    full_people = [k for t, k in typed if t is EntityType.PERSON and len(k.split()) > 1]
    for entity_type, key in typed:
        if entity_type is EntityType.PERSON and len(key.split()) == 1:
            owners = {p for p in full_people if key in (p.split()[0], p.split()[-1])}
            if len(owners) == 1:
                out[(entity_type, key)] = ((EntityType.PERSON, owners.pop()), "surname")
            elif owners or typed[(entity_type, key)] < 2 or evidenced is not None and key not in evidenced:
                out[(entity_type, key)] = None
        elif entity_type is EntityType.PERSON and evidenced is not None and key not in evidenced:
            out[(entity_type, key)] = None  # one token read as two words ("Gnani.ai")
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
    for key in orgs:  # "U.S. Federal Trade Commission" is the "Federal Trade Commission" of another article,
        # "the Department of Commerce" its "Commerce Department", "Google Zorblat" its "Zorblat" (a known firm's
        # name before another known firm's: its parent's)
        reordered = _of_form(key)
        parent, _, child = key.partition(" ")
        for rest, rule in ((_without_country(reordered, domain), "country-prefix"), (reordered, "word-order"),
                           (child if parent in known_orgs and child in known_orgs else None, "parent-prefix")):
            if rest and rest != key and (EntityType.ORGANIZATION, rest) in out \
                    and out[(EntityType.ORGANIZATION, key)] == ((EntityType.ORGANIZATION, key), ""):
                out[(EntityType.ORGANIZATION, key)] = (out[(EntityType.ORGANIZATION, rest)][0], rule)
    return out


def _of_form(key: str) -> str:
    """ "department of commerce" -> "commerce department": the two ways English names a ministry.

    >>> _of_form("u.s. department of commerce"), _of_form("bank of america")
    ('u.s. commerce department', 'bank of america')
    """
    return re.sub(r"\b(department|ministry) of (\w+)$", r"\2 \1", key)


def _without_country(key: str, domain: "Domain | None" = None) -> str | None:
    """An organisation key without a leading country abbreviation, when what remains is a name of two
    words or more ("us commerce department" -> "commerce department"; not "us steel").

    >>> _without_country("u.s. federal trade commission"), _without_country("us steel")
    ('federal trade commission', None)
    """
    first, _, rest = key.partition(" ")
    return rest if first in place_aliases(domain) and len(rest.split()) >= 2 else None


# -- events and numbers ------------------------------------------------------------------------------
# Events are linked like entities: the reports of one round (the same recipient, and the same amount
# or round name) or of one acquisition (the same company bought, by the same buyer) are one node,
# whatever article they come from, with an IRI made of the kind, the company and that key.
_EVENT_PATH = {EventKind.FUNDING: "funding", EventKind.ACQUISITION: "acquisition"}
_STATUS_RANK = {EventStatus.COMPLETED: 0, EventStatus.IN_TALKS: 1, EventStatus.PLANNED: 2}


def link_events(extractions: list[DocExtraction], doc_ids: dict[str, dict[int, str]]) -> tuple[Event, ...]:
    """One Event per funding round or acquisition of the corpus (``doc_ids``: each document's
    mention index -> entity IRI)."""
    reports: list[tuple[EventKind, tuple[tuple[str, str], ...], EventMention]] = []
    for extraction in extractions:
        ids = doc_ids[extraction.document.doc_id]
        for event in extraction.events:
            roles = tuple(sorted({(role, ids[m]) for role, m in event.roles if m in ids}))
            if any(role in ("recipient", "acquired") for role, _ in roles):
                reports.append((event.kind, roles, replace(event, evidence=tuple(linked_evidence(e, ids) for e in event.evidence))))
    clusters: list[list[tuple[tuple[tuple[str, str], ...], EventMention]]] = []
    for kind, roles, event in reports:  # extractions come sorted by document, so this order is fixed
        joined = [c for c in clusters if c[0][1].kind is kind and _same_event(kind, c, roles, event)]
        merged = [(roles, event)] + [member for c in joined for member in c]
        clusters = [c for c in clusters if all(c is not j for j in joined)] + [merged]
    events = [_linked_event(cluster) for cluster in clusters]
    return tuple(sorted(events, key=lambda e: e.event_id))


def _main(roles: tuple[tuple[str, str], ...]) -> str:
    return next(entity for role, entity in roles if role in ("recipient", "acquired"))


def _same_event(kind: EventKind, cluster, roles, event: EventMention) -> bool:
    if any(_main(r) != _main(roles) for r, _ in cluster):
        return False
    if kind is EventKind.ACQUISITION:
        buyers = {e for r, e in roles if r == "acquirer"}
        return any({e for role, e in r if role == "acquirer"} == buyers for r, _ in cluster)
    return any(event.amount is not None and e.amount == event.amount or event.round is not None and e.round == event.round
               for _, e in cluster)


def _linked_event(cluster) -> Event:
    members = sorted(cluster, key=lambda m: evidence_order(m[1].evidence[0]))
    first = members[0][1]
    roles: dict[str, str] = {}
    for member_roles, _ in members:
        for role, entity in member_roles:
            if roles.get(entity) != "leadInvestor":  # a lead investor stays one
                roles[entity] = role
    amount = _first(e.amount for _, e in members)
    valuation = _first(e.valuation for _, e in members)
    name = _first(e.round for _, e in members)
    main = _main(members[0][0])
    if first.kind is EventKind.ACQUISITION:
        key = " ".join(sorted(key_of(e) for e, r in roles.items() if r == "acquirer")) or "unknown"
    else:
        key = name.lower() if name else _amount_key(amount) if amount else members[0][1].evidence[0].doc_id
    return Event(
        event_id=event_id(_EVENT_PATH[first.kind], main, key),
        kind=first.kind,
        roles=tuple(sorted((role, entity) for entity, role in roles.items())),
        evidence=tuple(sorted({ev for _, e in members for ev in e.evidence}, key=evidence_order)),
        amount=amount,
        valuation=valuation,
        round=name,
        status=min((e.status for _, e in members), key=_STATUS_RANK.__getitem__),
        date=_first(e.date for _, e in members),
    )


def _first(values):
    return next((v for v in values if v is not None), None)


def _amount_key(amount: Amount) -> str:
    """ "usd 385000000": an amount as part of an event's IRI."""
    return f"{(amount.currency or 'xxx').lower()} {amount.value.normalize():f}"


def event_backing(events: tuple[Event, ...]) -> list[tuple[tuple[str, Predicate, str], Evidence]]:
    """The backedBy facts events give: a round's recipient is backed by each investor, a company
    bought by its buyer; each with the event's evidence."""
    out = []
    for event in events:
        main = event.role("recipient") or event.role("acquired")
        backers = event.role("investor") + event.role("leadInvestor") + event.role("acquirer")
        for company in main:
            for backer in backers:
                if backer != company:
                    out += [((company, Predicate.BACKED_BY, backer), evidence) for evidence in event.evidence[:1]]
    return out


def link_measures(extractions: list[DocExtraction], doc_ids: dict[str, dict[int, str]]) -> tuple[Measure, ...]:
    """Numbers about entities (parameter counts, training costs), one per entity, property and value."""
    found: dict[tuple, list[Evidence]] = defaultdict(list)
    for extraction in extractions:
        ids = doc_ids[extraction.document.doc_id]
        for m in extraction.measures:
            if m.subject in ids:
                found[(ids[m.subject], m.property, m.value)].append(linked_evidence(m.evidence, ids))
    return tuple(Measure(s, p, v, tuple(sorted(set(ev), key=evidence_order)))
                 for (s, p, v), ev in sorted(found.items(), key=lambda kv: (kv[0][0], kv[0][1], str(kv[0][2]))))
