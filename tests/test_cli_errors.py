"""Bad input on the command line: one clear line and an exit code, never a traceback.

Every case runs the real ``kg`` command in a subprocess. Alone, a bad input is an error
(``kg: error: ...``, exit 1); among good files it is a warning naming the file and a skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

GOOD = "Nvidia makes the H100 chip. DeepSeek trained its R1 model on Nvidia H800 chips.\n"


def stderr_lines(proc) -> list[str]:
    return [line for line in proc.stderr.splitlines() if line.strip()]


def assert_error(proc, *words: str) -> str:
    """Exit 1 and exactly one stderr line, ``kg: error: ...`` holding ``words``; return it."""
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1, proc.stderr
    lines = stderr_lines(proc)
    assert len(lines) == 1, lines
    assert lines[0].startswith("kg: error: "), lines
    for word in words:
        assert word in lines[0], lines
    return lines[0]


def assert_warned(proc, *words: str) -> str:
    """Exit 0 and one ``kg: warning: ...`` line holding ``words`` (besides any others); return it."""
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0, proc.stderr
    hits = [line for line in stderr_lines(proc) if line.startswith("kg: warning: ") and all(w in line for w in words)]
    assert len(hits) == 1, proc.stderr
    return hits[0]


def labels(out: Path) -> str:
    return (out / "graph.ttl").read_text(encoding="utf-8")


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_missing_path(kg_cli, tmp_path):
    assert_error(kg_cli("build", tmp_path / "nope.txt", "--out", tmp_path / "out"), "nope.txt", "no such file")
    assert not (tmp_path / "out").exists()


def test_empty_folder(kg_cli, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.pdf").write_bytes(b"%PDF")
    assert_error(kg_cli("build", tmp_path / "in", "--out", tmp_path / "out"), "folder holds no")


def test_empty_file(kg_cli, tmp_path, good):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert_error(kg_cli("build", "-q", tmp_path / "empty.txt", "--out", tmp_path / "out"), "empty.txt", "empty")


def test_whitespace_only_file(kg_cli, tmp_path):
    (tmp_path / "blank.md").write_text("\n\n   \n# \n---\n", encoding="utf-8")
    assert_error(kg_cli("build", "-q", tmp_path / "blank.md", "--out", tmp_path / "out"), "blank.md", "no text")


def test_binary_file(kg_cli, tmp_path, good):
    (tmp_path / "photo.txt").write_bytes(bytes(range(256)) * 40 + os.urandom(4096))
    assert_error(kg_cli("build", "-q", tmp_path / "photo.txt", "--out", tmp_path / "out"), "photo.txt", "binary")


def test_not_utf8_is_decoded_and_said(kg_cli, tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Caf\u00e9 talk: Nvidia makes the H100 chip.\n".encode("latin-1"))
    proc = kg_cli("build", "-q", tmp_path / "latin1.txt", "--out", tmp_path / "out")
    line = assert_warned(proc, "latin1.txt", "not valid UTF-8", "1 undecodable byte")
    assert len(stderr_lines(proc)) == 1, line
    graph = labels(tmp_path / "out")
    assert '"Nvidia"' in graph and '"H100"' in graph


def test_one_word_file(kg_cli, tmp_path):
    out = tmp_path / "out"
    (tmp_path / "word.txt").write_text("Nvidia", encoding="utf-8")
    assert kg_cli("build", "-q", tmp_path / "word.txt", "--out", out).returncode == 0
    assert '"Nvidia"' in labels(out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (tmp_path / "hello.txt").write_text("hello", encoding="utf-8")
    assert_error(kg_cli("build", "-q", tmp_path / "hello.txt", "--out", out), "hello.txt", "no entities", "nothing written")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the previous graph is kept


def test_file_with_no_entities(kg_cli, tmp_path, good):
    (tmp_path / "cats.txt").write_text("The cat sat on the mat. It was a warm day, and nobody minded.\n", encoding="utf-8")
    assert_error(kg_cli("build", "-q", tmp_path / "cats.txt", "--out", tmp_path / "out"), "cats.txt", "no entities")


def test_html_page_gives_its_article_text(kg_cli, tmp_path):
    page = tmp_path / "story.html"
    page.write_text(
        "<!doctype html><html><head><title>Site</title><style>p { color: red }</style>"
        "<script>var ad = '<p>Intel sponsors this page</p>';</script></head><body>"
        "<header><p>Samsung newsletter</p></header><nav><a href='/'>Home</a> <p>Huawei deals</p></nav>"
        "<article><h1>Chips &amp; models</h1><p>Nvidia makes the <b>H100</b> chip.</p>"
        "<p>DeepSeek trained its R1 model on Nvidia H800 chips.</p></article>"
        "<footer><p>AMD is a trademark.</p></footer></body></html>",
        encoding="utf-8",
    )
    proc = kg_cli("build", "-q", page, "--out", tmp_path / "out")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    graph = labels(tmp_path / "out")
    assert '"H100"' in graph and '"DeepSeek"' in graph
    assert '"Chips & models"' in graph  # the headline, with its entity decoded
    for dropped in ("Intel", "Samsung", "Huawei", "AMD"):
        assert dropped not in graph


def _unprivileged() -> tuple[str, ...]:
    """A command prefix that drops root's right to read anything (nothing when not root)."""
    if os.geteuid() != 0:
        return ()
    prefix = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: no way to make a file unreadable")
    if subprocess.run([*prefix, sys.executable, "-c", "import kg"], capture_output=True, cwd="/").returncode:
        pytest.skip("running as root, and user nobody cannot run this Python")
    return prefix


