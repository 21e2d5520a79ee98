"""Read articles from files, folders and standard input, and clean what news text carries.

>>> clean_text("Costs fell to \\\\$6 million, said [Nvidia](https://x.y).").text
'Costs fell to $6 million, said Nvidia.'
>>> clean_text("The model\\nwas built in\\nChina.").text
'The model was built in China.'
>>> html_text("<nav>Home</nav><article><h1>Chips</h1><p>Nvidia makes <b>H100</b>.</p></article>")
'# Chips\\n\\nNvidia makes H100.'

Reading streams: a file is read in blocks and cut into parts of at most :data:`MAX_CHARS`
characters at paragraph ends, so a huge article never reaches spaCy in one piece. A bad file is
reported through ``warn`` and skipped when other inputs remain; see :func:`read_documents`.
"""

from __future__ import annotations

import codecs
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from .domain import Domain, load_domain
from .errors import InputError
from .model import Document

__all__ = ["CleanText", "clean_text", "html_text", "decode_bytes", "find_sources", "read_documents", "read_sources", "read_source",
           "looks_like_heading", "furniture_span", "find_furniture", "SUFFIXES", "HTML_SUFFIXES", "MAX_CHARS"]

HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = (".txt", ".md", ".markdown") + HTML_SUFFIXES
MAX_CHARS = 50_000  # the most characters one Document holds (about 8,000 words); longer articles are read in parts
_BLOCK = 1 << 16  # bytes read at a time

Warn = Callable[[str], None]

# Characters that are never article text: C0/C1 controls (but tab and newline), lone surrogates,
# bidirectional embeddings/overrides/isolates (they can make a line display unlike its bytes).
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_MD_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_MD_HEADER = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_=])(\s*\1){2,}\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$%&|<>~\"'])")
# "By Jane Roe and Bob Li": "by" in any case, then capitalised names only ("By the end" is prose)
_BYLINE = re.compile(r"^\s*(?i:by|written by)\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)*(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)*)*)\s*$")
_BOILERPLATE = [
    re.compile(r"^\s*follow\b.{0,80}\bon\b\s+(?:[A-Z][\w]*[\s,]*(?:and\s+)?){1,8}\s*$", re.I),
    re.compile(r"^\s*\d+\s*min(?:ute)?s?\.?\s+read\b.*$", re.I),
    re.compile(r"^\s*(?:watch|read|click|sign up|subscribe|share)\b.{0,60}\b(?:video|more|here|newsletter|article|story)\b.{0,30}$", re.I),
    re.compile(r"^\s*(?:source|photo|image|credit)s?\s*:\s*\S.{0,40}$", re.I),
    re.compile(r"^\s*(?:advertisement|related:?|read more:?|share this( article)?)\s*$", re.I),
]
_TERMINAL = tuple(".!?:;\"”’)|")
_BULLETS = re.compile(r"(?:^|\s)[•·▪►‣◦]+(?=\s|$)")
_FUNCTION_WORDS = {
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "with", "by",
    "from", "as", "that", "which", "who", "its", "his", "her", "their", "is", "was", "has",
}


@dataclass(frozen=True)
class CleanText:
    """Cleaned article text with the headline, authors and page furniture found while cleaning."""

    text: str
    title: str | None
    authors: tuple[str, ...]
    furniture: tuple[tuple[int, int, str], ...] = ()


