"""Quotations and their speakers: "“...,” said X", "X says: “...”", "he added", "according to X"."""

from __future__ import annotations

import re
from typing import Iterator

from spacy.tokens import Span, Token

from ..model import EntityType, QuoteMention
from .base import lemma_of
from .context import DocContext

__all__ = ["find_quotes", "quote_spans"]

_CURLY = re.compile(r"“([^”“]{1,2000})”")
_STRAIGHT = re.compile(r'"([^"\n]{1,2000})"')
_PRONOUNS = {"he", "she", "they"}
_ABOUT_TYPES = (EntityType.ORGANIZATION, EntityType.MODEL, EntityType.CHIP)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges (inside the quote marks) of every quotation in ``text``."""
    spans = [(m.start(1), m.end(1)) for m in _CURLY.finditer(text)]
    spans += [(m.start(1), m.end(1)) for m in _STRAIGHT.finditer(text)]
    return sorted(spans)


def find_quotes(ctx: DocContext, roles: set[tuple[int, int]]) -> Iterator[QuoteMention]:
    """Every attributed quotation of the document. ``roles`` holds (person, org) pairs to skip as topics."""
    doc = ctx.doc
    sentences = list(doc.sents)
    for start, end in quote_spans(doc.text):
        inside = doc.char_span(start, end, alignment_mode="expand")
        if inside is None or not inside.text.strip():
            continue
        first = next(i for i, s in enumerate(sentences) if s.end_char > start)
        last = next(i for i, s in enumerate(sentences) if s.end_char >= end)
        own = sentences[first:last + 1]
        speaker = _speaker(ctx, own, inside)
        confidence = 0.8
        if speaker is None:
            near = [sentences[first - 1]] if first > 0 else []
            near += [sentences[last + 1]] if last + 1 < len(sentences) else []
            for sent in near:
                if not any(q[0] < sent.end_char and q[1] > sent.start_char for q in quote_spans(doc.text)) or sent.text.rstrip().endswith(":"):
                    speaker = _speaker(ctx, [sent], inside)
                    if speaker is not None:
                        confidence = 0.6
                        break
        if speaker is None:
            continue
        if len(inside) < 3 and not any(lemma_of(t) in ("call", "describe", "say", "label", "dub") for s in own for t in s):
            continue
        about = _about(ctx, own, inside, speaker, roles)
        sentence = doc[own[0].start:own[-1].end]
        yield QuoteMention(speaker, inside.text, tuple(about), ctx.evidence(sentence, "quote-speaker", confidence))


def _speaker(ctx: DocContext, sentences: list[Span], inside: Span) -> int | None:
    said = {v for v, p in ctx.domain.verb_predicates().items() if p == "said"} | {"credit", "compare", "hail", "dismiss", "welcome"}
    for sent in sentences:
        for token in sent:
            if inside.start <= token.i < inside.end:
                continue
            if token.pos_ in ("VERB", "AUX") and lemma_of(token) in said:
                for subject in (c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")):
                    person = _person(ctx, subject, inside)
                    if person is not None:
                        return person
            if token.lower_ == "according" and token.i + 2 < len(ctx.doc) and ctx.doc[token.i + 1].lower_ == "to":
                index = ctx.mention_at(ctx.doc[token.i + 2])
                if index is not None and ctx.type_of(index) is EntityType.PERSON:
                    return index
        # "As Perplexity CEO Aravind Srinivas put it:" or a colon right before the quote
        if sent.text.rstrip().endswith(":") or ":" in ctx.doc.text[sent.start_char:inside.start_char][-3:]:
            people = [i for i in ctx.mentions_in(sent, EntityType.PERSON) if ctx.mentions[i].end <= inside.start_char]
            if people:
                return people[-1]
    return None


def _person(ctx: DocContext, token: Token, inside: Span) -> int | None:
    if inside.start <= token.i < inside.end:
        return None
    index = ctx.mention_at(token)
    if index is None:
        for child in token.subtree:
            index = ctx.mention_at(child)
            if index is not None:
                break
    if index is not None:
        return index if ctx.type_of(index) is EntityType.PERSON else None
    if token.lower_ in _PRONOUNS:
        before = [i for i, m in enumerate(ctx.mentions) if m.type is EntityType.PERSON and m.end <= token.idx]
        return before[-1] if before else None
    return None


def _about(ctx: DocContext, own: list[Span], inside: Span, speaker: int, roles: set[tuple[int, int]]) -> list[int]:
    speaker_key = ctx.mentions[speaker].key
    skip = {o for p, o in roles if ctx.mentions[p].key == speaker_key}
    skip_keys = {ctx.mentions[o].key for o in skip}

    def keep(indexes: list[int]) -> list[int]:
        out, keys = [], set()
        for i in indexes:
            m = ctx.mentions[i]
            if m.key in skip_keys or m.key == speaker_key or m.key in keys or m.type not in _ABOUT_TYPES:
                continue
            keys.add(m.key)
            out.append(i)
        return out

    about = keep(ctx.mentions_in(inside))
    if about:
        return about
    outside = [i for s in own for i in ctx.mentions_in(s) if not (inside.start_char <= ctx.mentions[i].start < inside.end_char)]
    about = keep(outside)
    if about:
        return about
    return [ctx.topic_org] if ctx.topic_org is not None and ctx.mentions[ctx.topic_org].key not in skip_keys else []
