"""Rules read from the shape of names rather than from the sentence: "DeepSeek-R1" is DeepSeek's."""

from __future__ import annotations

from typing import Iterator

from ..model import EntityType, Predicate
from .context import DocContext, Resolved
from .rules import Candidate, Rule, builtin, check

__all__ = ["org_prefixed_name"]


@builtin("org_prefixed_name")
def org_prefixed_name(ctx: DocContext, rule: Rule) -> Iterator[Candidate]:
    """A model name that starts with the name of an organisation the text names: "DeepSeek-R1",
    "Google Gemini 2.0" (a ``developed`` rule); a chip name likewise, "Nvidia H100" (``madeBy``)."""
    orgs = ctx.org_by_name
    wanted = EntityType.MODEL if rule.relation == Predicate.DEVELOPED.value else EntityType.CHIP
    for index, mention in enumerate(ctx.mentions):
        if mention.type is not wanted:
            continue
        words = mention.text.replace("-", " ").split()
        for width in range(len(words) - 1, 0, -1):
            prefix = " ".join(words[:width])
            org = orgs.get(ctx.domain.canonical(prefix) or prefix)
            if org is None:
                continue
            start, _ = ctx.mention_tokens[index]
            if start < 0:
                break
            trigger = ctx.doc[start]
            if mention.type is EntityType.MODEL:
                yield check(ctx, rule, Predicate.DEVELOPED, trigger, Resolved(org), Resolved(index))
            else:
                yield check(ctx, rule, Predicate.MADE_BY, trigger, Resolved(index), Resolved(org))
            break
