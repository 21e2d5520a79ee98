"""Read articles from files, folders and standard input, and clean what news text carries.

>>> clean_text("Costs fell to \\\\$6 million, said [Nvidia](https://x.y).").text
'Costs fell to $6 million, said Nvidia.'
>>> clean_text("The model\\nwas built in\\nChina.").text
'The model was built in China.'
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError
from .model import Document

__all__ = ["CleanText", "clean_text", "find_sources", "read_documents", "document_from_bytes", "looks_like_heading", "SUFFIXES"]

SUFFIXES = (".txt", ".md", ".markdown")

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_MD_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_MD_HEADER = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_=])(\s*\1){2,}\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$%&|<>~\"'])")
_BYLINE = re.compile(r"^\s*(?:by|written by)\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)*(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)*)*)\s*$", re.I)
_BOILERPLATE = [
    re.compile(r"^\s*follow\b.{0,80}\bon\b\s+(?:[A-Z][\w]*[\s,]*(?:and\s+)?){1,8}\s*$", re.I),
    re.compile(r"^\s*\d+\s*min(?:ute)?s?\.?\s+read\b.*$", re.I),
    re.compile(r"^\s*(?:watch|read|click|sign up|subscribe|share)\b.{0,60}\b(?:video|more|here|newsletter|article|story)\b.{0,30}$", re.I),
    re.compile(r"^\s*(?:source|photo|image|credit)s?\s*:\s*\S.{0,40}$", re.I),
    re.compile(r"^\s*(?:advertisement|related:?|read more:?|share this( article)?)\s*$", re.I),
]
_TERMINAL = tuple(".!?:;\"”’)|")
_FUNCTION_WORDS = {
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "with", "by",
    "from", "as", "that", "which", "who", "its", "his", "her", "their", "is", "was", "has",
}


@dataclass(frozen=True)
class CleanText:
    """Cleaned article text with the headline and authors found while cleaning."""

    text: str
    title: str | None
    authors: tuple[str, ...]


def clean_text(raw: str) -> CleanText:
    """Turn raw news text (plain or Markdown) into clean paragraphs, one per line."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
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
    paragraphs = _join_hard_breaks(lines)
    if title is None and paragraphs and looks_like_heading(paragraphs[0]):
        title = paragraphs[0]
    return CleanText("\n".join(paragraphs), title, authors)


def _inline(line: str) -> str:
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_REF_LINK.sub(r"\1", line)
    line = _MD_EMPHASIS.sub(r"\2", line)
    line = _ESCAPE.sub(r"\1", line)
    line = line.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"[ \t]+", " ", line).strip()


def looks_like_heading(line: str) -> bool:
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
    if previous.endswith(_TERMINAL):
        return False
    return not looks_like_heading(previous)


def decode_bytes(data: bytes, name: str) -> str:
    """Decode article bytes as UTF-8; say so when bytes had to be replaced."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        print(f"kg: warning: {name} is not valid UTF-8; undecodable bytes were replaced", file=sys.stderr)
        return text


def find_sources(paths: Iterable[str | Path]) -> list[Path | str]:
    """List the article files named by ``paths`` (files, folders, or ``-`` for stdin), sorted.

    Raises :class:`InputError` for a path that does not exist or names no article.
    """
    found: list[Path | str] = []
    for raw in paths:
        if str(raw) == "-":
            found.append("-")
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                raise InputError(f"{path}: folder holds no .txt or .md files")
            found.extend(files)
        elif path.is_file():
            found.append(path)
        elif path.exists():
            raise InputError(f"{path}: not a regular file or folder")
        else:
            raise InputError(f"{path}: no such file or folder")
    if not found:
        raise InputError("no input given")
    return found


def read_documents(paths: Iterable[str | Path]) -> Iterator[Document]:
    """Yield one cleaned :class:`Document` per article named by ``paths``, in a stable order."""
    for source in find_sources(paths):
        if source == "-":
            yield document_from_bytes(sys.stdin.buffer.read(), "stdin", label="<stdin>")
            continue
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise InputError(f"{source}: cannot be read ({exc.strerror or exc})") from None
        yield document_from_bytes(data, Path(source).name, label=str(source))


def document_from_bytes(data: bytes, name: str, label: str | None = None) -> Document:
    """One article's bytes as a cleaned :class:`Document` named ``name`` (``label`` names it in warnings).

    >>> document_from_bytes("# Title\\n\\nBody text.".encode(), "a.md").title
    'Title'
    """
    cleaned = clean_text(decode_bytes(data, label or name))
    return Document.from_text(cleaned.text, source=name, title=cleaned.title, authors=cleaned.authors)
