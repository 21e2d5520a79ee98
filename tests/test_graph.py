"""KnowledgeGraph in a notebook and at the prompt: the short text repr, the inline page, show()."""

from __future__ import annotations

import doctest
import html
import re
import webbrowser

import kg.graph
from kg.graph import KnowledgeGraph
from kg.html import render_html
from kg.link import Linked
from kg.model import Document, Entity, EntityType
from kg.sample import synthetic_graph


def test_doctests():
    assert doctest.testmod(kg.graph).failed == 0


def test_repr_counts_with_singular_and_plural(seeds_graph):
    n = (len(seeds_graph.entities()), len(seeds_graph.relations()), len(seeds_graph.quotes()), len(seeds_graph.documents))
    assert repr(seeds_graph) == f"KnowledgeGraph: {n[0]} entities, {n[1]} relations, {n[2]} quotes from {n[3]} documents"
    doc = Document.from_text("Acme.", "a.txt")
    one = KnowledgeGraph(Linked((doc,), (Entity("https://example.org/acme", EntityType.ORGANIZATION, "Acme"),), (), ()))
    assert repr(one) == "KnowledgeGraph: 1 entity, 0 relations, 0 quotes from 1 document"


def test_repr_html_is_the_page_in_a_sandboxed_frame_escaped():
    doc = Document.from_text("x", '"></iframe><script>alert(1)</script>.txt', title="</iframe><img src=x onerror=alert(2)>")
    evil = Entity("https://example.org/e", EntityType.PERSON, '"></iframe><script>alert(3)</script>', ("&amp; &#34;",), (doc.doc_id,), 1)
    graph = KnowledgeGraph(Linked((doc,), (evil,), (), ()))
    frame = graph._repr_html_()
    assert re.fullmatch(r'<iframe srcdoc="[^"<>]*" sandbox="allow-scripts" title="Knowledge graph" style="[^"<>]*"></iframe>', frame)
    assert html.unescape(frame.split('srcdoc="', 1)[1].split('"', 1)[0]) == render_html(graph)


def test_show_writes_the_page_and_opens_the_browser(monkeypatch):
    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    graph = synthetic_graph(30, 60)
    path = graph.show()
    try:
        assert opened == [path.as_uri()]
        assert path.suffix == ".html" and path.read_text(encoding="utf-8") == render_html(graph)
    finally:
        path.unlink()
