"""kg's own Turtle and JSON-LD writers: what they write, rdflib and pyoxigraph read back as the same triples."""

import random

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.rdf import _WRITTEN_PREFIXES as PREFIXES
from kg.serialize import jsonld, turtle

KG = "https://w3id.org/kg-news/ontology#"
ID = "https://w3id.org/kg-news/id/"
TRICKY = ['He said "no"', "two\nlines\tand a tab", "back\\slash", "bell\x07 and del\x7f", "émigré 北京 💸",
          "ends with a quote\"", "", "<script>alert(1)</script>", "'''", '"""']


def sample_triples():
    person = URIRef(ID + "person/ada")
    org = URIRef(ID + "organization/zorblat-labs")
    out = [(person, RDF.type, URIRef(KG + "Person")), (person, RDF.type, URIRef(KG + "Entity")),
           (person, URIRef(KG + "worksFor"), org), (org, RDF.type, URIRef(KG + "Organization")),
           (org, URIRef(KG + "mentionCount"), Literal(3)), (org, URIRef(KG + "confidence"), Literal("0.85", datatype=XSD.decimal)),
           (org, URIRef(KG + "date"), Literal("2024-05", datatype=XSD.gYearMonth)),
           (org, SKOS.prefLabel, Literal("Zorblat", lang="en")),
           (URIRef(ID + "document/a b"), RDFS.label, Literal("a file name with a space")),  # written percent-encoded
           (org, URIRef("http://example.org/ns/with.dot"), Literal("-7", datatype=XSD.integer))]
    out += [(person, RDFS.comment, Literal(text)) for text in TRICKY]
    return out


def expected(triples):
    fixed = URIRef(ID + "document/a%20b")
    return {(fixed if s == URIRef(ID + "document/a b") else s, p, o) for s, p, o in triples}


@pytest.mark.parametrize("write, fmt", [(turtle, "turtle"), (jsonld, "json-ld")])
def test_rdflib_reads_back_the_same_triples(write, fmt):
    triples = sample_triples()
    assert set(Graph().parse(data=write(triples, PREFIXES).decode("utf-8"), format=fmt)) == expected(triples)


@pytest.mark.parametrize("write, fmt", [(turtle, ox.RdfFormat.TURTLE), (jsonld, ox.RdfFormat.JSON_LD)])
def test_pyoxigraph_reads_back_the_same_triples(write, fmt):
    triples = sample_triples()
    parsed = list(ox.parse(write(triples, PREFIXES), format=fmt))
    comments = sorted(t.object.value for t in parsed if t.predicate.value == str(RDFS.comment))
    assert comments == sorted(TRICKY)
    assert len(parsed) == len(expected(triples))
    assert {t.subject.value for t in parsed} == {str(s) for s, _, _ in expected(triples)}


@pytest.mark.parametrize("write", [turtle, jsonld])
def test_the_same_triples_in_any_order_give_the_same_bytes(write):
    triples = sample_triples()
    shuffled = triples[:]
    random.Random(7).shuffle(shuffled)
    assert write(triples, PREFIXES) == write(shuffled, PREFIXES)


def test_turtle_is_grouped_by_subject_with_the_type_first():
    text = turtle(sample_triples(), PREFIXES).decode("utf-8")
    block = next(b for b in text.split("\n\n") if b.startswith(f"<{ID}person/ada>"))
    assert block.splitlines()[0] == f"<{ID}person/ada> a kg:Entity ,"
    assert "kg:worksFor <https://w3id.org/kg-news/id/organization/zorblat-labs>" in block
    assert "    kg:mentionCount 3 .\n" in text and "    kg:confidence 0.85 ;\n" in text  # numbers bare


def test_no_blank_nodes():
    from rdflib import BNode
    with pytest.raises(TypeError):
        turtle([(BNode(), RDFS.label, Literal("x"))], PREFIXES)
