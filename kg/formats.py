"""Files for other graph tools: GraphML and GEXF (Gephi, Cytoscape, yEd), CSV tables, and Neo4j's import CSV.

Each format is a function from a graph to named file contents; :func:`export` writes them
together (all or none, see :mod:`kg.export`). GraphML and GEXF are written by networkx; every
file is the same bytes for the same graph.

>>> import kg
>>> graph = kg.build_documents([kg.Document.from_text("Nvidia makes the H100 chip.", "a.txt")], nlp=kg.blank_pipeline())
>>> [name for name, _ in FORMATS["csv"](graph)]
['nodes.csv', 'edges.csv', 'evidence.csv']
>>> FORMATS["neo4j"](graph)[0][1].decode().splitlines()[0]
'id:ID,label,type,aliases:string[],mentions:int,documents:int,relations:int,:LABEL'
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .export import write_files
from .model import Predicate
from .tables import ENTITY_COLUMNS, entity_rows, evidence_column_names, relation_rows

if TYPE_CHECKING:
    import networkx as nx

    from .graph import KnowledgeGraph

__all__ = ["FORMATS", "export", "flat_networkx", "NEO4J_IMPORT"]

Files = list[tuple[str, bytes]]
_LIST = "; "  # joins aliases and file names in one GraphML, GEXF or CSV value
_NEO4J_ARRAY = "|"  # Neo4j's array delimiter, given to neo4j-admin (a name with ";" stays whole)
NEO4J_IMPORT = (f"neo4j-admin database import full --nodes=neo4j-nodes.csv --relationships=neo4j-relationships.csv "
                f"--array-delimiter='{_NEO4J_ARRAY}' neo4j")


_EDGE_COLUMNS = ("source", "target", "relation", "evidence", "confidence")


def _relation_summaries(graph: "KnowledgeGraph") -> list[dict[str, Any]]:
    """One row per relation the articles state (the direct triples; not those only denied or
    planned): ends, name, number of evidence sentences, best confidence."""
    return [dict(zip(_EDGE_COLUMNS, (r.subject, r.object, r.predicate.value, len(r.evidence), r.confidence)))
            for r in graph.relations() if r.asserted]


def flat_networkx(graph: "KnowledgeGraph") -> nx.MultiDiGraph:
    """The graph with only plain values as attributes (what GraphML and GEXF can hold).

    Nodes (by IRI): ``label``, ``type``, ``aliases`` and ``documents`` (joined with "; "),
    ``mentions``, ``relations``, ``iri``; edges (keyed ``e0``, ``e1`` … in the graph's order, which
    become the files' edge ids): ``relation``, ``evidence`` (sentences), ``confidence``.
    """
    import networkx as nx  # imported by the formats that need it: the command line starts without it

    flat = nx.MultiDiGraph()
    for row in entity_rows(graph):
        flat.add_node(row["entity"], iri=row["entity"], label=row["label"], type=row["type"],
                      aliases=_LIST.join(row["aliases"]), mentions=row["mentions"],
                      documents=_LIST.join(row["documents"]), relations=row["relations"])
    for k, row in enumerate(_relation_summaries(graph)):
        flat.add_edge(row["source"], row["target"], key=f"e{k}", relation=row["relation"],
                      evidence=row["evidence"], confidence=row["confidence"])
    return flat


def graphml(graph: "KnowledgeGraph") -> Files:
    import networkx as nx

    text = "\n".join(nx.generate_graphml(flat_networkx(graph), named_key_ids=True))
    return [("graph.graphml", (text + "\n").encode("utf-8"))]


def _rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16)}


def gexf(graph: "KnowledgeGraph") -> Files:
    """GEXF 1.2 with the page's colours (viz:color) and the relation as each edge's label and evidence count as weight."""
    from networkx.readwrite.gexf import GEXFWriter

    from .html import PREDICATE_COLOURS, TYPE_COLOURS  # (the page's module loads pyvis: only when it is needed)

    flat = flat_networkx(graph)
    for _, data in flat.nodes(data=True):
        data["viz"] = {"color": {**_rgb(TYPE_COLOURS.get(data["type"], "#999999")), "a": 1.0}}
    for _, _, data in flat.edges(data=True):
        data["label"] = data["relation"]
        data["weight"] = float(data["evidence"])
        data["viz"] = {"color": {**_rgb(PREDICATE_COLOURS.get(data["relation"], "#999999")), "a": 1.0}}
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)  # today's date: the same graph must give the same bytes
    writer.add_graph(flat)
    return [("graph.gexf", (str(writer).rstrip("\n") + "\n").encode("utf-8"))]


def _csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _cell(value: Any, joiner: str = _LIST) -> Any:
    return joiner.join(value) if isinstance(value, tuple) else value


def csv_tables(graph: "KnowledgeGraph") -> Files:
    """``nodes.csv`` (one row per entity), ``edges.csv`` (per relation), ``evidence.csv`` (per sentence behind one)."""
    nodes = entity_rows(graph)
    edges = _relation_summaries(graph)
    evidence = relation_rows(graph)
    evidence_header = ["subject", "subject_label", "relation", "object", "object_label", *evidence_column_names()]
    return [
        ("nodes.csv", _csv(["id", *ENTITY_COLUMNS[1:]], ([_cell(row[c]) for c in ENTITY_COLUMNS] for row in nodes))),
        ("edges.csv", _csv(list(_EDGE_COLUMNS), (list(row.values()) for row in edges))),
        ("evidence.csv", _csv(evidence_header, ([_cell(row[c]) for c in evidence_header] for row in evidence))),
    ]


def neo4j(graph: "KnowledgeGraph") -> Files:
    """The CSV headers of ``neo4j-admin database import``: nodes labelled Entity and their type, relationships
    typed by relation in Neo4j's style (``WORKS_FOR``)."""
    types = {p.value: p.name for p in Predicate}
    nodes = [[row["entity"], row["label"], row["type"], _cell(row["aliases"], _NEO4J_ARRAY), row["mentions"],
              len(row["documents"]), row["relations"], f"Entity;{row['type']}"] for row in entity_rows(graph)]
    edges = [[row["source"], row["target"], types.get(row["relation"], row["relation"]), row["evidence"], row["confidence"]]
             for row in _relation_summaries(graph)]
    return [
        ("neo4j-nodes.csv", _csv(["id:ID", "label", "type", "aliases:string[]", "mentions:int", "documents:int",
                                  "relations:int", ":LABEL"], nodes)),
        ("neo4j-relationships.csv", _csv([":START_ID", ":END_ID", ":TYPE", "evidence:int", "confidence:float"], edges)),
    ]


FORMATS: dict[str, Callable[["KnowledgeGraph"], Files]] = {"graphml": graphml, "gexf": gexf, "csv": csv_tables,
                                                           "neo4j": neo4j}


def export(graph: "KnowledgeGraph", fmt: str, out_dir: str | Path) -> list[Path]:
    """Write ``graph`` in format ``fmt`` (a key of :data:`FORMATS`) into ``out_dir``; return the files' paths."""
    return write_files(Path(out_dir), FORMATS[fmt](graph))
