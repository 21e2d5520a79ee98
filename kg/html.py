"""The interactive HTML view of the graph, made with pyvis.

Every piece of article text is escaped before it reaches the page.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from pyvis.network import Network

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

__all__ = ["render_html", "TYPE_COLOURS"]

TYPE_COLOURS = {
    "Person": "#e15759",
    "Organization": "#4e79a7",
    "Model": "#59a14f",
    "Chip": "#f28e2b",
    "Place": "#b07aa1",
}


def _text(value: str) -> str:
    return html.escape(value, quote=True)


def render_html(graph: "KnowledgeGraph") -> str:
    """The page as a string (vis-network inlined)."""
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line", notebook=False)
    for e in graph.entities():
        tooltip = f"{e.type.value}: {e.label}"
        if e.aliases:
            tooltip += "\nalso: " + ", ".join(e.aliases)
        net.add_node(e.entity_id, label=_text(e.label), title=_text(tooltip), color=TYPE_COLOURS[e.type.value],
                     size=10 + min(e.mentions, 30))
    for r in graph.relations():
        sentences = "\n".join(f"- {ev.sentence}" for ev in r.evidence[:3])
        net.add_edge(r.subject, r.object, label=r.predicate.value, title=_text(f"{r.predicate.value}\n{sentences}"))
    net.toggle_physics(True)
    return net.generate_html(notebook=False)
