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
    sentences = ctx.sentences
    spans = quote_spans(ctx.text)
    for start, end in spans:
        inside = doc.char_span(start, end, alignment_mode="expand")
        if inside is None or not inside.text.strip():
            continue
        first = next((i for i, s in enumerate(sentences) if s.end_char > start), None)
        last = next((i for i, s in enumerate(sentences) if s.end_char >= end), None)
        if first is None or last is None:  # a quote past the parsed text (a pipeline that shortened it)
            continue
        own = sentences[first:last + 1]
        speaker, verb = _speaker(ctx, own, inside)
        confidence = 0.8
        if speaker is None and verb is None:
            # "He added: “...”" before, or "“...” he said." after: a sentence of attribution only
            near = [sentences[first - 1]] if first > 0 and sentences[first - 1].text.rstrip().endswith(":") else []
            if last + 1 < len(sentences) and inside.start <= own[0].start + 2 and len(sentences[last + 1]) <= 8:
                near.append(sentences[last + 1])
            for sent in near:
                if any(q[0] < sent.end_char and q[1] > sent.start_char for q in spans) and not sent.text.rstrip().endswith(":"):
                    continue
                speaker, verb = _speaker(ctx, [sent], inside)
                if speaker is not None:
                    confidence = 0.6
                    break
        if speaker is None:
            continue
        if len(inside) < 3 and (verb is None or lemma_of(verb) not in ("call", "describe", "say", "label", "dub")):
            continue
        about = _about(ctx, own, inside, speaker, verb, roles)
        sentence = doc[own[0].start:own[-1].end]
        yield QuoteMention(speaker, inside.text, tuple(about), ctx.evidence(sentence, "quote-speaker", confidence))


def _speaker(ctx: DocContext, sentences: list[Span], inside: Span) -> tuple[int | None, Token | None]:
    """The speaker and the speech verb of a quote: the speech verb nearest the quote wins."""
    said = ctx.domain.verbs("said")
    verbs = [t for sent in sentences for t in sent
             if not inside.start <= t.i < inside.end and t.pos_ in ("VERB", "AUX") and lemma_of(t) in said]
    verbs.sort(key=lambda t: (0 if t.left_edge.i <= inside.start and inside.end - 1 <= t.right_edge.i else 1,
                              min(abs(t.i - inside.start), abs(t.i - inside.end))))
    for verb in verbs:
        for candidate in _verb_subjects(verb):
            person = _person(ctx, candidate, inside)
            if person is not None:
                return person, verb
    for sent in sentences:
        for token in sent:
            if token.lower_ == "according" and token.i + 2 < len(ctx.doc) and ctx.doc[token.i + 1].lower_ == "to":
                index = ctx.mention_at(ctx.doc[token.i + 2])
                if index is not None and ctx.type_of(index) is EntityType.PERSON:
                    return index, token
    if verbs:
        return None, verbs[0]
    # "As Perplexity CEO Aravind Srinivas put it: “...”" with no speech verb found by the parser
    for sent in sentences:
        before = ctx.text[sent.start_char:inside.start_char].rstrip(" “\"'")
        if before.endswith(":"):
            people = [i for i in ctx.mentions_in(sent, EntityType.PERSON)
                      if ctx.mentions[i].end <= inside.start_char and not ctx.text.startswith("'", ctx.mentions[i].end)]
            if people:
                return people[-1], None
    return None, None


def _verb_subjects(verb: Token) -> list[Token]:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ in ("acl", "relcl", "advcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        head = verb.head
        subjects = [head.head if head.dep_ == "appos" else head]
    return subjects


def _person(ctx: DocContext, token: Token, inside: Span) -> int | None:
    if inside.start <= token.i < inside.end:
        return None
    index = ctx.mention_at(token)
    if index is None and token.pos_ in ("NOUN", "PROPN"):
        for child in token.children:
            if child.dep_ in ("compound", "appos"):
                index = ctx.mention_at(child)
                if index is not None:
                    break
    if index is not None:
        return index if ctx.type_of(index) is EntityType.PERSON else None
    if token.lower_ in _PRONOUNS:
        return ctx.last_before(token.idx, EntityType.PERSON)
    return None


def _argument_mentions(ctx: DocContext, verb: Token, speaker: int, inside: Span) -> list[int]:
    """Mentions in the arguments of ``verb`` (objects, clauses, "of"/"about" phrases), outside the
    speaker's own phrase and the quote."""
    speaker_tokens = set()
    for token in verb.children:
        if ctx.mention_at(token) == speaker or token.dep_ in ("nsubj", "nsubjpass") and token.lower_ in _PRONOUNS:
            speaker_tokens |= {t.i for t in token.subtree}
    args = [t for c in verb.children
            if c.dep_ in _ARGUMENTS or c.dep_ == "prep" and c.lower_ in ("of", "about", "on")
            for t in c.subtree if t.i not in speaker_tokens and not inside.start <= t.i < inside.end]
    return [i for i in (ctx.mention_at(t) for t in args) if i is not None]


_ARGUMENTS = {"dobj", "ccomp", "xcomp", "attr", "oprd", "dative", "obj", "nsubj", "nsubjpass"}


def _about(ctx: DocContext, own: list[Span], inside: Span, speaker: int, verb: Token | None,
           roles: set[tuple[int, int]]) -> list[int]:
    """What a quote is about: names in the quote, else in the speech verb's arguments, else the topic."""
    speaker_key = ctx.mentions[speaker].key
    skip_keys = {ctx.mentions[o].key for p, o in roles if ctx.mentions[p].key == speaker_key}

    def keep(indexes, types=_ABOUT_TYPES) -> list[int]:
        out, keys = [], set()
        for i in indexes:
            m = ctx.mentions[i]
            if m.key in skip_keys or m.key == speaker_key or m.key in keys or m.type not in types:
                continue
            keys.add(m.key)
            out.append(i)
        return out

    about = keep(ctx.mentions_in(inside))
    if about:
        return about
    if verb is not None:
        about = keep(_argument_mentions(ctx, verb, speaker, inside))
        if about:
            return about
    # "Zuckerberg praised Llama 3.1. “It is the best,” he said.": what the speaker's own verb was about
    named_in = ctx.mentions[speaker].sentence
    if named_in < ctx.sentence_of(own[0][0]):
        span = ctx.doc.char_span(ctx.mentions[speaker].start, ctx.mentions[speaker].end, alignment_mode="expand")
        head = span.root if span is not None else None
        if head is not None and head.dep_ in ("nsubj", "nsubjpass"):
            about = keep(_argument_mentions(ctx, head.head, speaker, inside))
            if about:
                return about
    return [ctx.topic_org] if ctx.topic_org is not None and ctx.mentions[ctx.topic_org].key not in skip_keys else []
