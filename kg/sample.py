"""Synthetic knowledge graphs of any size, for benchmarks and tests of the views (no model needed).

Entities come in clusters, one per made-up article, with most relations inside a cluster and
the rest to a few busy entities, as in news. Names and sentences are made up from syllables;
the same arguments always give the same graph.

>>> graph = synthetic_graph(30, 60)
>>> len(graph.entities()), len(graph.relations())
(30, 60)
>>> synthetic_graph(30, 60).relations() == graph.relations()
True
>>> synthetic_graph(2, 50)
Traceback (most recent call last):
...
ValueError: 2 entities allow at most 22 distinct relations, not 50
"""

from __future__ import annotations

import random

from .graph import KnowledgeGraph
from .link import Linked
from .model import Document, Entity, EntityType, Evidence, Predicate, Relation
from .vocab import entity_id

__all__ = ["synthetic_graph"]

_SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vo", "dri", "pel", "sun", "zar", "qui", "bex", "nor", "fa", "tu"]
_CLUSTER = 12


def _name(rng: random.Random) -> str:
    return " ".join("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
                    for _ in range(rng.randint(1, 2)))


def synthetic_graph(n_entities: int, n_relations: int, seed: int = 0) -> KnowledgeGraph:
    """A graph of ``n_entities`` entities and ``n_relations`` distinct relations, each with evidence."""
    rng = random.Random(seed)
    types = list(EntityType)
    n_docs = max(1, n_entities // _CLUSTER)
    documents = tuple(Document.from_text(f"Synthetic article {i}.", f"synthetic/{i:05d}.txt", title=f"Article {i}")
                      for i in range(n_docs))
    entities = []
    for i in range(n_entities):
        entity_type = types[i % len(types)]
        label = f"{_name(rng)} {i}"
        docs = {documents[min(i // _CLUSTER, n_docs - 1)].doc_id}
        entities.append(Entity(entity_id(entity_type, label.lower()), entity_type, label,
                               (label.split()[0],), tuple(sorted(docs)), rng.randint(1, 6)))
    hubs = list(range(min(n_entities, max(1, n_entities // 50))))
    predicates = list(Predicate)
    possible = _possible_relations(n_entities, len(hubs), len(predicates))
    if n_relations > possible:
        raise ValueError(f"{n_entities} entities allow at most {possible} distinct relations, not {n_relations}")
    seen: set[tuple[int, Predicate, int]] = set()
    relations = []
    while len(relations) < n_relations:
        s = rng.randrange(n_entities)
        if rng.random() < 0.8:
            base = (s // _CLUSTER) * _CLUSTER
            o = base + rng.randrange(min(_CLUSTER, n_entities - base))
        else:
            o = rng.choice(hubs)
        predicate = rng.choice(predicates)
        if s == o or (s, predicate, o) in seen:
            continue
        seen.add((s, predicate, o))
        doc = documents[min(s // _CLUSTER, n_docs - 1)].doc_id
        sentence = f"{entities[s].label} {predicate.value} {entities[o].label}, the report said."
        evidence = Evidence(doc, sentence, 0, len(sentence), "synthetic", round(rng.uniform(0.5, 1.0), 2))
        relations.append(Relation(entities[s].entity_id, predicate, entities[o].entity_id, (evidence,)))
    return KnowledgeGraph(Linked(documents, tuple(entities), tuple(relations), ()))


def _possible_relations(n_entities: int, n_hubs: int, n_predicates: int) -> int:
    """How many distinct (subject, predicate, object) triples the drawing below can make: each
    entity relates to the others of its cluster and to the hubs (entities ``0 .. n_hubs - 1``)."""
    pairs = 0
    for base in range(0, n_entities, _CLUSTER):
        size = min(_CLUSTER, n_entities - base)
        hubs_outside = n_hubs - max(0, min(n_hubs, base + size) - base)
        pairs += size * (size - 1 + hubs_outside)
    return pairs * n_predicates
