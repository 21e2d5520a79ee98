"""basedIn: "DeepSeek, based in Hangzhou", "Hangzhou-based DeepSeek", "headquartered in X"."""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span

from ..model import EntityType, Predicate
from .base import Found, subject_of
from .context import DocContext

__all__ = ["find"]


def find(ctx: DocContext, sent: Span) -> Iterator[Found]:
    doc = ctx.doc
    adjectives = ctx.domain.words("based_adjectives")
    for token in sent:
        if token.lower_ not in adjectives:
            continue
        # "Hangzhou-based DeepSeek", "Hangzhou-based AI startup DeepSeek"
        if token.i - 2 >= sent.start and doc[token.i - 1].text in ("-", "–"):
            place = ctx.mention_at(doc[token.i - 2])
            if place is None or ctx.type_of(place) is not EntityType.PLACE:
                continue
            org = None
            for k in range(token.i + 1, min(sent.end, token.i + 6)):
                org = ctx.mention_at(doc[k])
                if org is not None or doc[k].pos_ not in ("NOUN", "PROPN", "ADJ", "PUNCT"):
                    break  # only a noun phrase may stand between "-based" and the name
            if org is None:
                resolved = ctx.resolve(token.head)  # "Moonshot AI, a Beijing-based startup"
                org = resolved.mention if resolved else None
            if org is not None and ctx.type_of(org) is EntityType.ORGANIZATION:
                yield Found(org, Predicate.BASED_IN, place, "place-based", 0.85)
            continue
        # "X, based in P" / "X is headquartered in P"
        places = []
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "out")):
            for obj in prep.subtree:
                index = ctx.mention_at(obj)
                if index is not None and ctx.type_of(index) is EntityType.PLACE and index not in places:
                    places.append(index)
        if not places:
            continue
        heads = [token.head] if token.dep_ in ("acl", "amod", "advcl", "appos") else list(subject_of(token))
        for head in heads:
            resolved = ctx.resolve(head)
            if resolved and ctx.type_of(resolved.mention) is EntityType.ORGANIZATION:
                for place in places:
                    yield Found(resolved.mention, Predicate.BASED_IN, place, "based-in", 0.55 if resolved.coref else 0.8)
