"""kg query: SPARQL with bound parameters, the ready-made queries, output formats, the CLI, and the documented queries."""

from __future__ import annotations

import csv
import doctest
import io
import json
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef, Variable

import kg
import kg.query
from kg.cli import main
from kg.errors import QueryError
from kg.load import open_store
from kg.query import QueryResult, ready_queries, ready_query, run, run_ready, to_term

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def seeds_export(tmp_path_factory) -> Path:
    """The seeds graph, built once per session and shared through the session's temp folder."""
    out = tmp_path_factory.getbasetemp() / "seeds-export"
    if not (out / "graph.ttl").exists():
        kg.build([str(ROOT / "seeds")]).write(out)
    return out


@pytest.fixture(scope="module")
def store(seeds_export) -> ox.Store:
    return open_store(seeds_export)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_doctests():
    assert doctest.testmod(kg.query).failed == 0


def test_every_ready_query_is_described_and_runs(store):
    queries = ready_queries()
    assert {"founders", "leaders", "works-for", "outperformed", "rivals", "said-about", "trained-on", "sources",
            "most-connected"} <= {q.name for q in queries}
    for query in queries:
        assert query.description and query.sparql.lstrip().startswith("#")
        for param in query.params:
            assert param.description
            assert f"?{param.name}" in query.sparql
        given = {p.name: "x" for p in query.params if not p.optional}
        result = run_ready(store, query.name, given)
        assert not {p.name for p in query.params} & set(result.variables), "parameter columns are hidden"


def test_founders_with_evidence_by_label_alias_and_any_case(store):
    everything = run_ready(store, "founders")
    assert len(everything) >= 1
    for row in everything:
        assert row["founder"] and row["organization"] and row["sentence"] and row["article"]
    org = everything.to_python()[0]["organization"]
    by_label = run_ready(store, "founders", {"org": org.upper()})
    assert by_label.rows and all(row["organization"] == org for row in by_label)
    aliases = run(store, "SELECT ?alias ?name WHERE { ?o rdfs:label ?name ; skos:altLabel ?alias }", name=org)
    for alias in (row["alias"] for row in aliases):
        assert len(run_ready(store, "founders", {"org": alias.lower()})) == len(by_label)
    assert len(run_ready(store, "founders", {"org": "no such organization anywhere"})) == 0


def test_relations_have_sentence_and_article(store):
    for name in ("leaders", "works-for", "outperformed", "rivals", "trained-on"):
        result = run_ready(store, name)
        assert len(result) >= 1, name
        for row in result:
            assert row["sentence"] and row["article"], name


def test_said_about_sources_and_most_connected(store):
    top = run_ready(store, "most-connected").to_python()
    assert len(top) >= 5
    counts = [row["connections"] for row in top]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    people = run_ready(store, "most-connected", {"type": "person"})
    assert people.rows and {row["kind"] for row in people} == {"Person"}

    quoted = run(store, "SELECT ?name WHERE { ?q a kg:Quote ; kg:about ?e . ?e rdfs:label ?name } LIMIT 1").to_python()[0]["name"]
    said = run_ready(store, "said-about", {"entity": quoted.swapcase()})
    assert said.rows and all(row["speaker"] and row["quote"] for row in said)

    subject = top[0]["entity"]
    sources = run_ready(store, "sources", {"subject": subject})
    assert sources.rows
    assert {row["subject_name"] for row in sources} == {subject}
    assert all(row["file"].endswith((".txt", ".md")) and 0 < row["confidence"] <= 1 for row in sources)
    relation = sources.to_python()[0]["relation_name"]
    narrowed = run_ready(store, "sources", {"subject": subject, "relation": relation.upper()})
    assert narrowed.rows and {row["relation_name"] for row in narrowed} == {relation}


