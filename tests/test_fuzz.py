"""Fuzz the whole build on random and mutated article text: no crash, and what comes out is sound.

Real articles too (the seeds, ../shared/eval/dev, ../shared/corpora/lee), mutated as real text
goes wrong (``real_mutation`` of ``scripts/fuzz_build.py``: sentences shuffled, cut points,
casing, hard wraps, inserted headlines and captions). Builds are strict, so a document that
cannot be processed fails the test instead of being skipped. Most examples use the fast blank
pipeline; a bounded number use the trained one. For a longer run, see ``scripts/fuzz_build.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
from kg.errors import InputError
from kg.ingest import MAX_CHARS, read_documents
from kg.rdf import serialize_jsonld, serialize_turtle

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
sys.path.insert(0, str(ROOT / "scripts"))
from fuzz_build import REAL, real_article  # noqa: E402  (the script's real-text mutations)
FRAGMENTS = ["\n", "\n\n", "# ", "**", "[", "](http://x.y/(z))", "![img](a.png)", "\\", "\"", "\u201c", "'s", " said ", " CEO ",
             " founded ", " trained on ", " beat ", "<script>", "</p>", "&amp;", "\u202e", "\u200f", "\x00", "\x07", "\ufffd",
             "\r\n", "\u2028", "Nvidia", "DeepSeek", "H100", "GPT-4o", "Liang Wenfeng", "OpenAI's", "]]>", "{", "|", "^", "`",
             "-" * 40, "By Ann Lee\n", "...", "(", ")", "\t", "Nv\u0456dia", "x" * 300]


@lru_cache(maxsize=None)
def seed_text(index: int) -> str:
    return SEEDS[index].read_text(encoding="utf-8")


@st.composite
def mutated_articles(draw) -> str:
    """A seed article cut, spliced, repeated and sprinkled with hostile fragments."""
    text = seed_text(draw(st.integers(0, len(SEEDS) - 1)))
    for _ in range(draw(st.integers(1, 12))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "repeat", "splice", "noise"]))
        if op == "insert":
            text = text[:at] + draw(st.sampled_from(FRAGMENTS)) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 400)):]
        elif op == "repeat":
            text = text[:at] + text[at:at + draw(st.integers(1, 300))] * draw(st.integers(2, 6)) + text[at:]
        elif op == "splice":
            other = seed_text(draw(st.integers(0, len(SEEDS) - 1)))
            start = draw(st.integers(0, len(other)))
            text = text[:at] + other[start:start + draw(st.integers(1, 800))] + text[at:]
        else:
            text = text[:at] + draw(st.text(max_size=40)) + text[at:]
    return text


articles = st.one_of(mutated_articles(), st.text(max_size=600), st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
real_articles = st.randoms(use_true_random=False).map(lambda rng: real_article(rng)[1])


def check_graph(documents: list[kg.Document], graph: kg.KnowledgeGraph) -> None:
    """Offsets index the document text; the RDF is valid Turtle and JSON-LD with the same triples."""
    texts = {d.doc_id: d.text for d in documents}
    evidence = [ev for r in graph.relations() for ev in r.evidence] + [q.evidence for q in graph.quotes()]
    for ev in evidence:
        assert 0 <= ev.start <= ev.end <= len(texts[ev.doc_id])
        assert texts[ev.doc_id][ev.start:ev.end].strip() == ev.sentence
    rdf = graph.to_rdf()
    turtle = {q.triple for q in ox.parse(serialize_turtle(rdf), format=ox.RdfFormat.TURTLE)}
    jsonld = {q.triple for q in ox.parse(serialize_jsonld(rdf), format=ox.RdfFormat.JSON_LD)}
    assert turtle == jsonld and len(turtle) == len(rdf)


def build_files(tmp: Path, contents: list[str | bytes], nlp) -> None:
    for i, content in enumerate(contents):
        path = tmp / f"{i}.txt"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    try:
        documents = list(read_documents([tmp], warn=lambda message: None))
    except InputError:
        return  # every file was unusable: a clear error is the right answer
    assert all(0 < len(d.text) <= MAX_CHARS for d in documents)
    check_graph(documents, kg.build_documents(documents, nlp=nlp, strict=True))


@pytest.fixture(scope="module")
def blank():
    return kg.blank_pipeline()


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(contents=st.lists(st.one_of(articles, st.binary(max_size=400)), min_size=1, max_size=3))
def test_fuzz_build_blank_pipeline(tmp_path_factory, blank, contents):
    build_files(tmp_path_factory.mktemp("fuzz"), contents, blank)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(contents=st.lists(mutated_articles(), min_size=1, max_size=2))
def test_fuzz_build_trained_pipeline(tmp_path_factory, contents):
    build_files(tmp_path_factory.mktemp("fuzz"), contents, kg.load_pipeline())


def test_real_corpora_are_there():
    """The real-text fuzzing has the dev articles and the Lee corpus to draw from (when ../shared is beside the project)."""
    if not (ROOT.parent / "shared" / "eval" / "dev").is_dir():
        pytest.skip("../shared is not beside the project")
    assert len(REAL["dev"]) == 42 and len(REAL["lee"]) >= 299 and len(REAL["seeds"]) == len(SEEDS)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(contents=st.lists(real_articles, min_size=1, max_size=3))
def test_fuzz_build_real_articles_blank_pipeline(tmp_path_factory, blank, contents):
    build_files(tmp_path_factory.mktemp("fuzz"), contents, blank)


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(contents=st.lists(real_articles, min_size=1, max_size=2))
def test_fuzz_build_real_articles_trained_pipeline(tmp_path_factory, contents):
    build_files(tmp_path_factory.mktemp("fuzz"), contents, kg.load_pipeline())


def test_blank_pipeline_survives_stale_token_edges():
    """Found by fuzzing: tokens split by spaCy's special cases ("c.S.", "It’s") carried stale tree
    edges, and a rule walking ``Token.children`` without a parser crashed the process (SIGSEGV)."""
    script = (
        "import kg\n"
        "nlp = kg.blank_pipeline()\n"
        "text = \"c.S. is losing ground. It’s clear that the lab is backed by High-Flyer Quant, a hedge fund. x a.B. y\"\n"
        "doc = nlp(text)\n"
        "assert doc.text == text\n"
        "assert all(t.left_edge.i == t.i == t.right_edge.i and not list(t.children) for t in doc)\n"
        "kg.build_documents([kg.Document.from_text(text, 'a.txt')], nlp=nlp)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("ci, derandomized", [("true", True), ("", False)])
def test_ci_runs_hypothesis_derandomized_and_without_a_database(ci, derandomized):
    """``.ci/run`` sets CI=true: the same commit then always draws the same examples."""
    code = ("import sys; sys.path.insert(0, 'tests'); import conftest; from hypothesis import settings; "
            "print(settings.default.derandomize, settings.default.database is None)")
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": ci} if ci else {})
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert proc.stdout.split() == [str(derandomized), str(derandomized)], proc.stderr
    assert "export CI=true" in (ROOT / ".ci" / "run").read_text()
