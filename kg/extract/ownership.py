"""backedBy: "Microsoft-backed OpenAI", "backed by X", "born out of X", "X's parent company, Y"."""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span

from ..model import EntityType, Predicate
from .base import Found, lemma_of, subject_of
from .context import DocContext

__all__ = ["find"]


def _org(ctx: DocContext, token) -> int | None:
    resolved = ctx.resolve(token)
    if resolved and ctx.type_of(resolved.mention) is EntityType.ORGANIZATION and not resolved.stand_in:
        return resolved.mention
    return None


def find(ctx: DocContext, sent: Span) -> Iterator[Found]:
    yield from _backing_verb(ctx, sent)
    yield from _hyphenated(ctx, sent)
    yield from _origin(ctx, sent)
    yield from _parent(ctx, sent)


def _backing_verb(ctx: DocContext, sent: Span) -> Iterator[Found]:
    """"Microsoft, which has invested $13 billion in OpenAI", "Alibaba owns a stake in Moonshot AI",
    "Google acquired DeepMind" (active voice; the passive is read by the origin phrases)."""
    verbs = ctx.domain.verbs("backedBy")
    for token in sent:
        if token.pos_ != "VERB" or lemma_of(token) not in verbs or token.tag_ == "VBN" and token.dep_ in ("amod", "acl"):
            continue
        if any(c.dep_ in ("auxpass", "agent") for c in token.children):
            continue
        backers = ctx.subjects(token)
        backed = ctx.objects(token, preps=("in",) if lemma_of(token) == "invest" else ())
        for obj in (c for c in token.children if c.dep_ == "dobj"):  # "owns a stake in X"
            backed += [r for prep in obj.children if prep.dep_ == "prep" and prep.lower_ == "in"
                       for o in prep.children if o.dep_ == "pobj" for r in ctx.resolve_all(o)]
        for b in backers:
            for o in backed:
                if b.mention != o.mention and not b.stand_in and not o.stand_in and \
                        ctx.type_of(b.mention) is ctx.type_of(o.mention) is EntityType.ORGANIZATION:
                    yield Found(o.mention, Predicate.BACKED_BY, b.mention, "backing-verb", 0.7)


def _hyphenated(ctx: DocContext, sent: Span) -> Iterator[Found]:
    doc = ctx.doc
    adjectives = ctx.domain.words("backed_adjectives")
    for token in sent:
        if token.text in ("-", "–") and token.i + 1 < sent.end and doc[token.i + 1].lower_ in adjectives and token.i - 1 >= sent.start:
            backer = ctx.mention_at(doc[token.i - 1])
            for k in range(token.i + 2, min(sent.end, token.i + 6)):
                backed = ctx.mention_at(doc[k])
                if backed is not None:
                    if backer is not None and ctx.type_of(backer) is ctx.type_of(backed) is EntityType.ORGANIZATION:
                        yield Found(backed, Predicate.BACKED_BY, backer, "hyphen-backed", 0.85)
                    break


def _origin(ctx: DocContext, sent: Span) -> Iterator[Found]:
    """"DeepSeek was born of a hedge fund called X", "the lab is backed by X"."""
    doc = ctx.doc
    lower = sent.text.lower()
    for phrase in ctx.domain.triggers["origin_phrases"]:
        at = lower.find(phrase + " ")
        while at >= 0:
            span = doc.char_span(sent.start_char + at, sent.start_char + at + len(phrase), alignment_mode="expand")
            at = lower.find(phrase + " ", at + 1)
            if span is None:
                continue
            backer = None
            for t in doc[span.end:min(sent.end, span.end + 8)]:
                index = ctx.mention_at(t)
                if index is not None:
                    backer = index if ctx.type_of(index) is EntityType.ORGANIZATION else None
                    break
            if backer is None:
                continue
            verb = span[0] if span[0].pos_ in ("VERB", "AUX") else span.root
            subjects = list(subject_of(verb)) or ([verb.head] if verb.dep_ in ("acl", "appos") else [])
            if not subjects and verb.dep_ == "attr":  # "X is a subsidiary of Y"
                subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
            if not subjects and verb.head is not verb:
                subjects = list(subject_of(verb.head))
            for subject in subjects:
                backed = _org(ctx, subject)
                if backed is not None and backed != backer:
                    coref = ctx.resolve(subject).coref
                    yield Found(backed, Predicate.BACKED_BY, backer, "origin-phrase", 0.6 if coref else 0.8)


def _parent(ctx: DocContext, sent: Span) -> Iterator[Found]:
    """"TikTok's parent company, ByteDance", "TikTok parent company ByteDance", "Y, X's parent company"."""
    doc = ctx.doc
    for token in sent:
        if token.lower_ not in ("parent", "owner", "backer", "investor"):
            continue
        end = token.i + 1
        if end < sent.end and doc[end].lower_ in ("company", "firm", "group"):
            end += 1
        start = token.i
        while start - 1 >= sent.start and doc[start - 1].pos_ == "ADJ":  # "OpenAI's biggest backer"
            start -= 1
        if start - 1 >= sent.start and doc[start - 1].lower_ in ("'s", "’s"):
            start -= 1
        child = ctx.mention_at(doc[start - 1]) if start - 1 >= sent.start else None
        if child is None or ctx.type_of(child) is not EntityType.ORGANIZATION:
            continue
        parent = None
        k = end
        if k < sent.end and doc[k].text == ",":
            k += 1
        if k < sent.end:
            parent = ctx.mention_at(doc[k])
        if parent is None:
            # "Alphabet (GOOGL), Google's parent company": the name before the comma
            k = start - 2
            while k >= sent.start and doc[k].text != ",":
                k -= 1
            if k - 1 >= sent.start:
                j = k - 1
                while j >= sent.start and doc[j].text in (")", "("):
                    j -= 1
                while j > sent.start and ctx.mention_at(doc[j]) is not None and doc[j - 1].text == "(":
                    j -= 2
                parent = ctx.mention_at(doc[j]) if j >= sent.start else None
        if parent is not None and parent != child and ctx.type_of(parent) is EntityType.ORGANIZATION:
            yield Found(child, Predicate.BACKED_BY, parent, "parent-company", 0.8)
