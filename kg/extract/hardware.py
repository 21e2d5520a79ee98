"""trainedOn / madeBy: "built using Nvidia's H800 chips", "chips from Nvidia called H800s"."""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span

from ..model import EntityType, Predicate
from .base import Found, lemma_of
from .context import DocContext
from .development import possessed

__all__ = ["find"]

_USING = {"using", "use", "used", "on", "with", "via"}


def find(ctx: DocContext, sent: Span) -> Iterator[Found]:
    chips = ctx.mentions_in(sent, EntityType.CHIP)
    if not chips:
        return
    for owner, chip, coref in possessed(ctx, sent, EntityType.CHIP):
        if not coref:
            yield Found(chip, Predicate.MADE_BY, owner, "possessive-chip", 0.8)
    yield from _from_maker(ctx, sent, chips)
    yield from _trained(ctx, sent, chips)
    yield from _makes(ctx, sent)


def _makes(ctx: DocContext, sent: Span) -> Iterator[Found]:
    """"Nvidia makes the H100 and B200 chips", "TSMC manufactures Apple's M4"."""
    verbs = ctx.domain.verbs("madeBy")
    for token in sent:
        if token.pos_ != "VERB" or lemma_of(token) not in verbs or any(c.dep_ == "auxpass" for c in token.children):
            continue
        makers = ctx.subjects(token)
        products = []
        for obj in (c for c in token.children if c.dep_ == "dobj"):
            if obj.lower_ in ("which", "that") and token.dep_ == "relcl":
                obj = token.head  # "the H20 chip, which Nvidia designed"
                resolved = ctx.resolve(obj)
                products += [resolved.mention] if resolved else []
                continue
            products += [ctx.mention_at(t) for t in obj.subtree if ctx.mention_at(t) is not None]
        for maker in makers:
            if ctx.type_of(maker.mention) is not EntityType.ORGANIZATION or maker.stand_in:
                continue
            for chip in dict.fromkeys(products):
                if ctx.type_of(chip) is EntityType.CHIP:
                    yield Found(chip, Predicate.MADE_BY, maker.mention, "makes-chip", 0.75)


def _from_maker(ctx: DocContext, sent: Span, chips: list[int]) -> Iterator[Found]:
    """"chips from Nvidia called H800s", "H20, made by Nvidia"."""
    doc = ctx.doc
    for token in sent:
        if token.lower_ not in ("from", "by") or token.i + 1 >= sent.end:
            continue
        maker = ctx.mention_at(doc[token.i + 1])
        if maker is None or ctx.type_of(maker) is not EntityType.ORGANIZATION:
            continue
        before = doc[max(sent.start, token.i - 3):token.i]
        if token.lower_ == "by" and not any(lemma_of(t) in ("make", "manufacture", "design", "produce", "build") for t in before):
            continue
        if not any(t.lower_ in ("chip", "chips", "gpu", "gpus", "processors", "accelerators") or ctx.mention_at(t) in chips for t in before):
            continue
        window = doc[max(sent.start, token.i - 6):min(sent.end, token.i + 6)]
        for chip in ctx.mentions_in(window, EntityType.CHIP):
            yield Found(chip, Predicate.MADE_BY, maker, "chip-from-maker", 0.7)


def _trained(ctx: DocContext, sent: Span, chips: list[int]) -> Iterator[Found]:
    """A model (or its maker) built or trained using a named chip."""
    doc = ctx.doc
    for chip in chips:
        span = doc.char_span(ctx.mentions[chip].start, ctx.mentions[chip].end, alignment_mode="expand")
        if span is None:
            continue
        trigger = None
        for t in doc[max(sent.start, span.start - 8):span.start]:
            if t.lower_ in _USING or lemma_of(t) in ("train", "power", "run"):
                trigger = t
        if trigger is None:
            continue
        ancestors = list(trigger.ancestors)
        if not any(lemma_of(a) in ("build", "train", "develop", "create", "make", "power", "run", "take") or a.lower_ == "using" for a in [trigger, *ancestors]):
            continue
        models = [i for i in ctx.mentions_in(doc[sent.start:trigger.i], EntityType.MODEL)]
        if models:
            yield Found(models[-1], Predicate.TRAINED_ON, chip, "trained-using-chip", 0.7)
            continue
        root = sent.root
        for subject in (c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")):
            resolved = ctx.resolve(subject)
            if resolved and ctx.type_of(resolved.mention) in (EntityType.ORGANIZATION, EntityType.MODEL):
                yield Found(resolved.mention, Predicate.TRAINED_ON, chip, "trained-using-chip", 0.6)
