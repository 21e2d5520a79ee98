"""Shared fixtures: the trained pipeline and the seeds graph (built once per session), the real
``kg`` command run in a subprocess, Debian's Chromium driven by Playwright (one per session); and
hypothesis settings.

With ``CI`` set (``.ci/run`` sets ``CI=true``), hypothesis runs the ``kg-ci`` profile: derandomized
(the examples follow from each test alone) and with no example database, so one commit always
gives one result. Elsewhere it searches at random and remembers failures, as usual; the long
random search is ``scripts/fuzz_build.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("kg-ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
    settings.load_profile("kg-ci")

ROOT = REPO = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND"]


@pytest.fixture(autouse=True, scope="session")
def _extraction_cache_in_a_temporary_folder(tmp_path_factory):
    """``kg build`` caches extractions by default: keep the tests' cache out of the user's home."""
    folder = tmp_path_factory.mktemp("kg-cache")
    folder.chmod(0o1777)  # tests that run kg as another user share it
    patch = pytest.MonkeyPatch()
    patch.setenv("KG_CACHE_DIR", str(folder))
    yield
    patch.undo()


def run_kg(*args: str | Path, env: dict[str, str] | None = None, timeout: float = 300, prefix: tuple[str, ...] = (),
           **kwargs) -> subprocess.CompletedProcess:
    """Run ``python -m kg ARGS`` (after ``prefix``, e.g. a command that drops privileges) and return the finished process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*prefix, sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          env=full_env, timeout=timeout, **kwargs)


@pytest.fixture
def kg_cli():
    """The :func:`run_kg` function."""
    return run_kg


@pytest.fixture
def seeds() -> Path:
    """The folder of seed articles shipped with the repository."""
    return SEEDS


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def blank_nlp():
    from kg.nlp import blank_pipeline

    return blank_pipeline()


@pytest.fixture(scope="session")
def seeds_graph(nlp):
    from kg.build import build_documents
    from kg.ingest import read_documents

    return build_documents(read_documents([SEEDS]), nlp)


@pytest.fixture(scope="session")
def seeds_exports(seeds_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds-exports")
    seeds_graph.write(out)
    return out


@pytest.fixture
def extract_text(nlp):
    """Extract one text with the trained pipeline; returns readable (subject, predicate, object) names."""
    from kg.extract import extract
    from kg.model import Document

    def run(text: str):
        document = Document.from_text(text, "t.txt")
        result = extract(nlp(document.text), document)
        triples = {(result.mentions[r.subject].name, r.predicate.value, result.mentions[r.object].name) for r in result.relations}
        return result, triples

    return run


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's, never a downloaded one), shared by the tests: Playwright's sync API runs one per thread."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does: apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
