"""developed: "OpenAI's o1", "Google Gemini", "DeepSeek released R1", "a model developed by X"."""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span

from ..model import EntityType, Predicate
from .base import Found, conjuncts, lemma_of, subject_of
from .context import DocContext

__all__ = ["find", "possessed"]


def possessed(ctx: DocContext, sent: Span, target: EntityType) -> Iterator[tuple[int, int, bool]]:
    """(owner org, target mention, via pronoun) for "ORG's [adj]* TARGET", "ORG TARGET", "its TARGET"."""
    doc = ctx.doc
    for target_index in ctx.mentions_in(sent, target):
        mention = ctx.mentions[target_index]
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        i = span.start - 1
        steps = 0
        while i >= sent.start and steps < 4 and (doc[i].pos_ in ("ADJ", "ADV") or doc[i].lower_ in ("latest", "new", "own", "low", "-", "power")):
            i -= 1
            steps += 1
        if i < sent.start:
            continue
        if doc[i].lower_ in ("'s", "’s") and i - 1 >= sent.start:
            owner = ctx.possessor(doc[i - 1])
            if owner and ctx.type_of(owner.mention) is EntityType.ORGANIZATION:
                yield owner.mention, target_index, owner.coref
        elif doc[i].lower_ in ("its", "their"):
            owner = ctx.possessor(doc[i])
            if owner:
                yield owner.mention, target_index, True
        elif steps == 0:
            # "Nvidia H100", "Google Gemini": an organisation's name right before the target's
            owner = ctx.mention_at(doc[i])
            if owner is not None and ctx.type_of(owner) is EntityType.ORGANIZATION:
                yield owner, target_index, False


def find(ctx: DocContext, sent: Span) -> Iterator[Found]:
    for owner, model, coref in possessed(ctx, sent, EntityType.MODEL):
        yield Found(owner, Predicate.DEVELOPED, model, "possessive-model", 0.5 if coref else 0.8)
    yield from _described(ctx, sent)
    yield from _prefixed_name(ctx, sent)
    yield from _verb(ctx, sent)
    yield from _maker(ctx, sent)


def _maker(ctx: DocContext, sent: Span) -> Iterator[Found]:
    """"OpenAI, the maker of ChatGPT", "ChatGPT maker OpenAI", "ChatGPT's creator, OpenAI"."""
    doc = ctx.doc
    makers = ctx.domain.words("maker_nouns")
    for token in sent:
        if token.lower_ not in makers:
            continue
        # "ChatGPT maker OpenAI" / "ChatGPT's creator, OpenAI"
        i = token.i - 1
        if i >= sent.start and doc[i].lower_ in ("'s", "’s"):
            i -= 1
        model = ctx.mention_at(doc[i]) if i >= sent.start else None
        j = token.i + 1
        if j < sent.end and doc[j].text == ",":
            j += 1
        org = ctx.mention_at(doc[j]) if j < sent.end else None
        if model is not None and org is not None and ctx.type_of(model) is EntityType.MODEL and ctx.type_of(org) is EntityType.ORGANIZATION:
            yield Found(org, Predicate.DEVELOPED, model, "model-maker", 0.8)
            continue
        # "OpenAI, the maker of ChatGPT"
        if token.dep_ == "appos" or token.head.dep_ in ("appos", "attr"):
            owner = ctx.resolve(token.head if token.dep_ == "appos" else token.head.head)
            if token.dep_ != "appos":
                owner = next((ctx.resolve(c) for c in token.head.children if c.dep_ == "nsubj"), None)
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    for model in ctx.resolve_all(obj):
                        if owner and ctx.type_of(owner.mention) is EntityType.ORGANIZATION and ctx.type_of(model.mention) is EntityType.MODEL:
                            yield Found(owner.mention, Predicate.DEVELOPED, model.mention, "model-maker", 0.75)


def _described(ctx: DocContext, sent: Span) -> Iterator[Found]:
    """"o1, OpenAI's reasoning model", "Llama, Meta's open-source model", "V3, the company's flagship model"."""
    model_nouns = ctx.domain.words("model_nouns")
    for token in sent:
        if token.lower_ not in model_nouns or token.dep_ != "appos":
            continue
        named = ctx.mention_at(token.head)
        owner = next((ctx.possessor(c) for c in token.children if c.dep_ == "poss"), None)
        if named is None or owner is None or ctx.type_of(named) is not EntityType.MODEL:
            continue
        if ctx.type_of(owner.mention) is EntityType.ORGANIZATION:
            yield Found(owner.mention, Predicate.DEVELOPED, named, "described-model", 0.55 if owner.coref else 0.8)


def _prefixed_name(ctx: DocContext, sent: Span) -> Iterator[Found]:
    """"DeepSeek-R1", "Google Gemini": a model name that starts with an organisation's name."""
    orgs = ctx.org_by_name
    for model in ctx.mentions_in(sent, EntityType.MODEL):
        words = ctx.mentions[model].text.replace("-", " ").split()
        for width in range(len(words) - 1, 0, -1):
            prefix = " ".join(words[:width])
            canonical = ctx.domain.canonical(prefix) or prefix
            if canonical in orgs:
                yield Found(orgs[canonical], Predicate.DEVELOPED, model, "org-prefixed-model", 0.8)
                break


def _verb(ctx: DocContext, sent: Span) -> Iterator[Found]:
    verbs = ctx.domain.verbs("developed")
    for token in sent:
        if token.pos_ != "VERB" or lemma_of(token) not in verbs:
            continue
        passive = token.tag_ == "VBN" and (token.dep_ in ("acl", "relcl") or any(c.dep_ in ("auxpass", "agent") for c in token.children))
        makers, models = [], []
        if passive:
            for agent in (c for c in token.children if c.dep_ == "agent"):
                makers += [ctx.resolve(t) for o in agent.children if o.dep_ == "pobj" for t in conjuncts(o)]
            heads = [token.head] if token.dep_ in ("acl", "relcl") else list(subject_of(token))
            models += [ctx.resolve(t) for t in heads]
        else:
            makers += [ctx.resolve(t) for t in subject_of(token)]
            for obj in (c for c in token.children if c.dep_ == "dobj"):
                for t in conjuncts(obj):
                    models.append(ctx.resolve(t))
                    models += [ctx.resolve(a) for a in t.children if a.dep_ == "appos"]
        for maker in makers:
            for model in models:
                if not maker or not model or maker.stand_in or model.stand_in:
                    continue
                if ctx.type_of(maker.mention) is EntityType.ORGANIZATION and ctx.type_of(model.mention) is EntityType.MODEL:
                    yield Found(maker.mention, Predicate.DEVELOPED, model.mention, "developed-verb", 0.55 if maker.coref or model.coref else 0.8)
