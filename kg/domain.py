"""Domain knowledge: the data files under ``kg/data``, extended by a user's folder, checked and loaded once.

The files hold names, types, aliases, patterns, trigger words and rules; every relation comes from
text. :data:`DATA_FILES` lists each file with its schema (:mod:`kg.schema`), which both checks it
and says how a user's file of the same name extends the package's one. A user's folder
(``kg build --data DIR``, ``kg.build(..., data_dir=DIR)``) holds any of these files and a
``rules/`` folder of relation rule files; everything in it is checked when the Domain is loaded,
before any document is read, and a mistake is one :class:`~kg.errors.DataError` line naming the
file and the key.

>>> knowledge = load_domain()
>>> knowledge.gazetteer_type("Nvidia").value
'Organization'
>>> knowledge.canonical("NVIDIA")
'Nvidia'
>>> import json, pathlib, tempfile
>>> mine = pathlib.Path(tempfile.mkdtemp())
>>> _ = (mine / "gazetteer.json").write_text(json.dumps({"Organization": [{"name": "Zorblat Robotics", "aliases": ["Zorblat"]}]}))
>>> load_domain(mine).canonical("Zorblat")
'Zorblat Robotics'
>>> _ = (mine / "triggers.json").write_text('{"verbs": {"founded": "start"}}')
>>> load_domain(mine)
Traceback (most recent call last):
...
kg.errors.DataError: .../triggers.json: verbs.founded: expected a list, found a string ("start")
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from .errors import DataError
from .model import EntityType, Predicate
from .schema import Flag, Integer, ListOf, MapOf, Number, OneOf, Pattern, Record, Records, Regex, Text, Words, fail

__all__ = ["Domain", "DomainPattern", "DataFile", "DATA_FILES", "RULE_FILE", "load_domain"]


@dataclass(frozen=True)
class DataFile:
    """One data file of ``kg/data``: its name and the schema that checks it and merges a user's copy into it."""

    name: str
    schema: Record
    holds: str  # what it is for, in a few words


_TYPES = tuple(t.value for t in EntityType)
_GAZETTEER_ORDER = ("Organization", "Model", "Chip", "Person", "Place")  # the order names are looked up in
_TITLE_RELATIONS = (Predicate.FOUNDED.value, Predicate.LEADS.value, Predicate.WORKS_FOR.value)
_ABOUT = {"about": Text()}
_NAMED_SPAN = Record({"text": Text(), "name": Text()}, required=("text", "name"))
_TRIPLE = ListOf(Text(), 3, 3)
_MONEY = ListOf(OneOf((Number(0), Text())), 2, 2)  # [value in units, ISO currency or null]
_STATUS = Record({"polarity": Text(("Positive", "Negative")), "certainty": Text(("Certain", "Probable", "Possible")),
                  "time": Text(("Current", "Former", "Future")), "source": Text(), "date": Text(form=r"\d{4}(?:-\d\d){0,2}")})
_EVENT = Record({"recipient": Text(), "acquirer": Text(), "acquired": Text(), "investor": Words(), "leadInvestor": Words(),
                 "amount": _MONEY, "valuation": _MONEY, "round": Text(), "status": Text(("Completed", "InTalks", "Planned")),
                 "date": Text(form=r"\d{4}(?:-\d\d){0,2}")})
_NAME_KINDS = "(?:any|person|not_person|given|not_given|uncommon|multi|single|acronym)"  # kg.typing's name conditions

TYPING_RULE = Record({
    "id": Text(), "type": Text(_TYPES + ("Other",)), "strength": Integer(1, 3),
    "left": Pattern(), "right": Pattern(), "head": Pattern(one=True), "first": Pattern(one=True), "shape": Regex(),
    "name": Text(form=rf"{_NAME_KINDS}(?:\+{_NAME_KINDS})*"),
    "sentence": Record({"words": Words(), "types": Words(_TYPES)}), "sentence_not": Words(_TYPES),
    "unless_place": Flag(), "unless_ner": Words(), "only_ner": Words(), "examples": ListOf(_NAMED_SPAN), "not": ListOf(_NAMED_SPAN),
}, required=("id", "type"))

RELATION_RULE = Record({
    "id": Text(), "relation": Text(tuple(p.value for p in Predicate) + ("@title",)), "confidence": Number(0, 1),
    "dependency": Pattern(), "tokens": Pattern(), "builtin": Text(), "subject": Text(), "object": Text(),
    "examples": ListOf(Record({"text": Text(), "gives": _TRIPLE, "not": _TRIPLE}, required=("text",))),
}, required=("id", "relation", "confidence"))
RULE_FILE = Record({**_ABOUT, "rules": Records(RELATION_RULE)})  # every file of kg/data/rules/ and DIR/rules/
RULES_FOLDER = "rules"