def test_parameters_are_bound_as_terms_never_pasted(store):
    hostile = '" ) || true) } UNION { ?who ?p ?what } #'
    for name in ("founders", "sources", "said-about"):
        param = ready_query(name).params[0].name
        assert len(run_ready(store, name, {param: hostile})) == 0
    result = run(store, 'SELECT ?label ?x WHERE { ?e rdfs:label ?label FILTER(?label = ?x) }', x='x" } ?a ?b ?c {')
    assert len(result) == 0
    with pytest.raises(QueryError, match="not a valid IRI"):
        to_term(URIRef("https://example.org/a b"))


def test_bindings_of_every_kind(store):
    one = run(store, "SELECT ?n ?t WHERE { ?e kg:mentionCount ?n ; a ?t } LIMIT 1").rows[0]
    count, entity_type = int(one[0].value), one[1].value
    found = run(store, "SELECT ?e ?n ?t WHERE { ?e kg:mentionCount ?n ; a ?t }", n=count, t=ox.NamedNode(entity_type))
    assert found.rows
    same = run(store, "SELECT ?e ?n ?t WHERE { ?e kg:mentionCount ?n ; a ?t }", n=Literal(count), t=URIRef(entity_type))
    assert len(same) == len(found)
    with pytest.raises(QueryError, match="cannot bind"):
        run(store, "SELECT ?x WHERE { ?x ?p ?o }", x=object())


def test_errors_are_query_errors(store):
    with pytest.raises(QueryError, match=r"^SPARQL syntax error at [34]:\d+: expected "):
        run(store, "SELECT ?x\nWHERE {\n  ?x ?y ?z FILTER(?x = )\n}")
    with pytest.raises(QueryError, match="SELECT"):
        run(store, "SELECT ?e WHERE { ?e rdfs:label ?name }", name="x")
    with pytest.raises(QueryError, match="no parameter 'nope'"):
        run_ready(store, "founders", {"nope": "x"})
    with pytest.raises(QueryError, match="needs a value for its parameter 'entity'"):
        run_ready(store, "said-about")
    with pytest.raises(QueryError, match="no ready-made query"):
        ready_query("nope")
    with pytest.raises(QueryError, match="unknown format"):
        run_ready(store, "founders").format("xml")


def test_formats(store):
    result = run_ready(store, "leaders")
    rows = list(csv.reader(io.StringIO(result.format("csv"))))
    assert rows[0] == list(result.variables) and len(rows) == len(result) + 1
    tsv = result.format("tsv").splitlines()
    assert tsv[0] == "\t".join(f"?{v}" for v in result.variables) and len(tsv) == len(result) + 1
    assert all(line.count("\t") == len(result.variables) - 1 for line in tsv)
    data = json.loads(result.format("json"))
    assert data["head"]["vars"] == list(result.variables)
    assert len(data["results"]["bindings"]) == len(result)
    assert data["results"]["bindings"][0]["sentence"]["type"] == "literal"
    table = result.format("table").splitlines()
    assert table[0].split() == list(result.variables)
    assert set(table[1].replace(" ", "")) == {"-"} and table[-1] == f"({len(result)} rows)"
    starts = [m.start() for m in re.finditer(r"-+", table[1])]
    assert [table[0].index(v) for v in result.variables] == starts
    ask = run(store, "ASK { ?x a kg:Person }")
    assert ask.boolean is True and ask.format("table") == "yes\n" and json.loads(ask.format("json"))["boolean"] is True
    construct = run(store, "CONSTRUCT { ?x a kg:Person } WHERE { ?x a kg:Person }")
    assert construct.variables == ("subject", "predicate", "object") and construct.rows
    assert isinstance(QueryResult((), ()).format("csv"), str)