@pytest.fixture
def open_tmp():
    """A temporary folder every user may enter (pytest's own is private to its owner)."""
    path = Path(tempfile.mkdtemp(prefix="kg-perm-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_file_that_cannot_be_read(kg_cli, open_tmp):
    secret, good = open_tmp / "secret.txt", open_tmp / "good.txt"
    secret.write_text(GOOD.replace("H100", "A100"), encoding="utf-8")
    secret.chmod(0o000)
    good.write_text(GOOD, encoding="utf-8")
    good.chmod(0o644)
    out = open_tmp / "out"
    out.mkdir()
    out.chmod(0o777)
    env = {"HOME": str(open_tmp)}
    prefix = _unprivileged()
    assert_error(kg_cli("build", "-q", secret, "--out", out, env=env, prefix=prefix), "secret.txt", "cannot be read", "permission denied")
    proc = kg_cli("build", "-q", secret, good, "--out", out, env=env, prefix=prefix)
    assert_warned(proc, "secret.txt", "cannot be read", "skipped")
    assert '"H100"' in labels(out) and "A100" not in labels(out)


def test_out_not_writable(kg_cli, open_tmp):
    good = open_tmp / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    good.chmod(0o644)
    locked = open_tmp / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    env = {"HOME": str(open_tmp)}
    prefix = _unprivileged()
    assert_error(kg_cli("build", "-q", good, "--out", locked, env=env, prefix=prefix), "locked", "not writable")
    assert_error(kg_cli("build", "-q", good, "--out", locked / "sub", env=env, prefix=prefix), "sub", "not writable")
    assert list(locked.iterdir()) == []


def test_out_is_a_file(kg_cli, tmp_path, good):
    (tmp_path / "out").write_text("keep me", encoding="utf-8")
    assert_error(kg_cli("build", good, "--out", tmp_path / "out"), "out", "not a folder")
    assert (tmp_path / "out").read_text(encoding="utf-8") == "keep me"


def test_an_export_name_taken_by_a_folder(kg_cli, tmp_path, good):
    (tmp_path / "out" / "graph.jsonld").mkdir(parents=True)
    assert_error(kg_cli("build", good, "--out", tmp_path / "out"), "graph.jsonld", "not a file")
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_unknown_model(kg_cli, tmp_path, good):
    assert_error(kg_cli("build", good, "--out", tmp_path / "out", "--model", "en_no_such_model"), "en_no_such_model", "not installed")
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_all_bad_files(kg_cli, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02" * 100)
    proc = kg_cli("build", "-q", tmp_path / "a.txt", tmp_path / "b.txt", "--out", tmp_path / "out")
    assert "Traceback" not in proc.stderr and proc.returncode == 1
    lines = stderr_lines(proc)
    assert [line.split(":")[1] for line in lines] == [" warning", " warning", " error"], lines
    assert lines[-1] == "kg: error: no usable document in 2 input files"


def test_bad_files_among_good_ones_are_skipped_with_a_warning(kg_cli, tmp_path, good):
    """One warning per bad file, naming it; the build goes on and writes the good files' graph."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(good, folder / "good.txt")
    shutil.copy(good, folder / "copy.md")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "blank.md").write_text("\n   \n", encoding="utf-8")
    (folder / "cats.txt").write_text("The cat sat on the mat.\n", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Caf\u00e9 chat about DeepSeek.\n".encode("latin-1"))
    proc = kg_cli("build", "-q", folder, "--out", tmp_path / "out")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    warnings = sorted(stderr_lines(proc))
    assert all(line.startswith("kg: warning: ") for line in warnings), warnings
    expected = [("blank.md", "no text; skipped"), ("cats.txt", "no entities found"), ("empty.txt", "empty; skipped"),
                ("good.txt", "same text as"), ("latin1.txt", "not valid UTF-8"), ("photo.txt", "binary data, not text; skipped")]
    assert len(warnings) == len(expected), warnings
    for name, reason in expected:
        assert [w for w in warnings if name in w and reason in w], (name, warnings)
    graph = labels(tmp_path / "out")
    assert '"H100"' in graph and '"DeepSeek"' in graph