DATA_FILES: dict[str, DataFile] = {f.name: f for f in (
    DataFile("gazetteer.json", Record({**_ABOUT, **{t: Records(Record({"name": Text(), "aliases": Words()}, required=("name",)),
                                                              key="name", same="merge") for t in _TYPES}}),
             "known names and aliases, by entity type"),
    DataFile("patterns.json", Record({**_ABOUT, "chip_context": Words(), "model_context": Words(), **{
        t: Records(Record({"id": Text(), "regex": Regex(), "context": Flag()}, required=("id", "regex"))) for t in _TYPES}}),
             "regular expressions for names (model and chip names)"),
    DataFile("triggers.json", Record({**_ABOUT, "titles": MapOf(Words(), keys=_TITLE_RELATIONS),
                                      "pronouns": MapOf(Words(_TYPES))}, other=OneOf((Words(), MapOf(Words()), MapOf(Text())))),
             "job titles, trigger verbs and the word lists the rules use"),
    DataFile("typing.json", Record({**_ABOUT, "words": MapOf(Words()), "rules": Records(TYPING_RULE)}),
             "typing rules and their word lists"),
    DataFile("furniture.json", Record({**_ABOUT, "cues": Records(Record({
        "id": Text(), "kind": Text(("caption", "chrome", "heading")), "where": Text(("line", "head", "tail")),
        "regex": Regex(re.I), "examples": Words(), "not": Words()}, required=("id", "kind", "where", "regex")))}),
             "page furniture cues: captions, credits, page chrome"),
    DataFile("name_variants.json", Record({**_ABOUT, "surname_variants": ListOf(Words(shortest=2)),
                                           "place_aliases": MapOf(Text()), "org_suffixes": Words(), "org_units": MapOf(Words())}),
             "spelling variants, place aliases, corporate suffixes"),
    DataFile("factuality.json", Record({**_ABOUT, "cues": Record({
        "perfect_auxiliary": Text(), "leaving_particles": MapOf(Words()), "months": MapOf(Integer(1, 12))}, other=Words()),
        "examples": ListOf(Record({"text": Text(), "fact": _TRIPLE, "status": _STATUS}, required=("text", "fact", "status")))}),
             "the cue words of how a fact is stated: denied, hedged, former, planned, attributed, dated"),
    DataFile("amounts.json", Record({
        **_ABOUT, "currency_signs": MapOf(Text()), "currency_words": MapOf(Text()), "scales": MapOf(Integer(1, 10**15)),
        "short_scales": Words(), "number_words": MapOf(Number(0, 1000)), "plus_words": Words(),
        "examples": ListOf(Record({"text": Text(), "money": ListOf(_MONEY)}, required=("text", "money"))),
        "measures": Record({**_ABOUT, "size_suffix": Regex()}, other=Words()),
        "measure_examples": ListOf(Record({"text": Text(), "measures": ListOf(ListOf(OneOf((Text(), Number(0), _MONEY)), 3, 3))},
                                          required=("text", "measures")))}),
             "currency signs, codes and words, scales, number words; the words of model sizes and training costs"),
    DataFile("events.json", Record({
        **_ABOUT, "words": MapOf(Words()), "acquisition_particles": MapOf(Words()), "investor_rules": Words(),
        "round_names": Record({**_ABOUT, "alone": ListOf(Regex(re.I)), "before_noun": ListOf(Regex(re.I)), "nouns": Words()}),
        "mechanisms": Records(Record({"id": Text(), "kind": Text(("FundingRound", "Acquisition")), "reads": Text(),
                                      "examples": ListOf(Record({"text": Text(), "event": _EVENT}, required=("text",)))},
                                     required=("id", "kind")))}),
             "the words of funding rounds and acquisitions, round names, the rules naming a round's investors"),
)}


@dataclass(frozen=True)
class DomainPattern:
    """A regular expression that recognises names of one entity type."""

    pattern_id: str
    type: EntityType
    regex: re.Pattern[str]
    needs_context: bool


