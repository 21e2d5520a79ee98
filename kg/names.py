"""Name normalisation: the keys under which surface forms of one entity are linked.

>>> name_key(EntityType.CHIP, "H800s")
'h800'
>>> name_key(EntityType.MODEL, "Claude Sonnet 3.5") == name_key(EntityType.MODEL, "Claude 3.5 Sonnet")
True
>>> name_key(EntityType.PERSON, "Kai-Fu Li") == name_key(EntityType.PERSON, "Kai-Fu Lee")
True
>>> name_key(EntityType.PERSON, "Jackie Chan") == name_key(EntityType.PERSON, "Jackie Chen")
False
>>> name_key(EntityType.PLACE, "U.S.")
'united states'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from .domain import Domain, load_domain
from .model import EntityType

__all__ = ["name_key", "strip_org_suffixes", "legal_short_form", "designator_only", "place_aliases", "org_units", "surface_clean", "distinctive_name",
           "romanised_chinese", "common_word", "given_name"]

_POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$")
_CHIP_PLURAL = re.compile(r"^([a-z]*\d+[a-z]?)s$|^([a-z]{2,4})s$")
# One syllable of Hanyu Pinyin (or the common Wade-Giles/Cantonese spellings), without tones.
_SYLLABLE = (r"(?:[bpmfdtnlgkhjqxrzcswy]|zh|ch|sh|hs|ts|tz)?"
             r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ung|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|oi|a|o|e|i|u|v)")
_CHINESE_GIVEN = re.compile(rf"^(?:{_SYLLABLE}){{1,3}}$")


@lru_cache(maxsize=8)
def _variants(domain: Domain | None = None) -> dict:
    """The lists of ``name_variants.json`` (a user's folder's additions merged in), indexed once per Domain."""
    data = (domain or load_domain()).data("name_variants.json")
    surname = {}
    for group in data["surname_variants"]:
        for name in group:
            surname[name] = group[0]
    return {"surname": surname, "place": data["place_aliases"], "suffixes": frozenset(data["org_suffixes"]),
            "units": {word: kind for kind, words in data["org_units"].items() for word in words}}


def surface_clean(text: str) -> str:
    """Normalise a surface form for display: NFKC, straight apostrophes, no possessive, one space."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I).strip("\"“”'")
    return _POSSESSIVE.sub("", text).strip().strip("\"“”")


def strip_org_suffixes(key: str, domain: Domain | None = None) -> str:
    """Drop trailing corporate designators from an organisation key ("high flyer quant" -> "high flyer")."""
    words = key.split()
    suffixes = _variants(domain)["suffixes"]
    while len(words) > 1 and words[-1] in suffixes:
        words.pop()
    return " ".join(words)


def legal_short_form(name: str, domain: Domain | None = None) -> str | None:
    """An organisation's name without its legal designators ("d-Matrix Inc." -> "d-Matrix"), if it had any.

    >>> legal_short_form("Quorvex Holdings Ltd."), legal_short_form("Quorvex")
    ('Quorvex Holdings', None)
    """
    words = name.split()
    suffixes = _variants(domain)["suffixes"]
    while len(words) > 1 and words[-1].casefold() in suffixes:
        words.pop()
    short = " ".join(words).rstrip(",")
    return short if short != name else None


def place_aliases(domain: Domain | None = None) -> dict[str, str]:
    """Short forms of country names, lower case, and the name each stands for ("u.s." -> "united states")."""
    return _variants(domain)["place"]


def designator_only(name: str, domain: Domain | None = None) -> bool:
    """Is ``name`` nothing but legal designators ("Inc", "Co. Ltd.")? Then it names nothing.

    >>> designator_only("Inc"), designator_only("Co. Ltd."), designator_only("Quorvex Inc")
    (True, True, False)
    """
    suffixes = _variants(domain)["suffixes"]
    return all(word.casefold() in suffixes for word in name.split())


def org_units(key: str, domain: Domain | None = None) -> tuple[str, tuple[str, ...]]:
    """An organisation key without designators and unit words, and the kinds of the unit words
    it had: ``corporate`` ("holdings"), ``arm`` ("capital", "ai") or ``school`` ("university").

    >>> org_units("zorblat group holdings ltd."), org_units("intel capital"), org_units("capital")
    (('zorblat', ('corporate', 'corporate')), ('intel', ('arm',)), ('capital', ()))
    """
    words = strip_org_suffixes(key, domain).split()
    units = _variants(domain)["units"]
    kinds: list[str] = []
    while len(words) > 1 and words[-1] in units:
        kinds.append(units[words.pop()])
        words = strip_org_suffixes(" ".join(words), domain).split()
    return " ".join(words), tuple(reversed(kinds))


