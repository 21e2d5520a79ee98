"""Per-document extraction: from a parsed spaCy Doc to a plain :class:`~kg.model.DocExtraction`.

>>> from kg.nlp import blank_pipeline
>>> from kg.model import Document
>>> nlp = blank_pipeline()
>>> document = Document.from_text("OpenAI's GPT-4o was trained using Nvidia's H100 chips.", "a.txt")
>>> result = extract(nlp(document.text), document)
>>> sorted((result.mentions[r.subject].name, r.predicate.value, result.mentions[r.object].name) for r in result.relations)
[('GPT-4o', 'trainedOn', 'H100'), ('H100', 'madeBy', 'Nvidia'), ('OpenAI', 'developed', 'GPT-4o')]
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..domain import Domain, load_domain
from ..model import DocExtraction, Document, EntityType, Predicate, RelationMention
from . import comparison, development, hardware, location, ownership, roles
from .context import DocContext
from .mentions import build_mentions
from .quotes import find_quotes

__all__ = ["extract", "RULES", "SIGNATURES"]

RULES = (roles.find, development.find, comparison.find, hardware.find, ownership.find, location.find)

_P, _O, _M, _C, _L = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.MODEL, EntityType.CHIP, EntityType.PLACE
# Which entity types each relation may join (the ontology's domains and ranges).
SIGNATURES = {
    Predicate.FOUNDED: ({_P}, {_O}),
    Predicate.LEADS: ({_P}, {_O}),
    Predicate.WORKS_FOR: ({_P}, {_O}),
    Predicate.DEVELOPED: ({_O}, {_M}),
    Predicate.OUTPERFORMED: ({_M, _O}, {_M, _O}),
    Predicate.RIVALS: ({_M, _O}, {_M, _O}),
    Predicate.TRAINED_ON: ({_M, _O}, {_C}),
    Predicate.MADE_BY: ({_C}, {_O}),
    Predicate.BACKED_BY: ({_O}, {_O}),
    Predicate.QUOTED_ON: ({_P}, {_P, _O, _M, _C, _L}),
    Predicate.BASED_IN: ({_O}, {_L}),
}


def extract(doc: Doc, document: Document, domain: Domain | None = None) -> DocExtraction:
    """Read mentions, relations and quotes from one parsed document."""
    domain = domain or load_domain()
    sentences = list(doc.sents)  # computed once: spaCy rebuilds them on every access
    mentions = build_mentions(doc, domain, sentences, document)
    ctx = DocContext.build(doc, document, domain, mentions, sentences)
    relations: dict[tuple[int, Predicate, int], RelationMention] = {}

    def add(subject: int, predicate: Predicate, obj: int, evidence) -> None:
        allowed_subjects, allowed_objects = SIGNATURES[predicate]
        if mentions[subject].type not in allowed_subjects or mentions[obj].type not in allowed_objects:
            return
        if mentions[subject].key == mentions[obj].key and mentions[subject].type is mentions[obj].type:
            return
        key = (subject, predicate, obj)
        if key not in relations or relations[key].evidence.confidence < evidence.confidence:
            relations[key] = RelationMention(subject, predicate, obj, evidence)

    for sent in ctx.sentences:
        for rule in RULES:
            for found in rule(ctx, sent):
                add(found.subject, found.predicate, found.object, ctx.evidence(sent, found.rule, found.confidence))
    role_pairs = {(r.subject, r.object) for r in relations.values() if r.predicate in (Predicate.LEADS, Predicate.WORKS_FOR, Predicate.FOUNDED)}
    quotes = tuple(find_quotes(ctx, role_pairs))
    for quote in quotes:
        for about in quote.about:
            add(quote.speaker, Predicate.QUOTED_ON, about, quote.evidence)
    ordered = tuple(sorted(relations.values(), key=lambda r: (r.evidence.start, r.subject, r.predicate.value, r.object)))
    return DocExtraction(document, tuple(mentions), ordered, quotes)
