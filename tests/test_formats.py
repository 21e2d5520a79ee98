"""kg export: GraphML, GEXF, CSV and Neo4j files, read back by networkx, python-igraph and the csv module."""

from __future__ import annotations

import csv
import doctest
from pathlib import Path

import igraph
import networkx as nx
import pytest

import kg.formats
from kg.formats import FORMATS, export
from kg.model import Predicate

PAYLOAD = "</node><!-- \"quoted\" & 'single' <script>x</script> ]]>"


def test_doctests():
    assert doctest.testmod(kg.formats).failed == 0


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def hostile(seeds_graph):
    """The seeds graph with one entity's label and aliases made of markup."""
    from dataclasses import replace

    from kg.graph import KnowledgeGraph

    entities = list(seeds_graph.entities())
    entities[0] = replace(entities[0], label=PAYLOAD, aliases=(PAYLOAD + " alias", "a|b;c"))
    return KnowledgeGraph(replace(seeds_graph.linked, entities=tuple(entities)))


def test_graphml_read_back_by_networkx_and_igraph(hostile, tmp_path):
    [path] = export(hostile, "graphml", tmp_path)
    assert path.name == "graph.graphml"
    back = nx.read_graphml(path, force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (len(hostile.entities()), len(hostile.relations()))
    first = hostile.entities()[0]
    assert back.nodes[first.entity_id]["label"] == PAYLOAD
    assert back.nodes[first.entity_id]["aliases"] == f"{PAYLOAD} alias; a|b;c"
    assert back.nodes[first.entity_id]["mentions"] == first.mentions and back.nodes[first.entity_id]["type"] == first.type.value
    relation = hostile.relations()[0]
    data = next(iter(back.get_edge_data(relation.subject, relation.object).values()))
    assert (data["relation"], data["evidence"]) == (relation.predicate.value, len(relation.evidence))
    independent = igraph.Graph.Read_GraphML(str(path))  # igraph's own C reader (libxml2)
    assert (independent.vcount(), independent.ecount()) == (len(hostile.entities()), len(hostile.relations()))
    assert sorted(independent.vs["label"]) == sorted(e.label for e in hostile.entities())
    assert sorted(independent.es["relation"]) == sorted(r.predicate.value for r in hostile.relations())
    assert independent.is_directed()


def test_gexf_read_back_by_networkx_with_colours_and_no_date(hostile, tmp_path):
    [path] = export(hostile, "gexf", tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text
    back = nx.read_gexf(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (len(hostile.entities()), len(hostile.relations()))
    first = hostile.entities()[0]
    assert back.nodes[first.entity_id]["label"] == PAYLOAD
    assert back.nodes[first.entity_id]["viz"]["color"]["r"] == int(kg.html.TYPE_COLOURS[first.type.value][1:3], 16)
    assert {d["label"] for _, _, d in back.edges(data=True)} == {r.predicate.value for r in hostile.relations()}


def test_csv_nodes_edges_and_evidence(hostile, tmp_path):
    paths = export(hostile, "csv", tmp_path)
    assert [p.name for p in paths] == ["nodes.csv", "edges.csv", "evidence.csv"]
    nodes, edges, evidence = (_rows(p) for p in paths)
    assert [n["id"] for n in nodes] == [e.entity_id for e in hostile.entities()]
    assert nodes[0]["label"] == PAYLOAD
    assert [(e["source"], e["relation"], e["target"]) for e in edges] == [
        (r.subject, r.predicate.value, r.object) for r in hostile.relations()]
    assert [int(e["evidence"]) for e in edges] == [len(r.evidence) for r in hostile.relations()]
    assert [row["sentence"] for row in evidence] == [ev.sentence for r in hostile.relations() for ev in r.evidence]
    sources = {d.source for d in hostile.documents}
    assert {row["document"] for row in evidence} <= sources


def test_neo4j_import_headers_and_references(hostile, tmp_path):
    paths = export(hostile, "neo4j", tmp_path)
    assert [p.name for p in paths] == ["neo4j-nodes.csv", "neo4j-relationships.csv"]
    with paths[0].open(encoding="utf-8") as handle:
        assert handle.readline().strip() == "id:ID,label,type,aliases:string[],mentions:int,documents:int,relations:int,:LABEL"
    with paths[1].open(encoding="utf-8") as handle:
        assert handle.readline().strip() == ":START_ID,:END_ID,:TYPE,evidence:int,confidence:float"
    nodes, relationships = _rows(paths[0]), _rows(paths[1])
    ids = {n["id:ID"] for n in nodes}
    assert len(ids) == len(nodes) == len(hostile.entities())
    assert all(n[":LABEL"] == f"Entity;{n['type']}" for n in nodes)
    assert nodes[0]["aliases:string[]"].split("|") == [PAYLOAD + " alias", "a", "b;c"]  # "|" is the array delimiter
    assert len(relationships) == len(hostile.relations())
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in relationships)
    assert {r[":TYPE"] for r in relationships} <= {p.name for p in Predicate}
    assert "WORKS_FOR" in {r[":TYPE"] for r in relationships}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_same_graph_same_bytes(seeds_graph, tmp_path, fmt):
    first = [p.read_bytes() for p in export(seeds_graph, fmt, tmp_path / "a")]
    second = [p.read_bytes() for p in export(seeds_graph, fmt, tmp_path / "b")]
    assert first == second


def test_kg_export_command(kg_cli, seeds_exports, seeds_graph, tmp_path):
    out = tmp_path / "gephi"
    done = kg_cli("export", seeds_exports, "--format", "gexf", "--out", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote: {out / 'graph.gexf'}"
    assert nx.read_gexf(out / "graph.gexf").number_of_nodes() == len(seeds_graph.entities())
    done = kg_cli("export", seeds_exports, "--format", "neo4j", "--out", out)
    assert done.returncode == 0 and "neo4j-admin database import full" in done.stdout
    missing = kg_cli("export", tmp_path / "nothing", "--format", "csv", "--out", out)
    assert missing.returncode == 1 and missing.stderr.strip() == f"kg: error: {tmp_path / 'nothing'}: no such file or folder"
    bad = kg_cli("export", seeds_exports, "--format", "xlsx", "--out", out)
    assert bad.returncode == 2 and "invalid choice: 'xlsx'" in bad.stderr and "Traceback" not in bad.stderr
