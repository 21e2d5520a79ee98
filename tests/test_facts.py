"""Facts as news states them, end to end on the articles of our own in conftest.FACT_ARTICLES: one node for a round two articles
report, denied facts kept as evidence only, former roles, sources; the RDF and its datatypes in
rdflib and in Oxigraph; kg.load reading it all back; the ready-made queries over it."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef

import kg
from kg.model import Certainty, EventStatus, Evidence, Polarity, Relation, TimeStatus
from kg.rdf import SCHEMA
from kg.vocab import KG

pytestmark = pytest.mark.slow

ROUND = "https://w3id.org/kg-news/id/event/funding/acme_labs/series_b"  # the round of conftest.FACT_ARTICLES


@pytest.fixture(scope="module")
def graph(facts_graph):
    return facts_graph


@pytest.fixture(scope="module")
def export(facts_export):
    return facts_export


def _label(graph, iri: str) -> str:
    return next(e.label for e in graph.entities() if e.entity_id == iri)


def test_the_same_round_in_two_articles_is_one_event(graph):
    (event,) = [e for e in graph.events() if e.kind.value == "FundingRound"]
    assert event.event_id == ROUND
    assert (event.amount.value, event.amount.currency, event.round) == (Decimal(40_000_000), "USD", "Series B")
    assert {e.doc_id for e in event.evidence} == {d.doc_id for d in graph.documents}
    assert [_label(graph, x) for x in event.role("recipient")] == ["Acme Labs"]
    assert [_label(graph, x) for x in event.role("leadInvestor")] == ["Sequoia Capital"]
    backed = {(_label(graph, r.subject), _label(graph, r.object)) for r in graph.relations() if r.predicate.value == "backedBy"}
    assert ("Acme Labs", "Sequoia Capital") in backed and ("Beta Robotics", "Nvidia") in backed


def test_an_acquisition_with_its_price_date_and_status(graph):
    (event,) = [e for e in graph.events() if e.kind.value == "Acquisition"]
    assert [_label(graph, x) for x in event.role("acquirer")] == ["Nvidia"]
    assert [_label(graph, x) for x in event.role("acquired")] == ["Beta Robotics"]
    assert (event.amount.value, event.date, event.status) == (Decimal(700_000_000), "2021", EventStatus.COMPLETED)


def test_denied_former_and_attributed_facts(graph):
    facts = {(_label(graph, r.subject), r.predicate.value, _label(graph, r.object)): r for r in graph.relations()}
    denied = facts[("GPT-4o", "outperformed", "Claude 3.5 Sonnet")]
    assert not denied.asserted
    assert denied.evidence[0].polarity is Polarity.NEGATIVE and _label(graph, denied.evidence[0].source) == "Reuters"
    former = facts[("Jane Roe", "worksFor", "Microsoft")]
    assert former.asserted and former.former and former.evidence[0].time is TimeStatus.FORMER
    assert not facts[("Jane Roe", "leads", "Acme Labs")].former
    assert graph.summary()["events"] == {"Acquisition": 1, "FundingRound": 1}
    assert "outperformed" not in graph.summary()["relations"]
    assert not any(d.get("predicate") == "outperformed" for _, _, d in graph.to_networkx().edges(data=True))


def test_a_plan_is_a_fact_only_while_firm_and_undenied():
    def relation(*evidence):
        return Relation("s", kg.Predicate.WORKS_FOR, "o", tuple(Evidence("d", "s.", i, i + 2, "r", 0.5, **e) for i, e in enumerate(evidence)))

    assert relation({"time": TimeStatus.FUTURE}).asserted
    assert not relation({"time": TimeStatus.FUTURE, "certainty": Certainty.POSSIBLE}).asserted
    assert not relation({"time": TimeStatus.FUTURE}, {"polarity": Polarity.NEGATIVE}).asserted
    assert relation({}, {"polarity": Polarity.NEGATIVE}).asserted
    assert relation({"time": TimeStatus.FORMER}).former


def test_rdf_has_the_contract_terms_and_datatypes(export):
    rdf = Graph()
    rdf.parse(export / "graph.ttl", format="turtle")
    event = URIRef(ROUND)
    assert (event, RDF.type, KG.FundingRound) in rdf
    assert (event, KG.status, KG.Completed) in rdf and (event, KG.roundName, Literal("Series B")) in rdf
    amount = rdf.value(event, KG.amount)
    assert (amount, RDF.type, SCHEMA.MonetaryAmount) in rdf
    value = rdf.value(amount, SCHEMA.value)
    assert value.datatype == XSD.decimal and value.toPython() == Decimal(40_000_000)
    assert str(rdf.value(amount, SCHEMA.currency)) == "USD"
    lead = rdf.value(event, KG.leadInvestor)
    assert (event, KG.investor, lead) in rdf
    (acquisition,) = rdf.subjects(RDF.type, KG.Acquisition)
    assert rdf.value(acquisition, KG.date).datatype == XSD.gYear
    (count,) = rdf.objects(None, KG.parameterCount)
    assert count.datatype == XSD.integer and count.toPython() == 405_000_000_000
    (denied,) = rdf.subjects(KG.polarity, KG.Negative)
    s, p, o = rdf.value(denied, RDF.subject), rdf.value(denied, RDF.predicate), rdf.value(denied, RDF.object)
    assert p == KG.outperformed and (s, p, o) not in rdf
    assert (None, KG.attributedTo, None) in rdf and (None, KG.timeStatus, KG.Former) in rdf
    for evidence in rdf.objects(event, KG.evidence):  # each reifies the statement that the round happened
        assert rdf.value(evidence, RDF.subject) == event and rdf.value(evidence, RDF.object) == KG.FundingRound


def test_oxigraph_reads_the_same_datatypes(export):
    store = ox.Store()
    store.bulk_load(path=str(export / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    prefixes = {"kg": "https://w3id.org/kg-news/ontology#", "schema": "https://schema.org/"}
    (row,) = list(store.query("SELECT ?v ?c WHERE { ?e a kg:FundingRound ; kg:amount ?a . ?a schema:value ?v ; schema:currency ?c }",
                              prefixes=prefixes))
    assert row["v"].datatype.value.endswith("#decimal") and Decimal(row["v"].value) == 40_000_000 and row["c"].value == "USD"
    (row,) = list(store.query("SELECT ?d WHERE { ?e a kg:Acquisition ; kg:date ?d }", prefixes=prefixes))
    assert row["d"].datatype.value.endswith("#gYear")


def test_load_gives_back_events_measures_and_status(graph, export):
    loaded = kg.load(export)
    assert loaded.events() == graph.events()
    assert loaded.measures() == graph.measures()
    assert {(r.subject, r.predicate, r.object): r.evidence for r in loaded.relations()} == \
        {(r.subject, r.predicate, r.object): r.evidence for r in graph.relations()}


def test_ready_made_queries(export):
    loaded = kg.load(export)
    (funding,) = loaded.ready("funding", org="ACME LABS").to_python()
    assert (funding["recipient"], funding["amount"], funding["currency"], funding["round"]) == ("Acme Labs", 40_000_000, "USD", "Series B")
    assert funding["lead_investors"] == "Sequoia Capital" and funding["articles"].count(".txt") == 2
    assert loaded.ready("funding", org="Nvidia").rows == ()
    (bought,) = loaded.ready("acquisitions", org="nvidia").to_python()
    assert (bought["acquirer"], bought["acquired"], bought["amount"], bought["date"]) == ("Nvidia", "Beta Robotics", 700_000_000, "2021")
    roles = {(r["person_name"], r["role"], r["organization"]): r["status"] for r in loaded.ready("current-roles")}
    assert roles == {("Jane Roe", "leads", "Acme Labs"): "current", ("Jane Roe", "worksFor", "Microsoft"): "former"}
    (claim,) = loaded.ready("claims-by", source="reuters").to_python()
    assert (claim["subject_name"], claim["relation"], claim["object_name"], claim["polarity"]) == \
        ("GPT-4o", "outperformed", "Claude 3.5 Sonnet", "Negative")
    assert [r["status"] for r in loaded.ready("works-for", person="Jane Roe")] == ["former"]
    assert [r["status"] for r in loaded.ready("leaders", org="Acme Labs")] == ["current"]
