"""The interactive graph page: a pyvis network rendered with kg's own offline template.

The page needs no network: vis-network's script is inlined from the pyvis package, and the
template (``kg/templates/graph.html``) has its own style and script. Article text reaches the
page only as JSON inside ``<script type="application/json">`` (made safe by :func:`script_json`)
and the page's script shows it with ``textContent``: it is never parsed as markup. Positions
are computed here (:mod:`kg.layout`), so the browser runs no physics.

>>> import kg
>>> graph = kg.build_documents([kg.Document.from_text("Nvidia makes the H100 chip.", "a.txt")], nlp=kg.blank_pipeline())
>>> page = render_html(graph)
>>> page == render_html(graph) and "cdn" not in page.lower()
True
"""

from __future__ import annotations

import base64
import functools
import hashlib
import heapq
import html
import json
import math
import re
import unicodedata
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyvis.network import Network

from .layout import below, layout

if TYPE_CHECKING:
    from .graph import KnowledgeGraph
    from .model import CoMention, Document

__all__ = ["render_html", "notebook_frame", "script_json", "headline", "hidden_on_opening", "TYPE_COLOURS", "PREDICATE_COLOURS"]

TYPE_COLOURS = {
    "Person": "#e15759",
    "Organization": "#4e79a7",
    "Model": "#59a14f",
    "Chip": "#f28e2b",
    "Place": "#b07aa1",
}

PREDICATE_COLOURS = {
    "founded": "#8c564b",
    "leads": "#d62728",
    "worksFor": "#ff7f0e",
    "developed": "#2ca02c",
    "outperformed": "#17becf",
    "rivals": "#9467bd",
    "trainedOn": "#bcbd22",
    "madeBy": "#e377c2",
    "backedBy": "#1f77b4",
    "quotedOn": "#9a9a9a",
    "basedIn": "#637939",
}

_VIS_JS = ("templates", "lib", "vis-9.1.2", "vis-network.min.js")  # inside the pyvis package
_BIG = 1500  # from this many relations on, edges are not drawn during drags and zooms
MOST_MENTIONED = 25  # an entity with no relation is shown on opening if it is among this many most mentioned
TOGETHER_LIMIT = 20_000  # the "mentioned together" layer holds at most this many pairs, the most frequent
TOGETHER_COLOUR = "#8da2c0"  # a faint dashed blue-grey: not the grey of quotedOn
_FONT = 14  # label size of most dots (pixels at zoom 1)
_HEADLINE = 90  # characters of an article's first line shown as its headline


def script_json(value: Any) -> str:
    """JSON for inside an HTML ``<script>`` element: no character of it can end the element.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, as are U+2028 and U+2029 (line
    separators to old JavaScript parsers); ``JSON.parse`` reads back the same strings.

    >>> script_json({"a": "</script><!--&\\u2028"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u0026\\\\u2028"}'
    >>> json.loads(script_json(["</script>"])) == ["</script>"]
    True
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _inline_script(text: str) -> str:
    """A library's source, checked to be safe to put between ``<script>`` tags as it is."""
    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ValueError("script cannot be inlined: it contains '</script' or '<!--'")
    return text


def _vis_network_js() -> str:
    return _inline_script(resources.files("pyvis").joinpath(*_VIS_JS).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=4096)
def _node_size(mentions: int, degree: int) -> float:
    """Dot radius in pixels, growing with the log of mentions plus relations.

    >>> _node_size(1, 0), _node_size(30, 20)
    (12.0, 30.7)
    """
    return round(min(48.0, 8.0 + 4.0 * math.log2(1 + mentions + degree)), 1)


def _keys(colours: dict[str, str], counts: dict[str, int]) -> list[str]:
    """The legend's entries: every known one, then any other seen in the graph.

    >>> _keys({"Person": "#e15759"}, {"Ship": 2, "Person": 1})
    ['Person', 'Ship']
    """
    return list(colours) + sorted(set(counts) - set(colours))


def _colour(colours: dict[str, str], key: str) -> str:
    return colours.get(key, "#999999")


