"""The KnowledgeGraph: linked entities, relations and quotes, with networkx, RDF and file views.

>>> from kg.link import Linked
>>> graph = KnowledgeGraph(Linked((), (), (), ()))
>>> graph.to_networkx().number_of_nodes()
0
>>> graph
KnowledgeGraph: 0 entities, 0 relations, 0 quotes from 0 documents
"""

from __future__ import annotations

import tempfile
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from .link import Linked
from .model import Document, Entity, Event, Measure, Quote, Relation, Skipped

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph

    from .query import QueryResult
    from .tables import Tables

__all__ = ["KnowledgeGraph"]


class KnowledgeGraph:
    """A built graph. RDF, HTML and networkx are views of the same linked records.

    ``skipped`` lists the documents of the build that could not be processed (not in the graph).
    """

    def __init__(self, linked: Linked, skipped: tuple[Skipped, ...] = ()) -> None:
        self.linked = linked
        self.skipped = skipped
        self._store: "pyoxigraph.Store | None" = None

    @property
    def documents(self) -> tuple[Document, ...]:
        return self.linked.documents

    def entities(self) -> tuple[Entity, ...]:
        return self.linked.entities

    def relations(self) -> tuple[Relation, ...]:
        return self.linked.relations

    def quotes(self) -> tuple[Quote, ...]:
        return self.linked.quotes

    def events(self) -> tuple[Event, ...]:
        """Funding rounds and acquisitions, one per event however many articles report it."""
        return self.linked.events

    def measures(self) -> tuple[Measure, ...]:
        """Numbers about entities: parameter counts and training costs of models."""
        return self.linked.measures

    def to_networkx(self) -> nx.MultiDiGraph:
        """Entities as nodes (attributes: type, label, aliases, documents, mentions) and the relations
        the articles state (not those only denied or planned) as keyed edges; ``former`` marks one only
        ever stated as past."""
        import networkx as nx  # here, not at the top: a build never needs it, and it takes a third of a second to import

        graph = nx.MultiDiGraph()
        for e in self.linked.entities:
            graph.add_node(e.entity_id, type=e.type.value, label=e.label, aliases=e.aliases, documents=e.documents, mentions=e.mentions)
        for r in self.linked.relations:
            if r.asserted:
                graph.add_edge(r.subject, r.object, key=r.predicate.value, predicate=r.predicate.value, evidence=r.evidence,
                               confidence=r.confidence, former=r.former)
        return graph

    def to_pandas(self) -> "Tables":
        """pandas DataFrames ``entities``, ``relations`` (one row per piece of evidence) and ``quotes``.

        Needs pandas (``pip install "kg[pandas]"``); see :mod:`kg.tables` for the columns.
        """
        from .tables import to_pandas

        return to_pandas(self)

    def to_rdf(self) -> Graph:
        from .rdf import to_rdf

        return to_rdf(self.linked)

    def summary(self) -> dict[str, dict[str, int] | int]:
        """Counts for the end-of-build summary."""
        by_type: dict[str, int] = {}
        for e in self.linked.entities:
            by_type[e.type.value] = by_type.get(e.type.value, 0) + 1
        by_relation: dict[str, int] = {}
        for r in self.linked.relations:
            if r.asserted:  # the direct triples: denied and only planned facts are evidence only
                by_relation[r.predicate.value] = by_relation.get(r.predicate.value, 0) + 1
        by_event: dict[str, int] = {}
        for event in self.linked.events:
            by_event[event.kind.value] = by_event.get(event.kind.value, 0) + 1
        return {"documents": len(self.linked.documents), "entities": dict(sorted(by_type.items())),
                "relations": dict(sorted(by_relation.items())), "events": dict(sorted(by_event.items())),
                "quotes": len(self.linked.quotes), "skipped": len(self.skipped)}

    def __repr__(self) -> str:
        def count(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        linked = self.linked
        return (f"KnowledgeGraph: {count(len(linked.entities), 'entity', 'entities')}, "
                f"{count(len(linked.relations), 'relation', 'relations')}, {count(len(linked.quotes), 'quote', 'quotes')} "
                f"from {count(len(linked.documents), 'document', 'documents')}")

    def _repr_html_(self) -> str:
        """The interactive page inline in Jupyter, JupyterLab or VS Code: an ``<iframe srcdoc>`` of graph.html."""
        from .html import notebook_frame, render_html

        return notebook_frame(render_html(self))

    def show(self) -> Path:
        """Write the page to a temporary file, open it in the web browser, and return the file's path."""
        from .html import render_html

        with tempfile.NamedTemporaryFile("w", encoding="utf-8", prefix="kg-graph-", suffix=".html", delete=False) as page:
            page.write(render_html(self))
        path = Path(page.name)
        webbrowser.open(path.as_uri())
        return path

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write graph.ttl, graph.jsonld and graph.html into ``out_dir``; return their paths."""
        from .export import write_exports

        return write_exports(self, Path(out_dir))

    # --- querying (an Oxigraph store, built on first use) ---

    def use_store(self, store: "pyoxigraph.Store") -> None:
        """Query ``store`` (which must hold this graph's RDF) instead of building one; kg.load does this."""
        self._store = store

    def store(self) -> "pyoxigraph.Store":
        """The in-memory Oxigraph store the queries run on: the RDF of this graph, loaded once."""
        if self._store is None:
            import pyoxigraph

            store = pyoxigraph.Store()
            store.bulk_load(self.to_rdf().serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
            self._store = store
        return self._store

    def query(self, sparql: str, **bindings: object) -> "QueryResult":
        """Run SPARQL over the graph; keyword arguments are bound to variables as RDF terms.

        A bound variable must appear in the SELECT clause. Common prefixes (kg:, rdfs:, skos: ...) are predeclared.

        >>> import kg
        >>> graph = kg.build_documents([kg.Document.from_text("Nvidia makes the H100 chip.", "a.txt")], nlp=kg.blank_pipeline())
        >>> graph.query("SELECT ?chip ?name WHERE { ?chip a kg:Chip ; rdfs:label ?name }", name="H100").to_python()
        [{'chip': 'https://w3id.org/kg-news/id/chip/h100', 'name': 'H100'}]
        """
        from .query import run

        return run(self.store(), sparql, bindings)

    def ready(self, name: str, /, **params: object) -> "QueryResult":
        """Run the ready-made query ``name`` (see ``kg query --list``) with its parameters.

        >>> from kg.model import Document, Entity, EntityType as T, Evidence, Predicate, Relation
        >>> doc = Document.from_text("Acme makes the X1 chip.", "a.txt")
        >>> acme = Entity("https://example.org/acme", T.ORGANIZATION, "Acme", ("Acme Corp",), (doc.doc_id,), 1)
        >>> x1 = Entity("https://example.org/x1", T.CHIP, "X1", (), (doc.doc_id,), 1)
        >>> made = Relation(x1.entity_id, Predicate.MADE_BY, acme.entity_id, (Evidence(doc.doc_id, doc.text, 0, 23, "example", 0.9),))
        >>> graph = KnowledgeGraph(Linked((doc,), (acme, x1), (made,), ()))
        >>> [(row["entity"], row["connections"]) for row in graph.ready("most-connected")]
        [('Acme', 1), ('X1', 1)]
        >>> [row["relation_name"] for row in graph.ready("sources", object="acme corp")]
        ['madeBy']
        """
        from .query import run_ready

        return run_ready(self.store(), name, params)