@dataclass(frozen=True, eq=False)
class Domain:
    """Everything the rules know about the domain: the package's data, extended by a user's folder, loaded once."""

    names: dict[str, tuple[EntityType, str]]  # surface form -> (type, canonical name)
    patterns: tuple[DomainPattern, ...]
    chip_context: frozenset[str]
    triggers: dict
    typing: dict  # kg/data/typing.json: typing rules and the word lists they use
    files: dict[str, Any] = field(default_factory=dict)  # every file of DATA_FILES, merged
    rule_files: tuple[tuple[str, dict], ...] = ()  # (label, content) of each relation rule file, the package's first
    data_dir: str | None = None  # the user's folder, if any
    sources: tuple[tuple[str, bytes], ...] = ()  # the user folder's files as read: (name, bytes)

    @property
    def fingerprint(self) -> str:
        """A hash of the user folder's files ('' without one): part of the cache version."""
        if not self.sources:
            return ""
        digest = hashlib.sha256()
        for name, content in self.sources:
            digest.update(name.encode() + b"\0" + content + b"\0")
        return digest.hexdigest()

    def data(self, name: str) -> Any:
        """The content of the data file ``name`` (``"furniture.json"``), the user's additions merged in."""
        return self.files[name]

    def gazetteer_type(self, text: str) -> EntityType | None:
        found = self._known(text)
        return found[0] if found else None

    def canonical(self, text: str) -> str | None:
        found = self._known(text)
        return found[1] if found else None

    def _known(self, text: str) -> tuple[EntityType, str] | None:
        """The gazetteer's (type, canonical name) for ``text``; a name written in mixed case is known in
        any case that starts with a capital ("Deepmind"), as kg.entities matches it."""
        found = self.names.get(text)
        if found is None and len(text) >= 5 and text[:1].isupper():
            found = self._mixed_case.get(text.lower())
        return found

    @cached_property
    def _mixed_case(self) -> dict[str, tuple[EntityType, str]]:
        return {s.lower(): v for s, v in self.names.items()
                if len(s) >= 5 and any(c.isupper() for c in s[1:]) and any(c.islower() for c in s)}

    def words(self, name: str) -> frozenset[str]:
        """A word list from ``triggers.json`` (or ``typing.json``) as a set of lower-case strings (computed once)."""
        return _word_set(self, name)

    def word_list(self, name: str, where: str = "") -> frozenset[str]:
        """The list ``name`` of ``triggers.json`` ("verbs.founded", "model_nouns"), or a derived one:
        ``title_words``, every word of every job title and title modifier; ``title_heads``, the
        last word of every job title."""
        if name == "title_words":
            words = {w for title in self.title_predicates() for w in re.split(r"[\s-]+", title) if w}
            words |= set(self.title_predicates()) | {w + "s" for w in words}  # "co-founder" whole; plurals
            words -= self.words("clause_breaks")  # "director of research": the "of" starts a unit
            return frozenset(words | {"-"} | self.words("title_modifiers"))
        if name == "title_heads":  # the last word of every title: "officer", "founder", "ceo"
            heads = {re.split(r"[\s-]+", title)[-1] for title in self.title_predicates()} | set(self.title_predicates())
            return frozenset(heads | {h + "s" for h in heads})
        try:
            return self.words(name.replace(".", "/"))
        except (KeyError, TypeError):
            raise DataError(f"{where}: no word list {name!r} in triggers.json or typing.json") from None

    def typing_rules(self) -> list[dict]:
        """The typing rules of ``typing.json`` (records; :class:`kg.typing.TypingRules` compiles them)."""
        return self.typing["rules"]

    def title_starts(self) -> frozenset[str]:
        """The first token of every job title, as the tokenizer splits it ("chief", "co", "co-founder")."""
        return _title_starts(self)

    def title_predicates(self) -> dict[str, str]:
        """Map every title ("ceo", "general partner") to its predicate local name (computed once)."""
        return _titles(self)

    def verbs(self, group: str) -> frozenset[str]:
        """Verb lemmas that signal ``group`` ("founded", "developed", "said" ...); groups may share verbs."""
        return _word_set(self, "verbs/" + group)

    def __hash__(self) -> int:  # one Domain per content (load_domain caches); identity is enough for the caches below
        return id(self)

    def __reduce__(self):  # pickled (to a worker process or a Ray actor) as what it was loaded from
        return _load, (self.data_dir, self.sources)


@lru_cache(maxsize=256)
def _word_set(domain: Domain, name: str) -> frozenset[str]:
    if name == "known_orgs":  # derived ("@known_orgs" in typing.json): the one-word organisation names of the gazetteer
        return frozenset(n.lower() for n, (t, _) in domain.names.items() if t is EntityType.ORGANIZATION and " " not in n)
    group, _, key = name.partition("/")
    if group in domain.triggers:
        words = domain.triggers[group][key] if key else domain.triggers[group]
    else:
        words = domain.typing["words"][group]
    return frozenset(w.lower() for w in words)


