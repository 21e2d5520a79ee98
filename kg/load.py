"""Read an exported graph (graph.ttl, graph.nt or graph.jsonld) back: into a store, or into a KnowledgeGraph.

``GRAPH`` arguments may name the file or the export folder that holds it. Parsing is done by
Oxigraph (pyoxigraph), which is much faster than rdflib on large files; the records (documents,
entities, relations with their evidence and its status, quotes, funding rounds and acquisitions,
parameter counts and training costs) are rebuilt from the RDF shape kg/rdf.py writes.

>>> import tempfile, kg
>>> built = kg.build_documents([kg.Document.from_text("Nvidia makes the H100 chip.", "a.txt")], nlp=kg.blank_pipeline())
>>> with tempfile.TemporaryDirectory() as out:
...     _ = built.write(out)
...     loaded = load(out)
>>> [e.label for e in loaded.entities()] == [e.label for e in built.entities()]
True
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from .errors import InputError
from .graph import KnowledgeGraph
from .link import Linked, evidence_order
from .model import (Amount, Certainty, Document, Entity, EntityType, Event, EventKind, EventStatus, Evidence, Measure, Polarity,
                    Predicate, Quote, Relation, TimeStatus)
from .vocab import KG_NS

__all__ = ["load", "graph_file", "open_store", "linked_from_store", "GRAPH_FILES"]

# Files looked for, in this order, when GRAPH is an export folder.
GRAPH_FILES = ("graph.ttl", "graph.nt", "graph.jsonld")
_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
            ".json": ox.RdfFormat.JSON_LD}

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"


def graph_file(path: str | Path) -> Path:
    """The RDF file a GRAPH argument names: the file itself, or the first of GRAPH_FILES in a folder."""
    path = Path(path)
    if path.is_dir():
        for name in GRAPH_FILES:
            if (path / name).is_file():
                return path / name
        raise InputError(f"{path}: no {', '.join(GRAPH_FILES)} in this folder (run kg build first)")
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.suffix.lower() not in _FORMATS:
        raise InputError(f"{path}: not a graph file (expected .ttl, .nt or .jsonld)")
    return path


def open_store(path: str | Path) -> ox.Store:
    """An in-memory Oxigraph store holding the graph at ``path`` (a file or an export folder)."""
    source = graph_file(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(source), format=_FORMATS[source.suffix.lower()])
    except SyntaxError as exc:
        raise InputError(f"{source}: cannot parse: {exc.msg}") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None
    return store


def load(path: str | Path) -> KnowledgeGraph:
    """A KnowledgeGraph rebuilt from an exported graph; its queries run on the store it was read into.

    Documents come back without their text (the export does not hold it) and with their authors sorted
    (RDF keeps no order among them); everything else is as built.
    """
    store = open_store(path)
    graph = KnowledgeGraph(linked_from_store(store))
    graph.use_store(store)
    return graph


_PREFIXES = {"kg": KG_NS, "rdf": _RDF, "rdfs": _RDFS, "skos": _SKOS, "dcterms": "http://purl.org/dc/terms/",
             "schema": "https://schema.org/"}
_RELATIONS = " ".join(f"kg:{p.value}" for p in Predicate)
_CLASSES = " ".join(f"kg:{t.value}" for t in EntityType)


def _rows(store: ox.Store, sparql: str) -> Iterator[tuple]:
    """The rows of a SELECT as tuples of term values (Oxigraph does the joins; Python sees one row per record)."""
    solutions = store.query(sparql, prefixes=_PREFIXES)
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield tuple(None if solution[n] is None else solution[n].value for n in names)


def _grouped(store: ox.Store, sparql: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for key, value in _rows(store, sparql):
        out[key].append(value)
    return out


_STATUS = {"polarity": ("polarity", Polarity), "certainty": ("certainty", Certainty), "timeStatus": ("time", TimeStatus)}


def _statuses(store: ox.Store) -> dict[str, dict]:
    """Evidence node -> the Evidence fields its status properties give (polarity, certainty, time,
    source, date, chip count); a property left out keeps the field's default."""
    out: dict[str, dict] = defaultdict(dict)
    for node, prop, value in _rows(store, """SELECT ?ev ?p ?v WHERE {
            VALUES ?p { kg:polarity kg:certainty kg:timeStatus kg:attributedTo kg:date kg:chipCount } ?ev ?p ?v }"""):
        name = prop[len(KG_NS):]
        if name in _STATUS:
            field, kind = _STATUS[name]
            out[node][field] = kind(value[len(KG_NS):])
        elif name == "attributedTo":
            out[node]["source"] = value
        elif name == "date":
            out[node]["date"] = value
        else:
            out[node]["chip_count"] = int(value)
    return out


