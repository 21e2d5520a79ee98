"""Score kg on the dev set: the whole set and each half (d01-d21, d22-d42) built on its own.

Each half is built by ``kg build`` into its own folder and scored with ``eval/score.py`` against
a gold file cut down to that half: the relations whose note names an article of the half, and
the entities one of whose aliases the half's texts contain. Development figures only: the rules
are judged on articles kg has never seen.

    python scripts/dev_halves.py                       # ../shared beside the checkout
    python scripts/dev_halves.py --shared DIR --out /tmp/kg-dev [--verbose a|b|all]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HALVES = {"a": range(1, 22), "b": range(22, 43)}


def half_gold(gold: dict, texts: str, numbers: set[int]) -> dict:
    """The part of ``gold`` that articles ``numbers`` (whose text is ``texts``) state."""
    lowered = texts.lower()

    def named(entity: dict) -> bool:
        return any(re.search(r"(?<!\w)" + re.escape(a.lower()) + r"(?!\w)", lowered) for a in entity["aliases"])

    def in_half(relation: list) -> bool:
        cited = {int(n) for n in re.findall(r"\bd(\d\d)\b", relation[3])}
        return bool(cited & numbers)

    return {
        **gold,
        "entities": [e for e in gold["entities"] if named(e)],
        "relations": {kind: [r for r in rows if in_half(r)] for kind, rows in gold["relations"].items()},
    }


def score(shared: Path, gold_path: Path, graph: Path, verbose: bool) -> tuple[dict, str]:
    command = [sys.executable, str(shared / "eval" / "score.py"), str(gold_path), str(graph)]
    as_json = json.loads(subprocess.run([*command, "--json"], check=True, capture_output=True, text=True).stdout)
    text = subprocess.run([*command, "--verbose"], check=True, capture_output=True, text=True).stdout if verbose else ""
    return as_json, text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "kg-dev")
    parser.add_argument("--verbose", choices=["a", "b", "all"], action="append", default=[],
                        help="print the scorer's misses and extras for this part (repeatable)")
    args = parser.parse_args(argv)
    dev = args.shared / "eval" / "dev"
    gold = json.loads((args.shared / "eval" / "dev_gold.json").read_text())
    rows = []
    parts = {"all": range(1, 43), **HALVES}
    for name, numbers in parts.items():
        files = [dev / f"d{n:02d}.txt" for n in numbers]
        out = args.out / name
        subprocess.run(["kg", "build", *map(str, files), "--out", str(out), "--no-cache", "--quiet"], check=True)
        gold_path = args.out / f"gold-{name}.json"
        texts = "\n".join(f.read_text(encoding="utf-8") for f in files)
        gold_path.write_text(json.dumps(half_gold(gold, texts, set(numbers)) if name != "all" else gold))
        result, verbose = score(args.shared, gold_path, out / "graph.ttl", name in args.verbose)
        if verbose:
            print(f"== {name}\n{verbose}")
        rows.append((name, result))
    print("| part | entity P | entity R | dup | mistyped | relation P | relation R | relation F1 | predicted | required |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        label = {"all": "d01-d42", "a": "d01-d21", "b": "d22-d42"}[name]
        print(f"| {label} | {r['entity_precision']:.3f} | {r['entity_recall']:.3f} | {r['entity_duplicates']} | "
              f"{r['entity_type_errors']} | {r['relation_precision']:.3f} | {r['relation_recall']:.3f} | "
              f"{r['relation_f1']:.3f} | {r['relations_predicted']} | {r['relations_required']} |")
    for name, r in rows:
        print(f"{name}: recall by relation: " + ", ".join(f"{k} {v}" for k, v in r["recall_by_relation"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
