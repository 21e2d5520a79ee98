"""Funding rounds, acquisitions and model numbers: every example of kg/data/events.json and of the
measures in kg/data/amounts.json, read by the trained pipeline; the investor rules exist."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from kg.extract.events import MECHANISMS, check_investor_rules, load_event_words
from kg.extract.rules import load_rules
from kg.model import Amount

EVENTS = json.loads(resources.files("kg").joinpath("data", "events.json").read_text(encoding="utf-8"))
EVENT_EXAMPLES = [(m["id"], e) for m in EVENTS["mechanisms"] for e in m["examples"]]
MEASURES = json.loads(resources.files("kg").joinpath("data", "amounts.json").read_text(encoding="utf-8"))["measure_examples"]


def _readable(event, names) -> dict:
    out: dict = {}
    for role in ("recipient", "acquirer", "acquired"):
        found = [names[m] for r, m in event.roles if r == role]
        if found:
            out[role] = found[0]
    for role in ("investor", "leadInvestor"):
        found = [names[m] for r, m in event.roles if r == role]
        if found:
            out[role] = found
    for key, amount in (("amount", event.amount), ("valuation", event.valuation)):
        if amount is not None:
            out[key] = [int(amount.value), amount.currency]
    if event.round:
        out["round"] = event.round
    if event.status.value != "Completed":
        out["status"] = event.status.value
    if event.date:
        out["date"] = event.date
    return out


def test_every_mechanism_has_an_example_and_a_near_miss():
    assert {m["id"] for m in EVENTS["mechanisms"]} == set(MECHANISMS)
    for mechanism in EVENTS["mechanisms"]:
        assert any("event" in e for e in mechanism["examples"]) and any("event" not in e for e in mechanism["examples"])


def test_the_investor_rules_exist():
    check_investor_rules(rule.rule_id for rule in load_rules())
    assert load_event_words().investor_rules


@pytest.mark.slow
@pytest.mark.parametrize("mechanism, example", EVENT_EXAMPLES, ids=[f"{m}:{e['text'][:40]}" for m, e in EVENT_EXAMPLES])
def test_event_example(extract_text, mechanism, example):
    result, _ = extract_text(example["text"])
    names = [m.name for m in result.mentions]
    read = [_readable(e, names) for e in result.events]
    if "event" not in example:
        assert read == [], f"no event in: {example['text']}"
    else:
        assert example["event"] in read


@pytest.mark.slow
@pytest.mark.parametrize("example", MEASURES, ids=[e["text"][:40] for e in MEASURES])
def test_measure_example(extract_text, example):
    result, _ = extract_text(example["text"])
    names = [m.name for m in result.mentions]
    read = sorted([names[m.subject], m.property, [int(m.value.value), m.value.currency] if isinstance(m.value, Amount) else m.value]
                  for m in result.measures)
    assert read == sorted(example["measures"])


@pytest.mark.slow
def test_chip_count_on_trained_on_evidence(extract_text):
    result, _ = extract_text("Llama 3.1 was trained on 16,000 Nvidia H100 GPUs.")
    trained = [r for r in result.relations if r.predicate.value == "trainedOn"]
    assert trained and trained[0].evidence.chip_count == 16000