def linked_from_store(store: ox.Store) -> Linked:
    """Rebuild the linked records from the triples in kg's RDF shape held by ``store``."""
    authors = _grouped(store, "SELECT ?d ?a WHERE { ?d a kg:Document ; schema:author ?a }")
    documents: dict[str, Document] = {}
    for iri, sha, source, title in _rows(store, """SELECT ?d ?sha ?file ?title WHERE {
            ?d a kg:Document ; kg:sha256 ?sha ; kg:sourceFile ?file . OPTIONAL { ?d dcterms:title ?title } }"""):
        documents[iri] = Document(sha[:16], source, "", sha, title, tuple(sorted(authors.get(iri, ()))))

    aliases = _grouped(store, f"SELECT ?e ?alias WHERE {{ VALUES ?c {{ {_CLASSES} }} ?e a ?c ; skos:altLabel ?alias }}")
    mentioned = _grouped(store, f"SELECT ?e ?d WHERE {{ VALUES ?c {{ {_CLASSES} }} ?e a ?c ; kg:mentionedIn ?d }}")
    link_rules = _grouped(store, f"SELECT ?e ?r WHERE {{ VALUES ?c {{ {_CLASSES} }} ?e a ?c ; kg:linkRule ?r }}")
    types = {KG_NS + t.value: t for t in EntityType}
    entities = [Entity(iri, types[cls], label, tuple(sorted(aliases.get(iri, ()))),
                       tuple(sorted(documents[d].doc_id for d in mentioned.get(iri, ()) if d in documents)), int(count or 0),
                       tuple(("", rule) for rule in sorted(link_rules.get(iri, ()))))  # RDF names the rules, not each alias
                for iri, cls, label, count in _rows(store, f"""SELECT ?e ?c ?label ?n WHERE {{
                    VALUES ?c {{ {_CLASSES} }} ?e a ?c ; rdfs:label ?label . OPTIONAL {{ ?e kg:mentionCount ?n }} }}""")]

    statuses = _statuses(store)

    def evidence(node: str, doc: str, sentence: str, start: str, end: str, rule: str, confidence: str) -> Evidence:
        return Evidence(documents[doc].doc_id if doc in documents else "", sentence, int(start), int(end), rule, float(confidence),
                        **statuses.get(node, {}))

    fields = "kg:document ?doc ; kg:sentence ?sentence ; kg:startOffset ?start ; kg:endOffset ?end ; kg:rule ?rule ; kg:confidence ?conf"
    found: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    for s, p, o, *ev in _rows(store, f"SELECT ?s ?p ?o ?ev ?doc ?sentence ?start ?end ?rule ?conf WHERE {{ "
                                     f"?s kg:evidence ?ev . ?ev rdf:predicate ?p ; rdf:object ?o ; {fields} }}"):
        found[(s, p, o)].append(evidence(*ev))
    predicates = {KG_NS + p.value: p for p in Predicate}
    # the direct triples, and the facts only ever denied, which have evidence but no direct triple
    keys = set(_rows(store, f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {_RELATIONS} }} ?s ?p ?o }}"))
    keys |= {key for key in found if key[1] in predicates}
    relations = [Relation(s, predicates[p], o, tuple(sorted(found.get((s, p, o), ()), key=evidence_order))) for s, p, o in keys]

    about = _grouped(store, "SELECT ?q ?a WHERE { ?q a kg:Quote ; kg:about ?a }")
    quotes = [Quote(speaker, text, tuple(sorted(about.get(iri, ()))), evidence(iri, *ev))
              for iri, speaker, text, *ev in _rows(store, f"SELECT ?q ?speaker ?text ?doc ?sentence ?start ?end ?rule ?conf "
                                                          f"WHERE {{ ?q a kg:Quote ; kg:speaker ?speaker ; kg:quoteText ?text ; {fields} }}")]
    return Linked(
        documents=tuple(sorted(documents.values(), key=lambda d: d.doc_id)),
        entities=tuple(sorted(entities, key=lambda e: e.entity_id)),
        relations=tuple(sorted(relations, key=lambda r: (r.subject, r.predicate.value, r.object))),
        quotes=tuple(sorted(quotes, key=lambda q: (q.evidence.doc_id, q.evidence.start, q.speaker, q.text))),
        events=_events(store, found),
        measures=_measures(store, found),
    )


