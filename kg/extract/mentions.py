"""Turn the entity spans of a parsed Doc into :class:`~kg.model.Mention` records.

Within one document a short form takes the fullest name it stands for ("Liang" after
"Liang Wenfeng"), a gazetteer alias takes its canonical name ("NVDA" -> "Nvidia"), and a
weakly typed one-word name that is the surname of a person in the document becomes that person.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..domain import Domain
from ..entities import SOURCES_KEY
from ..model import TYPE_STRENGTH, EntityType, Mention
from ..names import name_key, surface_clean

__all__ = ["build_mentions", "LABEL_TYPES"]

LABEL_TYPES = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "PLACE": EntityType.PLACE,
    "MODEL": EntityType.MODEL,
    "CHIP": EntityType.CHIP,
}


def build_mentions(doc: Doc, domain: Domain, sentences: list[Span] | None = None) -> list[Mention]:
    """One Mention per entity span of ``doc``, in text order (``sentences``: ``list(doc.sents)``, if known)."""
    sources = doc.user_data.get(SOURCES_KEY, {})
    sentence_of = _sentence_index(doc, list(doc.sents) if sentences is None else sentences)
    raw: list[tuple[Span, EntityType, str]] = []
    for ent in doc.ents:
        entity_type = LABEL_TYPES.get(ent.label_)
        if entity_type is None:
            continue
        raw.append((ent, entity_type, sources.get(f"{ent.start_char}:{ent.end_char}", "ner")))

    people = [surface_clean(e.text) for e, t, _ in raw if t is EntityType.PERSON and len(surface_clean(e.text).split()) > 1]
    org_names = sorted({surface_clean(e.text) for e, t, _ in raw if t is EntityType.ORGANIZATION})
    orgs = set(org_names)
    orgs |= {s for s, (t, _) in domain.names.items() if t is EntityType.ORGANIZATION}

    mentions = []
    for ent, entity_type, source in raw:
        text = surface_clean(ent.text)
        if not text:
            continue
        name = text
        if source == "gazetteer" and domain.gazetteer_type(text) is entity_type:
            name = domain.canonical(text) or text
        if entity_type is EntityType.ORGANIZATION and source in ("ner", "context"):
            name = _longer_org_name(text, org_names) or name
        full = _full_person_name(text, people)
        if full and (entity_type is EntityType.PERSON or TYPE_STRENGTH[source] <= TYPE_STRENGTH["ner"]):
            entity_type, name = EntityType.PERSON, full
        key_name = _strip_org_prefix(name, orgs) if entity_type in (EntityType.MODEL, EntityType.CHIP) else name
        mentions.append(
            Mention(
                start=ent.start_char,
                end=ent.end_char,
                text=ent.text,
                type=entity_type,
                type_source=source,
                name=name,
                key=name_key(entity_type, key_name),
                sentence=sentence_of[ent.start],
            )
        )
    return mentions


def _sentence_index(doc: Doc, sentences: list[Span]) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(sentences):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def _full_person_name(text: str, people: list[str]) -> str | None:
    """The one multi-word person name in the document that ``text`` is the first or last word of."""
    if len(text.split()) != 1:
        return None
    found = {p for p in people if p.split()[-1] == text or p.split()[0] == text}
    return found.pop() if len(found) == 1 else None


def _longer_org_name(text: str, names: list[str]) -> str | None:
    """The one longer organisation name in the document that is ``text`` plus one word
    ("Gavekal" -> "Gavekal Dragonomics"; "HIH" stays apart from "HIH Royal Commission")."""
    longer = {n for n in names if n != text and n.startswith(text + " ") and " " not in n[len(text) + 1:]}
    return longer.pop() if len(longer) == 1 else None


def _strip_org_prefix(name: str, orgs: set[str]) -> str:
    """"DeepSeek R1" -> "R1" when "DeepSeek" names an organisation (for the linking key only)."""
    words = name.replace("-", " ").split()
    for width in range(len(words) - 1, 0, -1):
        if " ".join(words[:width]) in orgs:
            return " ".join(words[width:])
    return name