def clean_text(raw: str, domain: Domain | None = None) -> CleanText:
    """Turn raw news text (plain or Markdown) into clean paragraphs, one per line (furniture cues from ``domain``)."""
    text = _LINE_BREAKS.sub("\n", _INVISIBLE.sub("", raw))
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\ufeff", "")
    title: str | None = None
    authors: tuple[str, ...] = ()
    lines: list[str] = []
    for line in text.split("\n"):
        header = _MD_HEADER.match(line)
        if header:
            heading = _inline(header.group(1))
            if title is None and heading:
                title = heading
            lines.extend(["", heading, ""])
            continue
        if _MD_RULE.match(line):
            lines.append("")
            continue
        line = _inline(line)
        byline = _BYLINE.match(line)
        if byline and not authors:
            authors = tuple(a.strip() for a in re.split(r"\s*(?:,|\band\b|&)\s*", byline.group(1)) if a.strip())
            lines.append("")
            continue
        if any(p.match(line) for p in _BOILERPLATE):
            lines.append("")
            continue
        lines.append(line)
    # Joining broken lines can bring the halves of a link together again: unlink once more
    # (and tidy again: "[" and "][]" joined are "[ ][]", a link whose text is a space); and
    # joined lines can make a rule ("-" and "--" are "- --"): drop it, as cleaning again would.
    paragraphs = [p for p in (_spaces(_unlink(p)) for p in _join_hard_breaks(lines)) if p and not _MD_RULE.match(p)]
    if title is None:
        title = _first_headline(paragraphs, domain)
    return CleanText("\n".join(paragraphs), title, authors, find_furniture(paragraphs, title, domain))


@dataclass(frozen=True)
class FurnitureCue:
    """A regular expression for one kind of page furniture (see ``kg/data/furniture.json``)."""

    cue_id: str
    kind: str
    where: str  # "line": the whole paragraph; "tail": from the match to the paragraph's end
    regex: re.Pattern[str]


@lru_cache(maxsize=8)
def furniture_cues(domain: Domain | None = None) -> tuple[FurnitureCue, ...]:
    """The cues of ``furniture.json`` (the package's, or ``domain``'s with a user's added), compiled once."""
    cues = (domain or load_domain()).data("furniture.json")["cues"]
    return tuple(FurnitureCue(c["id"], c["kind"], c["where"], re.compile(c["regex"], re.I)) for c in cues)


def furniture_span(paragraph: str, last: bool = False, domain: Domain | None = None) -> tuple[int, int, str] | None:
    """Where in ``paragraph`` page furniture is, and its kind (``None``: prose). A ``last``
    paragraph may be cut short, so only a capitalised one is taken for a heading there.

    >>> furniture_span("Lead image: Wikipedia")
    (0, 21, 'caption')
    >>> furniture_span("Acme grew. Photo: Jo Li/Getty Images")
    (11, 36, 'caption')
    >>> furniture_span("Chips Are the New Oil"), furniture_span("Acme sells its chip unit to a rival")
    ((0, 21, 'heading'), (0, 35, 'heading'))
    >>> furniture_span("Acme grew fast this year.") is None
    True
    """
    for cue in furniture_cues(domain):
        if cue.where == "line":
            found = cue.regex.fullmatch(paragraph.strip())
            if found:
                return 0, len(paragraph), cue.kind
        elif cue.where == "head":
            found = cue.regex.match(paragraph)
            if found:
                return 0, found.end(), cue.kind
        else:
            found = cue.regex.search(paragraph)
            if found:
                return found.start(), len(paragraph), cue.kind
    if looks_like_heading(paragraph) or not last and _sentence_case_heading(paragraph):
        return 0, len(paragraph), "heading"
    return None


def _sentence_case_heading(paragraph: str) -> bool:
    """A short line with no closing punctuation that is one phrase: "Acme sells its chip unit" (a
    list item is prose)."""
    words = paragraph.split()
    return (2 <= len(words) <= 16 and not _BULLETS.match(paragraph) and not paragraph.endswith(_TERMINAL + (",", "—", "–", "-"))
            and words[-1].lower() not in _FUNCTION_WORDS and not re.search(r"[.!?]\s", paragraph))


