"""Read an exported graph (graph.ttl, graph.nt or graph.jsonld) back: into a store, or into a KnowledgeGraph.

``GRAPH`` arguments may name the file or the export folder that holds it. Parsing is done by
Oxigraph (pyoxigraph), which is much faster than rdflib on large files; the records (documents,
entities, relations with their evidence, quotes) are rebuilt from the RDF shape kg/rdf.py writes.

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
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .graph import KnowledgeGraph
from .link import Linked
from .model import Document, Entity, EntityType, Evidence, Predicate, Quote, Relation
from .vocab import KG_NS

__all__ = ["load", "graph_file", "open_store", "linked_from_store", "GRAPH_FILES"]

# Files looked for, in this order, when GRAPH is an export folder.
GRAPH_FILES = ("graph.ttl", "graph.nt", "graph.jsonld")
_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
            ".json": ox.RdfFormat.JSON_LD}

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_TYPE = _RDF + "type"


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


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    return term.value


def linked_from_store(store: ox.Store) -> Linked:
    """Rebuild the linked records from every triple in kg's RDF shape held by ``store``."""
    props: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for quad in store.quads_for_pattern(None, None, None, None):
        if isinstance(quad.subject, ox.NamedNode):
            props[quad.subject.value][quad.predicate.value].append(quad.object)

    def one(node: dict[str, list], predicate: str) -> str | None:
        values = node.get(predicate)
        return _value(values[0]) if values else None

    types = {KG_NS + t.value: t for t in EntityType}
    predicates = {KG_NS + p.value: p for p in Predicate}
    documents: dict[str, Document] = {}
    for iri, node in props.items():
        if any(t.value == KG_NS + "Document" for t in node.get(_TYPE, ())):
            sha = one(node, KG_NS + "sha256") or ""
            documents[iri] = Document(sha[:16], one(node, KG_NS + "sourceFile") or "", "", sha,
                                      one(node, "http://purl.org/dc/terms/title"),
                                      tuple(sorted(_value(a) for a in node.get("https://schema.org/author", ()))))

    def evidence(node: dict[str, list]) -> Evidence:
        doc = documents.get(one(node, KG_NS + "document") or "")
        return Evidence(doc.doc_id if doc else "", one(node, KG_NS + "sentence") or "",
                        int(one(node, KG_NS + "startOffset") or 0), int(one(node, KG_NS + "endOffset") or 0),
                        one(node, KG_NS + "rule") or "", float(one(node, KG_NS + "confidence") or 0))

    entities, relations, quotes = [], [], []
    for iri, node in props.items():
        entity_type = next((types[t.value] for t in node.get(_TYPE, ()) if t.value in types), None)
        if entity_type is not None:
            entities.append(Entity(iri, entity_type, one(node, _RDFS + "label") or "",
                                   tuple(sorted(_value(a) for a in node.get(_SKOS + "altLabel", ()))),
                                   tuple(sorted(documents[d.value].doc_id for d in node.get(KG_NS + "mentionedIn", ())
                                                if d.value in documents)),
                                   int(one(node, KG_NS + "mentionCount") or 0)))
            by_statement: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
            for ev in node.get(KG_NS + "evidence", ()):
                ev_node = props.get(ev.value, {})
                key = (one(ev_node, _RDF + "predicate") or "", one(ev_node, _RDF + "object") or "")
                by_statement[key].append(evidence(ev_node))
            for predicate_iri, predicate in predicates.items():
                for obj in node.get(predicate_iri, ()):
                    found = sorted(by_statement.get((predicate_iri, obj.value), ()),
                                   key=lambda e: (e.doc_id, e.start, e.end, e.rule, -e.confidence))
                    relations.append(Relation(iri, predicate, obj.value, tuple(found)))
        elif any(t.value == KG_NS + "Quote" for t in node.get(_TYPE, ())):
            quotes.append(Quote(one(node, KG_NS + "speaker") or "", one(node, KG_NS + "quoteText") or "",
                                tuple(sorted(_value(a) for a in node.get(KG_NS + "about", ()))), evidence(node)))
    return Linked(
        documents=tuple(sorted(documents.values(), key=lambda d: d.doc_id)),
        entities=tuple(sorted(entities, key=lambda e: e.entity_id)),
        relations=tuple(sorted(relations, key=lambda r: (r.subject, r.predicate.value, r.object))),
        quotes=tuple(sorted(quotes, key=lambda q: (q.evidence.doc_id, q.evidence.start, q.speaker, q.text))),
    )
