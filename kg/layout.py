"""Node positions for the graph page, computed once in Python with networkx (deterministic).

Each connected component gets a spring layout scaled so that a typical edge is ``spacing``
pixels long; a component too big for one spring layout is split into Louvain communities,
each laid out on its own and placed where a spring layout of the community graph puts it.
Components are then packed in rows, biggest first, lone nodes last in a grid.

>>> import networkx as nx
>>> pos = layout(nx.path_graph(3))
>>> sorted(pos)
[0, 1, 2]
>>> pos == layout(nx.path_graph(3))
True
"""

from __future__ import annotations

import math
from typing import Hashable

import networkx as nx
import numpy as np

__all__ = ["layout", "SPACING"]

SPACING = 80.0
_DIRECT_LIMIT = 300  # the biggest component laid out by one spring layout (networkx's dense one)


def layout(
    graph: nx.Graph, seed: int = 7, spacing: float = SPACING, room: dict[Hashable, tuple[float, float]] | None = None
) -> dict[Hashable, tuple[float, float]]:
    """Pixel positions for every node of ``graph`` (directions and parallel edges are ignored).

    Nodes must be sortable (the page uses entity indexes) so that the result does not depend on
    insertion order. ``room`` gives the half-width and half-height of the box a node takes
    with its label (default a third and a fifth of ``spacing``): nodes of a component are
    pushed apart until no two boxes overlap.

    >>> pos = layout(nx.Graph([(0, 1)]))
    >>> round(math.dist(pos[0], pos[1])) == SPACING
    True
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in graph.edges() if u != v))
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    room = room or {}
    placed = [_component(simple.subgraph(nodes), nodes, seed, spacing, room) for nodes in components]
    return _pack(placed, spacing, room)


def _component(graph: nx.Graph, nodes: list, seed: int, spacing: float, room: dict) -> tuple[list, np.ndarray]:
    """Positions (centred on 0, 0) of one connected component, in the order of ``nodes``."""
    n = len(nodes)
    if n == 1:
        return nodes, np.zeros((1, 2))
    if n <= _DIRECT_LIMIT:
        pos = nx.spring_layout(graph, seed=seed, iterations=100 if n <= 100 else 60)
        arr = np.array([pos[v] for v in nodes], dtype=float)
        index = {v: i for i, v in enumerate(nodes)}
        ends = np.array([(index[u], index[v]) for u, v in graph.edges()], dtype=int).reshape(-1, 2)
        lengths = np.linalg.norm(arr[ends[:, 0]] - arr[ends[:, 1]], axis=1)
        typical = float(np.median(lengths)) if len(lengths) else 1.0
        arr = (arr - arr.mean(axis=0)) * (spacing / max(typical, 1e-9))
        boxes = np.array([room.get(v, (spacing / 3, spacing / 5)) for v in nodes], dtype=float)
        return nodes, _unoverlap(arr, boxes)
    return nodes, _communities(graph, nodes, seed, spacing, room)


def _communities(graph: nx.Graph, nodes: list, seed: int, spacing: float, room: dict) -> np.ndarray:
    """Two-level layout of a big component: communities placed by the community graph."""
    groups = [sorted(c) for c in nx.community.louvain_communities(graph, seed=seed)]
    if len(groups) == 1:  # no structure to split on: cut the breadth-first order into blocks
        order = list(nx.bfs_tree(graph, nodes[0]))
        groups = [sorted(order[i : i + _DIRECT_LIMIT]) for i in range(0, len(order), _DIRECT_LIMIT)]
    groups.sort(key=lambda c: (-len(c), c[0]))
    local = []
    for group in groups:
        sub = graph.subgraph(group)
        parts = sorted((sorted(c) for c in nx.connected_components(sub)), key=lambda c: (-len(c), c[0]))
        local.append(_pack([_component(sub.subgraph(p), p, seed, spacing, room) for p in parts], spacing, room, centre=True))
    radii = np.array([max(math.hypot(x, y) for x, y in pos.values()) + spacing for pos in local])

    member = {v: i for i, group in enumerate(groups) for v in group}
    quotient = nx.Graph()
    quotient.add_nodes_from(range(len(groups)))
    for u, v in graph.edges():
        a, b = member[u], member[v]
        if a != b:
            weight = quotient.get_edge_data(a, b, {"weight": 0})["weight"]
            quotient.add_edge(a, b, weight=weight + 1)
    if len(groups) <= _DIRECT_LIMIT:
        spring = nx.spring_layout(quotient, seed=seed, weight="weight", iterations=100)
        centres = np.array([spring[i] for i in range(len(groups))], dtype=float)
    else:
        centres = np.array([[math.cos(i * 2.4), math.sin(i * 2.4)] for i in range(len(groups))]) * np.sqrt(
            np.arange(1, len(groups) + 1)
        )[:, None]
    centres = _separate(centres - centres.mean(axis=0), radii)

    arr = np.zeros((len(nodes), 2))
    index = {v: i for i, v in enumerate(nodes)}
    for g, pos in enumerate(local):
        for v, (x, y) in pos.items():
            arr[index[v]] = centres[g] + (x, y)
    return arr


def _unoverlap(centres: np.ndarray, half: np.ndarray, rounds: int = 300) -> np.ndarray:
    """Push overlapping boxes (centres, half-sizes) apart along the axis where they overlap least.

    Each round also spreads the whole component by 1 %, so that a crowd around a busy node
    finds room instead of pushing back and forth.

    >>> out = _unoverlap(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([[10.0, 5.0], [10.0, 5.0]]))
    >>> bool(abs(out[0, 1] - out[1, 1]) >= 10.0)
    True
    """
    n = len(centres)
    x = centres[:, 0] + np.arange(n) * 1e-6  # nodes at one point part deterministically
    y = centres[:, 1] + np.arange(n) * 1e-6
    reach_x = half[:, None, 0] + half[None, :, 0]
    reach_y = half[:, None, 1] + half[None, :, 1]
    np.fill_diagonal(reach_x, 0.0)  # a node never overlaps itself
    for _ in range(rounds):
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        over_x, over_y = reach_x - np.abs(dx), reach_y - np.abs(dy)
        hit = (over_x > 0) & (over_y > 0)
        if not hit.any():
            break
        along_x = over_x < over_y
        x = (x + (np.sign(dx) * over_x * (hit & along_x)).sum(axis=1) * 0.25) * 1.01
        y = (y + (np.sign(dy) * over_y * (hit & ~along_x)).sum(axis=1) * 0.25) * 1.01
    return np.column_stack([x, y])


def _separate(centres: np.ndarray, radii: np.ndarray, rounds: int = 300, rescale: bool = True) -> np.ndarray:
    """Push overlapping circles apart (after scaling the centres to the circles' size if ``rescale``)."""
    if rescale:
        span = float(np.abs(centres).max()) or 1.0
        centres = centres * (math.sqrt(float((radii**2).sum())) / span)
    for _ in range(rounds):
        delta = centres[:, None, :] - centres[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2)) + np.eye(len(centres))
        overlap = radii[:, None] + radii[None, :] - dist
        np.fill_diagonal(overlap, 0.0)
        overlap = np.clip(overlap, 0.0, None)
        if not overlap.any():
            break
        push = (delta / dist[:, :, None]) * (overlap[:, :, None] / 2)
        centres = centres + push.sum(axis=1)
    return centres


