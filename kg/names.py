"""Name normalisation: the keys under which surface forms of one entity are linked.

>>> name_key(EntityType.CHIP, "H800s")
'h800'
>>> name_key(EntityType.MODEL, "Claude Sonnet 3.5") == name_key(EntityType.MODEL, "Claude 3.5 Sonnet")
True
>>> name_key(EntityType.PERSON, "Kai-Fu Li") == name_key(EntityType.PERSON, "Kai-Fu Lee")
True
>>> name_key(EntityType.PLACE, "U.S.")
'united states'
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from .model import EntityType

__all__ = ["name_key", "strip_org_suffixes", "surface_clean"]

_POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$")
_CHIP_PLURAL = re.compile(r"^([a-z]*\d+[a-z]?)s$|^([a-z]{2,4})s$")


@lru_cache(maxsize=1)
def _variants() -> dict:
    data = json.loads(resources.files("kg").joinpath("data").joinpath("name_variants.json").read_text(encoding="utf-8"))
    surname = {}
    for group in data["surname_variants"]:
        for name in group:
            surname[name] = group[0]
    return {"surname": surname, "place": data["place_aliases"], "suffixes": frozenset(data["org_suffixes"])}


def surface_clean(text: str) -> str:
    """Normalise a surface form for display: NFKC, straight apostrophes, no possessive, one space."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I).strip("\"“”'")
    return _POSSESSIVE.sub("", text).strip().strip("\"“”")


def strip_org_suffixes(key: str) -> str:
    """Drop trailing corporate designators from an organisation key ("high flyer quant" -> "high flyer")."""
    words = key.split()
    suffixes = _variants()["suffixes"]
    while len(words) > 1 and words[-1] in suffixes:
        words.pop()
    return " ".join(words)


def name_key(entity_type: EntityType, text: str) -> str:
    """The linking key of a surface form of an entity of ``entity_type``."""
    base = surface_clean(text).casefold()
    if entity_type is EntityType.PERSON:
        words = re.sub(r"[.\-]", " ", base).split()
        surname = _variants()["surname"]
        return " ".join(surname.get(w, w) for w in words)
    if entity_type is EntityType.PLACE:
        base = re.sub(r"\s+", " ", base)
        return _variants()["place"].get(base, base.replace(".", ""))
    if entity_type is EntityType.MODEL:
        words = [w for w in re.split(r"[\s\-_]+", base) if w and w not in ("model", "models")]
        return " ".join(sorted(words)) or base
    if entity_type is EntityType.CHIP:
        words = [w for w in re.split(r"[\s\-_]+", base) if w and w not in ("chip", "chips", "gpu", "gpus")]
        joined = "".join(words) or base
        plural = _CHIP_PLURAL.match(joined)
        return (plural.group(1) or plural.group(2)) if plural else joined
    return re.sub(r"\s+", " ", re.sub(r"[\-_/]", " ", base)).strip()
