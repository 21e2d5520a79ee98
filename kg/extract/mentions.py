"""Turn the entity spans of a parsed Doc into :class:`~kg.model.Mention` records.

Each mention keeps where its type came from (``type_source``, ``type_rule``). A name read only in
the document's furniture (headline, headings, captions, page chrome; see
:attr:`kg.model.Document.furniture`) and typed by nothing surer than spaCy's NER or a context
rule is no entity. Which fuller name a short form stands for in the document ("Liang" after
"Liang Wenfeng") is decided by :func:`kg.link.resolve_document`, the linking step.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..domain import Domain
from ..entities import RULES_KEY, SOURCES_KEY
from ..link import resolve_document
from ..model import Document, EntityType, Mention
from ..names import name_key, surface_clean

__all__ = ["build_mentions", "LABEL_TYPES"]

LABEL_TYPES = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "PLACE": EntityType.PLACE,
    "MODEL": EntityType.MODEL,
    "CHIP": EntityType.CHIP,
}
_SURE = ("gazetteer", "pattern")


def build_mentions(doc: Doc, domain: Domain, sentences: list[Span] | None = None,
                   document: Document | None = None) -> list[Mention]:
    """One Mention per entity span of ``doc``, in text order (``sentences``: ``list(doc.sents)``, if known;
    ``document``: the Document parsed, whose furniture is set aside)."""
    sources = doc.user_data.get(SOURCES_KEY, {})
    rules = doc.user_data.get(RULES_KEY, {})
    sentence_of = _sentence_index(doc, list(doc.sents) if sentences is None else sentences)
    raw = []
    for ent in doc.ents:
        entity_type = LABEL_TYPES.get(ent.label_)
        text = surface_clean(ent.text)
        if entity_type is None or not text:
            continue
        span = f"{ent.start_char}:{ent.end_char}"
        source = sources.get(span, "ner")
        raw.append(Mention(ent.start_char, ent.end_char, ent.text, entity_type, source, text, name_key(entity_type, text, domain),
                           sentence_of[ent.start], type_rule=rules.get(span, f"ner:{ent.label_}")))
    if document is not None and document.furniture:
        raw = _outside_furniture(raw, document)
    return resolve_document(raw, domain)


def _outside_furniture(mentions: list[Mention], document: Document) -> list[Mention]:
    """Drop the names found only in furniture, unless the gazetteer or a name pattern knows them."""
    in_body = {(m.type, m.key) for m in mentions if not document.in_furniture(m.start, m.end)}
    return [m for m in mentions if m.type_source in _SURE or (m.type, m.key) in in_body
            or not document.in_furniture(m.start, m.end)]


def _sentence_index(doc: Doc, sentences: list[Span]) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(sentences):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index
