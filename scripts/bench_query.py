"""Benchmark: load time and ready-made query latency, rdflib's memory store against Oxigraph (pyoxigraph).

Generates a graph of about --triples triples in kg's RDF shape (synthetic Linked records written
through kg.rdf.to_rdf, chunk by chunk, as N-Triples), then in this one process:
  * loads it into rdflib (Graph.parse) and into Oxigraph (Store.bulk_load), and times kg.load;
  * runs every ready-made query (kg/queries/*.rq) with the same parameters on both engines
    (rdflib: initBindings; Oxigraph: substitutions), checks they return the same number of rows,
    and prints a table with the ratio rdflib / Oxigraph.

    python scripts/bench_query.py                       # ~1,000,000 triples
    python scripts/bench_query.py --triples 100000      # quicker

An rdflib query still running after --timeout seconds is stopped and reported as "> T".
"""

from __future__ import annotations

import argparse
import gc
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, Variable

from kg.link import Linked
from kg.load import load
from kg.model import Document, Entity, EntityType, Evidence, Predicate, Quote, Relation
from kg.query import ready_queries, run_ready
from kg.rdf import to_rdf
from kg.vocab import entity_id

# Entity kinds with their share of all entities, and (subject type, predicate, object type, share of relations).
KINDS = {EntityType.PERSON: 0.45, EntityType.ORGANIZATION: 0.3, EntityType.MODEL: 0.15, EntityType.CHIP: 0.05,
         EntityType.PLACE: 0.05}
SHAPES = [
    (EntityType.PERSON, Predicate.FOUNDED, EntityType.ORGANIZATION, 0.06),
    (EntityType.PERSON, Predicate.LEADS, EntityType.ORGANIZATION, 0.08),
    (EntityType.PERSON, Predicate.WORKS_FOR, EntityType.ORGANIZATION, 0.2),
    (EntityType.ORGANIZATION, Predicate.DEVELOPED, EntityType.MODEL, 0.1),
    (EntityType.MODEL, Predicate.OUTPERFORMED, EntityType.MODEL, 0.08),
    (EntityType.MODEL, Predicate.RIVALS, EntityType.MODEL, 0.06),
    (EntityType.MODEL, Predicate.TRAINED_ON, EntityType.CHIP, 0.06),
    (EntityType.CHIP, Predicate.MADE_BY, EntityType.ORGANIZATION, 0.02),
    (EntityType.ORGANIZATION, Predicate.BACKED_BY, EntityType.ORGANIZATION, 0.06),
    (EntityType.PERSON, Predicate.QUOTED_ON, EntityType.ORGANIZATION, 0.22),
    (EntityType.ORGANIZATION, Predicate.BASED_IN, EntityType.PLACE, 0.06),
]
# Triples per record in kg's shape (see kg/rdf.py), used to size the corpus.
PER_DOCUMENT, PER_ENTITY, PER_RELATION, PER_QUOTE = 6, 8, 15, 12


def name(kind: EntityType, n: int) -> str:
    return f"{kind.value} {n:05d}"


def alias(kind: EntityType, n: int) -> str:
    return f"{kind.value[:3].upper()}-{n}"


