"""Node positions for the graph page, computed once in Python (deterministic: same graph, same positions).

Each connected component gets a force layout scaled so that a typical edge is ``spacing``
pixels long; the boxes of the dots with their labels are then pushed apart until none overlap,
and components are packed in rows, biggest first, lone nodes last in a grid.

Two force layouts can do the first step (``engine``): python-igraph's Fruchterman-Reingold,
written in C, which lays out a component of 100,000 nodes in seconds (the default), and
networkx's spring layout in numpy, whose dense form is quadratic in memory, so a component of
more than 300 nodes is split into Louvain communities laid out one by one (kept to compare
with: ``python scripts/bench_html.py --engine networkx``).

>>> pos = layout([0, 1, 2], [(0, 1), (1, 2)])
>>> sorted(pos)
[0, 1, 2]
>>> pos == layout([2, 1, 0], [(2, 1), (1, 0)])
True
"""

from __future__ import annotations

import math
import random
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Hashable, Iterable, Iterator, Mapping, Sequence

import igraph
import numpy as np

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["layout", "below", "SPACING", "ENGINES"]

SPACING = 80.0
_DIRECT_LIMIT = 300  # networkx engine: the biggest component laid out by one (dense) spring layout
FILL = 3.0  # the area a crowded component gets before boxes are pushed apart, times its boxes' area
_EVEN_FROM = 1000  # components of this many nodes get their radii evened out (see _make_room)
_GAP = np.array([12.0, 8.0])  # between packed components, and between two stacked layouts (x, y)

Positions = dict[Hashable, tuple[float, float]]


def layout(nodes: Sequence[Hashable], edges: Iterable[tuple[Hashable, Hashable]], room: Mapping | None = None, *,
           seed: int = 7, spacing: float = SPACING, engine: str = "igraph") -> Positions:
    """Pixel positions for every node (edge directions, self-loops and parallel edges are ignored).

    Nodes must be sortable (the page uses entity indexes) so that the result does not depend on
    input order. ``room`` gives the half-width and half-height of the box a node takes with its
    label (default a third and a fifth of ``spacing``); no two boxes overlap.

    >>> pos = layout([0, 1], [(0, 1)], {0: (30.0, 20.0), 1: (30.0, 20.0)})
    >>> abs(pos[0][0] - pos[1][0]) >= 60 or abs(pos[0][1] - pos[1][1]) >= 40  # side by side, or one above the other
    True
    """
    order = sorted(set(nodes))
    index = {v: i for i, v in enumerate(order)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in edges if u != v})
    half = np.array([(room or {}).get(v, (spacing / 3, spacing / 5)) for v in order], dtype=float).reshape(-1, 2)
    graph = igraph.Graph(n=len(order), edges=pairs)
    components = sorted((sorted(c) for c in graph.connected_components()), key=lambda c: (-len(c), c[0]))
    force = ENGINES[engine]
    placed = [(c, _unoverlap(force(graph.subgraph(c), seed, spacing), half[c]) if len(c) > 1 else np.zeros((1, 2)))
              for c in components]
    return {order[i]: xy for i, xy in _pack(placed, half).items()}


def below(top: Positions, bottom: Positions, room: Mapping) -> Positions:
    """``bottom`` moved under ``top`` (centred on it, with a gap): one set of positions, no box overlapping.

    >>> below({0: (0.0, 0.0)}, {1: (5.0, 5.0)}, {0: (10.0, 10.0), 1: (10.0, 10.0)})
    {0: (0.0, 0.0), 1: (0.0, 36.0)}
    """
    if not top or not bottom:
        return {**top, **bottom}

    def extent(pos: Positions) -> tuple[np.ndarray, np.ndarray]:
        xy = np.array(list(pos.values()))
        half = np.array([room[v] for v in pos])
        return (xy - half).min(axis=0), (xy + half).max(axis=0)

    (top_low, top_high), (low, high) = extent(top), extent(bottom)
    dx = float(top_low[0] + top_high[0] - low[0] - high[0]) / 2
    dy = float(top_high[1] + _GAP[1] * 2 - low[1])
    return {**top, **{v: (round(x + dx, 1), round(y + dy, 1)) for v, (x, y) in bottom.items()}}


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """igraph's random numbers drawn from a generator seeded with ``seed``, for the block (in case its C code draws any)."""
    igraph.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)  # igraph's default


