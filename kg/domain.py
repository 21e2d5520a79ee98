"""Domain knowledge loaded from the data files under ``kg/data``: names, patterns, trigger words.

The files hold names, types, aliases and trigger words only; every relation comes from text.

>>> knowledge = load_domain()
>>> knowledge.gazetteer_type("Nvidia").value
'Organization'
>>> knowledge.canonical("NVDA")
'Nvidia'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import DataError
from .model import EntityType

__all__ = ["Domain", "DomainPattern", "load_domain"]


@dataclass(frozen=True)
class DomainPattern:
    """A regular expression that recognises names of one entity type."""

    pattern_id: str
    type: EntityType
    regex: re.Pattern[str]
    needs_context: bool


@dataclass(frozen=True, eq=False)
class Domain:
    """Everything the rules know about the domain, loaded once."""

    names: dict[str, tuple[EntityType, str]]  # surface form -> (type, canonical name)
    patterns: tuple[DomainPattern, ...]
    chip_context: frozenset[str]
    triggers: dict
    typing: dict  # kg/data/typing.json: typing rules and the word lists they use

    def gazetteer_type(self, text: str) -> EntityType | None:
        found = self.names.get(text)
        return found[0] if found else None

    def canonical(self, text: str) -> str | None:
        found = self.names.get(text)
        return found[1] if found else None

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
            raise DataError(f"{where}: no word list {name!r} in triggers.json") from None

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

    def __hash__(self) -> int:  # one Domain per data folder; identity is enough for the caches below
        return id(self)


@lru_cache(maxsize=256)
def _word_set(domain: Domain, name: str) -> frozenset[str]:
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


def _read(name: str, data_dir: str | None) -> dict:
    if data_dir:
        return json.loads((Path(data_dir) / name).read_text(encoding="utf-8"))
    return json.loads(resources.files("kg").joinpath("data").joinpath(name).read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def load_domain(data_dir: str | None = None) -> Domain:
    """Load the gazetteer, patterns and triggers (from ``data_dir`` if given, else the package)."""
    gazetteer = _read("gazetteer.json", data_dir)
    names: dict[str, tuple[EntityType, str]] = {}
    for type_name in ("Organization", "Model", "Chip", "Person", "Place"):
        for entry in gazetteer.get(type_name, []):
            entity_type = EntityType(type_name)
            for surface in [entry["name"], *entry.get("aliases", [])]:
                names.setdefault(surface, (entity_type, entry["name"]))
    raw_patterns = _read("patterns.json", data_dir)
    patterns = tuple(
        DomainPattern(p["id"], EntityType(type_name), re.compile(p["regex"]), bool(p.get("context")))
        for type_name in ("Model", "Chip")
        for p in raw_patterns.get(type_name, [])
    )
    triggers = _read("triggers.json", data_dir)
    typing = _read("typing.json", data_dir)
    return Domain(names, patterns, frozenset(raw_patterns.get("chip_context", [])), triggers, typing)
