"""Fuzz the whole build for a while: real articles mutated as real text goes wrong, random and
hostile text, random bytes and HTML, through ingest -> pipeline -> extract -> link -> RDF,
checking offsets and that Turtle and JSON-LD parse.

Real text: the seeds, the 42 dev articles (../shared/eval/dev) and the Lee corpus
(../shared/corpora/lee), whole or with sentences shuffled, cut at any point, cased differently,
hard-wrapped, with headlines and photo captions inserted (``real_mutation``).

    python scripts/fuzz_build.py --seconds 120          # blank pipeline, the trained one every 10th case
    python scripts/fuzz_build.py --big 50               # also: a 50 MB article, time and peak memory

Builds are strict: a document that cannot be processed is a crash (a normal build would skip it).
A crash saves its input under test-artifacts/fuzz/ and is counted; the exit code is 1 if any.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
from pathlib import Path

import pyoxigraph as ox

import kg
from kg.errors import InputError
from kg.ingest import MAX_CHARS, read_documents
from kg.rdf import serialize_jsonld, serialize_turtle

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))] if folder.is_dir() else []


SEEDS = _texts(ROOT / "seeds")
# Real articles by corpus (a corpus that is not beside the project is left out).
REAL = {name: texts for name, texts in {"seeds": SEEDS, "dev": _texts(SHARED / "eval" / "dev"),
                                         "lee": _texts(SHARED / "corpora" / "lee")}.items() if texts}
HEADLINES = ["Breaking News", "UPDATE 2-Chip Stocks Slide As Export Rules Tighten", "# Markets Wrap", "Analysis:",
             "WATCH: What The Deal Means", "Exclusive: Inside The Lab", "Related Coverage", "Chief Executive",
             "The CTO", "CEO and Founder", "Trending Now", "Opinion | A Letter From The Editor", "LIVE"]
CAPTIONS = ["Photo: Reuters", "(AP Photo/Mark Lennihan)", "FILE PHOTO: A logo is seen at a trade fair. REUTERS/Staff",
            "Image credit: Getty Images", "Caption: The founder speaks at a conference in Paris, France.",
            "Pictured: Chief Executive Officer", "[Photo: Bloomberg]", "Photographer: Anna Ma/Bloomberg",
            "Source: company filings", "\u00a9 2024 All rights reserved", "Getty"]
_SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"])")
HOSTILE = ["\n", "\n\n", "# ", "**", "[", "](x)", "![i](a.png)", "\\", '"', "\u201c", "'s", " said ", " CEO of ", " founded ",
           " was trained on ", " beat ", " rivals ", "<script>", "</script>", "&amp;", "\u202e", "\u200f", "\x00", "\x07",
           "\ufffd", "\r\n", "\u2028", "Nvidia", "DeepSeek", "H100", "GPT-4o", "Liang Wenfeng", "OpenAI's", "]]>", "{", "|",
           "^", "`", "---", "By Ann Lee\n", "...", "(", ")", "\t", "Nv\u0456dia", "x" * 500, "Mr.", "Inc.", "U.S.", "\u00a0"]


def mutate(rng: random.Random, text: str) -> str:
    """Cut, splice, repeat, shuffle and sprinkle hostile fragments into ``text``."""
    for _ in range(rng.randint(1, 20)):
        at = rng.randint(0, len(text))
        op = rng.choice(["insert", "delete", "repeat", "splice", "noise", "shuffle", "case"])
        if op == "insert":
            text = text[:at] + rng.choice(HOSTILE) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + rng.randint(1, 500):]
        elif op == "repeat":
            text = text[:at] + text[at:at + rng.randint(1, 400)] * rng.randint(2, 8) + text[at:]
        elif op == "splice":
            other = rng.choice(SEEDS)
            start = rng.randint(0, len(other))
            text = text[:at] + other[start:start + rng.randint(1, 1500)] + text[at:]
        elif op == "noise":
            text = text[:at] + "".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0, 0x2FFF)])) for _ in range(rng.randint(1, 30))) + text[at:]
        elif op == "shuffle":
            sentences = text.split(". ")
            rng.shuffle(sentences)
            text = ". ".join(sentences)
        else:
            text = text.upper() if rng.random() < 0.5 else text.lower()
    return text.replace("\ud800", "")


def real_mutation(rng: random.Random, text: str) -> str:
    """A real article as real text goes wrong: sentences shuffled, a cut anywhere, another casing,
    hard-wrapped lines, a headline or a photo caption inserted; 0 to 4 of them."""
    for _ in range(rng.randint(0, 4)):
        paragraphs = text.split("\n")
        op = rng.choice(["shuffle", "cut", "case", "wrap", "headline", "caption", "split"])
        if op == "shuffle":  # sentences of the article in another order (across paragraphs)
            sentences = _SENTENCE_END.split(text)
            rng.shuffle(sentences)
            text = " ".join(sentences)
        elif op == "cut":  # a truncated feed item or a scraper that starts late: anywhere, mid-word too
            start = rng.choice([0, 0, rng.randint(0, len(text))])
            text = text[start:rng.randint(start, len(text))] if rng.random() < 0.7 else text[start:]
        elif op == "case":  # all capitals, all lower case, or title case, of the whole or of one paragraph
            change = rng.choice([str.upper, str.lower, str.title])
            if rng.random() < 0.5:
                text = change(text)
            else:
                at = rng.randrange(len(paragraphs))
                paragraphs[at] = change(paragraphs[at])
                text = "\n".join(paragraphs)
        elif op == "wrap":  # hard line breaks every N characters, as in e-mail and wire copy
            width = rng.randint(20, 90)
            text = "\n".join(line[i:i + width] for line in paragraphs for i in range(0, max(len(line), 1), width))
        elif op in ("headline", "caption"):
            line = rng.choice(HEADLINES if op == "headline" else CAPTIONS)
            at = rng.randint(0, len(paragraphs))
            text = "\n".join(paragraphs[:at] + ["", line, ""] + paragraphs[at:])
        else:  # a paragraph break inside a sentence
            at = rng.randint(0, len(text))
            text = text[:at] + "\n\n" + text[at:]
    return text


def real_article(rng: random.Random) -> tuple[str, str]:
    """The name of a real corpus and one of its articles, mutated by :func:`real_mutation`."""
    corpus = rng.choice(sorted(REAL))
    return corpus, real_mutation(rng, rng.choice(REAL[corpus]))


def random_file(rng: random.Random) -> tuple[str, bytes]:
    """A file name and content: real articles, hostile mutations of the seeds, sometimes bytes, noise or an HTML page."""
    kind = rng.choices(["real", "article", "html", "bytes", "unicode", "latin1"], weights=[45, 30, 8, 5, 7, 5])[0]
    if kind == "real":
        corpus, text = real_article(rng)
        return f"{corpus}.txt", text.encode("utf-8")
    if kind == "bytes":
        return "x.txt", rng.randbytes(rng.randint(0, 3000))
    if kind == "unicode":
        text = "".join(chr(rng.randint(0, 0xD7FF)) for _ in range(rng.randint(0, 2000)))
        return "u.txt", text.encode("utf-8")
    text = mutate(rng, rng.choice(SEEDS))
    if kind == "html":
        body = "".join(f"<p>{p}</p>" for p in text.split("\n"))
        return "p.html", f"<html><script>var a='{text[:50]}'</script><nav>Home</nav><article>{body}</article></html>".encode("utf-8", "surrogatepass")
    if kind == "latin1":
        return "l.txt", text.encode("latin-1", "replace")
    return "a.md", text.encode("utf-8", "surrogatepass")


def check(documents: list[kg.Document], graph: kg.KnowledgeGraph) -> None:
    texts = {d.doc_id: d.text for d in documents}
    assert all(0 < len(t) <= MAX_CHARS for t in texts.values())
    for ev in [ev for r in graph.relations() for ev in r.evidence] + [q.evidence for q in graph.quotes()]:
        assert texts[ev.doc_id][ev.start:ev.end].strip() == ev.sentence, ev
    rdf = graph.to_rdf()
    turtle = {q.triple for q in ox.parse(serialize_turtle(rdf), format=ox.RdfFormat.TURTLE)}
    jsonld = {q.triple for q in ox.parse(serialize_jsonld(rdf), format=ox.RdfFormat.JSON_LD)}
    assert turtle == jsonld and len(turtle) == len(rdf), "Turtle and JSON-LD disagree"


def fuzz(seconds: float, seed: int, trained_every: int, debug: bool = False, slow_seconds: float = 20) -> int:
    rng = random.Random(seed)
    blank, trained = kg.blank_pipeline(), None
    cases = documents_total = crashes = slow = 0
    by_corpus = dict.fromkeys(REAL, 0)  # documents built from each real corpus
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        cases += 1
        use_trained = trained_every and cases % trained_every == 0
        if use_trained and trained is None:
            trained = kg.load_pipeline()
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(rng.randint(1, 4)):
                name, data = random_file(rng)
                (Path(tmp) / f"{i}-{name}").write_bytes(data)
            if debug:
                print(f"case {cases} trained={bool(use_trained)}", file=sys.stderr, flush=True)
                last = ROOT / "test-artifacts" / "fuzz" / "last"
                shutil.rmtree(last, ignore_errors=True)
                shutil.copytree(tmp, last)
            case_started = time.monotonic()
            try:
                documents = list(read_documents([tmp], warn=lambda message: None))
                graph = kg.build_documents(documents, nlp=trained if use_trained else blank, strict=True)
                check(documents, graph)
                documents_total += len(documents)
                for document in documents:
                    corpus = document.source.split("-", 1)[1].removesuffix(".txt")
                    if corpus in by_corpus:
                        by_corpus[corpus] += 1
            except InputError:
                pass
            except Exception:  # a crash: keep the input to reproduce it
                crashes += 1
                keep = ROOT / "test-artifacts" / "fuzz" / f"seed{seed}-case{cases}"
                shutil.copytree(tmp, keep, dirs_exist_ok=True)
                print(f"crash in case {cases} (input kept in {keep}):\n{traceback.format_exc()}", file=sys.stderr)
            if time.monotonic() - case_started > slow_seconds:  # a pathological input: keep it too
                slow += 1
                keep = ROOT / "test-artifacts" / "fuzz" / f"seed{seed}-case{cases}-slow"
                shutil.copytree(tmp, keep, dirs_exist_ok=True)
                print(f"slow case {cases}: {time.monotonic() - case_started:.0f} s (input kept in {keep})", file=sys.stderr)
    elapsed = time.monotonic() - started
    real = ", ".join(f"{name} {count}" for name, count in by_corpus.items())
    print(f"fuzz: {cases} cases, {documents_total} documents ({real} from real articles) in {elapsed:.0f} s "
          f"({documents_total / elapsed:.1f} docs/s), seed {seed}, crashes: {crashes}, slower than {slow_seconds:.0f} s: {slow}")
    return crashes


BIG = textwrap.dedent("""
    import resource, sys, time
    import kg
    from kg.ingest import read_documents
    nlp = kg.blank_pipeline() if sys.argv[2] == "blank" else kg.load_pipeline()
    nlp("warm up")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.monotonic()
    parts = sum(1 for _ in read_documents([sys.argv[1]], warn=lambda m: None))
    read = time.monotonic() - t
    t = time.monotonic()
    graph = kg.build_documents(read_documents([sys.argv[1]], warn=lambda m: None), nlp=nlp)
    graph.write(sys.argv[3])
    built = time.monotonic() - t
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
    print(parts, read, built, grown, len(graph.entities()))
