"""Every relation rule of kg/data/rules/ runs its own examples: the sentences that must give its
relation do, through that rule, and its near misses do not. A rule cannot exist without them."""

from __future__ import annotations

import json

import pytest

from kg.errors import DataError
from kg.extract import extract
from kg.extract.rules import BUILTINS, load_rules
from kg.model import Document, Predicate

RULES = load_rules()
EXAMPLES = [(rule, example) for rule in RULES for example in rule.examples]


def test_rules_are_loaded_from_every_family():
    sources = {rule.source for rule in RULES}
    assert sources == {"roles.json", "development.json", "comparison.json", "hardware.json", "ownership.json",
                       "location.json", "quotes.json"}
    assert len({rule.rule_id for rule in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=[r.rule_id for r in RULES])
def test_every_rule_has_a_positive_example_and_a_near_miss(rule):
    assert any(e.positive for e in rule.examples), "a sentence that must give the relation"
    assert any(not e.positive for e in rule.examples), "a near miss that must not"
    for example in rule.examples:
        assert example.triple[1] in {p.value for p in Predicate}
        assert rule.relation in ("@title", example.triple[1])


def test_builtin_rules_name_a_known_mechanism():
    for rule in RULES:
        if rule.kind == "builtin":
            assert rule.pattern[0] in BUILTINS or rule.pattern[0] == "quotes"


def _read_by_rule(nlp, text: str, rule_id: str) -> set[tuple[str, str, str]]:
    document = Document.from_text(text, "example.txt")
    trace = []
    result = extract(nlp(document.text), document, trace=trace)
    found = {(c.subject_text, c.predicate.value, c.object_text) for c in trace if c.rule == rule_id and c.rejected is None}
    names = [m.name for m in result.mentions]
    found |= {(names[r.subject], r.predicate.value, names[r.object]) for r in result.relations if r.evidence.rule == rule_id}
    return found


@pytest.mark.slow
@pytest.mark.parametrize("rule, example", EXAMPLES,
                         ids=[f"{r.rule_id}:{'gives' if e.positive else 'not'}:{e.text[:40]}" for r, e in EXAMPLES])
def test_rule_example(nlp, rule, example):
    found = _read_by_rule(nlp, example.text, rule.rule_id)
    if example.positive:
        assert example.triple in found, f"{rule.rule_id} should read {example.triple} from: {example.text}"
    else:
        assert example.triple not in found, f"{rule.rule_id} must not read {example.triple} from: {example.text}"


def _write_rules(folder, rules: list[dict]) -> None:
    """A user's data folder (extending the package's data) with one rule file of ``rules``."""
    (folder / "rules").mkdir()
    (folder / "rules" / "mine.json").write_text(json.dumps({"rules": rules}), encoding="utf-8")


@pytest.mark.parametrize("broken, message", [
    ({"id": "r", "relation": "founded", "confidence": 0.5}, "needs a 'dependency', 'tokens' or 'builtin' pattern"),
    ({"id": "r", "relation": "founded", "confidence": 0.5, "tokens": [{"LOWER": {"IN": ["@no_such_list"]}}]}, "no word list"),
    ({"id": "r", "relation": "founded", "confidence": 0.5, "tokens": [{"LOWER": "x"}], "examples": [{"text": "x"}]}, "'gives' or 'not'"),
    ({"id": "r", "relation": "founded", "confidence": 0.5, "tokens": [{"LOWER": "x"}], "subject": "guess(x)"}, "unknown argument"),
])
def test_a_malformed_rule_is_a_data_error_naming_the_rule(tmp_path, broken, message):
    _write_rules(tmp_path, [broken])
    with pytest.raises(DataError, match=message):
        load_rules(str(tmp_path))


def test_a_rule_id_used_twice_is_a_data_error(tmp_path):
    rule = {"id": "twice", "relation": "founded", "confidence": 0.5, "tokens": [{"LOWER": "x"}]}
    _write_rules(tmp_path, [rule, rule])
    with pytest.raises(DataError, match="used twice"):
        load_rules(str(tmp_path))