def romanised_chinese(given: str) -> bool:
    """Is ``given`` (a given name, any case, maybe hyphenated) written in Chinese syllables?

    >>> romanised_chinese("Kai-Fu"), romanised_chinese("Wenfeng"), romanised_chinese("Jackie")
    (True, True, False)
    """
    return bool(_CHINESE_GIVEN.match(re.sub(r"[\s'’-]", "", given.casefold())))


def _person_key(base: str, domain: Domain | None) -> str:
    """Romanisation variants ("Lee"/"Li") are folded for the surname of a romanised Chinese name
    only: the first word of "Liang Wenfeng", the last of "Kai-Fu Lee"; never in "Jackie Chan"."""
    words = re.sub(r"[.]", " ", base).split()
    surname = _variants(domain)["surname"]
    if len(words) == 2:
        first, last = words
        if first in surname and romanised_chinese(last):
            words[0] = surname[first]
        elif last in surname and romanised_chinese(first):
            words[1] = surname[last]
    return " ".join(" ".join(w.split("-")) for w in words)


def distinctive_name(stem: str) -> bool:
    """Is an organisation's name without designators distinctive enough to link on: more than one
    word, or a word that is no common English word ("Tencent", "High-Flyer"; not "Scale")?"""
    words = stem.split()
    return len(words) > 1 or not words or not common_word(words[0])


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """The English words of the installed pipeline's lemmatizer index (empty when there is none)."""
    try:
        import spacy.util
        from spacy.lookups import Lookups

        from .nlp import DEFAULT_MODEL

        folder = next(spacy.util.get_package_path(DEFAULT_MODEL).glob("*/lemmatizer/lookups"))
        index = Lookups().from_disk(folder).get_table("lemma_index")
        return frozenset(w for words in index.values() for w in words)
    except (ImportError, OSError, StopIteration, KeyError):
        return frozenset()


def common_word(word: str) -> bool:
    """Is ``word`` a common English word (in the pipeline's lemmatizer index)?"""
    return word.isalpha() and word.casefold() in _english_words()


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """The given names of the US census lists shipped by the ``names`` package (5,000 or so:
    "James", "Grace", "Ashton"); empty when the package is not installed."""
    try:
        folder = resources.files("names")
    except ModuleNotFoundError:
        return frozenset()
    found = set()
    for list_name in ("dist.male.first", "dist.female.first"):
        for line in folder.joinpath(list_name).read_text(encoding="ascii").splitlines():
            if line.strip():
                found.add(line.split()[0].casefold())
    return frozenset(found)


def given_name(word: str) -> bool:
    """Is ``word`` a common given name ("Grace", "Ashton"; not "Positive", "Playground")?

    >>> given_name("Grace"), given_name("Positive")
    (True, False)
    """
    return word.casefold() in _given_names()


def name_key(entity_type: EntityType, text: str, domain: Domain | None = None) -> str:
    """The linking key of a surface form of an entity of ``entity_type`` (spelling variants from ``domain``)."""
    base = surface_clean(text).casefold()
    if entity_type is EntityType.PERSON:
        return _person_key(base, domain)
    if entity_type is EntityType.PLACE:
        base = re.sub(r"\s+", " ", base)
        return _variants(domain)["place"].get(base, base.replace(".", ""))
    if entity_type is EntityType.MODEL:
        words = [w for w in re.split(r"[\s\-_]+", base) if w and w not in ("model", "models")]
        return " ".join(sorted(words)) or base
    if entity_type is EntityType.CHIP:
        words = [w for w in re.split(r"[\s\-_]+", base) if w and w not in ("chip", "chips", "gpu", "gpus")]
        joined = "".join(words) or base
        plural = _CHIP_PLURAL.match(joined)
        return (plural.group(1) or plural.group(2)) if plural else joined
    return re.sub(r"\s+", " ", re.sub(r"[\-_/]", " ", base)).strip()
