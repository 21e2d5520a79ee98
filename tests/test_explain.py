"""kg explain: sentences, mentions with the source of their type, rules that fired, rejections."""

from __future__ import annotations

import pytest

from kg.explain import explain_text


@pytest.mark.slow
def test_explain_lists_mentions_rules_and_rejections(nlp):
    report = explain_text("Jane Roe, a researcher at Acme Labs, said GPT-4o did not beat Claude 3.5 Sonnet.", nlp=nlp)
    (sentence,) = report.sentences
    assert ("Jane Roe", "Person") in {(m.text, m.type) for m in sentence.mentions}
    assert all(m.type_source for m in sentence.mentions)
    kept = {(c.rule, c.subject, c.predicate, c.object) for c in sentence.candidates if c.rejected is None}
    assert ("person-title-prep-org", "Jane Roe", "worksFor", "Acme Labs") in kept
    denied = {c.rule: c.status for c in sentence.candidates if c.rejected is None and c.predicate == "outperformed"}
    assert denied.get("outperformed-verb") == "negative, source Jane Roe"
    text = report.format()
    assert "rule     person-title-prep-org: Jane Roe worksFor Acme Labs (confidence 0.80)" in text
    assert "rule     outperformed-verb: GPT-4o outperformed Claude 3.5 Sonnet (confidence 0.80; negative, source Jane Roe)" in text


@pytest.mark.slow
def test_explain_shows_a_type_signature_rejection(nlp):
    report = explain_text("Anthropic launched Nvidia last year.", nlp=nlp)
    reasons = [c.rejected for s in report.sentences for c in s.candidates if c.rule == "developed-verb"]
    assert reasons and reasons[0].startswith("type signature (Organization developed Organization)")


@pytest.mark.slow
def test_kg_explain_command_on_text_and_on_a_file(kg_cli, tmp_path):
    done = kg_cli("explain", "Microsoft CEO Satya Nadella spoke.")
    assert done.returncode == 0, done.stderr
    assert "[1] Microsoft CEO Satya Nadella spoke." in done.stdout
    assert "mention  'Satya Nadella': Person" in done.stdout
    assert "rule     org-title-person: Satya Nadella leads Microsoft" in done.stdout
    article = tmp_path / "a.txt"
    article.write_text("A quiet day.\n\nNvidia's H100 is sold out. Prices rose.", encoding="utf-8")
    done = kg_cli("explain", article, "--relevant")
    assert done.returncode == 0, done.stderr
    assert "org-possessive-chip: H100 madeBy Nvidia" in done.stdout
    assert "Prices rose." not in done.stdout  # --relevant: only sentences where something was read