def _scaled(xy: np.ndarray, ends: np.ndarray, spacing: float) -> np.ndarray:
    """``xy`` centred on (0, 0) and scaled so that the median edge is ``spacing`` long."""
    lengths = np.linalg.norm(xy[ends[:, 0]] - xy[ends[:, 1]], axis=1) if len(ends) else np.ones(1)
    return (xy - xy.mean(axis=0)) * (spacing / max(float(np.median(lengths)), 1e-9))


def _igraph_force(graph: igraph.Graph, seed: int, spacing: float) -> np.ndarray:
    """Fruchterman-Reingold in C (a grid approximation from 1,000 nodes), from seeded start positions."""
    n = graph.vcount()
    if n == 1:
        return np.zeros((1, 2))
    start = np.random.default_rng(seed).uniform(-0.5, 0.5, (n, 2)) * math.sqrt(n)  # igraph's own start size: fast grid
    with _seeded(seed):  # a big component's radii are evened out afterwards (see _make_room): fewer rounds do
        xy = np.array(graph.layout_fruchterman_reingold(seed=start.tolist(), niter=500 if n < _EVEN_FROM else 300).coords)
    return _scaled(xy, np.array(graph.get_edgelist(), dtype=int).reshape(-1, 2), spacing)


def _networkx_force(graph: igraph.Graph, seed: int, spacing: float) -> np.ndarray:
    """networkx's spring layout; a component of more than 300 nodes goes by Louvain communities."""
    import networkx as nx  # the benchmark's baseline only: not imported by a build

    n = graph.vcount()
    if n == 1:
        return np.zeros((1, 2))
    simple = nx.Graph()
    simple.add_nodes_from(range(n))
    simple.add_edges_from(graph.get_edgelist())
    if n > _DIRECT_LIMIT:
        return _networkx_communities(graph, simple, seed, spacing)
    pos = nx.spring_layout(simple, seed=seed, iterations=100 if n <= 100 else 60)
    return _scaled(np.array([pos[v] for v in range(n)]), np.array(graph.get_edgelist(), dtype=int).reshape(-1, 2), spacing)


def _networkx_communities(graph: igraph.Graph, simple: nx.Graph, seed: int, spacing: float) -> np.ndarray:
    """Two-level layout of a big component: communities laid out alone, placed by the community graph."""
    import networkx as nx

    groups = [sorted(c) for c in nx.community.louvain_communities(simple, seed=seed)]
    if len(groups) == 1:  # no structure to split on: cut the breadth-first order into blocks
        order = list(nx.bfs_tree(simple, 0))
        groups = [sorted(order[i : i + _DIRECT_LIMIT]) for i in range(0, len(order), _DIRECT_LIMIT)]
    groups.sort(key=lambda c: (-len(c), c[0]))
    local = [_networkx_force(graph.subgraph(group), seed, spacing) for group in groups]  # subgraph keeps the order
    radii = np.array([float(np.linalg.norm(xy, axis=1).max()) + spacing for xy in local])
    member = {v: i for i, group in enumerate(groups) for v in group}
    quotient = nx.Graph()
    quotient.add_nodes_from(range(len(groups)))
    for u, v in simple.edges():
        a, b = member[u], member[v]
        if a != b:
            quotient.add_edge(a, b, weight=quotient.get_edge_data(a, b, {"weight": 0})["weight"] + 1)
    if len(groups) <= _DIRECT_LIMIT:
        spring = nx.spring_layout(quotient, seed=seed, weight="weight", iterations=100)
        centres = np.array([spring[i] for i in range(len(groups))], dtype=float)
    else:
        centres = np.array([[math.cos(i * 2.4), math.sin(i * 2.4)] for i in range(len(groups))]) * np.sqrt(
            np.arange(1, len(groups) + 1))[:, None]
    centres = _separate(centres - centres.mean(axis=0), radii)
    xy = np.zeros((graph.vcount(), 2))
    for group, centre, points in zip(groups, centres, local):
        xy[group] = centre + points
    return xy


