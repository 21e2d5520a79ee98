"""kg.build at scale: worker processes, the incremental cache, streaming, and the build options."""

from __future__ import annotations

import inspect
import io
import re
import shutil
from pathlib import Path

import pytest

import kg
import kg.engines.extractor as extractor_module
from kg.cli import Progress, main
from kg.engines.extractor import BATCH_SIZE, Extractor
from kg.engines.local import default_jobs, extract_in_processes
from kg.errors import EngineError
from kg.ingest import read_documents
from kg.model import Document
from kg.nlp import blank_pipeline
from kg.rdf import serialize_turtle

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
NAMES = ["Nvidia", "OpenAI", "DeepSeek", "Anthropic", "Microsoft", "Google"]


def _turtle(graph: kg.KnowledgeGraph) -> bytes:
    return serialize_turtle(graph.to_rdf())


def _documents(count: int):
    """``count`` small distinct articles, made up here (no article facts)."""
    for i in range(count):
        a, b = NAMES[i % len(NAMES)], NAMES[(i + 1) % len(NAMES)]
        yield Document.from_text(f"{a} and {b} met on day {i}. {a} makes the H100 chip.", f"doc{i:03d}.txt")


class _Counted:
    """An iterator that records how many items were taken from it."""

    def __init__(self, items):
        self.items, self.taken = iter(items), 0

    def __iter__(self):
        return self

    def __next__(self):
        item = next(self.items)
        self.taken += 1
        return item


@pytest.fixture()
def extract_calls(monkeypatch):
    """Count documents that really go through the extractor (in this process)."""
    calls: list[str] = []
    real = extractor_module.extract

    def counting(doc, document, domain=None):
        calls.append(document.source)
        return real(doc, document, domain)

    monkeypatch.setattr(extractor_module, "extract", counting)
    return calls


def test_input_is_streamed_not_read_ahead():
    assert inspect.isgeneratorfunction(read_documents)
    stream = _Counted(_documents(300))
    results = Extractor(nlp=blank_pipeline())(stream)
    next(results)
    assert stream.taken <= BATCH_SIZE + 1
    assert len(list(results)) == 299


def test_processes_stream_too_and_give_what_one_process_gives():
    nlp = blank_pipeline()
    stream = _Counted(_documents(120))
    results = extract_in_processes(stream, Extractor(nlp=nlp), jobs=2, chunk=5)
    first = next(results)
    assert stream.taken <= 2 * 2 * 5 + 5  # tasks in flight, plus the one being cut
    parallel = sorted([first, *results], key=lambda x: x.document.source)
    serial = sorted(Extractor(nlp=nlp)(_documents(120)), key=lambda x: x.document.source)
    assert parallel == serial and len(serial) == 120


def test_default_jobs_is_one_for_a_small_corpus_and_bounded():
    assert default_jobs(3) == 1
    assert 1 <= default_jobs(10_000) <= 4


def test_bad_settings_are_clear_errors(tmp_path):
    with pytest.raises(EngineError, match="unknown engine 'spark'"):
        kg.build([SEEDS], engine="spark")
    with pytest.raises(EngineError, match="jobs must be at least 1"):
        list(kg.build([SEEDS], jobs=0).entities())


def test_cli_rejects_bad_jobs_in_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["build", str(SEEDS), "--out", str(tmp_path), "--jobs", "0"])
    assert exit_.value.code == 2
    assert "--jobs: must be at least 1, not 0" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["build", str(SEEDS), "--out", str(tmp_path), "--engine", "spark"])
    assert "invalid choice: 'spark'" in capsys.readouterr().err


@pytest.mark.slow
def test_jobs_give_the_same_graph_and_report_progress(tmp_path):
    serial = kg.build([SEEDS], jobs=1, cache=False)
    seen: list[tuple[int, int]] = []
    bar = Progress(stream=io.StringIO())

    def progress(count, expected, document):
        seen.append((count, expected))
        bar(count, expected, document)

    parallel = kg.build([SEEDS], jobs=2, progress=progress, cache=False)
    assert seen == [(count, 5) for count in range(1, len(serial.documents) + 1)]
    assert re.search(r"5/5 documents +[0-9.]+ docs/s", bar.stream.getvalue())
    assert len(serial.relations()) > 0
    assert _turtle(parallel) == _turtle(serial)


@pytest.mark.slow
def test_adding_one_article_processes_only_it_and_gives_the_full_graph(tmp_path, extract_calls):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    added = sorted(corpus.iterdir())[-1]
    held_back = added.read_bytes()
    added.unlink()
    cache = tmp_path / "cache"
    kg.build([corpus], cache_dir=cache)
    assert len(extract_calls) == 4
    added.write_bytes(held_back)
    extract_calls.clear()
    incremental = kg.build([corpus], cache_dir=cache)
    assert extract_calls == [added.name]
    extract_calls.clear()
    full = kg.build([corpus], cache=False)
    assert len(extract_calls) == 5
    assert _turtle(incremental) == _turtle(full)


@pytest.mark.slow
def test_an_interrupted_build_keeps_what_it_finished(tmp_path, extract_calls):
    cache = tmp_path / "cache"

    def interrupt(count, expected, document):
        if count == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        kg.build([SEEDS], cache_dir=cache, progress=interrupt)
    assert len(list(cache.rglob("*.pickle"))) >= 3
    extract_calls.clear()
    resumed = kg.build([SEEDS], cache_dir=cache)
    assert len(extract_calls) <= 2
    assert _turtle(resumed) == _turtle(kg.build([SEEDS], cache=False))


@pytest.mark.slow
def test_cli_cache_default_and_no_cache(tmp_path, monkeypatch, extract_calls):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "env-cache"))
    assert main(["build", str(SEEDS), "--out", str(tmp_path / "a"), "-q", "--jobs", "2"]) == 0
    assert len(list((tmp_path / "env-cache").rglob("*.pickle"))) == 5
    extract_calls.clear()
    assert main(["build", str(SEEDS), "--out", str(tmp_path / "b"), "-q"]) == 0
    assert extract_calls == []
    assert main(["build", str(SEEDS), "--out", str(tmp_path / "c"), "-q", "--no-cache", "--cache-dir", str(tmp_path / "unused")]) == 0
    assert len(extract_calls) == 5 and not (tmp_path / "unused").exists()
    ttl = [(tmp_path / d / "graph.ttl").read_bytes() for d in "abc"]
    assert ttl[0] == ttl[1] == ttl[2]


def test_an_unusable_default_cache_folder_means_a_build_without_cache(tmp_path, monkeypatch):
    from kg.cache import usable_default_cache_dir

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "kg"))
    warnings: list[str] = []
    assert usable_default_cache_dir(warnings.append) is None
    assert len(warnings) == 1 and "building without cache" in warnings[0]
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "ok"))
    assert usable_default_cache_dir(warnings.append) == tmp_path / "ok" and len(warnings) == 1
