"""Every typing rule of kg/data/typing.json and name pattern of kg/data/patterns.json, run on its own examples.

A rule's ``examples`` must give the named span its type by that rule (directly, or through
document agreement that cites it); its ``not`` examples must not.
"""

import json
from importlib import resources

import pytest

from kg.entities import RULES_KEY
from kg.ingest import furniture_cues, furniture_span

TYPING = json.loads(resources.files("kg").joinpath("data").joinpath("typing.json").read_text(encoding="utf-8"))
FURNITURE = json.loads(resources.files("kg").joinpath("data").joinpath("furniture.json").read_text(encoding="utf-8"))
LABELS = {"Person": "PERSON", "Organization": "ORG", "Model": "MODEL", "Chip": "CHIP", "Place": "PLACE"}


def cases(kind):
    for rule in TYPING["rules"]:
        for example in rule.get(kind, ()):
            yield pytest.param(rule, example, id=f"{rule['id']}: {example['name']}")


def rule_on(nlp, text, name):
    """(label, rule id) that kg_entities gave to ``name`` in ``text``; an "Other" name has no label."""
    doc = nlp(text)
    by_span = {f"{e.start_char}:{e.end_char}": e for e in doc.ents}
    for span, rule in doc.user_data[RULES_KEY].items():
        if by_span[span].text == name:
            return by_span[span].label_, rule
    return None, None


def fired(nlp, text, name, rule_id):
    """Does rule ``rule_id`` fire on the name ``name`` in ``text`` (whatever finally wins)?"""
    with nlp.select_pipes(disable=["kg_entities"]):  # the rules read spaCy's own NER labels
        doc = nlp(text)
    component = nlp.get_pipe("kg_entities")
    start = text.index(name)
    span = doc.char_span(start, start + len(name), alignment_mode="expand")
    return any(r.rule_id == rule_id for r in component.firing(doc, span.start, span.end))


@pytest.mark.parametrize("rule, example", list(cases("examples")))
def test_rule_types_its_examples(nlp, rule, example):
    assert fired(nlp, example["text"], example["name"], rule["id"])
    label, _ = rule_on(nlp, example["text"], example["name"])
    assert label == LABELS.get(rule["type"])  # None for Other: no entity


@pytest.mark.parametrize("rule, example", list(cases("not")))
def test_rule_stays_off_its_counter_examples(nlp, rule, example):
    assert not fired(nlp, example["text"], example["name"], rule["id"])


def test_rule_ids_are_unique_and_types_known():
    ids = [r["id"] for r in TYPING["rules"]]
    assert len(ids) == len(set(ids))
    assert {r["type"] for r in TYPING["rules"]} <= set(LABELS) | {"Other"}
    assert all(r.get("examples") and r.get("not") for r in TYPING["rules"])


@pytest.mark.parametrize("cue", FURNITURE["cues"], ids=lambda c: c["id"])
def test_furniture_cue_examples(cue):
    compiled = {c.cue_id: c for c in furniture_cues()}[cue["id"]]
    for text in cue["examples"]:
        found = furniture_span(text)
        assert found is not None and found[2] == cue["kind"], text
        assert compiled.regex.search(text), text
    for text in cue["not"]:
        assert not compiled.regex.search(text) or furniture_span(text) is None, text


def test_part_matches_beside_names_are_the_whole_docs(nlp):
    """Looking for the typing parts only beside the names finds, for those names, exactly what
    matching over the whole Doc finds (on the seed articles: long, real, messy text)."""
    from pathlib import Path
    seeds = sorted(Path(__file__).resolve().parents[1].joinpath("seeds").glob("*"))
    component = nlp.get_pipe("kg_entities")
    rules = component.typing
    compared = 0
    for path in seeds:
        with nlp.select_pipes(disable=["kg_entities"]):
            doc = nlp(path.read_text(encoding="utf-8"))
        names = [(e.start, e.end) for e in doc.ents] + [(t.i, t.i + 1) for t in doc if t.is_title]
        where = {"left": {s for s, _ in names}, "first": {s for s, _ in names},
                 "right": {e for _, e in names}, "head": {e - 1 for _, e in names}}

        def beside(at):
            return {(rule, part, i) for rule, part, i in at if i in where[part]}

        beside_names = rules.positions(doc, names)
        whole = rules.positions(doc)
        assert beside(beside_names) == beside(whole)
        compared += len(beside(whole))
        for start, end in names:
            assert component.firing(doc, start, end, beside_names) == component.firing(doc, start, end)
    assert compared > 50  # the comparison saw real matches