@functools.lru_cache(maxsize=4096)
def _font(size: float) -> int:
    """Label size in pixels: 14, or a quarter more than the dot's radius for a big dot, so that the
    main names are read before zooming in (the browser never draws a label taller than 30 pixels
    on screen).

    >>> _font(10.0), _font(24.0), _font(48.0)
    (14, 30, 60)
    """
    return max(_FONT, round(size * 1.25))


@functools.lru_cache(maxsize=4096)
def _em(char: str) -> float:
    """A character's width in em, rounded up from DejaVu Sans (a wide font, Debian's system-ui)."""
    if char in "MWmw@%" or unicodedata.east_asian_width(char) in "WF":
        return 1.0
    return 0.75 if char.isupper() or char.isdigit() or char == "&" else 0.6


def _label_width(label: str, font: int) -> float:
    """A generous estimate of the label's drawn width in pixels (the page tests measure the real one).

    >>> _label_width("Nvidia", 14), _label_width("NVDA", 14), _label_width("深度求索", 14)
    (52.5, 42.0, 56.0)
    """
    return round(sum(_em(c) for c in label) * font, 1)


def _room(label: str, size: float) -> tuple[float, float]:
    """Half the width and height of the box a dot and its label below take, with a margin.

    The box runs from the dot's top to the label's bottom (as vis-network measures a node), so its
    centre is :func:`_drop` pixels below the dot's.

    >>> _room("US", 12.0), _room("Center for Security and Emerging Technology", 12.0)
    ((18.0, 22.5), (207.0, 22.5))
    """
    font = _font(size)
    return round(max(size, _label_width(label, font) / 2) + 6, 1), round(size + font / 2 + 3, 1)


def _drop(size: float) -> float:
    """How far below the dot's centre the centre of its box (see :func:`_room`) is.

    >>> _drop(12.0)
    7.5
    """
    return _font(size) / 2


def headline(document: "Document") -> str:
    """How the page names an article: its title, else its first line (cut at a word), else its file.

    >>> from kg.model import Document
    >>> headline(Document.from_text("Floods hit the coast.\\nMore text.", "a.txt"))
    'Floods hit the coast.'
    >>> headline(Document.from_text("Hundreds of people have been forced to vacate their homes in the Southern "
    ...                             "Highlands as strong winds pushed a huge bushfire towards the town.", "b.txt"))
    'Hundreds of people have been forced to vacate their homes in the Southern Highlands as…'
    >>> headline(Document("0", "c.txt", "", "0"))  # read back by kg.load: no text
    'c.txt'
    """
    if document.title and document.title.strip():
        return document.title.strip()
    line = next((line.strip() for line in document.text.splitlines() if line.strip()), "")
    if len(line) > _HEADLINE:
        line = line[:_HEADLINE].rsplit(" ", 1)[0].rstrip(",;:-–— ") + "…"
    return line or document.source


def hidden_on_opening(graph: "KnowledgeGraph") -> list[int]:
    """Indexes of the entities the page hides until asked: those with no relation, except the most mentioned.

    >>> from kg.sample import synthetic_graph
    >>> hidden_on_opening(synthetic_graph(3, 1))  # entity 2 has no relation, but is among the 25 most mentioned
    []
    """
    entities = graph.entities()
    related = {r.subject for r in graph.relations()} | {r.object for r in graph.relations()}
    most = set(heapq.nsmallest(MOST_MENTIONED, range(len(entities)), key=lambda i: (-entities[i].mentions, i)))
    return [i for i, e in enumerate(entities) if e.entity_id not in related and i not in most]


def together_pairs(graph: "KnowledgeGraph") -> list["CoMention"]:
    """The pairs the "mentioned together" layer draws: the most frequent, at most ``TOGETHER_LIMIT``."""
    ranked = sorted(graph.linked.together, key=lambda t: (-t.sentences, t.first, t.second))
    return ranked[:TOGETHER_LIMIT]


