"""outperformed / rivals: "R1 outperformed o1", "matched the performance of o1", "on par with X"."""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span, Token

from ..model import EntityType, Predicate
from .base import Found, conjuncts, lemma_of, subject_of
from .context import DocContext, Resolved

__all__ = ["find"]


def _comparable(ctx: DocContext, resolved: Resolved | None) -> bool:
    if resolved is None:
        return False
    entity_type = ctx.type_of(resolved.mention)
    return entity_type is EntityType.MODEL or (entity_type is EntityType.ORGANIZATION and resolved.stand_in)


def _subjects(ctx: DocContext, verb: Token) -> list[Resolved]:
    out = []
    for token in subject_of(verb):
        resolved = ctx.resolve(token)
        if resolved is None:
            # "R1, a reasoning model that also outperformed o1": the noun is in apposition to a name
            if token.dep_ == "appos":
                resolved = ctx.resolve(token.head)
        if resolved is None and token.pos_ in ("NOUN", "PROPN"):
            # "DeepSeek's model", "its r1 model"
            for child in token.subtree:
                index = ctx.mention_at(child)
                if index is not None and ctx.type_of(index) is EntityType.MODEL:
                    resolved = Resolved(index)
                    break
        if resolved is not None:
            out.append(resolved)
    return out


def _objects(ctx: DocContext, verb: Token, deep: bool) -> list[Resolved]:
    out = []
    for obj in (c for c in verb.children if c.dep_ in ("dobj", "attr", "pobj") or c.dep_ == "prep" and deep):
        for token in conjuncts(obj):
            resolved = ctx.resolve(token)
            if resolved is not None:
                out.append(resolved)
            elif deep:
                for t in token.subtree:
                    index = ctx.mention_at(t)
                    if index is not None and ctx.type_of(index) is EntityType.MODEL:
                        out.append(Resolved(index))
            if resolved is not None and token.dep_ == "dobj":
                # "outperformed Meta's Llama 3.1, OpenAI's GPT-4o" where the parser chains appositions
                for t in token.subtree:
                    index = ctx.mention_at(t)
                    if index is not None and ctx.type_of(index) is EntityType.MODEL and all(r.mention != index for r in out):
                        out.append(Resolved(index))
    return out


def find(ctx: DocContext, sent: Span) -> Iterator[Found]:
    outperform = ctx.domain.verbs("outperformed")
    rival = ctx.domain.verbs("rivals")
    for token in sent:
        lemma = lemma_of(token)
        if token.pos_ in ("VERB", "AUX") and lemma in outperform | rival:
            predicate = Predicate.OUTPERFORMED if lemma in outperform else Predicate.RIVALS
            if any(c.dep_ == "neg" for c in token.children):
                continue
            subjects = _subjects(ctx, token)
            objects = _objects(ctx, token, deep=True)
            yield from _pairs(ctx, subjects, predicate, objects, f"{predicate.value}-verb", 0.75)
    yield from _phrases(ctx, sent)
    yield from _surface(ctx, sent, outperform, rival)


def _verb_forms(lemmas: frozenset[str]) -> dict[str, str]:
    forms = {}
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        for form in (lemma, lemma + "s", lemma + "es", stem + "ed", lemma + "d", stem + "ing"):
            forms[form] = lemma
    return forms


def _surface(ctx: DocContext, sent: Span, outperform, rival) -> Iterator[Found]:
    """"MODEL beat MODEL" read from the words when the parser took the verb for a noun."""
    doc = ctx.doc
    forms = _verb_forms(outperform | rival)
    said = ctx.domain.verbs("said")
    describers = ctx.domain.words("model_describers") | ctx.domain.words("model_nouns")  # ", a reasoning model it says rivals"
    models = ctx.mentions_in(sent, EntityType.MODEL)
    for first, second in zip(models, models[1:]):
        a = doc.char_span(ctx.mentions[first].start, ctx.mentions[first].end, alignment_mode="expand")
        b = doc.char_span(ctx.mentions[second].start, ctx.mentions[second].end, alignment_mode="expand")
        if a is None or b is None:
            continue
        # "R1 beat o1", "Gemini 2.0, which it said beats GPT-4o": one comparison verb between two names
        if any(t.lower_ in ("not", "n't", "never", "no") for t in doc[a.end:b.start]):
            continue
        between = [t for t in doc[a.end:b.start]
                   if t.pos_ not in ("ADV", "PART", "PUNCT", "PRON", "AUX", "DET") and lemma_of(t) not in said
                   and t.lower_ not in describers]
        if len(between) != 1 or between[0].lower_ not in forms:
            continue
        predicate = Predicate.OUTPERFORMED if forms[between[0].lower_] in outperform else Predicate.RIVALS
        yield Found(first, predicate, second, f"{predicate.value}-surface", 0.6)


def _phrases(ctx: DocContext, sent: Span) -> Iterator[Found]:
    """"performs on par with X", "is competitive with X", "a ChatGPT competitor"."""
    doc = ctx.doc
    text = sent.text.lower()
    for phrase in ctx.domain.triggers["rival_phrases"]:
        at = text.find(phrase)
        if at < 0:
            continue
        span = doc.char_span(sent.start_char + at, sent.start_char + at + len(phrase), alignment_mode="expand")
        if span is None:
            continue
        head = span[0].head
        while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT" and head.head.i != head.i:  # no parser: every token heads itself
            head = head.head
        objects = [Resolved(i) for i in ctx.mentions_in(doc[span.end:sent.end], EntityType.MODEL)[:3]]
        yield from _pairs(ctx, _subjects(ctx, head), Predicate.RIVALS, objects, "rivals-phrase", 0.6)
    rival_nouns = ctx.domain.words("rival_nouns")
    for token in sent:
        if token.lower_ in rival_nouns and token.dep_ == "attr":
            objects = [Resolved(c) for c in (ctx.mention_at(t) for t in token.children if t.dep_ in ("compound", "nmod")) if c is not None]
            yield from _pairs(ctx, _subjects(ctx, token.head), Predicate.RIVALS, objects, "rival-noun", 0.6)


def _pairs(ctx: DocContext, subjects, predicate, objects, rule, confidence) -> Iterator[Found]:
    for s in subjects:
        for o in objects:
            if s.mention == o.mention or ctx.mentions[s.mention].key == ctx.mentions[o.mention].key:
                continue
            if not (_comparable(ctx, s) or ctx.type_of(s.mention) is EntityType.ORGANIZATION and _comparable(ctx, o)):
                continue
            if not _comparable(ctx, o):
                continue
            if ctx.type_of(s.mention) is EntityType.ORGANIZATION and not s.stand_in and not _comparable(ctx, o):
                continue
            yield Found(s.mention, predicate, o.mention, rule, confidence - (0.2 if s.coref or o.coref else 0.0))
