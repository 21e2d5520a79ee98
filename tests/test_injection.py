"""Nothing injected: hostile names, quotes, titles and file names give valid IRIs, Turtle and JSON-LD
that round-trip through rdflib and pyoxigraph, and inert HTML."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import XSD, BNode, Graph, Literal, URIRef

import kg
from kg.link import Linked
from kg.model import Document, Entity, EntityType, Evidence, Predicate, Quote, Relation
from kg.rdf import serialize_jsonld, serialize_turtle, to_rdf
from kg.vocab import entity_id

NASTY = ["<script>alert(1)</script>", "</script><script>alert(2)</script>", "a>b<c", 'say "hi"', "it's", "{{x}}", "a|b",
         "x^y", "`rm -rf`", "back\\slash\\", "two\nlines\r\n", "]]>", "<![CDATA[x]]>", "\u202eevil\u202c", "Nv\u0456dia",
         "\uff2e\uff56\uff49\uff44\uff49\uff41", "a\u200fb\u200e", "#frag", "?q=1&x=2", "../..", "%2F%00", "\"\"\"", "'''",
         "@prefix x: <http://evil/> .", "} ; DROP ALL", "\\u0022", "\\\"", "x" * 3000, "\U0001f600", "e\u0301", "\t",
         "\x01\x1f\x7f", "\ufffd", "<!--", "-->", "&amp;", "&lt;script&gt;", "javascript:alert(3)"]
# Never empty: rdflib's JSON-LD serialiser drops an empty literal that shares its predicate with
# another value (``if value:`` in ``add_to_node``), and kg never mints empty names, quotes or sentences.
text = st.one_of(st.sampled_from(NASTY), st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=80))


@st.composite
def linked_corpora(draw) -> Linked:
    """A linked corpus whose every string comes from hostile text."""
    documents = []
    for i in range(draw(st.integers(1, 3))):
        body = draw(text) + f" {i}"
        documents.append(Document.from_text(body, source=draw(text) + ".txt", title=draw(st.none() | text),
                                            authors=tuple(draw(st.lists(text, max_size=2)))))
    doc_ids = [d.doc_id for d in documents]
    entities: dict[str, Entity] = {}
    for _ in range(draw(st.integers(2, 5))):
        entity_type, key = draw(st.sampled_from(list(EntityType))), draw(text)
        iri = entity_id(entity_type, key)
        entities[iri] = Entity(iri, entity_type, draw(text), tuple(sorted(set(draw(st.lists(text, max_size=3))))),
                               tuple(sorted(set(draw(st.lists(st.sampled_from(doc_ids), min_size=1, max_size=2))))), draw(st.integers(1, 9)))
    ids = sorted(entities)

    def evidence() -> Evidence:
        start = draw(st.integers(0, 10_000))
        return Evidence(draw(st.sampled_from(doc_ids)), draw(text), start, start + draw(st.integers(0, 500)), draw(text),
                        draw(st.sampled_from([0.3, 0.5, 0.55, 0.8, 1.0])))

    relations = {}
    for _ in range(draw(st.integers(0, 4))):
        s, o = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        relations[(s, o)] = Relation(s, draw(st.sampled_from(list(Predicate))), o, (evidence(),))
    quotes = tuple(Quote(draw(st.sampled_from(ids)), draw(text), tuple(draw(st.lists(st.sampled_from(ids), max_size=2))), evidence())
                   for _ in range(draw(st.integers(0, 2))))
    return Linked(tuple(documents), tuple(entities[i] for i in ids), tuple(relations.values()), quotes)


def ox_term(term):
    """An rdflib term as a pyoxigraph term (no serialiser in between)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    assert not isinstance(term, BNode), "kg mints no blank nodes"
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


def as_ox(graph: Graph) -> set:
    return {ox.Triple(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in graph}


def parsed_by_oxigraph(data: bytes, fmt) -> set:
    return {q.triple for q in ox.parse(data, format=fmt)}


def assert_round_trips(graph: Graph) -> None:
    expected = as_ox(graph)
    turtle, jsonld = serialize_turtle(graph), serialize_jsonld(graph)
    assert parsed_by_oxigraph(turtle, ox.RdfFormat.TURTLE) == expected
    assert parsed_by_oxigraph(jsonld, ox.RdfFormat.JSON_LD) == expected
    assert as_ox(Graph().parse(data=turtle.decode("utf-8"), format="turtle")) == expected
    assert as_ox(Graph().parse(data=jsonld.decode("utf-8"), format="json-ld")) == expected
    json.loads(jsonld)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(linked_corpora())
def test_hostile_strings_round_trip_through_turtle_and_jsonld(linked):
    graph = to_rdf(linked, include_ontology=False)
    assert len(graph) > 0
    assert_round_trips(graph)


@settings(max_examples=200, deadline=None)
@given(text)
def test_any_literal_round_trips(value):
    graph = Graph()
    node = URIRef(entity_id(EntityType.PERSON, value))
    graph.add((node, URIRef("https://w3id.org/kg-news/ontology#quoteText"), Literal(value)))
    graph.add((node, URIRef("https://w3id.org/kg-news/ontology#confidence"), Literal(Decimal("0.5"), datatype=XSD.decimal)))
    assert_round_trips(graph)


HOSTILE_ARTICLE = """# Nvidia & "DeepSeek" </script><script>alert('title')</script>

By Ann <b>Lee</b>

Nvidia CEO Jensen Huang said: "The </script><script>alert(1)</script> ]]> {{ x }} | ^ ` \\\\ chip is <img src=x onerror=alert(2)> great."

DeepSeek trained its R1 model on Nvidia H800 chips\u202e, said Liang Wenfeng, the founder of DeepSeek.
Nv\u0456dia and \uff2e\uff56\uff49\uff44\uff49\uff41 are not Nvidia. OpenAI developed GPT-4o <script>.
"""


@pytest.fixture(scope="module")
def hostile_exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "in" / "a\"b<c>'d {x} |^`\\ \u202eevil.txt"
    source.parent.mkdir()
    source.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    graph = kg.build_documents(kg.ingest.read_documents([source.parent]), nlp=kg.load_pipeline())
    out = folder / "out"
    graph.write(out)
    return graph, out


def test_hostile_article_gives_valid_rdf(hostile_exports):
    graph, out = hostile_exports
    assert graph.entities() and graph.documents[0].source.startswith('a"b<c>')
    assert any("</script><script>alert(1)" in q.text for q in graph.quotes())
    assert "</script><script>alert('title')" in graph.documents[0].title
    ttl, jsonld = (out / "graph.ttl").read_bytes(), (out / "graph.jsonld").read_bytes()
    from_ttl = parsed_by_oxigraph(ttl, ox.RdfFormat.TURTLE)
    assert from_ttl == parsed_by_oxigraph(jsonld, ox.RdfFormat.JSON_LD)
    assert as_ox(Graph().parse(data=ttl.decode("utf-8"), format="turtle")) == from_ttl
    assert as_ox(graph.to_rdf()) == from_ttl
    for entity in graph.entities():
        ox.NamedNode(entity.entity_id)


def test_hostile_article_gives_inert_html(hostile_exports):
    _, out = hostile_exports
    page = (out / "graph.html").read_text(encoding="utf-8").lower()
    for payload in ("<script>alert", "</script><script>", "<img src=x", "<b>lee</b>"):
        assert payload not in page
    # every script element the page has is the page's own, none opened by article text
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert all("alert" not in s for s in scripts)