def _separate(centres: np.ndarray, radii: np.ndarray, rounds: int = 300) -> np.ndarray:
    """Push overlapping circles apart, after scaling the centres to the circles' size."""
    span = float(np.abs(centres).max()) or 1.0
    centres = centres * (math.sqrt(float((radii**2).sum())) / span)
    for _ in range(rounds):
        delta = centres[:, None, :] - centres[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2)) + np.eye(len(centres))
        overlap = np.clip(radii[:, None] + radii[None, :] - dist, 0.0, None)
        np.fill_diagonal(overlap, 0.0)
        if not overlap.any():
            break
        centres = centres + ((delta / dist[:, :, None]) * (overlap[:, :, None] / 2)).sum(axis=1)
    return centres


ENGINES: dict[str, Callable[[igraph.Graph, int, float], np.ndarray]] = {"igraph": _igraph_force,
                                                                        "networkx": _networkx_force}


def _near_pairs(xy: np.ndarray, cell: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (i < j) of points in the same or neighbouring cells of a grid of ``cell``-sized cells.

    Two boxes can overlap only if their centres are closer than ``cell`` on both axes, so these
    pairs include every overlapping one, at a cost linear in the number of points and pairs.

    >>> i, j = _near_pairs(np.array([[0.0, 0.0], [5.0, 0.0], [50.0, 0.0]]), np.array([10.0, 10.0]))
    >>> sorted(zip(i.tolist(), j.tolist()))
    [(0, 1)]
    """
    cells = np.floor(xy / cell).astype(np.int64)
    cells -= cells.min(axis=0) - 1  # from 1, so that a neighbour at -1 is still >= 0
    height = int(cells[:, 1].max()) + 2
    key = cells[:, 0] * height + cells[:, 1]
    order = np.argsort(key, kind="stable")
    keys = key[order]  # sorted: the searches below get sorted queries, which numpy answers fastest
    firsts, seconds = [], []
    for dx, dy in ((0, 0), (0, 1), (1, -1), (1, 0), (1, 1)):  # half the neighbourhood: each pair once
        target = keys + (dx * height + dy)
        low = np.searchsorted(keys, target, "left")
        count = np.searchsorted(keys, target, "right") - low
        first = np.repeat(order, count)
        second = order[np.arange(int(count.sum())) + np.repeat(low - (np.cumsum(count) - count), count)]
        keep = first < second if (dx, dy) == (0, 0) else first != second
        firsts.append(first[keep])
        seconds.append(second[keep])
    return np.concatenate(firsts), np.concatenate(seconds)


def _make_room(xy: np.ndarray, half: np.ndarray) -> np.ndarray:
    """Spread a big crowded component (centred on 0, 0) evenly over a disc of ``FILL`` times its boxes' area.

    A force layout of thousands of nodes packs its core far more densely than its rim, and
    pushing boxes apart from such a core would blow the whole component up; so radii are
    first evened out (ranked, so that the nodes fill the disc uniformly), angles kept. Smaller
    components, and big ones that already have the room, are left as they are.

    >>> ring = np.array([[math.cos(a), math.sin(a)] for a in np.linspace(0, 6, 2000)])
    >>> radius = np.linalg.norm(_make_room(ring, np.full((2000, 2), 10.0)), axis=1)
    >>> round(float(radius.max())), round(float(np.median(radius)))
    (874, 618)
    """
    radius = np.linalg.norm(xy, axis=1)
    needed = math.sqrt(float(np.prod(2 * half, axis=1).sum()) * FILL / math.pi)
    if len(xy) < _EVEN_FROM or float(np.percentile(radius, 90)) >= needed:
        return xy
    rank = np.argsort(np.argsort(radius, kind="stable"), kind="stable")
    return xy * (needed * np.sqrt((rank + 0.5) / len(xy)) / np.maximum(radius, 1e-9))[:, None]


def _unoverlap(xy: np.ndarray, half: np.ndarray, rounds: int = 3000) -> np.ndarray:
    """Push overlapping boxes (centres, half-sizes) apart along the line between their centres.

    Each side of an overlap moves half the way to where the two boxes just touch (at most as far
    again as they are apart), so a lone clash is gone in one round and the layout keeps its shape.
    If clashes remain after the first rounds (200 in a small component, fewer in a big one, where
    a round costs more) each round also spreads the whole component by 1 %, so that a crowd
    around a busy node finds room instead of pushing back and forth; since spreading alone parts
    any two distinct points, the rounds end with no overlap.

    >>> out = _unoverlap(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([[10.0, 5.0], [10.0, 5.0]]))
    >>> bool(abs(out[0, 0] - out[1, 0]) >= 20.0 or abs(out[0, 1] - out[1, 1]) >= 10.0)
    True
    """
    n = len(xy)
    # Boxes are wider than tall, so pushing them apart widens a round layout: squeeze it first by
    # the boxes' typical shape, and it comes out about as tall as wide.
    aspect = math.sqrt(float(np.median(half[:, 0]) / np.median(half[:, 1])))
    xy = (xy - xy.mean(axis=0)) * (1 / aspect, aspect) + np.arange(n)[:, None] * 1e-6  # (nodes at one point part)
    xy = _make_room(xy, half)
    cell = 2 * half.max(axis=0)
    patience = min(200, max(20, 200_000 // n))
    for done in range(rounds):
        first, second = _near_pairs(xy, cell)
        delta = xy[first] - xy[second]
        over = half[first] + half[second] - np.abs(delta)
        hit = (over > 0).all(axis=1)
        if not hit.any():
            break
        first, second, delta = first[hit], second[hit], delta[hit]
        # how many times their distance the two centres must be apart for the boxes to touch (plus half a pixel)
        touch = np.min((half[first] + half[second] + 0.5) / np.maximum(np.abs(delta), 1e-9), axis=1)
        push = delta * ((np.minimum(touch, 2.0) - 1.0) * 0.5)[:, None]
        move = np.zeros_like(xy)
        for k in range(2):
            move[:, k] = np.bincount(first, push[:, k], n) - np.bincount(second, push[:, k], n)
        xy = (xy + move) * (1.01 if done >= patience else 1.0)
    return xy


def _pack(placed: list[tuple[list[int], np.ndarray]], half: np.ndarray) -> dict[int, tuple[float, float]]:
    """Pack components (with their labels' room) in rows, biggest first, wrapping at about a square."""
    boxes = []
    for nodes, xy in placed:
        room = half[nodes] + _GAP / 2
        low, high = (xy - room).min(axis=0), (xy + room).max(axis=0)
        boxes.append((nodes, xy - low, high - low))
    area = sum(float(size[0] * size[1]) for _, _, size in boxes)
    row_width = max([math.sqrt(area) * 1.2] + [float(size[0]) for _, _, size in boxes])
    positions: dict[int, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for nodes, xy, size in boxes:
        if x > 0 and x + size[0] > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for v, (px, py) in zip(nodes, (xy + (x, y)).round(1).tolist()):
            positions[v] = (px, py)
        x += float(size[0])
        row_height = max(row_height, float(size[1]))
    return positions
