"""kg.sample.synthetic_graph: exactly the relations asked for, or a clear error when that many cannot exist."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.sample import synthetic_graph


@settings(max_examples=60, deadline=None)
@given(n_entities=st.integers(0, 40), share=st.floats(0, 1), extra=st.integers(1, 50))
def test_every_possible_count_is_given_and_one_more_is_refused(n_entities, share, extra):
    hubs = max(1, n_entities // 50)
    # the most distinct relations: every entity with the rest of its cluster of 12 and the hubs, times 11 predicates
    most = 11 * sum(size * (size - 1 + (hubs if base else 0)) for base in range(0, n_entities, 12)
                    for size in [min(12, n_entities - base)])
    wanted = int(most * share)
    graph = synthetic_graph(n_entities, wanted)
    assert len(graph.entities()) == n_entities and len(graph.relations()) == wanted
    assert len({(r.subject, r.predicate, r.object) for r in graph.relations()}) == wanted
    with pytest.raises(ValueError, match="distinct relations"):
        synthetic_graph(n_entities, most + extra)


def test_two_entities_cannot_have_fifty_distinct_relations():
    """Once a loop that never returned."""
    with pytest.raises(ValueError, match="2 entities allow at most 22 distinct relations, not 50"):
        synthetic_graph(2, 50)
