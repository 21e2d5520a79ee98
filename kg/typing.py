"""Typing rules: the evidence in a sentence that says what kind of thing a name is.

Each rule is a record of ``kg/data/typing.json``: an ``id``, the ``type`` it gives (one of the five
entity types, or ``Other`` for a name that is no entity: a benchmark, an event, an architecture),
a ``strength`` (1 weak .. 3 as sure as the gazetteer) and one or more conditions, all of which
must hold around a candidate name ``doc[start:end]``:

- ``left``: a spaCy ``Matcher`` pattern that ends just before the name ("CEO", "startup");
- ``right``: a ``Matcher`` pattern that starts just after it ("chip", ", a Chinese AI startup");
- ``head`` / ``first``: a one-token pattern for the name's last / first word ("Capital", "Project");
- ``shape``: a regular expression the whole name matches (a version number, a size like 105B);
- ``name``: ``person`` (the name must look like a person's), ``given`` (it starts with a given
  name: "Ashton Kutcher", not "Positive Sum"), ``uncommon`` (its first word is no common English
  word), ``not_person`` / ``not_given`` (the opposites), ``multi`` (two words or more), ``single`` (one word) or ``acronym`` (one word in capitals), or two joined by ``+``;
- ``sentence``: the sentence holds one of these ``words`` (lower case) or names an entity of one
  of these ``types`` surely (gazetteer or name pattern: "rival Nvidia's H100"); ``sentence_not``:
  it names no entity of these ``types`` surely;
- ``unless_place``: the rule stays off a well-known place ("US chips", "Soviet Union"; the
  ``places`` word list); ``unless_ner``: spaCy NER labels that keep it off ("French firm": ``NORP``);
  ``only_ner``: the labels one of which spaCy must have given a name that starts with the name.

In a pattern, a list value written ``"@name"`` stands for a word list (``typing.json`` ``words`` or
``triggers.json``). Every rule carries ``examples`` it must type and ``not`` examples it must not:
``tests/test_typing.py`` runs them all.

>>> from kg.nlp import blank_pipeline
>>> nlp = blank_pipeline()
>>> rules = nlp.get_pipe("kg_entities").typing
>>> doc = nlp("Zorblat Capital led the round.")
>>> [(r.rule_id, r.type) for r in rules.firing(doc, 0, 2)]
[('org-head-noun', 'Organization')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

__all__ = ["TypingRule", "TypingRules", "OTHER"]

OTHER = "Other"  # a name that is no entity of the five types
_PARTS = ("left", "right", "head", "first")
WINDOW = 24  # tokens beside a name where its left and right parts are looked for (none is longer)


@dataclass(frozen=True)
class TypingRule:
    """One typing rule (see the module docstring for the fields)."""

    rule_id: str
    type: str
    strength: int
    shape: re.Pattern[str] | None
    name: str
    parts: frozenset[str]  # which of left/right/head/first the rule has
    unless_place: bool
    unless_ner: frozenset[str]
    only_ner: frozenset[str]
    sentence_words: frozenset[str]
    sentence_types: frozenset[str]
    sentence_not: frozenset[str]
    examples: tuple[dict, ...]
    counter: tuple[dict, ...]


class TypingRules:
    """All typing rules, compiled into one spaCy Matcher run once per document."""

    def __init__(self, vocab, records: list[dict], words: Callable[[str], frozenset[str]]) -> None:
        self.rules: list[TypingRule] = []
        self.matcher = Matcher(vocab)
        # a part of one token with no operator is tested on the one token it is about, not matched
        # over the whole document (a "NOT_IN" token would match nearly every word there)
        self.one_token: dict[tuple[str, str], Callable] = {}
        # each other part as steps matched from the name's edge outwards (a left part backwards), or,
        # if its pattern has what the steps cannot test, a Matcher of its own
        # (indexed by part and the word next to the name that can begin it; None: any word)
        self.anchored: dict[tuple[str, str | None], list[tuple[str, str, tuple[_Step, ...]]]] = {}
        self.fallback: list[tuple[str, str, Matcher]] = []
        for record in records:
            parts = frozenset(p for p in _PARTS if p in record)
            for part in parts:
                pattern = _expand(record[part] if part in ("left", "right") else [record[part]], words)
                test = _token_test(pattern[0]) if len(pattern) == 1 else None
                if test is not None:
                    self.one_token[(record["id"], part)] = test
                else:
                    self.matcher.add(f"{record['id']}|{part}", [pattern])
                    steps = _steps(pattern)
                    if steps is None:
                        own = Matcher(vocab)
                        own.add(part, [pattern])
                        self.fallback.append((record["id"], part, own))
                    else:
                        gate = _gate_words(pattern, part)
                        entry = (record["id"], part, steps[::-1] if part == "left" else steps)
                        for word in gate if gate is not None else [None]:
                            self.anchored.setdefault((part, word), []).append(entry)
            shape = re.compile(record["shape"]) if "shape" in record else None
            sentence = record.get("sentence", {})
            self.rules.append(TypingRule(record["id"], record["type"], int(record.get("strength", 2)), shape,
                                         record.get("name", "any"), parts, bool(record.get("unless_place")), frozenset(record.get("unless_ner", ())),
                                         frozenset(record.get("only_ner", ())),
                                         frozenset(_expand([{"w": sentence.get("words", [])}], words)[0]["w"]),
                                         frozenset(sentence.get("types", ())), frozenset(record.get("sentence_not", ())),
                                         tuple(record.get("examples", ())),
                                         tuple(record.get("not", ()))))
        self.places = words("places")
        # each rule's parts, with the Python test of a one-token part (None: look the part up in
        # the Matcher's positions)
        self._checks = {rule.rule_id: tuple((part, self.one_token.get((rule.rule_id, part))) for part in sorted(rule.parts))
                        for rule in self.rules}
        # each rule, whether it has a part inside the name (then a name of one word is not for it), its checks
        self._ordered = [(rule, bool(rule.parts & {"head", "first"}), self._checks[rule.rule_id]) for rule in self.rules]
        self._doc: Doc | None = None
        self._at: frozenset[tuple[str, str, int]] = frozenset()

    def positions(self, doc: Doc, names: list[tuple[int, int]] | None = None) -> frozenset[tuple[str, str, int]]:
        """(rule id, part, token index) for every part match: where a left part ends, a right part
        starts, and the token a head or first part matched. With ``names`` (``(start, end)`` token
        ranges), only the matches beside those names, looked for there only: the same positions for
        those names, a fraction of the work. Without, the whole Doc's, computed once per Doc."""
        if names is None and self._doc is doc:
            return self._at
        if names is not None:
            return self._beside(doc, names)
        at: set[tuple[str, str, int]] = set()
        strings = doc.vocab.strings
        for match_id, start, end in self.matcher(doc):
            rule_id, part = strings[match_id].split("|")
            at.add((rule_id, part, end if part == "left" else start))
        self._doc, self._at = doc, frozenset(at)
        return self._at

    def _beside(self, doc: Doc, names: list[tuple[int, int]]) -> frozenset[tuple[str, str, int]]:
        """The part matches beside each name: a left part ending at its start, a right one starting
        at its end, a head or first part on its last or first token."""
        at: set[tuple[str, str, int]] = set()
        length = len(doc)
        tokens = list(doc)  # made once: doc[i] makes a new Token each time
        for start, end in sorted(set(names)):
            edge = {"left": start, "right": end, "head": end - 1, "first": start}
            for part, i in (("left", start - 1), ("right", end), ("head", end - 1), ("first", start)):
                if not 0 <= i < length:
                    continue
                for rule_id, _, steps in self.anchored.get((part, tokens[i].lower_), []) + self.anchored.get((part, None), []):
                    if _anchored(tokens, i, steps, -1 if part == "left" else 1):
                        at.add((rule_id, part, edge[part]))
            for rule_id, part, matcher in self.fallback:
                if part == "right":
                    found = any(s == 0 for _, s, _ in matcher(doc[end:min(length, end + WINDOW)]))
                elif part == "left":
                    low = max(0, start - WINDOW)
                    found = any(e == start - low for _, _, e in matcher(doc[low:start]))
                else:
                    found = bool(matcher(doc[edge[part]:edge[part] + 1]))
                if found:
                    at.add((rule_id, part, edge[part]))
        return frozenset(at)

    def firing(self, doc: Doc, start: int, end: int, looks: Callable[[str, Span], bool] | None = None,
               sure_types: Callable[[int], set[str]] | None = None,
               positions: frozenset[tuple[str, str, int]] | None = None) -> list[TypingRule]:
        """The rules whose every condition holds for the name ``doc[start:end]``, strongest first.

        ``looks(kind, span)`` says whether a name looks like a ``person``'s or starts with a ``given``
        name; ``sure_types(token index)`` gives the types named surely in that token's sentence;
        ``positions``, from :meth:`positions` for names that include this one (default: the whole Doc's)."""
        at = positions if positions is not None else self.positions(doc)
        text = doc[start:end].text
        where = {"left": start, "right": end, "head": end - 1, "first": start}  # as positions() records them
        # the token a one-token part tests: the one before the name, after it, its last, its first
        tokens = {"left": doc[start - 1] if start > 0 else None, "right": doc[end] if end < len(doc) else None,
                  "head": doc[end - 1], "first": doc[start]}
        first = tokens["first"]
        out = []
        for rule, inside, checks in self._ordered:
            if inside and end - start < 2:
                continue
            if not _parts_hold(rule.rule_id, checks, at, where, tokens):
                continue
            if rule.shape is not None and not rule.shape.fullmatch(text):
                continue
            if rule.unless_place and text.lower() in self.places or first.ent_type_ in rule.unless_ner:
                continue
            if rule.only_ner and (first.ent_type_ not in rule.only_ner or first.ent_iob_ != "B"):
                continue
            if not _name_fits(rule.name, doc, start, end, looks):
                continue
            if (rule.sentence_words or rule.sentence_types) and not self._sentence_fits(rule, doc, start, sure_types):
                continue
            if rule.sentence_not and sure_types is not None and rule.sentence_not & sure_types(start):
                continue
            out.append(rule)
        return sorted(out, key=lambda r: -r.strength)

    @staticmethod
    def _sentence_fits(rule: TypingRule, doc: Doc, start: int, sure_types: Callable[[int], set[str]] | None) -> bool:
        if rule.sentence_types and sure_types is not None and rule.sentence_types & sure_types(start):
            return True
        sentence = doc[start].sent if doc.has_annotation("SENT_START") else doc[:]
        return any(t.lower_ in rule.sentence_words for t in sentence)