def test_cli_query(seeds_export, tmp_path):
    code, out, err = cli("query", "--list")
    assert code == 0 and all(f"{q.name}:" in out for q in ready_queries())

    code, out, err = cli("query", str(seeds_export), "--name", "founders", "--format", "json")
    assert code == 0, err
    org = json.loads(out)["results"]["bindings"][0]["organization"]["value"]
    code, out, err = cli("query", str(seeds_export), "--name", "founders", "--param", f"org={org.lower()}", "--format", "csv")
    assert code == 0 and out.startswith("founder,organization,status,sentence,article\n") and org in out

    query = tmp_path / "q.rq"
    query.write_text("SELECT ?name WHERE { ?c a kg:Chip ; rdfs:label ?name } ORDER BY ?name", encoding="utf-8")
    code, out, err = cli("query", str(seeds_export / "graph.jsonld"), "--file", str(query), "--format", "tsv")
    assert code == 0 and out.splitlines()[0] == "?name" and len(out.splitlines()) > 1

    code, out, err = cli("query", str(seeds_export), "SELECT ?name ?t WHERE { ?c a ?t ; rdfs:label ?name }",
                         "--format", "csv", "--param", "t=<https://w3id.org/kg-news/ontology#Chip>")
    assert code == 0 and out.splitlines()[1:] and all(line.endswith(",https://w3id.org/kg-news/ontology#Chip")
                                                       for line in out.splitlines()[1:])

    code, out, err = cli("query", str(seeds_export), "SELECT ?x WHERE { ?x a kg:Person . FILTER(?x = ) }")
    assert code == 1 and out == ""
    assert re.fullmatch(r"kg: error: SPARQL syntax error at 1:\d+: [^\n]+\n", err)

    for argv, message in [(("query", str(seeds_export)), "exactly one of"),
                          (("query", str(tmp_path / "missing"), "ASK {}"), "no such file or folder"),
                          (("query", str(tmp_path), "ASK {}"), "no graph.ttl"),
                          (("query", str(seeds_export), "--name", "founders", "--param", "org"), "NAME=VALUE"),
                          (("query", str(seeds_export), "--file", str(tmp_path / "none.rq")), "cannot read")]:
        code, out, err = cli(*argv)
        assert code == 1 and err.startswith("kg: error: ") and message in err and err.count("\n") == 1, (argv, err)


def test_kg_query_command_end_to_end(seeds_export):
    done = subprocess.run([sys.executable, "-m", "kg", "query", str(seeds_export), "--name", "most-connected"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[:3] == ["entity", "kind", "connections"]


def _documented_queries() -> list[str]:
    text = (ROOT / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    return re.findall(r"```sparql\n(.*?)```", text, flags=re.S)


def test_every_documented_query_runs_on_both_engines(seeds_export, facts_export):
    """On the seeds and, for funding, acquisitions and models' sizes, the funding news of conftest."""
    queries = _documented_queries()
    assert len(queries) >= 8
    store = ox.Store()
    graph = Graph()
    for export in (seeds_export, facts_export):
        store.bulk_load(path=str(export / "graph.ttl"), format=ox.RdfFormat.TURTLE)
        graph.parse(export / "graph.ttl", format="turtle")
    for text in queries:
        answer = store.query(text)  # no predeclared prefixes: the docs must run on any engine
        other = graph.query(text)
        if isinstance(answer, ox.QueryBoolean):
            assert bool(answer) is True and other.askAnswer is True, text
        else:
            rows = list(answer)
            assert rows, f"documented query returned nothing:\n{text}"
            assert len(rows) == len(list(other)), text


def test_ready_queries_agree_with_rdflib(seeds_export, store):
    graph = Graph().parse(seeds_export / "graph.ttl", format="turtle")
    for query in ready_queries():
        if query.name == "most-connected":
            continue  # rdflib's VALUES + UNION join takes seconds here; the benchmark covers it
        values = query.bindings({p.name: "x" for p in query.params if not p.optional})
        expected = list(graph.query(query.sparql, initBindings={Variable(k): Literal(v) for k, v in values.items()}))
        assert len(run_ready(store, query.name, {k: v for k, v in values.items() if v})) == len(expected), query.name
