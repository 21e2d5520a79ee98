"""kg.load and the library API: a graph read back from its export is the graph that was built."""

from __future__ import annotations

import doctest
import importlib
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

import kg
from kg.errors import InputError, KgError
from kg.link import Linked
from kg.model import Document, Entity, EntityType, Evidence, Predicate, Quote, Relation
from kg.vocab import entity_id

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[kg.KnowledgeGraph, Path]:
    """The seeds graph as built in memory, and the folder it was exported to."""
    graph = kg.build([str(ROOT / "seeds")])
    out = tmp_path_factory.mktemp("seeds")
    graph.write(out)
    return graph, out


@pytest.fixture(scope="module")
def seeds_export(built) -> Path:
    return built[1]


def triples(path: Path) -> set:
    return set(Graph().parse(path))


def test_doctests():
    for name in ("kg", "kg.graph", "kg.load"):  # kg.load the module, not the function kg.load
        assert doctest.testmod(importlib.import_module(name)).failed == 0, name


def test_public_api_is_listed_and_documented():
    for name in kg.__all__:
        value = getattr(kg, name)
        if callable(value):
            assert value.__doc__, name
    for name in ("build", "load", "KnowledgeGraph", "QueryResult", "KgError", "QueryError", "ServerError", "push", "serve"):
        assert name in kg.__all__
    assert all(issubclass(getattr(kg, e), KgError) for e in kg.__all__ if e.endswith("Error"))
    assert (Path(kg.__file__).parent / "py.typed").exists()


@pytest.mark.slow
def test_load_gives_back_what_was_built(built):
    graph, out = built
    loaded = kg.load(out)
    assert loaded.entities() == graph.entities()
    assert loaded.relations() == graph.relations()
    assert loaded.quotes() == graph.quotes()
    # RDF keeps no order among a document's schema:author values: they come back sorted; like the text,
    # the furniture offsets into it are not exported
    assert [replace(d, text="", furniture=(), authors=tuple(sorted(d.authors))) for d in graph.documents] == list(loaded.documents)


@pytest.mark.slow
def test_load_round_trips_the_export(seeds_export, tmp_path):
    loaded = kg.load(seeds_export)
    out = tmp_path / "again"
    loaded.write(out)
    assert triples(out / "graph.ttl") == triples(seeds_export / "graph.ttl")
    from_jsonld = kg.load(seeds_export / "graph.jsonld")
    assert from_jsonld.entities() == loaded.entities() and from_jsonld.relations() == loaded.relations()
    assert from_jsonld.quotes() == loaded.quotes()


@pytest.mark.slow
def test_loaded_records_hold_together(seeds_export):
    graph = kg.load(seeds_export / "graph.ttl")
    docs = {d.doc_id for d in graph.documents}
    ids = {e.entity_id for e in graph.entities()}
    assert len(docs) == len(list((ROOT / "seeds").iterdir()))
    assert graph.entities() and graph.relations() and graph.quotes()
    assert all(e.label and e.mentions >= 1 and set(e.documents) <= docs for e in graph.entities())
    for relation in graph.relations():
        assert relation.subject in ids and relation.object in ids
        assert relation.evidence, relation
        assert all(ev.doc_id in docs and ev.sentence and ev.start < ev.end and 0 < ev.confidence <= 1 for ev in relation.evidence)
    assert any(r.predicate is Predicate.FOUNDED for r in graph.relations())
    assert all(q.speaker in ids and q.text and q.evidence.doc_id in docs for q in graph.quotes())


@pytest.mark.slow
def test_library_session(seeds_export, tmp_path):
    graph = kg.load(seeds_export)
    founders = graph.ready("founders")
    assert founders.rows and all(isinstance(row["sentence"], str) for row in founders)
    person = graph.query("SELECT ?p ?t WHERE { ?p a ?t } LIMIT 1", t=URIRef("https://w3id.org/kg-news/ontology#Person"))
    assert len(person) == 1
    network = graph.to_networkx()
    assert isinstance(network, nx.MultiDiGraph)
    assert network.number_of_nodes() == len(graph.entities()) and network.number_of_edges() == len(graph.relations())
    assert len(graph.to_rdf()) == len(triples(seeds_export / "graph.ttl"))
    written = graph.write(tmp_path / "out")
    assert sorted(p.name for p in written) == ["graph.html", "graph.jsonld", "graph.ttl"]


def test_built_graph_query_binds_hostile_names_safely():
    """A name that looks like SPARQL is data: bound as a literal it matches itself and nothing else."""
    doc = Document.from_text("Made-up text.", "a.txt")
    names = ['Acme" } UNION { ?s ?p ?o } #', "<script>alert(1)</script>", "Plain Name"]
    entities = tuple(Entity(entity_id(EntityType.ORGANIZATION, n.lower()), EntityType.ORGANIZATION, n, (), (doc.doc_id,), 1)
                     for n in names)
    person = Entity(entity_id(EntityType.PERSON, "jo bloggs"), EntityType.PERSON, "Jo Bloggs", ("Jo",), (doc.doc_id,), 1)
    evidence = Evidence(doc.doc_id, doc.text, 0, len(doc.text), "made-up", 0.5)
    relations = tuple(Relation(person.entity_id, Predicate.FOUNDED, e.entity_id, (evidence,)) for e in entities)
    graph = kg.KnowledgeGraph(Linked((doc,), (person,) + entities, relations, (Quote(person.entity_id, "Hi", (), evidence),)))
    for name in names:
        rows = graph.ready("founders", org=name.upper()).to_python()
        assert [row["organization"] for row in rows] == [name]
    assert len(graph.ready("founders", person="jo")) == len(names)


def test_load_errors(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        kg.load(tmp_path / "missing")
    with pytest.raises(InputError, match="no graph.ttl"):
        kg.load(tmp_path)
    bad = tmp_path / "graph.ttl"
    bad.write_text('@prefix a: <http://x/> .\na:b a:c "unterminated .\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"graph.ttl: cannot parse: .*line 2"):
        kg.load(tmp_path)
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    with pytest.raises(InputError, match="not a graph file"):
        kg.load(other)


def test_load_reads_n_triples(tmp_path):
    doc = Document.from_text("Made-up text.", "a.txt")
    chip = Entity(entity_id(EntityType.CHIP, "zx-1"), EntityType.CHIP, "ZX-1", ("zx1",), (doc.doc_id,), 2)
    built = kg.KnowledgeGraph(Linked((doc,), (chip,), (), ()))
    path = tmp_path / "graph.nt"
    path.write_bytes(built.to_rdf().serialize(format="nt", encoding="utf-8"))
    loaded = kg.load(path)
    assert loaded.entities() == (chip,)
    assert loaded.documents[0].sha256 == doc.sha256 and loaded.documents[0].text == ""
    assert isinstance(loaded.store(), ox.Store)