def find_furniture(paragraphs: list[str], title: str | None, domain: Domain | None = None) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, kind)`` of the headline, headings, captions and page chrome in ``"\\n".join(paragraphs)``.

    >>> find_furniture(["Acme Buys Rival", "Acme bought Zeta, it said.", "Photo: Jo Li"], "Acme Buys Rival")
    ((0, 15, 'headline'), (43, 55, 'caption'))
    """
    out = []
    offset = 0
    for index, paragraph in enumerate(paragraphs):
        span = furniture_span(paragraph, last=index == len(paragraphs) - 1, domain=domain)
        if span and span[2] == "heading" and index > 0 and _attribution(paragraphs[index - 1], paragraph):
            span = None
        if paragraph == title:
            span = (0, len(paragraph), "headline")
        if span:
            out.append((offset + span[0], offset + span[1], span[2]))
        offset += len(paragraph) + 1
    return tuple(out)


def _attribution(previous: str, line: str) -> bool:
    """Is ``line`` the signature of the quote that ``previous`` ends with ("Jo Li, CEO, Acme" after
    a paragraph that closes a quotation): prose, not a heading?

    >>> _attribution("“We are proud of it,” she said. “It is fast.”", "Jo Li, CEO, Acme")
    True
    >>> _attribution("Acme grew fast.", "Jo Li, CEO, Acme"), _attribution("“It is fast.”", "Our Results")
    (False, False)
    """
    return previous.rstrip().endswith(("”", '"')) and "," in line


def _first_headline(paragraphs: list[str], domain: Domain | None) -> str | None:
    """The first paragraph, past page chrome, when it reads as a headline and more text follows."""
    for paragraph in paragraphs[:-1]:
        span = furniture_span(paragraph, domain=domain)
        if span and span[2] == "chrome":
            continue
        return paragraph if span == (0, len(paragraph), "heading") else None
    return None


def _inline(line: str) -> str:
    line = _unlink(line)
    line = _MD_EMPHASIS.sub(r"\2", line)
    line = _ESCAPE.sub(r"\1", line)
    line = line.replace("\u2019", "'").replace("\u2018", "'")
    return _spaces(line)


def _spaces(line: str) -> str:
    """Runs of spaces and tabs as one space, none at either end."""
    return re.sub(r"[ \t]+", " ", line).strip()


def _unlink(line: str) -> str:
    """Drop Markdown images and keep the text of links, until none is left (links can nest)."""
    for _ in range(len(line)):
        unlinked = _MD_REF_LINK.sub(r"\1", _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", line)))
        if unlinked == line:
            break
        line = unlinked
    return line


def looks_like_heading(line: str) -> bool:
    """Does ``line`` read like a headline: short, no closing full stop, mostly capitalised words?

    >>> looks_like_heading("• Home • Latest"), looks_like_heading("Acme grew fast.")
    (True, False)
    """
    line = _BULLETS.sub(" ", line).strip()
    words = line.split()
    if not words or len(words) > 14 or line.endswith((",", ";")):
        return False
    if line.endswith((".", "!")) and not line.endswith("..."):
        return False
    if words[-1].lower() in _FUNCTION_WORDS:
        return False
    if line.endswith("?"):
        return True
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    return bool(content) and sum(w[:1].isupper() or w[:1].isdigit() for w in content) / len(content) >= 0.75


def _join_hard_breaks(lines: list[str]) -> list[str]:
    """Join lines broken inside a sentence; blank lines and headings end a paragraph."""
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        if not current:
            current = line
        elif _continues(current, line):
            current = f"{current} {line}"
        else:
            paragraphs.append(current)
            current = line
    if current:
        paragraphs.append(current)
    # A blank line inside a sentence ("less than $6 million to\n\nbuild") is a hard break too.
    joined: list[str] = []
    for paragraph in paragraphs:
        if joined and paragraph[:1].islower() and not joined[-1].endswith(_TERMINAL):
            joined[-1] = f"{joined[-1]} {paragraph}"
        else:
            joined.append(paragraph)
    return joined


def _continues(previous: str, line: str) -> bool:
    if line[:1].islower() or line[:1] in ",;)":
        return True
    if _BULLETS.match(line):
        return False  # a list item starts a paragraph of its own
    if previous.endswith(_TERMINAL):
        return False
    return not looks_like_heading(previous)


# --- HTML -------------------------------------------------------------------------------------

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "aside", "form", "button", "select",
              "iframe", "object", "footer", "header"}
_TEXT_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "dd", "dt"}
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


class _ArticleParser(HTMLParser):
    """Collect the paragraphs of a page: inside ``<article>`` if it has one, else every ``<p>``/``<h1>``...

    Scripts, styles, navigation, asides, forms, page headers and footers are dropped (a ``<header>``
    inside the article is kept: it often holds the headline).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skip = 0  # depth inside dropped elements
        self.article = 0  # depth inside <article>
        self.current: list[str] | None = None
        self.current_tag = ""
        self.in_article: list[str] = []
        self.elsewhere: list[str] = []
        self.loose: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _VOID_TAGS:
            if tag == "br" and self.current is not None:
                self.current.append(" ")
            return
        self.stack.append(tag)
        if self.skip or (tag in _SKIP_TAGS and not (tag == "header" and self.article)):
            self.skip += 1
            return
        if tag == "article":
            self.article += 1
        if tag in _TEXT_TAGS and self.current_tag == "p":  # a block starts: an open <p> ends (HTML's rule)
            self._flush()
        if tag in _TEXT_TAGS and self.current is None:
            self.current, self.current_tag = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return  # a stray end tag
        while self.stack:  # close everything left open inside ``tag`` too
            open_tag = self.stack.pop()
            self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        if self.skip:
            self.skip -= 1
            return
        if tag == "article":
            self.article -= 1
        if tag == self.current_tag and self.current is not None:
            self._flush()

    def _flush(self) -> None:
        """End the paragraph being collected."""
        text = " ".join("".join(self.current or []).split())
        if text:
            if self.current_tag == "h1":
                text = "# " + text
            (self.in_article if self.article else self.elsewhere).append(text)
        self.current, self.current_tag = None, ""

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.current is not None:
            self.current.append(data)
        elif data.strip():
            self.loose.append(" ".join(data.split()))

    def paragraphs(self) -> list[str]:
        """The article's paragraphs (call after :meth:`close`)."""
        while self.stack:
            self._close(self.stack.pop())
        return self.in_article or self.elsewhere or self.loose