def page_data(graph: "KnowledgeGraph") -> dict[str, Any]:
    """What the page's script reads: entities, relations with evidence, quotes and articles.

    Entities and relations are referred to by their index, articles by their index in
    ``documents`` (-1: unknown). ``hidden`` lists the entities not shown on opening; ``together``
    the same-sentence pairs of entities with their number of sentences and articles.
    """
    documents = {d.doc_id: i for i, d in enumerate(graph.documents)}
    entities = {e.entity_id: i for i, e in enumerate(graph.entities())}
    doc = documents.get

    type_counts: dict[str, int] = defaultdict(int)
    for e in graph.entities():
        type_counts[e.type.value] += 1
    predicate_counts: dict[str, int] = defaultdict(int)
    for r in graph.relations():
        predicate_counts[r.predicate.value] += 1
    return {
        "types": [[t, _colour(TYPE_COLOURS, t), type_counts[t]] for t in _keys(TYPE_COLOURS, type_counts)],
        "predicates": [[p, _colour(PREDICATE_COLOURS, p), predicate_counts[p]]
                       for p in _keys(PREDICATE_COLOURS, predicate_counts)],
        "documents": [[headline(d), d.source] for d in graph.documents],
        "entities": [
            [e.label, e.type.value, list(e.aliases), [doc(d, -1) for d in e.documents], e.mentions, e.entity_id]
            for e in graph.entities()
        ],
        "relations": [
            [entities[r.subject], r.predicate.value, entities[r.object],
             [[doc(ev.doc_id, -1), ev.sentence, ev.rule, round(ev.confidence, 3)] for ev in r.evidence]]
            for r in graph.relations()
        ],
        "quotes": [
            [entities[q.speaker], q.text, [entities[a] for a in q.about if a in entities], doc(q.evidence.doc_id, -1)]
            for q in graph.quotes()
            if q.speaker in entities
        ],
        "hidden": hidden_on_opening(graph),
        "together": [[entities[t.first], entities[t.second], t.sentences, [doc(d, -1) for d in t.documents]]
                     for t in together_pairs(graph)],
        "togetherTotal": len(graph.linked.together),
    }


def _options(relations: int) -> dict[str, Any]:
    """vis-network options: fixed positions, no physics, labels drawn only when big enough."""
    big = relations >= _BIG
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {
            "hover": True,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "tooltipDelay": 100,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {"size": _FONT, "face": "system-ui, sans-serif", "color": "#222222",
                     "strokeWidth": 4, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 7, "maxVisible": 30}},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"inherit": False, "opacity": 0.8},
            "font": {"size": 11, "face": "system-ui, sans-serif", "color": "#333333", "align": "middle",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 5}},
            "selectionWidth": 2,
            "hoverWidth": 1,
        },
    }


