"""Same output every time: byte-identical graph.ttl and graph.jsonld across runs, input orders,
folders and hash seeds."""

from __future__ import annotations

import random
import shutil

import kg
from kg.rdf import serialize_jsonld, serialize_turtle

RDF_EXPORTS = ("graph.ttl", "graph.jsonld")


def test_same_bytes_across_runs_orders_folders_and_hash_seeds(kg_cli, seeds, tmp_path):
    articles = sorted(seeds.glob("*.txt"))
    elsewhere = tmp_path / "elsewhere" / "nested"
    elsewhere.mkdir(parents=True)
    for article in articles:
        shutil.copy(article, elsewhere / article.name)
    runs = {
        "folder, seed 0": (["build", "-q", seeds, "--out", tmp_path / "a"], "0"),
        "files reversed, seed 1": (["build", "-q", *reversed(articles), "--out", tmp_path / "b"], "1"),
        "copies elsewhere, shuffled, seed 4242": (["build", "-q", *random.Random(7).sample(sorted(elsewhere.iterdir()), len(articles)),
                                                   "--out", tmp_path / "c"], "4242"),
    }
    outputs = {}
    for name, (args, hash_seed) in runs.items():
        proc = kg_cli(*args, env={"PYTHONHASHSEED": hash_seed})
        assert proc.returncode == 0, proc.stderr
        outputs[name] = {export: (args[args.index("--out") + 1] / export).read_bytes() for export in RDF_EXPORTS}
    first = next(iter(outputs.values()))
    assert b"kg:Document" in first["graph.ttl"] and len(first["graph.ttl"]) > 10_000
    for name, output in outputs.items():
        assert output == first, f"{name} differs"


def test_document_order_does_not_change_the_bytes(seeds):
    documents = [kg.Document.from_text(p.read_text(encoding="utf-8"), p.name) for p in sorted(seeds.glob("*.txt"))]
    nlp = kg.blank_pipeline()
    seen = set()
    for seed in range(3):
        shuffled = random.Random(seed).sample(documents, len(documents))
        rdf = kg.build_documents(shuffled, nlp=nlp).to_rdf()
        seen.add((serialize_turtle(rdf), serialize_jsonld(rdf)))
    assert len(seen) == 1