_WORD_KEYS = ("LOWER", "ORTH", "TEXT", "NORM")


def _gate_words(pattern: list[dict], part: str) -> frozenset[str] | None:
    """The lower-case words one of which the token next to the name must be for ``pattern`` to match
    there (the first token of a right part, the last of a left part, or an optional one before it),
    or ``None`` if a token up to the first required one names no words.

    >>> sorted(_gate_words([{"ORTH": ",", "OP": "?"}, {"LOWER": {"IN": ["Chip", "GPU"]}}], "right"))
    [',', 'chip', 'gpu']
    >>> _gate_words([{"IS_TITLE": True}, {"ORTH": ","}], "right") is None
    True
    """
    words: set[str] = set()
    for token in reversed(pattern) if part == "left" else pattern:
        values = next((token[k] for k in _WORD_KEYS if k in token), None)
        if isinstance(values, str):
            words.add(values.lower())
        elif isinstance(values, dict) and set(values) == {"IN"}:
            words.update(v.lower() for v in values["IN"])
        else:
            return None
        if token.get("OP", "1") in ("1", "+"):
            return frozenset(words)
    return None


_Step = tuple[Callable, int, "int | None"]  # a token test, and how many tokens in a row it takes (at least, at most)
_OPS = {"1": (1, 1), "?": (0, 1), "*": (0, None), "+": (1, None)}


