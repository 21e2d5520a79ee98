"""IRI minting: whatever the name, kg.vocab.entity_id gives a valid absolute IRI, one per key."""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from kg.model import EntityType
from kg.vocab import ID_BASE, KG, entity_id

IRI = re.compile(r"https://w3id\.org/kg-news/id/(person|organization|model|chip|place)/[A-Za-z0-9._~%-]+")
NASTY = ["<script>", "a>b", 'say "hi"', "it's", "{x}", "a|b", "x^y", "`rm`", "back\\slash", "two\nlines", "]]>",
         "\u202eevil\u202c", "Nv\u0456dia", "\uff2e\uff56\uff49\uff44\uff49\uff41", "a\u200fb", "#frag", "?q=1", "../..", ".", "..",
         "%2F", "a b", "a_b", "_", "", " ", "x" * 5000, "\x00\x01\x7f", "\U0001f600", "e\u0301"]
names = st.one_of(st.sampled_from(NASTY), st.text(st.characters(exclude_categories=["Cs"]), max_size=300))
types = st.sampled_from(list(EntityType))


def accepted(iri: str) -> bool:
    """rdflib and pyoxigraph both read a triple with this IRI as subject back from N-Triples."""
    graph = Graph()
    graph.add((URIRef(iri), KG.mentionCount, Literal(1)))
    again = Graph().parse(data=graph.serialize(format="nt"), format="nt")
    quads = list(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))
    return {str(s) for s, _, _ in again} == {iri} and [q.subject.value for q in quads] == [iri]


@settings(max_examples=300, deadline=None)
@given(types, names)
def test_entity_id_is_always_a_valid_absolute_iri(entity_type, name):
    iri = entity_id(entity_type, name)
    assert IRI.fullmatch(iri), iri
    assert iri.startswith(f"{ID_BASE}{entity_type.value.lower()}/")
    assert len(iri) <= len(ID_BASE) + len("organization/") + 120 * 12 + len("~") + 12  # 120 characters of 4 bytes, then a hash
    ox.NamedNode(iri)  # raises on an invalid IRI
    assert accepted(iri)


def key_of(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip()


@settings(max_examples=300, deadline=None)
@given(types, names, names)
def test_distinct_keys_give_distinct_iris(entity_type, a, b):
    if key_of(a) != key_of(b):
        assert entity_id(entity_type, a) != entity_id(entity_type, b)
    else:
        assert entity_id(entity_type, a) == entity_id(entity_type, b)


def test_same_name_of_different_types_differs():
    assert len({entity_id(t, "Mistral") for t in EntityType}) == len(EntityType)


def test_nasty_names():
    assert entity_id(EntityType.ORGANIZATION, "a b") != entity_id(EntityType.ORGANIZATION, "a_b")
    assert entity_id(EntityType.MODEL, "../..").endswith("/model/..%2F..")
    assert entity_id(EntityType.MODEL, "..").endswith("/model/%2E%2E")
    assert entity_id(EntityType.PERSON, "\u202eevil").endswith("/person/%E2%80%AEevil")
    long_a, long_b = "x" * 5000, "x" * 4999 + "y"
    assert entity_id(EntityType.PERSON, long_a) != entity_id(EntityType.PERSON, long_b)
    assert len(entity_id(EntityType.PERSON, long_a)) < 200
