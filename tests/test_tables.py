"""kg.tables and KnowledgeGraph.to_pandas: one row per entity, per evidence sentence, per quote."""

from __future__ import annotations

import doctest
import sys
from dataclasses import fields

import pandas
import pytest

import kg.tables
from kg.errors import DependencyError, KgError
from kg.graph import KnowledgeGraph
from kg.link import Linked
from kg.model import Evidence


def test_doctests():
    assert doctest.testmod(kg.tables).failed == 0


def test_tables_of_the_seeds(seeds_graph):
    tables = seeds_graph.to_pandas()
    entities, relations, quotes = tables  # a named tuple: unpacks
    assert all(isinstance(t, pandas.DataFrame) for t in tables)
    assert len(entities) == len(seeds_graph.entities()) and len(quotes) == len(seeds_graph.quotes())
    assert len(relations) == sum(len(r.evidence) for r in seeds_graph.relations())
    assert int(entities["mentions"].sum()) == sum(e.mentions for e in seeds_graph.entities())
    assert int(entities["relations"].sum()) == 2 * len(seeds_graph.relations())
    founded = relations[(relations.subject_label == "Liang Wenfeng") & (relations.relation == "founded")
                       & (relations.object_label == "DeepSeek")]
    relation = next(r for r in seeds_graph.relations() if r.predicate.value == "founded" and r.object.endswith("/deepseek"))
    sources = {d.doc_id: d.source for d in seeds_graph.documents}
    assert list(founded.sentence) == [ev.sentence for ev in relation.evidence]
    assert list(founded.document) == [sources[ev.doc_id] for ev in relation.evidence]
    assert list(founded.confidence) == [ev.confidence for ev in relation.evidence]
    assert set(quotes.speaker_label) <= set(entities.label)


def test_every_evidence_field_is_a_column(seeds_graph):
    """A field added to Evidence (the fact status of a later issue) becomes a column by itself."""
    relations = seeds_graph.to_pandas().relations
    expected = ["document" if f.name == "doc_id" else f.name for f in fields(Evidence)]
    assert list(relations.columns[5:]) == expected
    assert list(seeds_graph.to_pandas().quotes.columns[4:]) == expected


def test_an_empty_graph_gives_empty_tables_with_their_columns():
    tables = KnowledgeGraph(Linked((), (), (), ())).to_pandas()
    assert [len(t) for t in tables] == [0, 0, 0]
    assert list(tables.entities.columns) == list(kg.tables.ENTITY_COLUMNS)
    assert "confidence" in tables.relations.columns and "quote" in tables.quotes.columns


def test_without_pandas_one_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails as if it were not installed
    with pytest.raises(DependencyError) as caught:
        KnowledgeGraph(Linked((), (), (), ())).to_pandas()
    assert isinstance(caught.value, KgError)
    assert str(caught.value) == 'to_pandas() needs pandas: pip install "kg[pandas]" (or pip install pandas)'
