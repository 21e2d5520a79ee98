"""graph.html in a real browser: Debian's Chromium driven by Playwright, opened from file:// offline.

Screenshots of the seeds page are kept in test-artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page

import kg
import kg.html
import kg.sample
from kg.graph import KnowledgeGraph
from kg.html import (MOST_MENTIONED, _drop, _room, _vis_network_js, build_network, headline, hidden_on_opening, page_data,
                     render_html, script_json, together_pairs)
from kg.link import Linked
from kg.model import Document, Entity, EntityType, Evidence, Predicate, Quote, Relation
from kg.sample import synthetic_graph
from kg.vocab import entity_id

ROOT = Path(__file__).resolve().parents[1]
LEE = ROOT.parent / "shared" / "corpora" / "lee"
DEV = ROOT.parent / "shared" / "eval" / "dev"
ARTIFACTS = ROOT / "test-artifacts"
PAGE_SCRIPTS = 6  # the template's <script> elements: four JSON blocks, vis-network and the page's own
DANGEROUS = "script, img, iframe, object, embed, svg, a, link, form, base, video, audio, frame, math"

PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    "</script><script>window.__pwned = 3</script>",
    "\"double\" 'single' back\\slash \\u003c &amp; &lt;b&gt;",
    "<a href=\"javascript:window.__pwned = 4\">href link</a>",
    "<svg onload=\"window.__pwned = 5\"></svg> \u2028 \u2029 <!-- -->",
]

WATCH = """() => {
  window.__injected = [];
  new MutationObserver(function (records) {
    records.forEach(function (r) { r.addedNodes.forEach(function (n) {
      if (n.nodeType !== 1) { return; }
      [n].concat(Array.from(n.querySelectorAll('*'))).forEach(function (e) {
        if (e.matches(%s)) { window.__injected.push(e.outerHTML.slice(0, 80)); }
      });
    }); });
  }).observe(document, { childList: true, subtree: true, attributes: true });
}""" % json.dumps(DANGEROUS)


@pytest.fixture(scope="session")
def seeds_graph() -> KnowledgeGraph:
    return kg.build([str(ROOT / "seeds")])


class Opened:
    """A page opened from disk, with what it tried to fetch, errors, dialogs and CSP reports."""

    def __init__(self, page: Page, graph: KnowledgeGraph) -> None:
        self.page = page
        self.graph = graph
        self.fetched: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def counts(self) -> tuple[int, int]:
        return tuple(self.js("[kg.network.body.nodeIndices.length, kg.network.body.edgeIndices.length]"))

    def opening_counts(self) -> tuple[int, int]:
        """Dots and arrows drawn on opening: every relation, and every entity but the hidden ones."""
        return len(self.graph.entities()) - len(hidden_on_opening(self.graph)), len(self.graph.relations())

    def overlapping_boxes(self) -> list[tuple[str, str]]:
        """Pairs of drawn dots whose boxes (the dot and its label, as vis-network measured them) overlap."""
        return [tuple(pair) for pair in self.js("""() => {
          const boxes = kg.network.body.nodeIndices.map(id => [kg.network.body.nodes[id].options.label, kg.network.body.nodes[id].shape.boundingBox]);
          const clashes = [];
          for (let i = 0; i < boxes.length; i++) { for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i][1], b = boxes[j][1];
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) { clashes.push([boxes[i][0], boxes[j][0]]); }
          } }
          return clashes; }""")]

    def node_point(self, node: int) -> tuple[float, float]:
        return tuple(self.js("""(id) => { const p = kg.network.canvasToDOM(kg.network.getPosition(id));
            const r = document.getElementById('canvas').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""", node))

    def edge_point(self, edge: int) -> tuple[float, float]:
        return tuple(self.js("""(id) => { const p = kg.network.canvasToDOM(kg.network.body.edges[id].edgeType.getPoint(0.5));
            const r = document.getElementById('canvas').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""", edge))

    def centre_on(self, x: float, y: float, scale: float) -> None:
        self.js("([x, y, s]) => kg.network.moveTo({ position: { x: x, y: y }, scale: s })", [x, y, scale])

    def centre_on_edge(self, edge: int, scale: float = 2.0) -> None:
        point = self.js("(id) => kg.network.body.edges[id].edgeType.getPoint(0.5)", edge)
        self.centre_on(point["x"], point["y"], scale)

    def panel_text(self, selector: str) -> list[str]:
        return self.page.locator(f"#panel {selector}").all_text_contents()

    def blank_spot(self) -> tuple[float, float]:
        box = self.page.locator("#canvas").bounding_box()
        return box["x"] + 3, box["y"] + 3

    def keep(self, name: str) -> None:
        """Save a screenshot in test-artifacts/ for a person to look at."""
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name))

    def nothing_ran(self) -> None:
        assert self.js("typeof window.__pwned") == "undefined"
        assert self.dialogs == []
        assert self.js("window.__violations") == []
        assert self.js("window.__injected") == []
        assert self.js(f"document.querySelectorAll({json.dumps(DANGEROUS)}).length") == PAGE_SCRIPTS
        assert self.js("document.scripts.length") == PAGE_SCRIPTS
        assert self.errors == []
        assert self.fetched == []


@pytest.fixture
def open_graph(browser: Browser, tmp_path: Path):
    contexts = []

    def open_(graph: KnowledgeGraph, name: str = "graph.html") -> Opened:
        path = tmp_path / name
        path.write_text(render_html(graph), encoding="utf-8")
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page, graph)

        def route(route):
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                opened.fetched.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.on("console", lambda message: opened.errors.append(message.text) if message.type == "error" else None)
        page.add_init_script("window.__violations = []; document.addEventListener('securitypolicyviolation',"
                             " function (e) { window.__violations.push(e.violatedDirective); });")
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-ready=true]", timeout=60_000)
        page.evaluate(WATCH)
        return opened

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def seeds_page(open_graph, seeds_graph) -> Opened:
    return open_graph(seeds_graph)


def hostile_graph() -> KnowledgeGraph:
    """Every label, alias, title, source, sentence and quote is markup or escaping bait."""
    types = list(EntityType)
    documents = tuple(Document.from_text(f"text {i}", source=f"{p}.txt", title=p) for i, p in enumerate(PAYLOADS))
    entities = tuple(
        Entity(entity_id(types[i % len(types)], f"hostile {i}"), types[i % len(types)], p,
               (PAYLOADS[(i + 1) % len(PAYLOADS)], f"alias {i} {p}"), (documents[i].doc_id,), i + 1)
        for i, p in enumerate(PAYLOADS)
    )
    predicates = list(Predicate)
    relations = tuple(
        Relation(entities[i].entity_id, predicates[i], entities[(i + 1) % len(entities)].entity_id,
                 (Evidence(documents[i].doc_id, f"{p} said {PAYLOADS[-1 - i]}", 0, 9, p, 0.5),
                  Evidence(documents[-1].doc_id, p, 0, 9, "rule", 0.9)))
        for i, p in enumerate(PAYLOADS)
    )
    quotes = tuple(Quote(entities[i].entity_id, p, (entities[-1].entity_id,), relations[i].evidence[0])
                   for i, p in enumerate(PAYLOADS))
    return KnowledgeGraph(Linked(documents, entities, relations, quotes))


# --- the HTML text itself -------------------------------------------------------------------


def test_doctests():
    assert doctest.testmod(kg.html).failed == 0
    assert doctest.testmod(kg.sample).failed == 0


@given(st.recursive(st.text() | st.integers() | st.booleans() | st.none(),
                    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=20))
def test_script_json_cannot_end_a_script_and_reads_back(value):
    text = script_json(value)
    assert not set(text) & set("<>&\u2028\u2029")
    assert json.loads(text) == value


def test_page_is_deterministic_and_loads_nothing_from_outside():
    graph = hostile_graph()
    page = render_html(graph)
    assert page == render_html(hostile_graph())
    library = _vis_network_js().lower()
    assert page.lower().count("<script") == PAGE_SCRIPTS + library.count("<script")  # no payload became a tag
    assert page.lower().count("</script") == PAGE_SCRIPTS
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page, re.I)
    assert "default-src 'none'" in page and "'unsafe-inline'" not in page.split("script-src", 1)[1].split(";")[0]


def test_same_bytes_in_fresh_processes_with_different_hash_seeds():
    code = ("import hashlib, sys; from kg.html import render_html; from kg.sample import synthetic_graph; "
            "sys.stdout.write(hashlib.sha256(render_html(synthetic_graph(400, 800)).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1


def test_network_is_made_by_pyvis_with_positions_and_no_pyvis_tooltips():
    graph = hostile_graph()
    net = build_network(graph)
    assert len(net.nodes) == len(graph.entities()) and len(net.edges) == len(graph.relations())
    assert all("x" in n and "y" in n and "title" not in n for n in net.nodes)
    assert net.options["physics"]["enabled"] is False
    data = page_data(graph)
    assert [e[0] for e in data["entities"]] == PAYLOADS
    assert [ev[1] for ev in data["relations"][0][3]] == [e.sentence for e in graph.relations()[0].evidence]


def test_seeds_labels_do_not_overlap(seeds_graph):
    """The dots with their labels, as the page draws them, leave room for each other."""
    net = build_network(seeds_graph)
    boxes = [(n["x"], n["y"] + _drop(n["size"]), *_room(n["label"], n["size"])) for n in net.nodes]
    clashes = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
               if abs(a[0] - b[0]) < a[2] + b[2] - 1 and abs(a[1] - b[1]) < a[3] + b[3] - 1]
    assert clashes == []


# --- the seeds page in the browser ------------------------------------------------------------


def test_seeds_page_renders_offline_with_legend(seeds_page, seeds_graph):
    opened, page = seeds_page, seeds_page.page
    assert opened.counts() == opened.opening_counts()
    assert page.locator("#legend").is_visible()
    types = page.locator("#type-filters label").all_text_contents()
    assert [t.rstrip("0123456789") for t in types] == [t.value for t in EntityType]
    summary = seeds_graph.summary()
    assert types == [f"{t}{summary['entities'].get(t, 0)}" for t in (e.value for e in EntityType)]
    assert page.locator("#predicate-filters label").count() == len(Predicate)
    assert page.locator("#status").text_content().startswith(
        f"Showing {opened.opening_counts()[0]} of {len(seeds_graph.entities())} entities")
    opened.keep("seeds-overview.png")
    opened.nothing_ran()


def test_seeds_search_focuses_an_entity_by_alias(seeds_page, seeds_graph):
    opened, page = seeds_page, seeds_page.page
    entities = seeds_graph.entities()
    target = max((i for i, e in enumerate(entities) if e.aliases), key=lambda i: (entities[i].mentions, -i))
    alias = entities[target].aliases[0]
    page.fill("#search", alias.lower()[1:])
    shown = page.locator("#results li").all_text_contents()
    assert any(s.startswith(entities[target].label) for s in shown)
    index = next(k for k, s in enumerate(shown) if s.startswith(entities[target].label))
    page.locator("#results li").nth(index).dispatch_event("mousedown")
    assert opened.js("kg.network.getSelectedNodes()") == [target]
    assert opened.panel_text("h1") == [entities[target].label]
    page.wait_for_function("""(id) => { const v = kg.network.getViewPosition(), n = kg.network.getPosition(id);
        return Math.abs(v.x - n.x) < 1 && Math.abs(v.y - n.y) < 1; }""", arg=target, timeout=10_000)  # centred
    assert page.input_value("#search") == entities[target].label
    page.fill("#search", "zzzz-no-such-name")
    assert page.locator("#results li").all_text_contents() == ["No entity matches"]
    opened.nothing_ran()


def test_seeds_filters_by_type_and_relation_then_reset(seeds_page, seeds_graph):
    opened, page = seeds_page, seeds_page.page
    entities, relations = seeds_graph.entities(), seeds_graph.relations()
    hidden_type = max(EntityType, key=lambda t: sum(e.type == t for e in entities)).value
    kind = {e.entity_id: e.type.value for e in entities}
    page.locator(f"#type-filters input[value='{hidden_type}']").uncheck()
    quiet = set(hidden_on_opening(seeds_graph))
    expected_nodes = sum(e.type.value != hidden_type and i not in quiet for i, e in enumerate(entities))
    expected_edges = sum(kind[r.subject] != hidden_type and kind[r.object] != hidden_type for r in relations)
    assert opened.counts() == (expected_nodes, expected_edges)
    hidden_predicate = max(Predicate, key=lambda p: sum(r.predicate == p for r in relations)).value
    page.locator(f"#predicate-filters input[value='{hidden_predicate}']").uncheck()
    expected_edges = sum(kind[r.subject] != hidden_type and kind[r.object] != hidden_type
                         and r.predicate.value != hidden_predicate for r in relations)
    assert opened.counts() == (expected_nodes, expected_edges)
    assert page.locator("#status").text_content().startswith(f"Showing {expected_nodes} of {len(entities)} entities, "
                                                             f"{expected_edges} of {len(relations)} relations")
    opened.keep("seeds-filtered.png")
    page.click("#reset")
    assert opened.counts() == opened.opening_counts()
    assert page.locator("#type-filters input:not(:checked), #predicate-filters input:not(:checked)").count() == 0
    opened.nothing_ran()


def test_seeds_click_node_shows_type_aliases_articles_relations(seeds_page, seeds_graph):
    opened, page = seeds_page, seeds_page.page
    entities, relations = seeds_graph.entities(), seeds_graph.relations()
    linked = [sum(e.entity_id in (r.subject, r.object) for r in relations) for e in entities]
    target = max(range(len(entities)), key=lambda i: (bool(entities[i].aliases), linked[i], -i))
    entity = entities[target]
    position = opened.js("(id) => kg.network.getPosition(id)", target)
    opened.centre_on(position["x"], position["y"], 1.5)
    page.mouse.click(*opened.node_point(target))
    assert opened.js("kg.network.getSelectedNodes()") == [target]
    assert opened.panel_text("h1") == [entity.label]
    assert entity.type.value in opened.panel_text(".kind")[0]
    sections = opened.panel_text("h2")
    names = {d.doc_id: headline(d) for d in seeds_graph.documents}
    assert f"Articles ({len(entity.documents)})" in sections
    assert f"Also called ({len(entity.aliases)})" in sections
    assert f"Relations ({linked[target]})" in sections
    items = opened.panel_text("li")
    assert all(alias in items for alias in entity.aliases)
    assert all(names[d] in items for d in entity.documents)
    opened.keep("seeds-node.png")
    first = next(r for r in relations if entity.entity_id in (r.subject, r.object))
    page.locator("#panel li").filter(has_text=first.predicate.value).first.locator(
        f"button:text-is('{first.predicate.value}')").click()  # the relation's link opens its evidence
    shown = opened.js("kg.network.getSelectedEdges()")
    assert len(shown) == 1 and relations[shown[0]].predicate == first.predicate
    assert opened.panel_text("blockquote") == [ev.sentence for ev in relations[shown[0]].evidence]
    opened.nothing_ran()


def test_seeds_click_edge_shows_every_evidence_sentence(seeds_page, seeds_graph):
    opened, page = seeds_page, seeds_page.page
    relations = seeds_graph.relations()
    pairs = [frozenset((r.subject, r.object)) for r in relations]
    # edges with most evidence first; an edge whose midpoint another edge crosses is skipped
    candidates = sorted((k for k, r in enumerate(relations) if pairs.count(pairs[k]) == 1),
                        key=lambda k: (-len(relations[k].evidence), k))[:10]
    for target in candidates:
        opened.centre_on_edge(target)
        page.mouse.click(*opened.edge_point(target))
        if opened.js("kg.network.getSelectedEdges()") == [target]:
            break
    assert opened.js("kg.network.getSelectedEdges()") == [target]
    relation = relations[target]
    assert opened.panel_text("blockquote") == [ev.sentence for ev in relation.evidence]
    names = {d.doc_id: headline(d) for d in seeds_graph.documents}
    sources = opened.panel_text(".source")
    assert [s.split(" · ")[0] for s in sources] == [names[ev.doc_id] for ev in relation.evidence]
    labels = {e.entity_id: e.label for e in seeds_graph.entities()}
    assert opened.panel_text("h1") == [f"{labels[relation.subject]} {relation.predicate.value} {labels[relation.object]}"]
    opened.keep("seeds-edge.png")
    opened.nothing_ran()


# --- article text that tries to be markup --------------------------------------------------


def _hover_and_click_everything(opened: Opened) -> None:
    graph = opened.graph
    page = opened.page
    entities, relations = graph.entities(), graph.relations()
    for i, entity in enumerate(entities):
        position = opened.js("(id) => kg.network.getPosition(id)", i)
        opened.centre_on(position["x"], position["y"], 2.0)
        page.mouse.move(*opened.blank_spot())
        page.mouse.move(*opened.node_point(i))
        tooltip = page.locator("#tooltip")
        tooltip.wait_for(state="visible")
        assert tooltip.text_content().split("\n")[0] == entity.label
        page.mouse.click(*opened.node_point(i))
        assert opened.panel_text("h1") == [entity.label]
        assert all(alias in opened.panel_text("li") for alias in entity.aliases)
        opened.nothing_ran()
    labels = {e.entity_id: e.label for e in entities}
    for k, relation in enumerate(relations):
        opened.centre_on_edge(k, 2.5)
        page.mouse.move(*opened.blank_spot())
        page.mouse.move(*opened.edge_point(k))
        tooltip = page.locator("#tooltip")
        tooltip.wait_for(state="visible")
        first = f"{labels[relation.subject]} {relation.predicate.value} {labels[relation.object]}"
        assert tooltip.text_content().split("\n")[0] == first
        page.mouse.click(*opened.edge_point(k))
        assert opened.js("kg.network.getSelectedEdges()") == [k]
        assert opened.panel_text("blockquote") == [ev.sentence for ev in relation.evidence]
        opened.nothing_ran()
    for i, entity in enumerate(entities):  # quotes are in the speakers' panels
        opened.js("(id) => kg.focusNode(id)", i)
        said = [q.text for q in graph.quotes() if q.speaker == entity.entity_id]
        about = [q.text for q in graph.quotes() if entity.entity_id in q.about]
        assert opened.panel_text("blockquote") == said + about
    opened.nothing_ran()


def test_markup_in_every_field_is_shown_as_text_and_runs_nothing(open_graph):
    opened = open_graph(hostile_graph())
    page = opened.page
    assert opened.counts() == (len(PAYLOADS), len(PAYLOADS))
    _hover_and_click_everything(opened)
    page.fill("#search", "<script")
    shown = page.locator("#results li").all_text_contents()
    assert any(s.startswith(PAYLOADS[0]) for s in shown)
    page.keyboard.press("Enter")
    assert opened.panel_text("h1") == [PAYLOADS[0]]
    page.click("#reset")
    assert opened.panel_text("li") == [d.title for d in opened.graph.documents]
    assert page.locator("#panel li").evaluate_all("items => items.map(li => li.title)") == [d.source for d in opened.graph.documents]
    opened.nothing_ran()


@pytest.mark.slow
def test_article_full_of_markup_built_with_the_model(open_graph):
    text = ("Nvidia makes the H100 chip <script>window.__pwned = 1</script> and \"quotes\" back\\slash "
            "</script> <img src=x onerror=\"window.__pwned = 2\">.\n\n"
            "OpenAI CEO Sam Altman <img src=x onerror=alert(3)> said GPT-4 outperformed Llama 3.1 & Gemini.\n\n"
            "\"We build <i>chips</i> </script> for everyone,\" said Jensen Huang, the chief executive of Nvidia.")
    graph = kg.build_documents([Document.from_text(text, "<img src=x onerror=alert(4)>.txt",
                                                   title="<script>alert(5)</script>")])
    shown = [ev.sentence for r in graph.relations() for ev in r.evidence] + [q.text for q in graph.quotes()]
    assert graph.relations() and any("<" in s for s in shown)
    opened = open_graph(graph)
    _hover_and_click_everything(opened)
    opened.page.click("#reset")
    assert opened.panel_text("li")[0] == "<script>alert(5)</script>"


# --- a big generated graph ----------------------------------------------------------------


def test_empty_graph_opens(open_graph):
    opened = open_graph(KnowledgeGraph(Linked((), (), (), ())))
    assert opened.counts() == (0, 0)
    assert opened.page.locator("#status").text_content() == "Showing 0 of 0 entities, 0 of 0 relations, from 0 articles"
    opened.nothing_ran()


def test_generated_graph_of_3000_entities_is_drawn_whole(open_graph):
    graph = synthetic_graph(3000, 6000)
    opened = open_graph(graph)
    assert opened.counts() == opened.opening_counts() and opened.counts()[1] == 6000
    assert opened.js("kg.network.physics.physicsEnabled") is False
    assert opened.overlapping_boxes() == []
    opened.page.fill("#search", graph.entities()[2999].label.lower())
    opened.page.keyboard.press("Enter")
    assert opened.js("kg.network.getSelectedNodes()") == [2999]
    opened.nothing_ran()


# --- what the page opens on, the toggles, the "mentioned together" layer -------------------


def test_entities_hidden_on_opening_are_those_with_no_relation_but_the_most_mentioned(seeds_graph):
    entities, relations = seeds_graph.entities(), seeds_graph.relations()
    related = {r.subject for r in relations} | {r.object for r in relations}
    hidden = hidden_on_opening(seeds_graph)
    assert hidden and all(entities[i].entity_id not in related for i in hidden)
    most = sorted(entities, key=lambda e: -e.mentions)[:MOST_MENTIONED]
    assert not {entities[i].entity_id for i in hidden} & {e.entity_id for e in most}
    assert len(hidden) + len(related) + sum(e.entity_id not in related for e in most) == len(entities)


def test_seeds_toggle_shows_the_entities_with_no_relation(seeds_page, seeds_graph):
    opened, page = seeds_page, seeds_page.page
    hidden = hidden_on_opening(seeds_graph)
    assert page.locator("#quiet-toggle").text_content().strip() == f"{len(hidden)} entities with no relation"
    shown = set(opened.js("kg.nodes.getIds()"))
    assert not shown & set(hidden) and len(shown) == len(seeds_graph.entities()) - len(hidden)
    us = max(range(len(seeds_graph.entities())), key=lambda i: seeds_graph.entities()[i].mentions)
    assert us in shown  # the most mentioned entity is shown whether it has relations or not
    page.locator("#show-quiet").check()
    assert opened.counts() == (len(seeds_graph.entities()), len(seeds_graph.relations()))
    assert opened.overlapping_boxes() == []
    opened.keep("seeds-all-entities.png")
    page.click("#reset")
    assert opened.counts() == opened.opening_counts() and not page.locator("#show-quiet").is_checked()
    page.fill("#search", seeds_graph.entities()[hidden[0]].label)  # a hidden entity found by search is shown
    page.keyboard.press("Enter")
    assert opened.js("kg.network.getSelectedNodes()") == [hidden[0]] and page.locator("#show-quiet").is_checked()
    opened.nothing_ran()


def test_seeds_mentioned_together_layer_is_off_then_faint_lines_with_their_articles(seeds_page, seeds_graph):
    opened, page = seeds_page, seeds_page.page
    pairs = together_pairs(seeds_graph)
    assert pairs and page.locator("#together-toggle").text_content().strip() == f"Mentioned together ({len(pairs)} pairs)"
    relations = len(seeds_graph.relations())
    assert opened.counts()[1] == relations
    page.locator("#show-together").check()
    index = {e.entity_id: i for i, e in enumerate(seeds_graph.entities())}
    quiet = set(hidden_on_opening(seeds_graph))
    drawn = [k for k, t in enumerate(pairs) if index[t.first] not in quiet and index[t.second] not in quiet]
    assert opened.counts()[1] == relations + len(drawn)
    assert f"{len(drawn)} pairs mentioned together" in page.locator("#status").text_content()
    target = max(drawn, key=lambda k: (pairs[k].sentences, -k))
    opened.js("(k) => kg.focusTogether(k)", target)
    page.wait_for_timeout(400)  # the view's animation
    opened.keep("seeds-together.png")
    labels = {e.entity_id: e.label for e in seeds_graph.entities()}
    assert opened.panel_text("h1") == [f"{labels[pairs[target].first]} and {labels[pairs[target].second]}"]
    names = {d.doc_id: headline(d) for d in seeds_graph.documents}
    assert opened.panel_text("li") == [names[d] for d in pairs[target].documents]
    assert opened.js("kg.network.getSelectedEdges()") == [relations + target]
    colour = opened.js("(id) => kg.network.body.edges[id].options.color", relations + target)
    assert colour["color"] == kg.html.TOGETHER_COLOUR and colour["opacity"] < 0.5
    assert opened.js("(id) => kg.network.body.edges[id].options.arrows.to.enabled", relations + target) is False
    page.click("#reset")
    assert opened.counts() == opened.opening_counts()
    opened.nothing_ran()


def test_the_layer_keeps_the_most_frequent_pairs_and_says_so(open_graph, seeds_graph, monkeypatch):
    monkeypatch.setattr(kg.html, "TOGETHER_LIMIT", 5)
    opened = open_graph(seeds_graph)
    total = len(seeds_graph.linked.together)
    assert opened.page.locator("#together-toggle").text_content().strip() == f"Mentioned together (the 5 most frequent of {total} pairs)"
    kept = together_pairs(seeds_graph)
    assert len(kept) == 5 and min(t.sentences for t in kept) >= max(t.sentences for t in seeds_graph.linked.together if t not in kept)
    opened.nothing_ran()


def test_seeds_articles_listed_by_headline_with_their_file_as_tooltip(seeds_page, seeds_graph):
    page = seeds_page.page
    items = page.locator("#panel li")
    assert items.all_text_contents() == [headline(d) for d in seeds_graph.documents]
    assert items.evaluate_all("items => items.map(li => li.title)") == [d.source for d in seeds_graph.documents]
    assert all(not name.endswith(".txt") for name in items.all_text_contents())


CORPORA = {"lee": LEE, "dev": DEV}  # 293 general news articles; the 42 AI news articles of the dev set


@pytest.fixture(scope="session", params=sorted(CORPORA))
def corpus(request) -> tuple[str, KnowledgeGraph]:
    folder = CORPORA[request.param]
    if not folder.is_dir():
        pytest.fail(f"{folder} is missing (the shared folder sits beside the repository)")
    return request.param, kg.build([str(folder)])


@pytest.mark.slow
def test_a_real_corpus_opens_on_what_matters_labelled_with_nothing_overlapping(open_graph, corpus):
    """Real corpora where many entities have no relation: the page opens on the rest, readable."""
    name, graph = corpus
    opened = open_graph(graph, f"{name}.html")
    page = opened.page
    entities, hidden = graph.entities(), hidden_on_opening(graph)
    assert hidden  # entities with no relation, waiting behind the toggle (about half of them, as extraction stands)
    assert opened.counts() == opened.opening_counts()
    assert opened.overlapping_boxes() == []
    # the biggest dots are labelled at the opening zoom: their label is drawn at 7 px or more
    biggest = sorted(opened.js("kg.nodes.getIds()"), key=lambda i: -opened.js(f"kg.network.body.nodes[{i}].options.size"))[:15]
    drawn = [opened.js(f"kg.network.body.nodes[{i}].options.font.size * kg.network.getScale()") for i in biggest]
    assert min(drawn) >= 7, drawn
    opened.keep(f"{name}-overview.png")
    assert page.locator("#panel li").all_text_contents() == [headline(d) for d in graph.documents]
    page.locator("#show-quiet").check()
    assert opened.counts()[0] == len(entities)
    assert opened.overlapping_boxes() == []
    page.locator("#show-together").check()
    opened.keep(f"{name}-everything.png")
    opened.nothing_ran()
