"""One bad document costs one document: an exception while parsing or extracting it skips it.

In the library (``nlp=`` with a component that raises, an extraction step that raises), under
``kg build --jobs 2`` (worker processes) and ``--engine ray`` (Ray actors), each with a spaCy
component from a plugin package: the other documents make the graph, one warning names the
skipped file, the skipped document is not cached, and ``--strict`` makes it an error.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from spacy.language import Language

import kg
import kg.engines.extractor as extractor_module
from kg.errors import DocumentError, SkippedDocumentWarning

MARKER = "Zanzibar"  # a component of the tests' own raises on a document holding this word
DEATH = "Atlantis"  # ... and ends its process on one holding this one
TEXTS = {
    "a.txt": "Nvidia makes the H100 chip.\n",
    "b.txt": f"DeepSeek opened an office in {MARKER}.\n",
    "c.txt": "OpenAI trained GPT-4o on Nvidia H100 chips.\n",
}
WARNING = "b.txt: could not be processed (IndexError: no such token); skipped"

PLUGIN = '''
import os

from spacy.language import Language


def make_boom(nlp, name):
    def boom(doc):
        if "{marker}" in doc.text:
            raise IndexError("no such token")
        if "{death}" in doc.text:
            os._exit(3)  # as a crash in native code or the out-of-memory killer would end the process
        return doc
    return boom


Language.factory("kg_test_boom", func=make_boom)
'''


@Language.component("kg_test_boom_here")
def _boom_here(doc):
    if MARKER in doc.text:
        raise IndexError("no such token")
    return doc


def documents() -> list[kg.Document]:
    return [kg.Document.from_text(text, name) for name, text in TEXTS.items()]


@pytest.fixture
def raising_nlp():
    nlp = kg.blank_pipeline()
    nlp.add_pipe("kg_test_boom_here", first=True)
    return nlp


def test_a_component_that_raises_skips_its_document_only(raising_nlp):
    with pytest.warns(SkippedDocumentWarning) as caught:
        graph = kg.build_documents(documents(), nlp=raising_nlp)
    assert [str(w.message) for w in caught] == [WARNING]
    assert sorted(d.source for d in graph.documents) == ["a.txt", "c.txt"]
    assert [s.document.source for s in graph.skipped] == ["b.txt"]
    assert graph.skipped[0].error == "IndexError: no such token" and "raise IndexError" in graph.skipped[0].traceback
    assert graph.summary()["skipped"] == 1
    assert {"Nvidia", "H100", "OpenAI", "GPT-4o"} <= {e.label for e in graph.entities()}
    assert "DeepSeek" not in {e.label for e in graph.entities()}


def test_a_bad_document_in_a_batch_costs_that_document_only(raising_nlp):
    """nlp.pipe fails for the whole batch; the batch is parsed again one document at a time."""
    many = [kg.Document.from_text(f"Nvidia sold {n} chips to OpenAI.", f"{n:02d}.txt") for n in range(20)]
    many.insert(7, documents()[1])
    results = list(extractor_module.extract_documents(many, raising_nlp, batch_size=8))
    assert [type(r).__name__ for r in results].count("Skipped") == 1
    assert [r.document.source for r in results] == [d.source for d in many]


def test_strict_makes_it_an_error_with_the_traceback(raising_nlp):
    with pytest.raises(DocumentError, match=r"^b\.txt: could not be processed \(IndexError: no such token\)$") as caught:
        kg.build_documents(documents(), nlp=raising_nlp, strict=True)
    assert "raise IndexError" in caught.value.traceback


def test_an_extraction_that_raises_skips_its_document_and_is_not_cached(tmp_path, monkeypatch):
    real = extractor_module.extract
    calls: list[str] = []

    def extract(doc, document, domain=None):
        calls.append(document.source)
        if MARKER in document.text:
            return [][0]  # a rule's bug
        return real(doc, document, domain)

    monkeypatch.setattr(extractor_module, "extract", extract)
    said: list[str] = []
    graph = kg.build_documents(documents(), nlp=kg.blank_pipeline(), cache_dir=tmp_path, warn=said.append)
    assert said == ["b.txt: could not be processed (IndexError: list index out of range); skipped"]
    assert len(graph.documents) == 2 and len(list(tmp_path.rglob("*.pickle"))) == 2

    monkeypatch.setattr(extractor_module, "extract", lambda doc, document, domain=None: calls.append(document.source) or real(doc, document, domain))
    calls.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkippedDocumentWarning)
        fixed = kg.build_documents(documents(), nlp=kg.blank_pipeline(), cache_dir=tmp_path)
    assert calls == ["b.txt"]  # the two others came from the cache; the skipped one is processed now
    assert len(fixed.documents) == 3 and fixed.skipped == ()


# --- the command line, with a spaCy component from a plugin package ------------------------------


@pytest.fixture(scope="module")
def plugin(tmp_path_factory) -> dict:
    """A plugin package (found through its ``spacy_factories`` entry point on PYTHONPATH, as an
    installed one would be) and a pipeline folder that uses its component; and a corpus."""
    root = tmp_path_factory.mktemp("plugin")
    site = root / "site"
    (site / "kg_test_plugin-0.0.dist-info").mkdir(parents=True)
    (site / "kg_test_plugin.py").write_text(PLUGIN.format(marker=MARKER, death=DEATH))
    (site / "kg_test_plugin-0.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: kg-test-plugin\nVersion: 0.0\n")
    (site / "kg_test_plugin-0.0.dist-info" / "entry_points.txt").write_text("[spacy_factories]\nkg_test_boom = kg_test_plugin:make_boom\n")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text)
    pipeline = root / "pipeline"
    make = f"import spacy; nlp = spacy.blank('en'); nlp.add_pipe('kg_test_boom'); nlp.to_disk({str(pipeline)!r})"
    subprocess.run([sys.executable, "-c", make], check=True, env={**os.environ, "PYTHONPATH": str(site)})
    return {"env": {"PYTHONPATH": str(site)}, "pipeline": pipeline, "corpus": corpus}


def build_args(plugin: dict, out: Path, *more: str) -> list:
    return ["build", plugin["corpus"], "--out", out, "--model", plugin["pipeline"], "--no-cache", *more]


def assert_skipped_one(proc, out: Path) -> None:
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    warnings_said = [line for line in proc.stderr.splitlines() if "could not be processed" in line]
    assert warnings_said == [f"kg: warning: {WARNING}"]
    assert "documents: 2" in proc.stdout and "skipped:   1 " in proc.stdout
    labels = {e.label for e in kg.load(out).entities()}
    assert "GPT-4o" in labels and "DeepSeek" not in labels


def test_a_worker_whose_component_raises_under_jobs_2(kg_cli, plugin, tmp_path):
    proc = kg_cli(*build_args(plugin, tmp_path / "out", "--jobs", "2"), env=plugin["env"])
    assert_skipped_one(proc, tmp_path / "out")


def test_strict_on_the_command_line_is_exit_1_with_the_traceback(kg_cli, plugin, tmp_path):
    proc = kg_cli(*build_args(plugin, tmp_path / "out", "--jobs", "2", "--strict"), env=plugin["env"])
    assert proc.returncode == 1
    assert "Traceback (most recent call last)" in proc.stderr and 'raise IndexError("no such token")' in proc.stderr
    assert proc.stderr.rstrip().splitlines()[-1] == "kg: error: b.txt: could not be processed (IndexError: no such token)"
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_every_document_failing_is_one_error_and_nothing_written(kg_cli, plugin, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(2):
        (corpus / f"{n}.txt").write_text(f"Article {n} about {MARKER} and Nvidia.\n")
    proc = kg_cli("build", corpus, "--out", tmp_path / "out", "--model", plugin["pipeline"], "--no-cache", env=plugin["env"])
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[-1] == "kg: error: no document could be processed (2 skipped); nothing written"


def test_a_worker_process_that_dies_is_one_error_line(kg_cli, plugin, tmp_path):
    """Not an exception in Python: no boundary can keep the document; the build stops with one line."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text.replace(MARKER, DEATH))
    proc = kg_cli("build", corpus, "--out", tmp_path / "out", "--model", plugin["pipeline"], "--no-cache", "--jobs", "2",
                  env=plugin["env"])
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("kg: error: a worker process died while parsing")
    assert not (tmp_path / "out" / "graph.ttl").exists()


@pytest.mark.slow
def test_a_ray_actor_whose_component_raises(kg_cli, plugin, tmp_path):
    """Ray's worker processes inherit PYTHONPATH from the Ray instance ``kg build`` starts."""
    proc = kg_cli(*build_args(plugin, tmp_path / "out", "--engine", "ray", "--jobs", "2"), env=plugin["env"], timeout=600)
    assert_skipped_one(proc, tmp_path / "out")


def test_the_skipped_record_says_where_and_why():
    skipped = kg.Skipped(kg.Document.from_text("x", "d02.txt"), "IndexError: list index out of range")
    assert skipped.message == "d02.txt: could not be processed (IndexError: list index out of range); skipped"
