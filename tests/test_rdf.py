"""The RDF contract of ../shared/docs/ontology.md, checked on the seeds graph."""

import json

import pyoxigraph
import rdflib
from rdflib import RDF, RDFS
from rdflib.namespace import SKOS

from kg.rdf import serialize_jsonld, serialize_turtle, to_rdf
from kg.vocab import KG, KG_NS

RELATIONS = ["founded", "leads", "worksFor", "developed", "outperformed", "rivals", "trainedOn", "madeBy",
             "backedBy", "quotedOn", "basedIn"]
ENTITY_CLASSES = {KG.Person, KG.Organization, KG.Model, KG.Chip, KG.Place}


def load(path, fmt):
    graph = rdflib.Graph()
    graph.parse(path, format=fmt)
    return graph


def test_turtle_and_jsonld_parse_to_the_same_triples(seeds_exports):
    ttl = load(seeds_exports / "graph.ttl", "turtle")
    jsonld = load(seeds_exports / "graph.jsonld", "json-ld")
    assert len(ttl) > 1000
    assert set(ttl) == set(jsonld)  # no blank nodes: plain set equality


def test_a_second_engine_loads_and_queries_the_export(seeds_exports):
    store = pyoxigraph.Store()
    store.load(path=str(seeds_exports / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    rows = list(store.query(f"PREFIX kg: <{KG_NS}> SELECT (COUNT(*) AS ?n) WHERE {{ ?p kg:founded ?o }}"))
    assert int(rows[0]["n"].value) >= 1


def test_every_entity_has_one_class_a_label_and_its_documents(seeds_exports):
    graph = load(seeds_exports / "graph.ttl", "turtle")
    entities = {s for s, o in graph.subject_objects(RDF.type) if o in ENTITY_CLASSES}
    assert len(entities) > 40
    for entity in entities:
        assert len(set(graph.objects(entity, RDF.type)) & ENTITY_CLASSES) == 1
        assert len(list(graph.objects(entity, RDFS.label))) == 1
        assert list(graph.objects(entity, KG.mentionedIn))


def test_aliases_are_alt_labels(seeds_exports):
    graph = load(seeds_exports / "graph.ttl", "turtle")
    liang = [s for s, o in graph.subject_objects(RDFS.label) if str(o) == "Liang Wenfeng"]
    assert len(liang) == 1
    assert {"Liang", "Liang WenFeng"} <= {str(a) for a in graph.objects(liang[0], SKOS.altLabel)}


def test_relations_use_the_eleven_local_names_between_typed_entities(seeds_exports):
    graph = load(seeds_exports / "graph.ttl", "turtle")
    entities = {s for s, o in graph.subject_objects(RDF.type) if o in ENTITY_CLASSES}
    used = set()
    for name in RELATIONS:
        for s, o in graph.subject_objects(KG[name]):
            assert s in entities and o in entities
            used.add(name)
    assert used == set(RELATIONS)


def test_every_relation_has_evidence_reachable_by_sparql(seeds_exports):
    graph = load(seeds_exports / "graph.ttl", "turtle")
    values = " ".join(f"kg:{name}" for name in RELATIONS)
    missing = graph.query(f"""
        PREFIX kg: <{KG_NS}> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?s ?p ?o WHERE {{
          VALUES ?p {{ {values} }}
          ?s ?p ?o .
          FILTER NOT EXISTS {{
            ?s kg:evidence ?e . ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
               kg:document ?d ; kg:sentence ?sentence ; kg:startOffset ?start ; kg:endOffset ?end ;
               kg:rule ?rule ; kg:confidence ?c .
            ?d a kg:Document ; kg:sourceFile ?file .
          }}
        }}""")
    assert list(missing) == []


def test_which_article_says_who_founded_what(seeds_exports):
    graph = load(seeds_exports / "graph.ttl", "turtle")
    rows = list(graph.query(f"""
        PREFIX kg: <{KG_NS}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?file ?sentence WHERE {{
          ?person rdfs:label ?name . ?org rdfs:label ?orgName .
          ?e rdf:subject ?person ; rdf:predicate kg:founded ; rdf:object ?org ; kg:sentence ?sentence ; kg:document ?d .
          ?d kg:sourceFile ?file .
        }}""", initBindings={"name": rdflib.Literal("Liang Wenfeng"), "orgName": rdflib.Literal("DeepSeek")}))
    assert rows and all("Liang" in str(sentence) for _, sentence in rows)


def test_evidence_offsets_point_at_the_sentence_in_the_document(seeds_graph):
    texts = {d.doc_id: d.text for d in seeds_graph.documents}
    for relation in seeds_graph.relations():
        for ev in relation.evidence:
            assert texts[ev.doc_id][ev.start:ev.end].strip() == ev.sentence


def test_quotes_are_records_with_speaker_text_topic_and_document(seeds_exports):
    graph = load(seeds_exports / "graph.ttl", "turtle")
    quotes = list(graph.subjects(RDF.type, KG.Quote))
    assert len(quotes) > 10
    for quote in quotes:
        assert (graph.value(quote, KG.speaker), RDF.type, KG.Person) in graph
        assert str(graph.value(quote, KG.quoteText))
        assert (graph.value(quote, KG.document), RDF.type, KG.Document) in graph


def test_documents_have_file_hash_and_title_where_given(seeds_exports):
    graph = load(seeds_exports / "graph.ttl", "turtle")
    documents = list(graph.subjects(RDF.type, KG.Document))
    assert len(documents) == 5
    assert all(len(str(graph.value(d, KG.sha256))) == 64 for d in documents)
    titles = [str(t) for d in documents for t in graph.objects(d, rdflib.URIRef("http://purl.org/dc/terms/title"))]
    assert "How China's new AI model DeepSeek is threatening U.S. dominance" in titles
    authors = {str(a) for d in documents for a in graph.objects(d, rdflib.URIRef("https://schema.org/author"))}
    assert authors == {"Jasmine Wu", "Deirdre Bosa"}


def test_ontology_relates_kg_terms_to_standard_vocabularies():
    graph = to_rdf.__globals__["ontology_graph"]()
    schema = rdflib.Namespace("https://schema.org/")
    assert (KG.Person, RDFS.subClassOf, schema.Person) in graph
    for name in RELATIONS:
        assert (KG[name], RDF.type, rdflib.OWL.ObjectProperty) in graph


def test_serialisation_is_byte_identical_for_the_same_graph(seeds_graph):
    first = seeds_graph.to_rdf()
    second = seeds_graph.to_rdf()
    assert serialize_turtle(first) == serialize_turtle(second)
    assert serialize_jsonld(first) == serialize_jsonld(second)
    json.loads(serialize_jsonld(first))


def test_jsonld_of_a_one_subject_graph_has_one_context():
    graph = rdflib.Graph()
    graph.add((rdflib.URIRef("https://w3id.org/kg-news/id/chip/h100"), RDFS.label, rdflib.Literal("H100")))
    document = json.loads(serialize_jsonld(graph))
    assert [list(node) for node in document["@graph"]] == [["@id", "rdfs:label"]]
    reread = rdflib.Graph().parse(data=serialize_jsonld(graph), format="json-ld")
    assert set(reread) == set(graph)
