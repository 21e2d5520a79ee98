"""A small matcher for spaCy ``DependencyMatcher`` patterns, fast where relation rules need it.

The rules of ``kg/data/rules/`` are written in spaCy's ``DependencyMatcher`` format. spaCy's
matcher first runs every node of every pattern over every token of the document; with a hundred
rules that costs more than the parse. Here a pattern starts from its first node, whose words or
entity type are looked up in an index, and walks the parse from there, so a document costs only
as much as it has candidate trigger words. It reads the subset of the format the rules use, and
refuses anything else when the rules are loaded:

- node attributes ``LEMMA``, ``LOWER``, ``DEP``, ``POS``, ``TAG``, ``ENT_TYPE``, each a string or
  ``{"IN": [...]}`` / ``{"NOT_IN": [...]}`` (``LEMMA`` and ``LOWER`` compare lower-cased);
- relations ``>`` (a child of), ``<`` (the head of), ``>>`` (a descendant of), ``<<`` (an ancestor of).

>>> import spacy
>>> from spacy.tokens import Doc
>>> doc = Doc(spacy.blank("en").vocab, words=["Acme", "bought", "Beta"], heads=[1, 1, 1], deps=["nsubj", "ROOT", "dobj"])
>>> matcher = TreeMatcher()
>>> matcher.add("buy", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": "bought"}},
...                     {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "obj", "RIGHT_ATTRS": {"DEP": "dobj"}}])
>>> matcher(doc)
[('buy', [1, 2])]
"""

from __future__ import annotations

from typing import Callable, Iterator

from spacy.attrs import ENT_TYPE, LEMMA, LOWER
from spacy.tokens import Doc, Token

from ..errors import DataError

__all__ = ["TreeMatcher", "check_pattern"]

_ATTRS: dict[str, Callable[[Token], str]] = {
    "LEMMA": lambda t: t.lemma_.lower(),
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_,
    "ENT_TYPE": lambda t: t.ent_type_,
}
_CASELESS = {"LEMMA", "LOWER"}
_RELATIONS = {">", "<", ">>", "<<"}


def check_pattern(pattern: list[dict], where: str) -> None:
    """Raise :class:`DataError` unless ``pattern`` uses only what :class:`TreeMatcher` reads."""
    seen: set[str] = set()
    for n, node in enumerate(pattern):
        if n and (node.get("LEFT_ID") not in seen or node.get("REL_OP") not in _RELATIONS):
            raise DataError(f"{where}: node {node.get('RIGHT_ID')!r} needs a LEFT_ID named before it and a REL_OP in {sorted(_RELATIONS)}")
        for key, value in node.get("RIGHT_ATTRS", {}).items():
            if key not in _ATTRS:
                raise DataError(f"{where}: attribute {key!r} is not one of {sorted(_ATTRS)}")
            if isinstance(value, dict) and not set(value) <= {"IN", "NOT_IN"}:
                raise DataError(f"{where}: attribute {key!r} takes a string, IN or NOT_IN")
        seen.add(node["RIGHT_ID"])
    root = pattern[0].get("RIGHT_ATTRS", {}) if pattern else {}
    if not any(k in root and (not isinstance(root[k], dict) or "IN" in root[k]) for k in ("LEMMA", "LOWER", "ENT_TYPE")):
        raise DataError(f"{where}: the first node needs LEMMA, LOWER or ENT_TYPE (a string or IN), to be looked up")


def _predicate(attrs: dict) -> Callable[[Token], bool]:
    tests = []
    for key, value in attrs.items():
        read = _ATTRS[key]
        fold = (lambda s: s.lower()) if key in _CASELESS else (lambda s: s)
        if isinstance(value, dict):
            if "IN" in value:
                allowed = frozenset(fold(v) for v in value["IN"])
                tests.append(lambda t, read=read, allowed=allowed: read(t) in allowed)
            if "NOT_IN" in value:
                banned = frozenset(fold(v) for v in value["NOT_IN"])
                tests.append(lambda t, read=read, banned=banned: read(t) not in banned)
        else:
            wanted = fold(value)
            tests.append(lambda t, read=read, wanted=wanted: read(t) == wanted)
    return lambda t: all(test(t) for test in tests)


def _related(token: Token, op: str) -> Iterator[Token]:
    if op == ">":
        yield from token.children
    elif op == "<":
        if token.head.i != token.i:
            yield token.head
    elif op == ">>":
        yield from (t for t in token.subtree if t.i != token.i)
    else:  # "<<"
        yield from token.ancestors


class _Compiled:
    def __init__(self, name: str, pattern: list[dict], order: int) -> None:
        self.name, self.order = name, order
        self.ids = [node["RIGHT_ID"] for node in pattern]
        self.tests = [_predicate(node.get("RIGHT_ATTRS", {})) for node in pattern]
        self.links = [(self.ids.index(node["LEFT_ID"]), node["REL_OP"]) if n else (0, "") for n, node in enumerate(pattern)]
        root = pattern[0].get("RIGHT_ATTRS", {})
        self.index_keys: list[tuple[str, frozenset[str]]] = []
        for key in ("LEMMA", "LOWER", "ENT_TYPE"):
            value = root.get(key)
            if value is not None and not (isinstance(value, dict) and "IN" not in value):
                words = value["IN"] if isinstance(value, dict) else [value]
                self.index_keys.append((key, frozenset(w.lower() if key in _CASELESS else w for w in words)))

    def matches(self, root: Token) -> Iterator[list[int]]:
        if not self.tests[0](root):
            return
        chosen = [root]

        def extend(n: int) -> Iterator[list[int]]:
            if n == len(self.ids):
                yield [t.i for t in chosen]
                return
            left, op = self.links[n]
            for candidate in _related(chosen[left], op):
                if candidate.i not in {t.i for t in chosen} and self.tests[n](candidate):
                    chosen.append(candidate)
                    yield from extend(n + 1)
                    chosen.pop()

        yield from extend(1)


class TreeMatcher:
    """Patterns added by name; calling it on a parsed Doc gives ``(name, token indexes)`` matches."""

    def __init__(self) -> None:
        self.patterns: list[_Compiled] = []
        self.index: dict[tuple[str, str], list[_Compiled]] = {}

    def add(self, name: str, pattern: list[dict]) -> None:
        compiled = _Compiled(name, pattern, len(self.patterns))
        self.patterns.append(compiled)
        for key, words in compiled.index_keys[:1]:  # one lookup key per pattern is enough to find its roots
            for word in words:
                self.index.setdefault((key, word), []).append(compiled)

    def __call__(self, doc: Doc) -> list[tuple[str, list[int]]]:
        out: list[tuple[str, list[int]]] = []
        strings = doc.vocab.strings
        index = self.index
        for i, (lemma, lower, ent_type) in enumerate(doc.to_array([LEMMA, LOWER, ENT_TYPE]).tolist()):
            keys = (("LEMMA", strings[lemma].lower()), ("LOWER", strings[lower]), ("ENT_TYPE", strings[ent_type]))
            candidates = {c.order: c for key in keys for c in index.get(key, ())}
            if candidates:
                token = doc[i]
                for order in sorted(candidates):
                    out += [(candidates[order].name, ids) for ids in candidates[order].matches(token)]
        return out