def _steps(pattern: list[dict]) -> tuple[_Step, ...] | None:
    """A ``Matcher`` pattern as steps for :func:`_anchored`, or ``None`` if a token has an attribute
    or an operator (``"!"``) that :func:`_token_test` does not read."""
    steps = []
    for token in pattern:
        spec = {k: v for k, v in token.items() if k != "OP"}
        test = _token_test(spec) if spec else (lambda t: True)
        op = token.get("OP", "1")
        bounds = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", op)
        if test is None or op not in _OPS and bounds is None:
            return None
        if op in _OPS:
            low, high = _OPS[op]
        else:
            low, high = int(bounds[1] or 0), int(bounds[3]) if bounds[3] else (None if bounds[2] else int(bounds[1] or 0))
        steps.append((test, low, high))
    return tuple(steps)


def _anchored(tokens: list[Token], i: int, steps: tuple[_Step, ...], direction: int) -> bool:
    """Do ``steps`` match the tokens from ``tokens[i]`` on (``direction`` 1) or back from it (-1), one
    token at least, as spaCy's Matcher would match the pattern there?

    >>> from spacy.lang.en import English
    >>> doc = list(English()("Zorblat , a new startup"))
    >>> steps = _steps([{"ORTH": ","}, {"LOWER": {"IN": ["a", "the"]}, "OP": "?"}, {"LOWER": "new", "OP": "*"}, {"LOWER": "startup"}])
    >>> _anchored(doc, 1, steps, 1), _anchored(doc, 2, steps, 1), _anchored(doc, 4, steps[::-1], -1)
    (True, False, True)
    """
    length = len(tokens)

    def match(k: int, j: int, used: int) -> bool:
        if k == len(steps):
            return used > 0
        test, low, high = steps[k]
        taken = 0
        while True:
            if taken >= low and match(k + 1, j, used + taken):
                return True
            if high is not None and taken >= high or not 0 <= j < length or not test(tokens[j]):
                return False
            taken += 1
            j += direction

    return match(0, i, 0)


