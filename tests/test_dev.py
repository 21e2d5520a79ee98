"""End to end on the dev set: `kg build ../shared/eval/dev/` scored by ../shared/eval/score.py.

The issues' targets are entity precision and recall >= 0.90 with at most 2 duplicated entities, and
relation precision >= 0.85 with recall >= 0.70.
Where kg does not reach a target yet, the test asserts the figure it honestly reaches as a floor
(a regression guard, not the goal); README "Entities" gives both. The floors were never tuned:
they are the measured figures rounded down.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"

TARGET = {"entity_precision": 0.90, "entity_recall": 0.90, "entity_duplicates": 2,
          "relation_precision": 0.85, "relation_recall": 0.70}
FLOOR = {"entity_precision": 0.95, "entity_recall": 0.95, "entity_duplicates": 2,  # measured: 0.958, 0.952, 2
         "relation_precision": 0.91, "relation_recall": 0.82}  # measured: 0.915, 0.823


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory):
    if not (EVAL / "dev").exists():
        pytest.skip("../shared/eval/dev is not beside the project")
    out = tmp_path_factory.mktemp("dev-build")
    subprocess.run([sys.executable, "-m", "kg", "build", str(EVAL / "dev"), "--out", str(out), "--quiet"],
                   capture_output=True, text=True, check=True)
    scored = subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / "dev_gold.json"), str(out / "graph.ttl"), "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(scored.stdout)


def test_dev_entity_precision(dev_scores):
    assert dev_scores["entity_precision"] >= min(TARGET["entity_precision"], FLOOR["entity_precision"])


def test_dev_entity_recall(dev_scores):
    assert dev_scores["entity_recall"] >= min(TARGET["entity_recall"], FLOOR["entity_recall"])


def test_dev_duplicated_entities(dev_scores):
    assert dev_scores["entity_duplicates"] <= max(TARGET["entity_duplicates"], FLOOR["entity_duplicates"])


def test_dev_relation_precision(dev_scores):
    assert dev_scores["relation_precision"] >= min(TARGET["relation_precision"], FLOOR["relation_precision"])


def test_dev_relation_recall(dev_scores):
    assert dev_scores["relation_recall"] >= min(TARGET["relation_recall"], FLOOR["relation_recall"])
