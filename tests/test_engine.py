"""The ray engine on a local Ray cluster started here: the same graph as the local engine."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import ray

import kg
import kg.engines.extractor as extractor_module
from kg.engines import get_engine
from kg.errors import EngineError
from kg.rdf import serialize_turtle

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def cluster():
    """A two-CPU Ray instance on this machine, for the tests of this module only."""
    assert not ray.is_initialized()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray.cluster_resources()
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(SEEDS.iterdir())[:3]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.mark.slow
def test_ray_gives_the_local_graph_and_fills_a_cache_local_builds_use(cluster, corpus, tmp_path, monkeypatch):
    assert cluster["CPU"] == 2
    cache = tmp_path / "cache"
    on_ray = kg.build([corpus], engine="ray", jobs=2, cache_dir=cache)
    assert len(on_ray.documents) == 3 and len(on_ray.relations()) > 0
    assert len(list(cache.rglob("*.pickle"))) == 3  # written by the Ray actors

    calls: list[str] = []
    real = extractor_module.extract
    monkeypatch.setattr(extractor_module, "extract", lambda doc, document, domain=None: calls.append(document.source) or real(doc, document, domain))
    from_cache = kg.build([corpus], cache_dir=cache)
    assert calls == []
    local = kg.build([corpus], cache=False)
    assert len(calls) == 3
    assert serialize_turtle(on_ray.to_rdf()) == serialize_turtle(local.to_rdf()) == serialize_turtle(from_cache.to_rdf())


@pytest.mark.slow
def test_ray_actors_read_with_the_builds_data_folder(cluster, tmp_path):
    user_domain = Path(__file__).resolve().parent / "data" / "user-domain"
    (tmp_path / "a.txt").write_text("Zentrix Labs is the brains behind Quillfeather, which answers in verse.\n", encoding="utf-8")
    on_ray = kg.build([tmp_path / "a.txt"], engine="ray", jobs=1, cache=False, data_dir=user_domain)
    local = kg.build([tmp_path / "a.txt"], cache=False, data_dir=user_domain)
    assert [e.rule for r in on_ray.relations() for e in r.evidence] == ["org-brains-behind-model"]
    assert serialize_turtle(on_ray.to_rdf()) == serialize_turtle(local.to_rdf())


def test_without_ray_installed_the_engine_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # makes "import ray" fail as if not installed
    with pytest.raises(EngineError, match=r"pip install 'kg\[ray\]'"):
        next(get_engine("ray")([]))