_EVENT_ROLES = ("recipient", "investor", "leadInvestor", "acquirer", "acquired")


def _money(store: ox.Store) -> dict[str, Amount]:
    """Every schema:MonetaryAmount node of the graph as an Amount."""
    return {node: Amount(Decimal(value), currency) for node, value, currency in _rows(store, """SELECT ?m ?v ?c WHERE {
        ?m a schema:MonetaryAmount ; schema:value ?v . OPTIONAL { ?m schema:currency ?c } }""")}


def _events(store: ox.Store, found: dict[tuple[str, str, str], list[Evidence]]) -> tuple[Event, ...]:
    """The kg:FundingRound and kg:Acquisition nodes, with their evidence (each reifies ``event a kind``)."""
    money = _money(store)
    kinds = {KG_NS + k.value: k for k in EventKind}
    roles: dict[str, dict[str, str]] = defaultdict(dict)  # event -> entity -> role (a lead investor stays one)
    for event, role, entity in _rows(store, f"""SELECT ?e ?r ?x WHERE {{
            VALUES ?r {{ {' '.join('kg:' + r for r in _EVENT_ROLES)} }} ?e ?r ?x }}"""):
        name = role[len(KG_NS):]
        if roles[event].get(entity) != "leadInvestor":
            roles[event][entity] = name
    out = []
    for event, kind, amount, valuation, name, date, status in _rows(store, """SELECT ?e ?k ?a ?v ?n ?d ?s WHERE {
            VALUES ?k { kg:FundingRound kg:Acquisition } ?e a ?k .
            OPTIONAL { ?e kg:amount ?a } OPTIONAL { ?e kg:valuation ?v } OPTIONAL { ?e kg:roundName ?n }
            OPTIONAL { ?e kg:date ?d } OPTIONAL { ?e kg:status ?s } }"""):
        out.append(Event(event, kinds[kind], tuple(sorted((r, x) for x, r in roles[event].items())),
                         tuple(sorted(found.get((event, _RDF + "type", kind), ()), key=evidence_order)),
                         amount=money.get(amount), valuation=money.get(valuation), round=name, date=date,
                         status=EventStatus(status[len(KG_NS):]) if status else EventStatus.COMPLETED))
    return tuple(sorted(out, key=lambda e: e.event_id))


def _measures(store: ox.Store, found: dict[tuple[str, str, str], list[Evidence]]) -> tuple[Measure, ...]:
    """kg:parameterCount and kg:trainingCost values, with their evidence."""
    money = _money(store)
    out = []
    for subject, prop, value in _rows(store, "SELECT ?s ?p ?v WHERE { VALUES ?p { kg:parameterCount kg:trainingCost } ?s ?p ?v }"):
        name = prop[len(KG_NS):]
        number = money[value] if name == "trainingCost" else int(value)
        out.append(Measure(subject, name, number, tuple(sorted(found.get((subject, prop, value), ()), key=evidence_order))))
    return tuple(sorted(out, key=lambda m: (m.subject, m.property, str(m.value))))