def html_text(page: str) -> str:
    """The article text of an HTML page as Markdown-like paragraphs (``# `` marks the headline)."""
    parser = _ArticleParser()
    parser.feed(page)
    parser.close()
    return "\n\n".join(parser.paragraphs())


# --- bytes to text ----------------------------------------------------------------------------


def _complete(data: bytes) -> int:
    """Length of the longest prefix of ``data`` that does not end inside a UTF-8 sequence."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return len(data)
        if byte >= 0xC0:  # a lead byte: is its sequence complete?
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(data) if back >= need else len(data) - back
    return len(data)


class _Decoder:
    """Decode a byte stream block by block: UTF-8 (or UTF-16 with a byte-order mark), counting bad bytes."""

    def __init__(self, first: bytes) -> None:
        self.utf16 = first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        self.incremental = codecs.getincrementaldecoder("utf-16")(errors="replace") if self.utf16 else None
        self.pending = b""
        self.replaced = 0

    def decode(self, data: bytes, final: bool = False) -> str:
        if self.incremental is not None:
            return self.incremental.decode(data, final)
        data = self.pending + data
        cut = len(data) if final else _complete(data)
        data, self.pending = data[:cut], data[cut:]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self.replaced += len(data) - len(data.decode("utf-8", "ignore").encode("utf-8"))
            return data.decode("utf-8", "replace")


def decode_bytes(data: bytes) -> tuple[str, int]:
    """Decode article bytes; return the text and how many undecodable bytes were replaced.

    >>> decode_bytes("Café".encode("utf-8"))
    ('Café', 0)
    >>> decode_bytes(b"Caf\\xe9 au lait")
    ('Caf\\ufffd au lait', 1)
    """
    decoder = _Decoder(data[:2])
    return decoder.decode(data, final=True), decoder.replaced


def _looks_binary(sample: str) -> bool:
    """True for text that is mostly not text: NUL bytes, or many control or undecodable characters."""
    if "\x00" in sample:
        return True
    odd = sum(1 for c in sample if c == "\ufffd" or (c < " " and c not in "\t\n\r\x0c"))
    return odd > max(8, len(sample) // 20)


def _text_blocks(handle: BinaryIO, label: str, warn: Warn) -> Iterator[str]:
    """Yield decoded text block by block; refuse binary data; warn once about bad bytes at the end."""
    data = handle.read(_BLOCK)
    if not data:
        raise InputError(f"{label}: file is empty")
    decoder = _Decoder(data)
    first = True
    while data:
        text = decoder.decode(data)
        if first and _looks_binary(text[:8192]):
            raise InputError(f"{label}: binary data, not text")
        first = False
        yield text
        data = handle.read(_BLOCK)
    yield decoder.decode(b"", final=True)
    if decoder.replaced:
        warn(f"{label}: not valid UTF-8; {decoder.replaced} undecodable byte{'s' * (decoder.replaced != 1)} replaced by U+FFFD")


def _html_blocks(blocks: Iterable[str]) -> Iterator[str]:
    """The article text of an HTML stream (parsed block by block, paragraphs kept until the end)."""
    parser = _ArticleParser()
    for block in blocks:
        parser.feed(block)
    parser.close()
    paragraphs = parser.paragraphs()
    for index, paragraph in enumerate(paragraphs):
        yield paragraph + ("\n\n" if index + 1 < len(paragraphs) else "")


def _cut(text: str, limit: int) -> int:
    """Where to end a part of at most ``limit`` characters: a paragraph end, else a line, sentence or word end."""
    for separator in ("\n\n", "\n", ". ", " "):
        at = text.rfind(separator, limit // 4, limit)
        if at > 0:
            return at + len(separator)
    return limit


def _parts(blocks: Iterable[str], limit: int) -> Iterator[str]:
    """Regroup text blocks into parts of at most ``limit`` characters cut at paragraph ends."""
    buffer = ""
    for block in blocks:
        buffer += block
        while len(buffer) > limit:
            cut = _cut(buffer, limit)
            yield buffer[:cut]
            buffer = buffer[cut:]
    if buffer:
        yield buffer


# --- files to documents -----------------------------------------------------------------------


def print_warning(message: str) -> None:
    """The default ``warn``: one ``kg: warning:`` line on standard error."""
    print(f"kg: warning: {message}", file=sys.stderr, flush=True)


def find_sources(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> list[Path | str]:
    """List the article files named by ``paths`` (files, folders, or ``-`` for stdin), sorted, once each.

    Raises :class:`InputError` for a path that does not exist or a folder that holds no article.
    The list is sorted so that the order of the arguments never changes the result. In folders,
    hidden files and folders and anything under ``exclude`` (e.g. the output folder) are left out.
    """
    excluded = [Path(p).resolve() for p in exclude]

    def wanted(p: Path, top: Path) -> bool:
        hidden = any(part.startswith(".") for part in p.relative_to(top).parts)
        return (not hidden and p.suffix.lower() in SUFFIXES and p.is_file()
                and not any(p.resolve().is_relative_to(x) for x in excluded))

    found: set[Path] = set()
    stdin = False
    for raw in paths:
        if str(raw) == "-":
            stdin = True
            continue
        path = Path(raw)
        if path.is_dir():
            try:
                files = {p for p in path.rglob("*") if wanted(p, path)}
            except OSError as exc:
                raise InputError(f"{path}: folder cannot be read ({_reason(exc)})") from None
            if not files:
                raise InputError(f"{path}: folder holds no {', '.join(SUFFIXES)} files")
            found |= files
        elif path.is_file():
            found.add(path)
        elif path.exists():
            raise InputError(f"{path}: not a regular file or folder")
        else:
            raise InputError(f"{path}: no such file or folder")
    if not found and not stdin:
        raise InputError("no input given")
    return (["-"] if stdin else []) + sorted(found, key=lambda p: (str(p.resolve()), str(p)))


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def read_source(source: str | Path, warn: Warn = print_warning, max_chars: int = MAX_CHARS,
                domain: Domain | None = None) -> Iterator[Document]:
    """Yield the Document(s) of one file (``-`` is standard input): one, or parts of a huge article
    (cleaned with the furniture cues of ``domain``).

    Raises :class:`InputError` when the file cannot be read, is empty or binary, or holds no text.
    """
    label = "<stdin>" if source == "-" else str(source)
    name = "stdin" if source == "-" else Path(source).name
    try:
        handle = sys.stdin.buffer if source == "-" else open(source, "rb")
    except OSError as exc:
        raise InputError(f"{label}: cannot be read ({_reason(exc)})") from None
    try:
        blocks = _text_blocks(handle, label, warn)
        if source != "-" and Path(source).suffix.lower() in HTML_SUFFIXES:
            blocks = _html_blocks(blocks)
        count = 0
        previous: CleanText | None = None
        for part in _parts(blocks, max_chars):
            cleaned = clean_text(part, domain)
            if not cleaned.text:
                continue
            if previous is not None:
                count += 1
                yield _document(previous, name, count, first=count == 1)
            previous = cleaned
        if previous is None:
            raise InputError(f"{label}: {'no article text found in the page' if label.lower().endswith(HTML_SUFFIXES) else 'holds no text'}")
        yield _document(previous, name, count + 1 if count else 0, first=not count)
    except OSError as exc:
        raise InputError(f"{label}: cannot be read ({_reason(exc)})") from None
    finally:
        if source != "-":
            handle.close()


def _document(cleaned: CleanText, name: str, part: int, first: bool) -> Document:
    """A Document; ``part`` numbers the parts of a huge article (0: the article is whole)."""
    source = f"{name} (part {part})" if part else name
    return Document.from_text(cleaned.text, source=source, title=cleaned.title if first else None,
                              authors=cleaned.authors if first else (), furniture=cleaned.furniture)


def read_documents(paths: Iterable[str | Path], warn: Warn = print_warning, max_chars: int = MAX_CHARS,
                   exclude: Iterable[str | Path] = (), domain: Domain | None = None) -> Iterator[Document]:
    """Yield one cleaned :class:`Document` per article named by ``paths`` (parts of a huge one), streaming.

    A bad file (unreadable, empty, binary, no text, or the same text as an earlier file) is
    reported as ``FILE: reason; skipped`` through ``warn`` when there are other files; a single
    bad file, or no usable document at all, raises :class:`InputError`.
    """
    yield from read_sources(find_sources(paths, exclude), warn, max_chars, domain)


def read_sources(sources: list[Path | str], warn: Warn = print_warning, max_chars: int = MAX_CHARS,
                 domain: Domain | None = None) -> Iterator[Document]:
    """:func:`read_documents` for the files :func:`find_sources` found (so that they are looked for once)."""
    seen: dict[str, str] = {}
    usable = 0
    for source in sources:
        label = "<stdin>" if source == "-" else str(source)
        try:
            for document in read_source(source, warn, max_chars, domain):
                if document.sha256 in seen:
                    if seen[document.sha256] != label:  # a repeated part of one huge file goes quietly
                        warn(f"{label}: same text as {seen[document.sha256]}; skipped")
                    continue
                seen[document.sha256] = label
                usable += 1
                yield document
        except InputError as exc:
            if len(sources) == 1:
                raise
            warn(f"{exc}; skipped")
    if not usable:
        raise InputError(f"no usable document in {len(sources)} input files")
