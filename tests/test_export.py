"""Nothing lost: a failed or interrupted build leaves every previous export as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kg
import kg.export
import kg.html
import kg.rdf
from kg.errors import OutputError
from kg.export import EXPORTS, _interrupts_held, atomic_write, write_exports

PREVIOUS = {name: f"previous {name}\n".encode() for name in EXPORTS}


@pytest.fixture(scope="module")
def graph():
    return kg.build_documents([kg.Document.from_text("Nvidia makes the H100 chip.", "a.txt")], nlp=kg.blank_pipeline())


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    for name, data in PREVIOUS.items():
        (folder / name).write_bytes(data)
    return folder


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_exports_replace_the_previous_ones(graph, out):
    assert write_exports(graph, out) == [out / name for name in EXPORTS]
    now = contents(out)
    assert set(now) == set(EXPORTS)  # no temporary file left behind
    assert b'"H100"' in now["graph.ttl"] and b'"H100"' in now["graph.jsonld"] and b"H100" in now["graph.html"]


@pytest.mark.parametrize("module, function", [(kg.rdf, "serialize_turtle"), (kg.rdf, "serialize_jsonld"), (kg.html, "render_html")])
def test_a_failure_while_rendering_keeps_all_previous_exports(graph, out, monkeypatch, module, function):
    def broken(*args, **kwargs):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(module, function, broken)
    with pytest.raises(RuntimeError):
        write_exports(graph, out)
    assert contents(out) == PREVIOUS


def test_a_failure_while_writing_keeps_all_previous_exports(graph, out, monkeypatch):
    real = kg.export._write_temporary
    calls = []

    def disk_full(path, data):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(kg.export, "_write_temporary", disk_full)
    with pytest.raises(OutputError, match="no space left on device"):
        write_exports(graph, out)
    assert contents(out) == PREVIOUS  # and the two temporary files already written are gone


def test_an_export_name_taken_by_a_folder_fails_before_anything_is_replaced(graph, out):
    (out / "graph.html").unlink()
    (out / "graph.html").mkdir()
    with pytest.raises(OutputError, match="graph.html: exists and is not a file"):
        write_exports(graph, out)
    assert (out / "graph.ttl").read_bytes() == PREVIOUS["graph.ttl"]


def test_atomic_write(tmp_path):
    target = tmp_path / "a.txt"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_ctrl_c_is_held_back_while_the_files_are_renamed():
    # `kg` installs the default handler itself, so Ctrl-C works even in a job started with SIGINT ignored
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    reached = False
    try:
        with pytest.raises(KeyboardInterrupt):
            with _interrupts_held():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.05)
                reached = True
    finally:
        signal.signal(signal.SIGINT, previous)
    assert reached


def test_ctrl_c_mid_build_ends_cleanly_and_keeps_previous_exports(tmp_path, seeds, out):
    """A real ``kg build`` process gets SIGINT after its first documents: short message, exit 130, nothing lost."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    articles = sorted(seeds.glob("*.txt"))
    for i in range(80):  # distinct texts, so none is skipped as a copy
        source = articles[i % len(articles)]
        (corpus / f"{i:03d}.txt").write_text(source.read_text(encoding="utf-8") + f"\n\nUpdate {i}.\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", corpus, "--out", out],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stderr.readline()  # the first progress line: documents are being processed
        assert "documents" in first, first
        proc.send_signal(signal.SIGINT)
        _, rest = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, rest
    assert "Traceback" not in rest
    assert [line for line in rest.splitlines() if line.strip()] == ["kg: interrupted"]
    assert contents(out) == PREVIOUS