""")


def big(megabytes: int, model: str) -> None:
    """Build one article of ``megabytes`` MB (seed text, varied) and report time and memory growth."""
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        with path.open("w", encoding="utf-8") as handle:
            while handle.tell() < megabytes * 2**20:
                handle.write(mutate(rng, rng.choice(SEEDS)) + "\n\n")
        size = path.stat().st_size
        proc = subprocess.run([sys.executable, "-c", BIG, str(path), model, str(Path(tmp) / "out")], capture_output=True, text=True)
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            raise SystemExit(1)
        parts, read, built, grown, entities = proc.stdout.split()
        print(f"big: {size / 2**20:.0f} MB article, {model} pipeline: {parts} parts of <= {MAX_CHARS} chars; "
              f"read {size / 2**20 / float(read):.1f} MB/s, built in {float(built):.0f} s ({size / 2**20 / float(built):.2f} MB/s), "
              f"{entities} entities; peak memory grew {int(grown) / 2**20:.0f} MB = {int(grown) / size:.2f} x the file")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long to fuzz (default 60)")
    parser.add_argument("--seed", type=int, default=int(time.time()), help="random seed (default: the time)")
    parser.add_argument("--trained-every", type=int, default=10, help="use the trained pipeline every Nth case (0: never)")
    parser.add_argument("--big", type=int, default=0, metavar="MB", help="also build one article of MB megabytes")
    parser.add_argument("--slow", type=float, default=20, help="report (and keep) a case that takes longer (default 20 s)")
    parser.add_argument("--debug", action="store_true", help="keep each case's input in test-artifacts/fuzz/last before running it")
    parser.add_argument("--big-model", choices=["blank", "trained"], default="blank")
    args = parser.parse_args()
    crashes = fuzz(args.seconds, args.seed, args.trained_every, args.debug, args.slow) if args.seconds > 0 else 0
    if args.big:
        big(args.big, args.big_model)
    return 1 if crashes else 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
