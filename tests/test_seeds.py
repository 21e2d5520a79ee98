"""End to end: `kg build seeds/` scored by ../shared/eval/score.py against the hand annotation."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

SCORER = SHARED / "eval" / "score.py"
GOLD = SHARED / "eval" / "seeds_gold.json"


@pytest.fixture(scope="module")
def cli_exports(tmp_path_factory):
    """The README's command, run as a user would."""
    out = tmp_path_factory.mktemp("seeds-build")
    build = subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "--out", str(out)],
                           capture_output=True, text=True, check=True)
    assert "documents: 5" in build.stdout
    return out


@pytest.fixture(scope="module")
def scores(cli_exports):
    if not SCORER.exists():
        pytest.skip("../shared/eval is not beside the project")
    out = cli_exports
    scored = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(out / "graph.ttl"), "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(scored.stdout)


def test_entities_reach_the_issue_figures(scores):
    assert scores["entity_precision"] >= 0.90
    assert scores["entity_recall"] >= 0.90
    assert scores["entity_duplicates"] == 0


def test_relations_reach_the_issue_figures(scores):
    assert scores["relation_precision"] >= 0.85
    assert scores["relation_recall"] >= 0.75


def test_seeds_in_the_project_are_the_shared_seeds_unchanged():
    if not (SHARED / "seeds").exists():
        pytest.skip("../shared/seeds is not beside the project")
    shared = {p.name: p.read_bytes() for p in (SHARED / "seeds").iterdir()}
    ours = {p.name: p.read_bytes() for p in (ROOT / "seeds").iterdir()}
    assert ours == shared


@pytest.mark.parametrize("name", ["graph.ttl", "graph.jsonld"])
def test_library_and_command_line_give_the_same_bytes(cli_exports, seeds_exports, name):
    assert (cli_exports / name).read_bytes() == (seeds_exports / name).read_bytes()


@pytest.mark.parametrize("name", ["graph.ttl", "graph.jsonld"])
def test_committed_exports_are_the_current_build(cli_exports, name):
    """exports/ must be regenerated (kg build seeds/ --out exports/) when the output changes."""
    assert (ROOT / "exports" / name).read_bytes() == (cli_exports / name).read_bytes()