def build_network(graph: "KnowledgeGraph", layout_engine: str = "igraph") -> Network:
    """The pyvis network: one dot per entity at its computed position, one arrow per relation,
    then one faint line per pair of the "mentioned together" layer (ids after the relations').

    Nodes and edges carry no ``title``: tooltips and panels are made by the page's script, as
    text. Arrows get their relation's name as a label only while they are selected. Entities
    shown on opening are laid out by their relations; the hidden ones below them, by the
    sentences they share.
    """
    entities = graph.entities()
    relations = graph.relations()
    together = together_pairs(graph)
    index = {e.entity_id: i for i, e in enumerate(entities)}
    pairs = [(index[r.subject], index[r.object]) for r in relations]
    degree = defaultdict(int)
    for s, o in pairs:
        degree[s] += 1
        degree[o] += 1
    sizes = [_node_size(e.mentions, degree[i]) for i, e in enumerate(entities)]
    room = {i: _room(e.label, sizes[i]) for i, e in enumerate(entities)}
    hidden = hidden_on_opening(graph)
    quiet = set(hidden)
    shown = [i for i in range(len(entities)) if i not in quiet]
    close = [(index[t.first], index[t.second]) for t in graph.linked.together]
    boxes = below(layout(shown, pairs, room, engine=layout_engine),
                  layout(hidden, [p for p in close if p[0] in quiet and p[1] in quiet], room, engine=layout_engine), room)
    positions = {i: (x, round(y - _drop(sizes[i]), 1)) for i, (x, y) in boxes.items()}

    net = Network(height="100%", width="100%", directed=True)
    net.options = _options(len(relations) + len(together))
    net.node_ids = _IdList()  # pyvis looks ids up in a list; a set keeps big graphs linear
    for i, e in enumerate(entities):
        x, y = positions[i]
        font = _font(sizes[i])
        net.add_node(i, label=e.label, color=_colour(TYPE_COLOURS, e.type.value), x=x, y=y, size=sizes[i],
                     **({"font": {"size": font}} if font != _FONT else {}))
    parallel: dict[tuple[int, int], int] = defaultdict(int)
    for k, (r, (s, o)) in enumerate(zip(relations, pairs)):
        pair = (min(s, o), max(s, o))
        options: dict[str, Any] = {"id": k, "color": _colour(PREDICATE_COLOURS, r.predicate.value),
                                   "width": round(1 + math.log2(len(r.evidence) or 1), 2)}
        if parallel[pair]:
            options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": round(0.2 * parallel[pair], 2)}
        parallel[pair] += 1
        net.add_edge(s, o, **options)
    for k, t in enumerate(together, start=len(relations)):
        net.add_edge(index[t.first], index[t.second], id=k, color={"color": TOGETHER_COLOUR, "opacity": 0.45}, dashes=True,
                     width=round(0.5 + 0.5 * math.log2(t.sentences), 2), arrows={"to": {"enabled": False}})
    return net


class _IdList(list):
    """A list with set-speed membership tests (pyvis checks ``id in node_ids`` per node and edge)."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def render_html(graph: "KnowledgeGraph", layout_engine: str = "igraph") -> str:
    """The page as a string: the same graph always gives the same bytes.

    ``layout_engine`` is a key of :data:`kg.layout.ENGINES` (the other one is kept to compare with).
    """
    net = build_network(graph, layout_engine)
    templates = Path(str(resources.files("kg").joinpath("templates")))
    net.set_template_dir(str(templates), "graph.html")
    net.templateEnv.filters["script_json"] = script_json
    net.templateEnv.filters["json_text"] = lambda text: script_json(json.loads(text))
    net.templateEnv.globals.update(
        vis_network_js=_vis_network_js(),
        page_data=page_data(graph),
        counts={"entities": len(graph.entities()), "relations": len(graph.relations()),
                "documents": len(graph.documents)},
    )
    return _with_script_hashes(net.generate_html(name="graph.html", notebook=False))


NOTEBOOK_HEIGHT = 640  # pixels: the page inline in a notebook


def notebook_frame(page: str, height: int = NOTEBOOK_HEIGHT) -> str:
    """The page inside an ``<iframe srcdoc>`` for a notebook's output, escaped as an attribute value.

    The frame is sandboxed with scripts allowed but no same-origin access, so the page runs under
    its own Content-Security-Policy and cannot reach the notebook around it.

    >>> notebook_frame('<p title="a&b">x</p>', 300)[:64]
    '<iframe srcdoc="&lt;p title=&quot;a&amp;b&quot;&gt;x&lt;/p&gt;" '
    """
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" title="Knowledge graph" '
            f'style="width: 100%; height: {height}px; border: 1px solid #ddd; border-radius: 4px;"></iframe>')


_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _with_script_hashes(page: str) -> str:
    """Fill the page's Content-Security-Policy with the hashes of its own scripts.

    Only those scripts may run: an element injected by mistake, even with an inline event
    handler, would be refused by the browser. (JSON data blocks are never executed.)

    >>> _with_script_hashes("CSP_SCRIPT_HASHES <script>1</script>")
    "'sha256-a4ayc/80/OGda4BO/1o/V0etpOqiLx1JwB5S3beHW0s=' <script>1</script>"
    """
    hashes = sorted({base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode("ascii")
                     for m in _SCRIPT.finditer(page)})
    return page.replace("CSP_SCRIPT_HASHES", " ".join(f"'sha256-{h}'" for h in hashes), 1)
