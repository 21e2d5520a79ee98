"""Per-document extraction: from a parsed spaCy Doc to a plain :class:`~kg.model.DocExtraction`.

Mentions come from the entity spans; relations from the rules of ``kg/data/rules/`` run by
:mod:`kg.extract.rules`; quotations from :mod:`kg.extract.quotes`.

>>> from kg.nlp import blank_pipeline
>>> from kg.model import Document
>>> nlp = blank_pipeline()
>>> document = Document.from_text("GPT-4o was trained using Nvidia H100 chips.", "a.txt")
>>> result = extract(nlp(document.text), document)
>>> sorted((result.mentions[r.subject].name, r.predicate.value, result.mentions[r.object].name) for r in result.relations)
[('GPT-4o', 'trainedOn', 'H100'), ('H100', 'madeBy', 'Nvidia')]

(A blank pipeline has no tagger or parser, so only the rules over words and names run.)
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..domain import Domain, load_domain
from ..model import DocExtraction, Document, Predicate, RelationMention
from . import names as _names  # noqa: F401  (registers the name-shape rules)
from .context import DocContext
from .mentions import build_mentions
from .quotes import find_quotes
from .rules import SIGNATURES, Candidate, engine_for, rules_of

__all__ = ["extract", "SIGNATURES"]


def extract(doc: Doc, document: Document, domain: Domain | None = None,
            trace: list[Candidate] | None = None) -> DocExtraction:
    """Read mentions, relations and quotes from one parsed document.

    ``domain`` (default: the package's data) holds the rules and word lists; ``trace``, if given,
    receives every candidate relation the rules proposed, kept or rejected.
    """
    domain = domain or load_domain()
    sentences = list(doc.sents)  # computed once: spaCy rebuilds them on every access
    mentions = build_mentions(doc, domain, sentences, document)
    ctx = DocContext.build(doc, document, domain, mentions, sentences)
    candidates = _settle(ctx, list(engine_for(doc.vocab, rules_of(domain)).run(ctx)))
    relations: dict[tuple[int, Predicate, int], RelationMention] = {}

    def add(subject: int, predicate: Predicate, obj: int, evidence) -> None:
        key = (subject, predicate, obj)
        if key not in relations or relations[key].evidence.confidence < evidence.confidence:
            relations[key] = RelationMention(subject, predicate, obj, evidence)

    for candidate in candidates:
        if candidate.rejected is None:
            sentence = ctx.sentences[ctx.sentence_of(doc[candidate.trigger])]
            add(candidate.subject, candidate.predicate, candidate.object,
                ctx.evidence(sentence, candidate.rule, candidate.confidence))
    roles: dict[int, list[int]] = {}
    for r in relations.values():
        if r.predicate in (Predicate.LEADS, Predicate.WORKS_FOR, Predicate.FOUNDED):
            roles.setdefault(r.subject, []).append(r.object)
    quotes = tuple(find_quotes(ctx, roles))
    for quote in quotes:
        for about in quote.about:
            allowed_subjects, allowed_objects = SIGNATURES[Predicate.QUOTED_ON]
            if mentions[quote.speaker].type in allowed_subjects and mentions[about].type in allowed_objects \
                    and mentions[quote.speaker].key != mentions[about].key:
                add(quote.speaker, Predicate.QUOTED_ON, about, quote.evidence)
    if trace is not None:
        trace.extend(candidates)
    ordered = tuple(sorted(relations.values(), key=lambda r: (r.evidence.start, r.subject, r.predicate.value, r.object)))
    return DocExtraction(document, tuple(mentions), ordered, quotes)


def _settle(ctx: DocContext, candidates: list[Candidate]) -> list[Candidate]:
    """Checks that need every rule's result: an organisation compared as if it were a model
    ("DeepSeek outperformed GPT-4o") must be shown developing a model in the same text."""
    developers = {ctx.mentions[c.subject].key for c in candidates if c.rejected is None and c.predicate is Predicate.DEVELOPED}
    out = []
    for candidate in candidates:
        if candidate.rejected is None and any(ctx.mentions[i].key not in developers for i in candidate.org_for_model):
            candidate = candidate.reject("an organisation compared as a model, but not shown developing one here")
        out.append(candidate)
    return out