def generate(path: Path, triples: int, seed: int = 7, chunks: int = 40) -> int:
    """Write ~``triples`` triples to ``path`` (N-Triples); return how many were written."""
    rng = random.Random(seed)
    unit = triples / (0.1 * PER_DOCUMENT + 0.4 * PER_ENTITY + 1.0 * PER_RELATION + 0.15 * PER_QUOTE)
    n_docs, n_entities, n_relations, n_quotes = int(0.1 * unit), int(0.4 * unit), int(unit), int(0.15 * unit)
    counts = {kind: max(1, int(n_entities * share)) for kind, share in KINDS.items()}

    def pick(kind: EntityType) -> int:  # a skewed choice: a few hubs, a long tail
        return int(counts[kind] * rng.random() ** 2)

    def sentence(doc: int) -> Evidence:
        start = rng.randrange(0, 5000)
        words = " ".join(rng.choice(["the", "model", "said", "company", "chip", "new", "report"]) for _ in range(18))
        return Evidence(f"{doc:016x}", words.capitalize() + ".", start, start + len(words) + 1, "bench-rule", 0.75)

    written = 0
    with open(path, "w", encoding="utf-8") as out:
        for chunk in range(chunks):
            docs = [Document(f"{d:016x}", f"article_{d:06d}.txt", "", f"{d:016x}" + "0" * 48, f"Headline {d}", ("Reporter",))
                    for d in range(n_docs) if d % chunks == chunk]
            doc_ids = [d.doc_id for d in docs]
            entities = []
            for kind, count in counts.items():
                for n in range(chunk, count, chunks):
                    entities.append(Entity(entity_id(kind, name(kind, n).lower()), kind, name(kind, n), (alias(kind, n),),
                                           tuple(sorted(rng.sample(doc_ids, min(2, len(doc_ids))))), rng.randint(1, 9)))
            relations = {}
            for _ in range(n_relations // chunks):
                s_kind, predicate, o_kind, _share = rng.choices(SHAPES, weights=[x[3] for x in SHAPES])[0]
                s, o = pick(s_kind), pick(o_kind)
                if (s_kind, s) == (o_kind, o):
                    continue
                key = (entity_id(s_kind, name(s_kind, s).lower()), predicate, entity_id(o_kind, name(o_kind, o).lower()))
                relations.setdefault(key, []).append(sentence(int(rng.choice(doc_ids), 16)))
            quotes = []
            for _ in range(n_quotes // chunks):
                speaker, about_kind = pick(EntityType.PERSON), rng.choice([EntityType.ORGANIZATION, EntityType.MODEL])
                quotes.append(Quote(entity_id(EntityType.PERSON, name(EntityType.PERSON, speaker).lower()),
                                    f"Quote number {rng.randrange(10**9)}.",
                                    (entity_id(about_kind, name(about_kind, pick(about_kind)).lower()),),
                                    sentence(int(rng.choice(doc_ids), 16))))
            linked = Linked(tuple(docs), tuple(entities),
                            tuple(Relation(s, p, o, tuple(ev)) for (s, p, o), ev in relations.items()), tuple(quotes))
            graph = to_rdf(linked, include_ontology=chunk == 0)
            written += len(graph)
            out.write(graph.serialize(format="nt"))
    return written


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def timed(fn, limit: float | None = None):
    """(seconds, value) of fn(); (None, None) when it runs past ``limit`` seconds."""
    if limit:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
    started = time.perf_counter()
    try:
        value = fn()
    except Timeout:
        return None, None
    finally:
        if limit:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - started, value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before an rdflib query is given up")
    parser.add_argument("--repeat", type=int, default=3, help="Oxigraph runs per query (best is kept)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as folder:
        path = Path(folder) / "graph.nt"
        seconds, written = timed(lambda: generate(path, args.triples))
        print(f"generated {written:,} triples in {seconds:.1f} s ({path.stat().st_size / 1e6:.0f} MB N-Triples)", flush=True)

        # Parameters: a hub of each kind, named by its alias in another case (exercises alias + case matching).
        hub = {kind: alias(kind, 0).lower() for kind in KINDS}
        params = {"founders": {"org": hub[EntityType.ORGANIZATION]}, "leaders": {"org": hub[EntityType.ORGANIZATION]},
                  "works-for": {"org": hub[EntityType.ORGANIZATION]}, "outperformed": {"model": hub[EntityType.MODEL]},
                  "rivals": {"model": hub[EntityType.MODEL]}, "trained-on": {"model": hub[EntityType.MODEL]},
                  "said-about": {"entity": hub[EntityType.ORGANIZATION]},
                  "sources": {"subject": hub[EntityType.PERSON]}, "most-connected": {}}

        t_ox, store = timed(lambda: (s := ox.Store(), s.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES), s)[2])
        t_rdflib, graph = timed(lambda: Graph().parse(str(path), format="nt"))
        t_kgload, loaded = timed(lambda: load(path))
        assert len(store) == len(graph), (len(store), len(graph))
        print(f"kg.load (Oxigraph parse + records rebuilt): {t_kgload:.1f} s, {len(loaded.entities()):,} entities, "
              f"{len(loaded.relations()):,} relations", flush=True)
        del loaded
        gc.collect()
        gc.freeze()  # millions of long-lived rdflib objects: keep the cyclic GC from rescanning them during every timing

        rows = [("load", f"{len(store):,} triples", t_rdflib, t_ox)]
        for query in ready_queries():
            given = params.get(query.name, {})
            values = query.bindings(given)
            ox_times = []
            for _ in range(args.repeat):
                seconds, result = timed(lambda: run_ready(store, query.name, given))
                ox_times.append(seconds)
            init = {Variable(k): Literal(v) for k, v in values.items()}
            seconds, rd = timed(lambda: list(graph.query(query.sparql, initBindings=init)), args.timeout)
            if rd is not None and len(rd) != len(result):
                print(f"  ! {query.name}: rdflib {len(rd)} rows, Oxigraph {len(result)} rows", flush=True)
            label = f"{query.name} " + " ".join(f"{k}={v}" for k, v in given.items())
            rows.append((label.strip(), f"{len(result):,} rows", seconds, min(ox_times)))
            print(f"  {rows[-1][0]}: rdflib {'> %.0f' % args.timeout if seconds is None else '%.3f' % seconds} s, "
                  f"Oxigraph {min(ox_times):.3f} s", flush=True)

    print()
    print(f"{'step':<34} {'size':>18} {'rdflib (s)':>11} {'Oxigraph (s)':>13} {'rdflib/Oxigraph':>16}")
    for label, size, slow, fast in rows:
        slow_text = f"> {args.timeout:.0f}" if slow is None else f"{slow:.3f}"
        ratio = f"> {args.timeout / fast:.0f}x" if slow is None else f"{slow / fast:.1f}x"
        print(f"{label:<34} {size:>18} {slow_text:>11} {fast:>13.3f} {ratio:>16}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
