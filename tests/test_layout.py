"""kg.layout: deterministic positions whose label boxes do not overlap, for small and big graphs."""

from __future__ import annotations

import doctest

import networkx as nx
import numpy as np

import kg.layout
from kg.layout import layout


def _clashes(pos: dict, room: dict) -> int:
    nodes = sorted(pos)
    xy = np.array([pos[v] for v in nodes])
    half = np.array([room[v] for v in nodes])
    over = (half[:, None, :] + half[None, :, :] - np.abs(xy[:, None, :] - xy[None, :, :]) > 1).all(axis=2)
    np.fill_diagonal(over, False)
    return int(over.sum()) // 2


def test_doctests():
    assert doctest.testmod(kg.layout).failed == 0


def test_same_graph_same_positions_whatever_the_insertion_order():
    graph = nx.gnm_random_graph(120, 200, seed=3)
    shuffled = nx.Graph()
    shuffled.add_nodes_from(reversed(list(graph.nodes)))
    shuffled.add_edges_from(reversed(list(graph.edges)))
    assert layout(graph) == layout(shuffled)


def test_stars_and_lone_nodes_leave_room_for_labels():
    graph = nx.disjoint_union_all([nx.star_graph(40), nx.path_graph(5), nx.empty_graph(30)])
    room = {v: (20.0 + (v % 7) * 10, 18.0 + (v % 3) * 8) for v in graph}
    pos = layout(graph, room=room)
    assert sorted(pos) == sorted(graph)
    assert _clashes(pos, room) == 0


def test_a_component_too_big_for_one_spring_layout_is_laid_out_by_communities():
    graph = nx.connected_caveman_graph(40, 12)  # 480 nodes in one component
    pos = layout(graph)
    assert len(pos) == 480 and len(set(pos.values())) == 480
    # a community stays together: its members are closer to each other than to the rest
    xy = np.array([pos[v] for v in sorted(pos)])
    first, rest = xy[:12], xy[12:]
    inside = np.linalg.norm(first - first.mean(axis=0), axis=1).mean()
    outside = np.linalg.norm(rest - first.mean(axis=0), axis=1).mean()
    assert inside * 3 < outside
