"""kg serve and kg push against real Oxigraph servers started on free loopback ports (on a small made-up graph)."""

from __future__ import annotations

import doctest
import importlib
import io
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg.cli import main
from kg.errors import ServerError
from kg.link import Linked
from kg.model import Document, Entity, EntityType, Evidence, Predicate, Quote, Relation
from kg.push import DEFAULT_GRAPH
from kg.serve import oxigraph_command
from kg.vocab import entity_id

KG = "https://w3id.org/kg-news/ontology#"


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    """A small made-up graph (no spaCy needed), exported by KnowledgeGraph.write like any build."""
    doc = Document.from_text("Made-up text about Acme and its X1 chip.", "a.txt", title="A made-up story")
    ada = Entity(entity_id(EntityType.PERSON, "ada example"), EntityType.PERSON, "Ada Example", ("Ada",), (doc.doc_id,), 2)
    acme = Entity(entity_id(EntityType.ORGANIZATION, "acme"), EntityType.ORGANIZATION, "Acme", (), (doc.doc_id,), 3)
    x1 = Entity(entity_id(EntityType.CHIP, "x1"), EntityType.CHIP, "X1", (), (doc.doc_id,), 1)
    evidence = Evidence(doc.doc_id, doc.text, 0, len(doc.text), "made-up", 0.5)
    relations = (Relation(ada.entity_id, Predicate.FOUNDED, acme.entity_id, (evidence,)),
                 Relation(x1.entity_id, Predicate.MADE_BY, acme.entity_id, (evidence,)))
    quotes = (Quote(ada.entity_id, "Acme is fine.", (acme.entity_id,), evidence),)
    out = tmp_path_factory.mktemp("export")
    kg.KnowledgeGraph(Linked((doc,), (ada, acme, x1), relations, quotes)).write(out)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not listening(port):
        assert process.poll() is None, "server exited early"
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.1)


def sparql(url: str, query: str, accept: str = "application/sparql-results+json", method: str = "GET"):
    if method == "GET":
        request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
    else:
        request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(), method="POST",
                                         headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read().decode("utf-8")
        return json.loads(body) if "json" in accept else body


def triples_in(path: Path) -> int:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return len(store)


def test_doctests():
    for name in ("kg.serve", "kg.push"):
        assert doctest.testmod(importlib.import_module(name)).failed == 0, name


def test_serve_is_a_read_only_sparql_endpoint(export):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(export), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = [process.stdout.readline() for _ in range(4)]
        endpoint = f"http://127.0.0.1:{port}/query"
        assert f"SPARQL endpoint: {endpoint}" in "".join(banner)
        answer = sparql(endpoint, f"SELECT ?who ?org WHERE {{ ?w <{KG}founded> ?o . ?w <http://www.w3.org/2000/01/rdf-schema#label> ?who . ?o <http://www.w3.org/2000/01/rdf-schema#label> ?org }}")
        assert answer["head"]["vars"] == ["who", "org"] and answer["results"]["bindings"]
        count = sparql(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", accept="text/csv", method="POST")
        assert count.splitlines()[1].strip() == str(triples_in(export / "graph.ttl"))
        assert sparql(endpoint, f"ASK {{ ?x a <{KG}Person> }}")["boolean"] is True
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as page:
            assert "yasgui" in page.read().decode("utf-8").lower()
        update = urllib.request.Request(f"http://127.0.0.1:{port}/update", data=b"INSERT DATA { <http://a> <http://b> <http://c> }",
                                        method="POST", headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=30)
        assert 400 <= refused.value.code < 500

        taken = subprocess.run([sys.executable, "-m", "kg", "serve", str(export), "--port", str(port)],
                               capture_output=True, text=True, timeout=60)
        assert taken.returncode == 1 and taken.stderr.startswith(f"kg: error: cannot serve on 127.0.0.1:{port}: ")
        assert taken.stderr.count("\n") == 1
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    assert code == 0 and "server stopped" in process.stderr.read()
    assert not listening(port)


@pytest.fixture()
def oxigraph_server(tmp_path):
    """A real read-write ``oxigraph serve`` on a free loopback port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen([oxigraph_command(), "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def graph_size(base: str, graph: str) -> int:
    answer = sparql(base + "/query", f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(answer["results"]["bindings"][0]["n"]["value"])


def test_push_into_a_named_graph(export, oxigraph_server, tmp_path):
    store_url = oxigraph_server + "/store"
    expected = triples_in(export / "graph.ttl")
    pushed = kg.push(export, store_url, graph="https://example.org/news")
    assert pushed.triples == expected and pushed.status in (200, 201, 204)
    assert graph_size(oxigraph_server, "https://example.org/news") == expected
    founders = sparql(oxigraph_server + "/query",
                      f"SELECT ?w WHERE {{ GRAPH <https://example.org/news> {{ ?w <{KG}founded> ?o ; <{KG}evidence> ?e }} }}")
    assert founders["results"]["bindings"]

    small = tmp_path / "small.nt"
    small.write_text("<https://example.org/a> <https://example.org/b> \"c\" .\n", encoding="utf-8")
    kg.push(small, store_url, graph="https://example.org/news")  # POST adds
    assert graph_size(oxigraph_server, "https://example.org/news") == expected + 1

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["push", str(export), "--endpoint", store_url, "--graph", "https://example.org/news", "--replace"])
    assert code == 0 and f"{expected} triples" in out.getvalue() and "replaced" in out.getvalue()
    assert graph_size(oxigraph_server, "https://example.org/news") == expected  # PUT replaced

    with redirect_stdout(io.StringIO()):
        assert main(["push", str(small), "--endpoint", store_url]) == 0  # the default named graph IRI
    assert graph_size(oxigraph_server, DEFAULT_GRAPH) == 1
    assert graph_size(oxigraph_server, "https://example.org/news") == expected


def test_push_errors(export, oxigraph_server):
    with pytest.raises(ServerError, match="HTTP 404"):
        kg.push(export, oxigraph_server + "/no-such-service")
    with pytest.raises(ServerError, match="cannot reach the store"):
        kg.push(export, f"http://127.0.0.1:{free_port()}/store")
    with pytest.raises(ServerError, match="not an http"):
        kg.push(export, "file:///etc/passwd")
    with pytest.raises(ServerError, match="not a valid graph IRI"):
        kg.push(export, oxigraph_server + "/store", graph="not an iri")
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        assert main(["push", str(export), "--endpoint", oxigraph_server + "/nothing"]) == 1
    assert err.getvalue().startswith("kg: error: ") and err.getvalue().count("\n") == 1


def test_serve_refuses_a_broken_graph_in_one_line(tmp_path):
    bad = tmp_path / "graph.ttl"
    bad.write_text('@prefix a: <http://x/> .\na:b a:c "unterminated .\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "serve", str(tmp_path), "--port", str(free_port())],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert done.stderr.startswith("kg: error: ") and "line 2" in done.stderr
