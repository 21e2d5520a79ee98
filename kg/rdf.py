"""RDF views of the graph: rdflib Graph, Turtle and JSON-LD, written byte-for-byte deterministic.

Evidence uses standard RDF reification: each relation triple ``s p o`` has one or more
``kg:Evidence`` nodes (``rdf:Statement``) with ``rdf:subject/predicate/object``, the document,
the sentence, character offsets, the rule and a confidence, linked from ``s`` by ``kg:evidence``,
and how the sentence states it where that is not a plain current fact (``kg:polarity``,
``kg:certainty``, ``kg:timeStatus``, ``kg:attributedTo``, ``kg:date``). The direct triple is written
only when some evidence states the fact rather than denies it.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from importlib import resources

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from .link import Linked
from .serialize import Grouped, jsonld, turtle
from .model import Amount, Certainty, Event, Evidence, Measure, Polarity, TimeStatus
from .vocab import KG, KG_NS, document_id, evidence_id, iri, quote_id

__all__ = ["to_rdf", "ontology_graph", "serialize_turtle", "serialize_jsonld", "date_literal", "decimal_literal", "SCHEMA"]

SCHEMA = Namespace("https://schema.org/")
PREFIXES = {"kg": KG_NS, "kgid": "https://w3id.org/kg-news/id/", "schema": str(SCHEMA), "skos": str(SKOS),
            "prov": str(PROV), "dcterms": str(DCTERMS), "owl": str(OWL), "rdfs": str(RDFS), "xsd": str(XSD)}


_WRITTEN_PREFIXES = {**PREFIXES, "rdf": str(RDF)}  # the exports also abbreviate rdf: (reification)


def _bind(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def ontology_graph() -> Graph:
    """The kg ontology shipped in ``kg/data/ontology.ttl``."""
    graph = Graph()
    graph.parse(data=resources.files("kg").joinpath("data").joinpath("ontology.ttl").read_text(encoding="utf-8"), format="turtle")
    return graph


@lru_cache(maxsize=1)
def _ontology_triples() -> frozenset:
    return frozenset(ontology_graph())


def to_rdf(linked: Linked, include_ontology: bool = True) -> Graph:
    """Every document, entity, relation (with its evidence) and quote as an rdflib Graph."""
    graph = _bind(Graph())
    for triple in rdf_triples(linked, include_ontology):
        graph.add(triple)
    return graph


def rdf_triples(linked: Linked, include_ontology: bool = True) -> set[tuple]:
    """The triples of :func:`to_rdf` as a set (what the exports are written from: no Graph to fill)."""
    graph: set[tuple] = set()  # the helpers below call graph.add, as on an rdflib Graph
    if include_ontology:
        graph.update(_ontology_triples())
    docs = {}
    for d in linked.documents:
        node = URIRef(document_id(d.sha256))
        docs[d.doc_id] = node
        graph.add((node, RDF.type, KG.Document))
        graph.add((node, KG.sourceFile, Literal(d.source)))
        graph.add((node, KG.sha256, Literal(d.sha256)))
        graph.add((node, RDFS.label, Literal(d.title or d.source)))
        if d.title:
            graph.add((node, DCTERMS.title, Literal(d.title)))
            graph.add((node, SCHEMA.headline, Literal(d.title)))
        for author in d.authors:
            graph.add((node, SCHEMA.author, Literal(author)))
    for e in linked.entities:
        node = URIRef(e.entity_id)
        graph.add((node, RDF.type, KG[e.type.value]))
        graph.add((node, RDFS.label, Literal(e.label)))
        graph.add((node, SKOS.prefLabel, Literal(e.label)))
        for alias in e.aliases:
            graph.add((node, SKOS.altLabel, Literal(alias)))
        for doc_id in e.documents:
            graph.add((node, KG.mentionedIn, docs[doc_id]))
        graph.add((node, KG.mentionCount, Literal(e.mentions, datatype=XSD.integer)))
        for rule in sorted({rule for _, rule in e.link_rules}):
            graph.add((node, KG.linkRule, Literal(rule)))
    for r in linked.relations:
        s, p, o = URIRef(r.subject), KG[r.predicate.value], URIRef(r.object)
        if r.asserted:  # a fact only ever denied stays as its evidence, without the direct triple
            graph.add((s, p, o))
        for ev in r.evidence:
            _add_statement(graph, s, p, o, ev, docs)
    for event in linked.events:
        _add_event(graph, event, docs)
    for measure in linked.measures:
        _add_measure(graph, measure, docs)
    for q in linked.quotes:
        node = URIRef(quote_id(q.speaker, q.text, q.evidence.doc_id, q.evidence.start))
        graph.add((node, RDF.type, KG.Quote))
        graph.add((node, KG.speaker, URIRef(q.speaker)))
        graph.add((node, KG.quoteText, Literal(q.text)))
        for about in q.about:
            graph.add((node, KG.about, URIRef(about)))
        _add_evidence(graph, node, q.evidence, docs)
    return graph


def _add_event(graph: set, event: Event, docs) -> None:
    """A kg:FundingRound or kg:Acquisition node with its roles, amounts, round, status and date;
    each evidence record reifies the statement that the event happened (``event a kg:FundingRound``)."""
    node, kind = URIRef(event.event_id), KG[event.kind.value]
    graph.add((node, RDF.type, kind))
    for role, entity in event.roles:
        graph.add((node, KG[role], URIRef(entity)))
        if role == "leadInvestor":  # a lead investor is an investor too
            graph.add((node, KG.investor, URIRef(entity)))
    for prop, amount in (("amount", event.amount), ("valuation", event.valuation)):
        if amount is not None:
            graph.add((node, KG[prop], _money(graph, f"{event.event_id}/{prop}", amount)))
    if event.round:
        graph.add((node, KG.roundName, Literal(event.round)))
    if event.date:
        graph.add((node, KG.date, date_literal(event.date)))
    graph.add((node, KG.status, KG[event.status.value]))
    for ev in event.evidence:
        _add_statement(graph, node, RDF.type, kind, ev, docs)


def _add_measure(graph: set, measure: Measure, docs) -> None:
    """``kg:parameterCount`` (an integer) or ``kg:trainingCost`` (a schema:MonetaryAmount) on an entity, with evidence."""
    subject = URIRef(measure.subject)
    if isinstance(measure.value, Amount):
        value = _money(graph, iri("amount", f"{measure.subject} {measure.property} {measure.value.currency} {measure.value.value}"),
                       measure.value)
    else:
        value = Literal(measure.value, datatype=XSD.integer)
    graph.add((subject, KG[measure.property], value))
    for ev in measure.evidence:
        _add_statement(graph, subject, KG[measure.property], value, ev, docs)


def _money(graph: set, name: str, amount: Amount) -> URIRef:
    """A schema:MonetaryAmount node: the value in units (xsd:decimal) and the ISO 4217 currency."""
    node = URIRef(name)
    graph.add((node, RDF.type, SCHEMA.MonetaryAmount))
    graph.add((node, SCHEMA.value, decimal_literal(amount.value)))
    if amount.currency:
        graph.add((node, SCHEMA.currency, Literal(amount.currency)))
    return node


def _add_statement(graph: set, s: URIRef, p: URIRef, o, ev: Evidence, docs) -> None:
    """An evidence record for ``s p o`` (standard reification), linked from ``s`` by kg:evidence."""
    status = (f"{prop}={value}" for prop, value in _status_terms(ev))
    node = URIRef(evidence_id(str(s), str(p).removeprefix(KG_NS), str(o), ev.doc_id, ev.start, ev.end, ev.rule, *status))
    graph.add((s, KG.evidence, node))
    graph.add((node, RDF.type, KG.Evidence))
    graph.add((node, RDF.type, RDF.Statement))
    graph.add((node, RDF.subject, s))
    graph.add((node, RDF.predicate, p))
    graph.add((node, RDF.object, o))
    _add_evidence(graph, node, ev, docs)


def _add_evidence(graph: set, node: URIRef, ev, docs) -> None:
    graph.add((node, KG.document, docs[ev.doc_id]))
    graph.add((node, PROV.wasDerivedFrom, docs[ev.doc_id]))
    graph.add((node, KG.sentence, Literal(ev.sentence)))
    graph.add((node, KG.startOffset, Literal(ev.start, datatype=XSD.integer)))
    graph.add((node, KG.endOffset, Literal(ev.end, datatype=XSD.integer)))
    graph.add((node, KG.rule, Literal(ev.rule)))
    graph.add((node, KG.confidence, Literal(Decimal(str(ev.confidence)), datatype=XSD.decimal)))
    for prop, value in _status_terms(ev):
        graph.add((node, KG[prop], value))


def _status_terms(ev: Evidence) -> list[tuple[str, URIRef | Literal]]:
    """How the evidence states its fact, where it differs from the defaults (Positive, Certain,
    Current): polarity, certainty, time, source, date and chip count, as RDF terms."""
    out: list[tuple[str, URIRef | Literal]] = []
    for prop, value, default in (("polarity", ev.polarity, Polarity.POSITIVE), ("certainty", ev.certainty, Certainty.CERTAIN),
                                 ("timeStatus", ev.time, TimeStatus.CURRENT)):
        if value is not default:
            out.append((prop, KG[value.value]))
    if ev.source:
        out.append(("attributedTo", URIRef(ev.source)))
    if ev.date:
        out.append(("date", date_literal(ev.date)))
    if ev.chip_count is not None:
        out.append(("chipCount", Literal(ev.chip_count, datatype=XSD.integer)))
    return out


def decimal_literal(value: Decimal) -> Literal:
    """An xsd:decimal in its canonical lexical form, which every serialisation writes alike.

    >>> [str(decimal_literal(Decimal(v))) for v in ("385000000", "6.60", "2.5E+9")]
    ['385000000.0', '6.6', '2500000000.0']
    """
    text = f"{value.normalize():f}"
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def date_literal(iso: str) -> Literal:
    """An ISO date as the XSD type its precision calls for.

    >>> [str(date_literal(d).datatype).split("#")[1] for d in ("2019", "2019-03", "2019-03-05")]
    ['gYear', 'gYearMonth', 'date']
    """
    datatype = {1: XSD.gYear, 2: XSD.gYearMonth}.get(len(iso.split("-")), XSD.date)
    return Literal(iso, datatype=datatype)


def serialize_turtle(graph: Graph | set | Grouped) -> bytes:
    """Turtle, subjects and predicates sorted (see :mod:`kg.serialize`)."""
    return turtle(graph, _WRITTEN_PREFIXES)


def serialize_jsonld(graph: Graph | set | Grouped) -> bytes:
    """JSON-LD with a compact context, nodes sorted by ``@id`` and keys sorted, so output is stable."""
    return jsonld(graph, _WRITTEN_PREFIXES)
