"""Reading articles: cleaning, decoding, HTML, huge files in parts, and the skip-with-warning policy."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import kg
from kg.errors import InputError
from kg.ingest import _BYLINE, MAX_CHARS, clean_text, decode_bytes, find_sources, html_text, read_documents, read_source

MD_LINK = re.compile(r"\[[^\]]+\]\([^)]*\)")
text_chars = st.characters(exclude_categories=["Cs"])  # every character a decoder can produce
markdownish = st.text(alphabet=st.sampled_from(list("ab Z9.,#*_-[]()!\\\n\t\r>`'\"") + ["\u00a0", "\u202e", "\x00", "\u2028"]), max_size=200)


def collect(paths, **kwargs):
    warnings: list[str] = []
    documents = list(read_documents(paths, warn=warnings.append, **kwargs))
    return documents, warnings


# --- clean_text ---------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(text_chars, max_size=300), markdownish))
@example(raw="[\u2028][]")  # found by hypothesis: the joined lines "[ ][]" unlinked to a lone space
def test_clean_text_never_crashes_and_gives_tidy_paragraphs(raw):
    cleaned = clean_text(raw)
    text = cleaned.text
    assert "\r" not in text and "\n\n" not in text and "\x00" not in text and "\u202e" not in text
    for line in text.split("\n") if text else []:
        assert line and line == line.strip(" \t") and "  " not in line
        assert not MD_LINK.search(line), line
    assert cleaned.title is None or cleaned.title.strip() == cleaned.title
    kg.Document.from_text(text, "x.txt")  # always encodable: offsets into it are well defined


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcXYZ019 .,;:!?'\"-\n")), max_size=300))
@example(raw="---").via("found by the derandomized CI run: a Markdown rule is dropped, not a word lost")
@example(raw="-\n--").via("found by hypothesis: joined lines made a rule that a second cleaning dropped")
@example(raw="bY X0").via("found by hypothesis: a line that reads as a byline is dropped with its words")
def test_clean_text_is_idempotent_on_plain_text(raw):
    """Cleaning clean text changes nothing but, at most, which lines are joined (a paragraph per line
    cannot tell a paragraph end from a hard break); the words of the input are kept, in order, but
    for runs of dashes (which can make a Markdown rule, ``---``, and rules are dropped)."""
    once = clean_text(raw).text
    twice = clean_text(once).text
    assert twice.split() == once.split()
    bylines = [line for line in raw.split("\n") if _BYLINE.match(line)]  # "by X0": a byline, dropped with its words
    assume(len(bylines) <= 1 and not any(_BYLINE.match(line) for line in once.split("\n")))
    kept = [w for line in raw.split("\n") if line not in bylines[:1] for w in line.split()]
    assert [w for w in once.split() if w.strip("-")] == [w for w in kept if w.strip("-")]
    assert clean_text(twice).text == twice or clean_text(twice).text.split() == twice.split()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("abcdefgh ")), min_size=1, max_size=12), min_size=1, max_size=5))
def test_markdown_links_keep_their_text(words):
    link_texts = [w.strip() or "x" for w in words]
    raw = " and ".join(f"[{w}](https://example.com/{i}?q=(1))" for i, w in enumerate(link_texts)) + "."
    text = clean_text(raw).text
    assert not MD_LINK.search(text) and "example.com" not in text
    for w in link_texts:
        assert " ".join(w.split()) in text


def test_nested_and_rejoined_links_are_removed():
    assert clean_text("See [[Nvidia](a)](b) now.").text == "See Nvidia now."
    assert "](" not in clean_text("A [broken\nlink](http://x) here.").text


def test_invisible_and_odd_line_breaks():
    raw = "Nvidia\u2028makes\x0cthe \u202eH100\u202c chip\x07.\r\n\r\nNext\u2029paragraph."
    assert clean_text(raw).text == "Nvidia makes the H100 chip.\nNext paragraph."


# --- decoding -----------------------------------------------------------------------------------


def test_decode_bytes():
    assert decode_bytes("Caf\u00e9".encode("utf-8")) == ("Caf\u00e9", 0)
    assert decode_bytes("\ufeffNvidia".encode("utf-8")) == ("\ufeffNvidia", 0)
    assert decode_bytes("Nvidia \u00e9".encode("utf-16")) == ("Nvidia \u00e9", 0)
    assert decode_bytes(b"a\xff\xfeb\xc3") == ("a\ufffd\ufffdb\ufffd", 3)


def test_utf8_split_across_read_blocks(tmp_path):
    # a multi-byte character straddles the 64 KiB read boundary: no byte may be lost
    path = tmp_path / "long.txt"
    path.write_bytes(b"a" * 65535 + "\u00e9\u4e2d Nvidia.".encode("utf-8"))
    documents, warnings = collect([path], max_chars=10**6)
    assert warnings == [] and len(documents) == 1 and documents[0].text.endswith("a\u00e9\u4e2d Nvidia.")


def test_not_utf8_is_decoded_and_reported(tmp_path):
    (tmp_path / "win.txt").write_bytes("\u201cNvidia\u201d makes chips.".encode("cp1252"))
    (document,), warnings = collect([tmp_path / "win.txt"])
    assert document.text == "\ufffdNvidia\ufffd makes chips."
    assert warnings == [f"{tmp_path / 'win.txt'}: not valid UTF-8; 2 undecodable bytes replaced by U+FFFD"]


@pytest.mark.parametrize("data, reason", [
    (b"", "file is empty"),
    (b"\n \n\t\n", "holds no text"),
    (b"\x00\x01\x02\x03" * 300, "binary data"),
    (bytes(range(128, 256)) * 50, "binary data"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 20, "binary data"),
])
def test_unusable_file(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=reason):
        list(read_source(path))
    with pytest.raises(InputError, match=reason):
        collect([path])
    (tmp_path / "good.txt").write_text("Nvidia makes chips.", encoding="utf-8")
    documents, warnings = collect([path, tmp_path / "good.txt"])
    assert [d.source for d in documents] == ["good.txt"]
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}: ") and reason in warnings[0] and warnings[0].endswith("; skipped")


def test_one_word_file(tmp_path):
    (tmp_path / "w.txt").write_text("Nvidia", encoding="utf-8")
    (document,), warnings = collect([tmp_path])
    assert document.text == "Nvidia" and warnings == []


def test_no_usable_document(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.md").write_bytes(b"  ")
    warnings: list[str] = []
    with pytest.raises(InputError, match="no usable document in 2 input files"):
        list(read_documents([tmp_path], warn=warnings.append))
    assert len(warnings) == 2


def test_sources_are_sorted_unique_and_skip_hidden_and_excluded(tmp_path):
    for name in ("b.txt", "a.md", "sub/c.html", ".hidden/d.txt", ".e.txt", "out/graph.html", "notes.pdf"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Nvidia", encoding="utf-8")
    found = find_sources([tmp_path / "b.txt", tmp_path, tmp_path / "b.txt"], exclude=[tmp_path / "out"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.md", "b.txt", "sub/c.html"]
    assert find_sources([tmp_path / "a.md", tmp_path / "b.txt"]) == find_sources([tmp_path / "b.txt", tmp_path / "a.md"])
    with pytest.raises(InputError, match="no such file or folder"):
        find_sources([tmp_path / "missing.txt"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="folder holds no"):
        find_sources([tmp_path / "empty"])


def test_same_text_twice_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("Nvidia makes chips.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Nvidia makes chips.\n", encoding="utf-8")
    documents, warnings = collect([tmp_path / "b.txt", tmp_path / "a.txt"])
    assert [d.source for d in documents] == ["a.txt"]
    assert warnings == [f"{tmp_path / 'b.txt'}: same text as {tmp_path / 'a.txt'}; skipped"]


# --- HTML ---------------------------------------------------------------------------------------


def test_html_article_text():
    page = """<html><head><title>Site | News</title><script>document.write("<p>Intel</p>")</script>
    <style>h1 {}</style></head><body><header><h1>Site name</h1></header><nav><p>Home</p></nav>
    <article><header><h1>Nvidia &amp; DeepSeek</h1><p class=byline>By Ann Lee</p></header>
    <p>Nvidia makes the
       <a href="/h100">H100</a> chip.<br>It sells well.</p><aside><p>Ad: AMD</p></aside>
    <ul><li>DeepSeek built R1.</li></ul><footer><p>Share this</p></footer></article>
    <p>Related: Samsung</p></body></html>"""
    assert html_text(page) == "# Nvidia & DeepSeek\n\nBy Ann Lee\n\nNvidia makes the H100 chip. It sells well.\n\nDeepSeek built R1."


def test_html_without_article_and_broken_markup():
    assert html_text("<div><p>One <b>two</p><p>three</div><p>four") == "One two\n\nthree\n\nfour"
    assert html_text("<div>Loose text only</div><script>x</script>") == "Loose text only"
    assert html_text("<script>only code</script>") == ""
    assert html_text("</p></article><p>x</p>") == "x"
    assert html_text("<p>One<p>Two<ul><li>Three</ul><p>Four</div>") == "One\n\nTwo\n\nThree\n\nFour"


def test_html_file(tmp_path):
    (tmp_path / "page.htm").write_text("<article><h1>Chips</h1><p>Nvidia makes H100.</p></article>", encoding="utf-8")
    (tmp_path / "none.html").write_text("<nav><p>Home</p></nav><script>var a;</script>", encoding="utf-8")
    documents, warnings = collect([tmp_path])
    assert [(d.source, d.title, d.text) for d in documents] == [("page.htm", "Chips", "Chips\nNvidia makes H100.")]
    assert warnings == [f"{tmp_path / 'none.html'}: no article text found in the page; skipped"]


# --- huge articles ------------------------------------------------------------------------------


def test_article_longer_than_spacy_allows_is_read_in_parts(tmp_path):
    path = tmp_path / "huge.md"
    paragraph = "The market moved as investors weighed what cheaper training could mean for chip demand. " * 4
    with path.open("w", encoding="utf-8") as handle:
        for i in range(1_300_000 // len(paragraph)):
            handle.write(f"{paragraph}Paragraph {i}.\n\n")
    documents, warnings = collect([path])
    assert warnings == [] and len(documents) > 1_300_000 // MAX_CHARS
    assert all(len(d.text) <= MAX_CHARS < kg.blank_pipeline().max_length for d in documents)
    assert [d.source for d in documents] == [f"huge.md (part {n})" for n in range(1, len(documents) + 1)]
    assert sum(d.text.count("Paragraph ") for d in documents) == 1_300_000 // len(paragraph)  # cut at paragraph ends


def test_parts_of_a_long_article_build_with_valid_offsets(tmp_path):
    filler = "The market moved as investors weighed what cheaper training could mean for demand. " * 6
    facts = ["Nvidia makes the H100 chip.", "DeepSeek trained its R1 model on Nvidia H800 chips.",
             "OpenAI developed GPT-4o.", "Liang Wenfeng founded DeepSeek.", "Meta released Llama 3.1."]
    path = tmp_path / "long.txt"
    path.write_text("".join(f"{facts[i % len(facts)]} {filler}{i}.\n\n" for i in range(400)), encoding="utf-8")
    documents, _ = collect([path], max_chars=20_000)
    assert len(documents) > 5
    graph = kg.build_documents(documents, nlp=kg.blank_pipeline())
    texts = {d.doc_id: d.text for d in documents}
    assert graph.relations()  # a blank pipeline has no parser: only surface rules fire
    assert len({ev.doc_id for r in graph.relations() for ev in r.evidence}) > 1
    for relation in graph.relations():
        for ev in relation.evidence:
            assert texts[ev.doc_id][ev.start:ev.end].strip() == ev.sentence


def test_part_cut_falls_back_to_words(tmp_path):
    path = tmp_path / "one-line.txt"
    words = [f"chip{i}" for i in range(5000)]
    path.write_text(" ".join(words), encoding="utf-8")  # 43,890 characters, no paragraph or line end
    documents, _ = collect([path], max_chars=10_000)
    assert len(documents) == 5 and all(len(d.text) <= 10_000 for d in documents)
    assert " ".join(d.text for d in documents).split() == words


def test_fifty_megabyte_article_streams_in_bounded_memory(tmp_path):
    """Reading a 50 MB article holds about one part at a time: peak memory grows by far less than the file."""
    path = tmp_path / "big.txt"
    paragraphs = [f"Paragraph {i}: Nvidia shipped {i} H100 chips to DeepSeek in {1990 + i % 30}. " * 8 for i in range(300)]
    block = ("\n\n".join(paragraphs) + "\n\n").encode("utf-8")
    with path.open("wb") as handle:
        for _ in range(50 * 2**20 // len(block) + 1):
            handle.write(block)
    size = path.stat().st_size
    script = textwrap.dedent(f"""
        import resource
        from kg.ingest import read_documents
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        parts = chars = 0
        for document in read_documents([{str(path)!r}], warn=print):
            parts += 1
            chars += len(document.text)
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        print(parts, chars, grown * 1024)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    parts, chars, grown = map(int, proc.stdout.split())
    assert parts >= 10  # the repeated block dedupes, so far fewer parts than 50 MB / MAX_CHARS
    assert chars > 0
    assert grown < size / 4, (grown, size)


def test_a_byline_is_by_and_capitalised_names_only():
    cleaned = clean_text("By Jane Roe and Bob Li\nBy the end of the year it had grown.\nby contrast, it shrank.")
    assert cleaned.authors == ("Jane Roe", "Bob Li")
    assert cleaned.text.split() == "By the end of the year it had grown. by contrast, it shrank.".split()