def _parts_hold(rule_id: str, checks, at, where: dict[str, int], tokens: dict) -> bool:
    """Does every part of a rule hold: a Matcher part found where it must be, a one-token part's test
    true of its token?"""
    for part, test in checks:
        if test is None:
            if (rule_id, part, where[part]) not in at:
                return False
        elif tokens[part] is None or not test(tokens[part]):
            return False
    return True


def _name_fits(kind: str, doc: Doc, start: int, end: int, looks: Callable[[str, Span], bool] | None) -> bool:
    if "+" in kind:  # "person+multi": both
        return all(_name_fits(k, doc, start, end, looks) for k in kind.split("+"))
    if kind in ("person", "given", "uncommon"):
        return looks is None or looks(kind, doc[start:end])
    if kind in ("not_person", "not_given"):
        return looks is None or not looks(kind[4:], doc[start:end])
    if kind == "multi":
        return end - start >= 2
    if kind == "single":
        return end - start == 1
    if kind == "acronym":
        text = doc[start:end].text
        return end - start == 1 and len(text) >= 2 and sum(c.isupper() for c in text) >= 2 and not text.isdigit()
    return True


_TOKEN_ATTRS: dict[str, Callable] = {
    "ORTH": lambda t: t.text, "TEXT": lambda t: t.text, "LOWER": lambda t: t.lower_, "TAG": lambda t: t.tag_,
    "IS_LOWER": lambda t: t.is_lower, "IS_UPPER": lambda t: t.is_upper, "IS_TITLE": lambda t: t.is_title,
    "IS_PUNCT": lambda t: t.is_punct, "IS_ALPHA": lambda t: t.is_alpha, "LIKE_NUM": lambda t: t.like_num,
    "SPACY": lambda t: bool(t.whitespace_), "ENT_TYPE": lambda t: t.ent_type_,
}


def _token_test(spec: dict) -> Callable | None:
    """A Python test for one ``Matcher`` token pattern (the same meaning), or ``None`` if it has an
    operator or an attribute this does not read (then the Matcher runs it).

    >>> test = _token_test({"LOWER": {"IN": ["capital", "labs"]}, "IS_LOWER": False})
    >>> from spacy.lang.en import English
    >>> [test(t) for t in English()("Zorblat Capital labs")]
    [False, True, False]
    """
    tests = []
    for key, want in spec.items():
        get = _TOKEN_ATTRS.get(key)
        if get is None:
            return None
        if not isinstance(want, dict):
            tests.append(lambda t, get=get, want=want: get(t) == want)
            continue
        for op, arg in want.items():
            if op == "IN":
                tests.append(lambda t, get=get, words=frozenset(arg): get(t) in words)
            elif op == "NOT_IN":
                tests.append(lambda t, get=get, words=frozenset(arg): get(t) not in words)
            elif op == "REGEX":
                tests.append(lambda t, get=get, regex=re.compile(arg): bool(regex.search(get(t))))
            else:
                return None
    if len(tests) == 1:
        return tests[0]
    return lambda token: all(test(token) for test in tests)


def _expand(pattern: list[dict], words: Callable[[str], frozenset[str]]) -> list[dict]:
    """Replace ``"@name"`` entries of IN / NOT_IN lists with the words of that list."""

    def value(v):
        if isinstance(v, dict):
            return {k: value(x) for k, x in v.items()}
        if isinstance(v, list):
            out: list = []
            for item in v:
                if isinstance(item, str) and item.startswith("@"):
                    out.extend(sorted(words(item[1:])))
                else:
                    out.append(item)
            return out
        return v

    return [value(token) for token in pattern]