@lru_cache(maxsize=8)
def _title_starts(domain: Domain) -> frozenset[str]:
    starts = set()
    for title in domain.title_predicates():
        first = title.split()[0]
        starts |= {first, first.split("-")[0], first + "s"}
    return frozenset(starts)


@lru_cache(maxsize=8)
def _titles(domain: Domain) -> dict[str, str]:
    out: dict[str, str] = {}
    for predicate, titles in domain.triggers["titles"].items():
        for title in titles:
            out.setdefault(title.lower(), predicate)
    return out


# -- loading ---------------------------------------------------------------------------------------
def load_domain(data_dir: str | Path | None = None) -> Domain:
    """The package's data, extended by the files of the folder ``data_dir`` if given, checked.

    One Domain per content: loading the same files again gives the same object (an edited file,
    a new one). Raises :class:`~kg.errors.DataError`, one line naming the file and the key, for
    anything malformed, before any document is read.
    """
    folder = None if data_dir is None else str(data_dir)
    return _load(folder, _read_folder(folder) if folder is not None else ())


def _read_folder(folder: str) -> tuple[tuple[str, bytes], ...]:
    """The ``(name, bytes)`` of every data file in a user's folder; a JSON file kg would not read is an error."""
    root = Path(folder)
    if not root.is_dir():
        raise DataError(f"{folder}: {'not a folder' if root.exists() else 'no such folder'} (the --data folder)")
    found = []
    for path in sorted(root.rglob("*.json")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        name = relative.as_posix()
        if name not in DATA_FILES and not (len(relative.parts) == 2 and relative.parts[0] == RULES_FOLDER):
            raise DataError(f"{path}: not a kg data file (kg reads {', '.join(DATA_FILES)} and {RULES_FOLDER}/*.json)")
        try:
            found.append((name, path.read_bytes()))
        except OSError as exc:
            raise DataError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return tuple(found)


def _parse(content: bytes, label: str) -> Any:
    try:
        return json.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        raise DataError(f"{label}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{label}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None


def _package_folder():
    return resources.files("kg").joinpath("data")


@lru_cache(maxsize=None)
def _package_file(name: str) -> Any:
    """A package data file (``rules/roles.json`` too), read and checked once."""
    content = _parse(_package_folder().joinpath(*name.split("/")).read_bytes(), f"kg/data/{name}")
    schema = RULE_FILE if name.startswith(RULES_FOLDER + "/") else DATA_FILES[name].schema
    schema.check(content, f"kg/data/{name}")
    return content


def _package_rule_names() -> list[str]:
    folder = _package_folder().joinpath(RULES_FOLDER)
    return sorted(f"{RULES_FOLDER}/{f.name}" for f in folder.iterdir() if f.name.endswith(".json"))


@lru_cache(maxsize=8)
def _load(data_dir: str | None, sources: tuple[tuple[str, bytes], ...]) -> Domain:
    """The Domain of the package's files and the user's ``sources`` (read from ``data_dir``)."""
    label = {name: str(Path(data_dir or ".") / name) for name, _ in sources}
    user = {name: _parse(content, label[name]) for name, content in sources}
    files = {}
    for name, spec in DATA_FILES.items():
        files[name] = _package_file(name)
        if name in user:
            spec.schema.check(user[name], label[name])
            files[name] = spec.schema.merge(files[name], user[name], label[name])
    rule_files = [(name.split("/", 1)[1], _package_file(name)) for name in _package_rule_names()]
    for name, content in user.items():
        if name.startswith(RULES_FOLDER + "/"):
            RULE_FILE.check(content, label[name])
            rule_files.append((label[name], content))
    if "gazetteer.json" in user:
        _check_user_names(user["gazetteer.json"], label["gazetteer.json"])
    names = _names(files["gazetteer.json"])
    patterns = tuple(DomainPattern(p["id"], EntityType(t), re.compile(p["regex"]), bool(p.get("context")))
                     for t in _GAZETTEER_ORDER for p in files["patterns.json"].get(t, []))
    domain = Domain(names, patterns, frozenset(files["patterns.json"].get("chip_context", [])), files["triggers.json"],
                    files["typing.json"], files, tuple(rule_files), data_dir, sources)
    _check_compiles(domain, user, label)
    _check_new_word_lists(domain, user, label)
    return domain


def _names(gazetteer: dict) -> dict[str, tuple[EntityType, str]]:
    """Surface form -> (type, canonical name); of two entries with one surface form, the first wins."""
    names: dict[str, tuple[EntityType, str]] = {}
    for type_name in _GAZETTEER_ORDER:
        for entry in gazetteer.get(type_name, []):
            for surface in [entry["name"], *entry.get("aliases", [])]:
                names.setdefault(surface, (EntityType(type_name), entry["name"]))
    return names


def _check_user_names(users: dict, label: str) -> None:
    """A name (or alias) in a user's gazetteer that kg's own gazetteer has as another type is an error."""
    package = _names(_package_file("gazetteer.json"))
    for type_name in _GAZETTEER_ORDER:
        for entry in users.get(type_name, []):
            for surface in [entry["name"], *entry.get("aliases", [])]:
                if surface in package and package[surface][0].value != type_name:
                    raise fail(label, (type_name, f"[{entry['name']}]"),
                               f"{surface!r} is already a name of type {package[surface][0].value} in kg's own gazetteer")


def _check_compiles(domain: Domain, user: dict[str, Any], label: dict[str, str]) -> None:
    """Compile what the rules compile from the data (spaCy checks the patterns), so that nothing fails mid-build."""
    from spacy.vocab import Vocab

    from .extract.rules import rules_of
    from .typing import TypingRules

    vocab = Vocab()
    users = {record.get("id") for record in user.get("typing.json", {}).get("rules", [])}
    for record in domain.typing_rules():
        where = f"{label['typing.json'] if record['id'] in users else 'kg/data/typing.json'}: rules[{record['id']}]"

        def words(name: str) -> frozenset[str]:
            try:
                return domain.words(name)
            except (KeyError, TypeError):
                raise DataError(f"{where}: no word list {name!r} in typing.json or triggers.json") from None

        try:
            TypingRules(vocab, [record], words)
        except ValueError as exc:  # spaCy's MatchPatternError is a ValueError
            raise DataError(f"{where}: {pattern_error(exc)}") from None
    rules_of(domain)  # checks the arguments, word lists and spaCy patterns of every relation rule


def pattern_error(exc: Exception) -> str:
    """spaCy's pattern errors span lines and name pydantic's models: the first fault, on one line.

    >>> pattern_error(ValueError("Invalid token patterns for matcher rule 'r'\\n\\nPattern 0:\\n"
    ...                          "- [pattern -> 1 -> LOWER -> TokenPatternString -> INN] Extra inputs are not permitted\\n"))
    'token 1, LOWER.INN: Extra inputs are not permitted'
    """
    lines = [line.strip(" -") for line in str(exc).splitlines() if line.strip()]
    fault = next((line for line in lines if line.startswith("[pattern -> ")), None)
    if fault is None:
        return lines[0] if lines else type(exc).__name__
    where, _, message = fault[1:].partition("] ")
    parts = where.split(" -> ")[1:]
    keys = [p for p in parts[1:] if p.isupper()]  # spaCy's attribute names; not pydantic's model names
    return f"token {parts[0]}{', ' + '.'.join(keys) if keys else ''}: {message}"


def _check_new_word_lists(domain: Domain, user: dict[str, Any], label: dict[str, str]) -> None:
    """A word list that a user's file adds (not one of kg's) must be used by a rule: a new name
    nothing uses is almost always a misspelt one ("verbs.fonded")."""
    used = {ref.replace("/", ".") for _, content in domain.rule_files for ref in _references(content)}
    used |= {ref for ref in _references(domain.typing)}
    known = _list_names(_package_file("triggers.json")) | set(_package_file("typing.json")["words"])
    for name, new in (("triggers.json", _list_names(user.get("triggers.json", {}))),
                      ("typing.json", set(user.get("typing.json", {}).get("words", {})))):
        for unused in sorted(new - known - used):
            near = difflib.get_close_matches(unused, sorted(known), n=1)
            hint = f"did you mean {near[0]!r}?" if near else 'a rule uses a list as "@NAME"'
            where = unused if name == "triggers.json" else f"words.{unused}"
            raise DataError(f"{label[name]}: {where}: a new word list that no rule uses ({hint})")


def _list_names(triggers: dict) -> set[str]:
    """The word-list names of a triggers file: ``org_nouns``, ``verbs.founded`` ..."""
    out = set()
    for key, value in triggers.items():
        if isinstance(value, dict):
            out |= {f"{key}.{sub}" for sub, words in value.items() if isinstance(words, list)}
        elif isinstance(value, list):
            out.add(key)
    return out


def _references(value: Any) -> Iterator[str]:
    """Every ``"@name"`` in a file's patterns (a word list a pattern stands for)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)
    elif isinstance(value, str) and value.startswith("@") and len(value) > 1:
        yield value[1:]
