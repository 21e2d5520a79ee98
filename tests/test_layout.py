"""kg.layout: deterministic positions whose label boxes do not overlap, for small and big graphs, with both engines."""

from __future__ import annotations

import doctest
from collections import defaultdict

import networkx as nx
import numpy as np
import pytest

import kg.layout
from kg.html import _node_size, _room
from kg.layout import ENGINES, below, layout
from kg.sample import synthetic_graph


def _clashes(pos: dict, room: dict) -> int:
    """Overlapping boxes, counted by brute force over every pair (independent of the layout's own grid)."""
    nodes = sorted(pos)
    xy = np.array([pos[v] for v in nodes])
    half = np.array([room[v] for v in nodes])
    count = 0
    for i in range(len(nodes)):  # row by row: memory stays linear
        over = (half[i] + half[i + 1:] - np.abs(xy[i] - xy[i + 1:]) > 1).all(axis=1)
        count += int(over.sum())
    return count


def _synthetic(n: int) -> tuple[list[tuple[int, int]], dict]:
    """The edges of a synthetic graph and the room the page gives its labels."""
    graph = synthetic_graph(n, 2 * n)
    index = {e.entity_id: i for i, e in enumerate(graph.entities())}
    edges = [(index[r.subject], index[r.object]) for r in graph.relations()]
    degree: dict[int, int] = defaultdict(int)
    for a, b in edges:
        degree[a] += 1
        degree[b] += 1
    return edges, {i: _room(e.label, _node_size(e.mentions, degree[i])) for i, e in enumerate(graph.entities())}


def test_doctests():
    assert doctest.testmod(kg.layout).failed == 0


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_same_graph_same_positions_whatever_the_input_order(engine):
    graph = nx.gnm_random_graph(120, 200, seed=3)
    edges = list(graph.edges)
    flipped = [(v, u) for u, v in reversed(edges)]
    assert layout(list(graph.nodes), edges, engine=engine) == layout(list(graph.nodes)[::-1], flipped, engine=engine)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_stars_and_lone_nodes_leave_room_for_labels(engine):
    graph = nx.disjoint_union_all([nx.star_graph(40), nx.path_graph(5), nx.empty_graph(30)])
    room = {v: (20.0 + (v % 7) * 10, 18.0 + (v % 3) * 8) for v in graph}
    pos = layout(list(graph.nodes), list(graph.edges), room, engine=engine)
    assert sorted(pos) == sorted(graph)
    assert _clashes(pos, room) == 0


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_big_component_keeps_its_communities_together(engine):
    graph = nx.connected_caveman_graph(40, 12)  # 480 nodes in one component
    pos = layout(list(graph.nodes), list(graph.edges), engine=engine)
    assert len(pos) == 480 and len(set(pos.values())) == 480
    # a community stays together: its members are closer to each other than to the rest
    xy = np.array([pos[v] for v in sorted(pos)])
    first, rest = xy[:12], xy[12:]
    inside = np.linalg.norm(first - first.mean(axis=0), axis=1).mean()
    outside = np.linalg.norm(rest - first.mean(axis=0), axis=1).mean()
    assert inside * 3 < outside


def test_a_component_of_thousands_has_no_overlapping_label_and_is_deterministic():
    edges, room = _synthetic(1500)  # one component of more than 1,000 nodes: its radii are evened out
    sizes = nx.connected_components(nx.Graph(edges))
    assert max(len(c) for c in sizes) >= kg.layout._EVEN_FROM
    pos = layout(range(1500), edges, room)
    assert len(pos) == 1500 and _clashes(pos, room) == 0
    assert pos == layout(range(1500), edges, room)
    xy = np.array(list(pos.values()))
    assert (xy.max(axis=0) - xy.min(axis=0)).max() < 40 * np.sqrt(1500) * 10  # spread, not blown up


def test_below_stacks_two_layouts_without_overlap():
    room = {v: (30.0, 20.0) for v in range(40)}
    top = layout(range(20), [(i, i + 1) for i in range(19)], room)
    bottom = layout(range(20, 40), [], room)
    both = below(top, bottom, room)
    assert sorted(both) == list(range(40)) and _clashes(both, room) == 0
    assert min(both[v][1] for v in range(20, 40)) > max(both[v][1] for v in range(20))
    assert {v: both[v] for v in range(20)} == top
