"""The ``kg`` command is a thin layer over the library: help for every command, the same bytes as
``kg.build``, and a user's data folder (``--data``) that extends kg's own."""

from __future__ import annotations

import argparse
import importlib
import shutil
from pathlib import Path

import pytest

import kg
from kg.cli import build_parser, main
from kg.export import EXPORTS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
USER_DOMAIN = ROOT / "tests" / "data" / "user-domain"
# An article of our own that only the user folder's name and rule read (tests/data/user-domain).
ARTICLE = ("Zentrix Labs is the brains behind Quillfeather, which answers in verse. "
           "Team Green supplies the chips, Zentrix Labs said on Monday.\n")


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Every (sub-)command of ``parser``, as the words that name it, and its parser."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, path + (name,))


COMMANDS = list(commands(build_parser()))


def test_there_are_commands_to_walk():
    assert {path[0] for path, _ in COMMANDS if path} >= {"build", "explain", "info", "query", "serve", "push"}


@pytest.mark.parametrize("path, parser", COMMANDS, ids=[" ".join(p) or "kg" for p, _ in COMMANDS])
def test_every_command_has_help(path, parser, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*path, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: {' '.join(('kg', *path))}")
    assert parser.description and parser.description.split()[0] in out
    for action in parser._actions:
        assert action.help, f"kg {' '.join(path)}: {action.option_strings or action.dest} has no help"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SEEDS, folder, dirs_exist_ok=True)
    (folder / "zentrix.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("options, keywords", [
    ((), {}),
    (("--data", str(USER_DOMAIN), "--no-cache", "--jobs", "2"), {"data_dir": USER_DOMAIN, "cache": False, "jobs": 2}),
], ids=["defaults", "data-folder"])
def test_the_command_and_the_library_write_the_same_bytes(kg_cli, corpus, tmp_path, options, keywords):
    proc = kg_cli("build", corpus, "--out", tmp_path / "cli", "-q", *options)
    assert proc.returncode == 0, proc.stderr
    graph = kg.build([corpus], out=tmp_path / "library", **keywords)
    assert graph.summary()["documents"] == 6
    for name in EXPORTS:
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "library" / name).read_bytes(), name


@pytest.mark.slow
def test_a_user_data_folder_adds_a_name_and_a_rule_that_fire_in_a_build(corpus, tmp_path):
    article = tmp_path / "zentrix.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    plain = kg.build([article], cache=False)
    extended = kg.build([article], cache=False, data_dir=USER_DOMAIN)
    labels = {e.label: e for e in extended.entities()}
    assert {e.label for e in plain.entities()} == {"Zentrix Labs", "Team Green"}
    assert labels["Quillfeather"].type is kg.EntityType.MODEL
    assert "Team Green" in labels["Nvidia"].aliases  # an alias added to kg's own entry
    developed = [r for r in extended.relations() if r.predicate is kg.Predicate.DEVELOPED]
    assert [(r.subject, r.object) for r in developed] == [(labels["Zentrix Labs"].entity_id, labels["Quillfeather"].entity_id)]
    assert [e.rule for e in developed[0].evidence] == ["org-brains-behind-model"]
    assert not [r for r in plain.relations() if r.predicate is kg.Predicate.DEVELOPED]


@pytest.mark.slow
def test_explain_reads_with_the_data_folder(kg_cli):
    proc = kg_cli("explain", "Zentrix Labs is the brains behind Quillfeather, the chatbot.", "--data", USER_DOMAIN)
    assert proc.returncode == 0, proc.stderr
    assert "mention  'Quillfeather': Model (from gazetteer)" in proc.stdout
    assert "rule     org-brains-behind-model: Zentrix Labs developed Quillfeather" in proc.stdout


@pytest.mark.parametrize("name, content, said", [
    ("triggers.json", '{"verbs": {"founded": "start"}}', 'verbs.founded: expected a list, found a string ("start")'),
    ("rules/mine.json", '{"rules": [{"id": "r", "relation": "developed", "confidence": 0.5, "tokens": [{"LOWER": {"IN": ["@nope"]}}]}]}',
     "rule r: no word list 'nope' in triggers.json or typing.json"),
    ("gazetteer.json", "{not json", "not valid JSON (Expecting property name enclosed in double quotes at line 1, column 2)"),
])
@pytest.mark.parametrize("command", ["build", "explain"])
def test_a_malformed_user_file_is_one_line_and_exit_1(kg_cli, tmp_path, name, content, said, command):
    data = tmp_path / "data"
    (data / name).parent.mkdir(parents=True, exist_ok=True)
    (data / name).write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    args = ("build", SEEDS, "--out", out) if command == "build" else ("explain", "Nvidia makes chips.")
    proc = kg_cli(*args, "--data", data)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [f"kg: error: {data / name}: {said}"]
    assert not out.exists()  # refused before the output folder is made, and before any article is read


def test_sources_are_found_once(monkeypatch, tmp_path):
    build_module = importlib.import_module("kg.build")  # (kg.build is also the function)
    calls: list = []
    real = build_module.find_sources

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "find_sources", counting)
    monkeypatch.setattr("kg.ingest.find_sources", counting)
    (tmp_path / "a.txt").write_text("Nvidia makes the H100 chip.", encoding="utf-8")
    seen: list = []
    kg.build([tmp_path], cache=False, progress=lambda done, expected, document: seen.append((done, expected)))
    assert len(calls) == 1 and seen == [(1, 1)]


def test_the_library_refuses_a_graph_with_no_entity_and_says_which_documents_have_none(tmp_path):
    (tmp_path / "cats.txt").write_text("The cat sat on the mat.", encoding="utf-8")
    with pytest.raises(kg.InputError, match="cats.txt: no entities found; nothing written"):
        kg.build([tmp_path / "cats.txt"], cache=False, out=tmp_path / "out")
    assert not (tmp_path / "out" / "graph.ttl").exists()
    (tmp_path / "nvidia.txt").write_text("Nvidia makes the H100 chip.", encoding="utf-8")
    said: list[str] = []
    kg.build([tmp_path], cache=False, warn=said.append)
    assert said == ["cats.txt: no entities found"]
    with pytest.warns(kg.KgWarning, match="cats.txt: no entities found"):
        kg.build([tmp_path], cache=False)


def test_explain_takes_a_long_or_multi_line_text_as_text(tmp_path):
    from kg.cli import _names_a_path

    assert _names_a_path(str(tmp_path))
    assert not _names_a_path("Nvidia (NVDA), the chip supplier, fell. " * 20)  # too long for a file name
    assert not _names_a_path("Acme rose.\nZorb fell.")
    assert not _names_a_path("nul\0byte")