def _pack(placed: list[tuple[list, np.ndarray]], spacing: float, room: dict, centre: bool = False) -> dict:
    """Pack components (with their labels' room) in rows, biggest first, wrapping at about a square."""
    gap = np.array([12.0, 8.0])
    boxes = []
    for nodes, arr in placed:
        half = np.array([room.get(v, (spacing / 3, spacing / 5)) for v in nodes], dtype=float) + gap / 2
        low, high = (arr - half).min(axis=0), (arr + half).max(axis=0)
        boxes.append((nodes, arr - low, high - low))
    area = sum(float(size[0] * size[1]) for _, _, size in boxes)
    row_width = max([math.sqrt(area) * 1.2] + [float(size[0]) for _, _, size in boxes])
    positions: dict = {}
    x = y = row_height = 0.0
    for nodes, arr, size in boxes:
        if x > 0 and x + size[0] > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for v, point in zip(nodes, arr + (x, y)):
            positions[v] = (float(point[0]), float(point[1]))
        x += float(size[0])
        row_height = max(row_height, float(size[1]))
    if positions:
        points = np.array(list(positions.values()))
        middle = (points.min(axis=0) + points.max(axis=0)) / 2 if centre else np.zeros(2)
        positions = {v: (round(px - middle[0], 1), round(py - middle[1], 1)) for v, (px, py) in positions.items()}
    return positions
