"""How a fact is stated: every example of kg/data/factuality.json gives its fact with the status it
names, read by the trained pipeline; dates are found in text; a denied fact keeps its evidence."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from kg.domain import load_domain
from kg.extract.factuality import find_dates, load_cues
from kg.model import Document

EXAMPLES = json.loads(resources.files("kg").joinpath("data", "factuality.json").read_text(encoding="utf-8"))["examples"]


def _status(evidence, names) -> dict:
    out = {}
    for key, value, default in (("polarity", evidence.polarity.value, "Positive"), ("certainty", evidence.certainty.value, "Certain"),
                                ("time", evidence.time.value, "Current")):
        if value != default:
            out[key] = value
    if evidence.source_mention is not None:
        out["source"] = names[evidence.source_mention]
    if evidence.date:
        out["date"] = evidence.date
    return out


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=[e["text"][:50] for e in EXAMPLES])
def test_example(extract_text, example):
    result, _ = extract_text(example["text"])
    names = [m.name for m in result.mentions]
    read = [_status(r.evidence, names) for r in result.relations
            if (names[r.subject], r.predicate.value, names[r.object]) == tuple(example["fact"])]
    assert read, f"no {example['fact']} read from: {example['text']}"
    assert example["status"] in read


def test_every_cue_kind_has_an_example():
    statuses = [e["status"] for e in EXAMPLES]
    for key, value in (("polarity", "Negative"), ("certainty", "Probable"), ("certainty", "Possible"), ("time", "Former"),
                       ("time", "Future")):
        assert any(s.get(key) == value for s in statuses), (key, value)
    assert any("source" in s for s in statuses) and any("date" in s for s in statuses)
    assert sum(1 for s in statuses if not s) >= 5, "near misses: sentences whose fact is plainly stated"


def test_cue_lists_are_lower_case_words():
    cues = load_cues(load_domain())
    for name, words in cues.words.items():
        if not name.endswith("_predicates"):
            assert all(w == w.lower() and w.strip() == w for w in words), name


@pytest.mark.parametrize("text, dates", [
    ("Acme was founded in 2015.", ["2015"]),
    ("It launched in March 2023 and again on March 5, 2024.", ["2023-03", "2024-03-05"]),
    ("It opened on 5 May 2019, in early 2020 and since late 2021.", ["2019-05-05", "2020", "2021"]),
    ("The company sold 2019 robots, a 2023-launched model and 20,000 chips.", []),
    ("Sales in Q3 2024 rose; revenue was $2019 million.", []),
])
def test_dates_in_text(text, dates):
    assert [value for _, _, value in find_dates(text)] == dates


def test_a_denied_fact_keeps_its_evidence_and_gives_no_direct_triple(nlp):
    from kg.build import build_documents

    graph = build_documents([Document.from_text("GPT-4o never beat Claude 3.5 Sonnet on coding.", "a.txt")], nlp)
    denied = [r for r in graph.relations() if r.predicate.value == "outperformed"]
    assert denied and not denied[0].asserted
    rdf = graph.to_rdf()
    from rdflib import URIRef

    from kg.vocab import KG

    assert (URIRef(denied[0].subject), KG.outperformed, URIRef(denied[0].object)) not in rdf
    assert len(list(rdf.subjects(KG.polarity, KG.Negative))) == 1
