"""founded / leads / worksFor: job titles before or after a name, possessives, "founded by"."""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span

from ..model import EntityType, Predicate
from .base import Found, conjuncts, lemma_of, subject_of
from .context import DocContext

__all__ = ["find"]

_PREPOSITIONS = {"at", "of", "with", "for", "on", "from", "in"}
_STOP = {".", ";", "!", "?", '"', "“", "”", "who", "which", "that", "whose", "when", "while"}


def _title_at(ctx: DocContext, sent: Span, end: int) -> tuple[Predicate, int] | None:
    """A job title ending just before token ``end`` (e.g. "general partner"), with its start."""
    titles = ctx.domain.title_predicates()
    doc = ctx.doc
    for width in (3, 2, 1):
        start = end - width
        if start < sent.start:
            continue
        phrase = doc[start:end].text.lower().replace(" - ", "-")
        if phrase in titles:
            return Predicate(titles[phrase]), start
    return None


def find(ctx: DocContext, sent: Span) -> Iterator[Found]:
    yield from _role_verb(ctx, sent)
    yield from _before_name(ctx, sent)
    yield from _appositive(ctx, sent)
    yield from _founded_verb(ctx, sent)
    yield from _his_company(ctx, sent)


def _role_verb(ctx: DocContext, sent: Span) -> Iterator[Found]:
    """"Jane Roe, who runs Acme", "Bob Li heads Baidu's AI lab", "she joined OpenAI in 2020"."""
    groups = ((Predicate.LEADS, ctx.domain.verbs("leads")), (Predicate.WORKS_FOR, ctx.domain.verbs("worksFor")))
    for token in sent:
        if token.pos_ != "VERB":
            continue
        predicate = next((p for p, verbs in groups if lemma_of(token) in verbs), None)
        if predicate is None:
            continue
        people = ctx.subjects(token)
        orgs = ctx.objects(token, preps=("at", "for") if predicate is Predicate.WORKS_FOR else ())
        for p in people:
            for o in orgs:
                if ctx.type_of(p.mention) is EntityType.PERSON and ctx.type_of(o.mention) is EntityType.ORGANIZATION and not o.stand_in:
                    yield Found(p.mention, predicate, o.mention, f"{predicate.value}-verb", 0.7)


_OWN_NOUNS = {"startup": Predicate.FOUNDED, "start-up": Predicate.FOUNDED, "venture": Predicate.FOUNDED,
              "company": Predicate.LEADS, "firm": Predicate.LEADS, "fund": Predicate.LEADS}


def _his_company(ctx: DocContext, sent: Span) -> Iterator[Found]:
    """"Kai-Fu Lee has said his startup 01.ai ...", "His hedge fund, High-Flyer, ..."."""
    doc = ctx.doc
    for token in sent:
        if token.lower_ not in ("his", "her"):
            continue
        k = token.i + 1
        while k < sent.end and k - token.i <= 3 and doc[k].lower_ not in _OWN_NOUNS:
            k += 1
        if k >= sent.end or doc[k].lower_ not in _OWN_NOUNS:
            continue
        predicate = _OWN_NOUNS[doc[k].lower_]
        n = k + 1
        if n < sent.end and doc[n].text == ",":
            n += 1
        org = ctx.mention_at(doc[n]) if n < sent.end else None
        if org is None or ctx.type_of(org) is not EntityType.ORGANIZATION:
            continue
        person = _previous_person(ctx, token)
        if person is not None:
            yield Found(person, predicate, org, "his-company", 0.6)


def _previous_person(ctx: DocContext, token) -> int | None:
    """The person a "his"/"her" refers to: the last person named in this or the previous two sentences."""
    last = ctx.last_before(token.idx, EntityType.PERSON)
    if last is None or ctx.mentions[last].sentence < ctx.sentence_of(token) - 2:
        return None
    return last


def _before_name(ctx: DocContext, sent: Span) -> Iterator[Found]:
    """"Microsoft CEO Satya Nadella", "DeepSeek's founder, Liang Wenfeng", "OpenAI's Sam Altman"."""
    doc = ctx.doc
    modifiers = ctx.domain.words("title_modifiers")
    for person in ctx.mentions_in(sent, EntityType.PERSON):
        span = doc.char_span(ctx.mentions[person].start, ctx.mentions[person].end, alignment_mode="expand")
        if span is None:
            continue
        start = i = span.start
        if i - 1 >= sent.start and doc[i - 1].text == ",":
            i -= 1
        title = _title_at(ctx, sent, i)
        if title is None:
            # "OpenAI's Sam Altman" / "Meta's Zuckerberg"
            if i == start and i - 2 >= sent.start and doc[i - 1].lower_ in ("'s", "’s"):
                org = ctx.mention_at(doc[i - 2])
                if org is not None and ctx.type_of(org) is EntityType.ORGANIZATION:
                    yield Found(person, Predicate.WORKS_FOR, org, "possessive-person", 0.6)
            continue
        predicate, j = title
        while j - 1 >= sent.start and doc[j - 1].lower_ in modifiers | {"ai"}:
            j -= 1
        if j - 1 >= sent.start and doc[j - 1].lower_ in ("'s", "’s"):
            j -= 1
        owner = ctx.possessor(doc[j - 1]) if j - 1 >= sent.start else None
        if owner is None or ctx.type_of(owner.mention) is not EntityType.ORGANIZATION:
            continue
        yield Found(person, predicate, owner.mention, "title-before-name", 0.55 if owner.coref else 0.85)


def _appositive(ctx: DocContext, sent: Span) -> Iterator[Found]:
    """"Chetan Puttagunta, general partner at Benchmark", "Liang, DeepSeek's CEO"."""
    doc = ctx.doc
    for person in ctx.mentions_in(sent, EntityType.PERSON):
        span = doc.char_span(ctx.mentions[person].start, ctx.mentions[person].end, alignment_mode="expand")
        if span is None:
            continue
        i = span.end
        if i < len(doc) and doc[i].lower_ in ("'s", "’s"):
            continue
        if i >= sent.end or doc[i].text != ",":
            continue
        region_end = min(sent.end, i + 32)
        j = i + 1
        while j < region_end:
            token = doc[j]
            if token.text in _STOP or token.lower_ in _STOP:
                break
            if token.tag_ in ("VBD", "VBZ", "VBP", "MD"):
                break
            index = ctx.mention_at(token)
            if index is not None and ctx.type_of(index) is EntityType.PERSON and index != person:
                if token.dep_ not in ("compound", "amod", "poss", "nmod"):
                    break  # another person's clause starts ("a Trump supporter" only modifies)
                j += 1
                continue
            if index is not None and ctx.type_of(index) is EntityType.ORGANIZATION:
                found = _role_for(ctx, sent, i + 1, j, person, index)
                if found:
                    yield found
                while j < region_end and ctx.mention_at(doc[j]) == index:
                    j += 1
                continue
            j += 1


def _role_for(ctx: DocContext, sent: Span, region_start: int, org_start: int, person: int, org: int) -> Found | None:
    """Find "TITLE prep [descriptors] ORG" or "ORG's TITLE" around an organisation in an apposition."""
    doc = ctx.doc
    org_end = org_start
    while org_end < sent.end and ctx.mention_at(doc[org_end]) == org:
        org_end += 1
    # "Liang, DeepSeek's CEO"
    if org_end + 1 < sent.end and doc[org_end].lower_ in ("'s", "’s"):
        k = org_end + 1
        while k < min(sent.end, org_end + 5):
            title = _title_at(ctx, sent, k + 1)
            if title and title[1] >= org_end + 1:
                return Found(person, title[0], org, "appositive-possessive-title", 0.8)
            k += 1
    # "general partner at Benchmark", "president of AI market research firm Reflexivity"
    k = org_start - 1
    while k >= region_start and doc[k].lower_ not in _PREPOSITIONS:
        if doc[k].text in (",", "and") and doc[k].lower_ != "'s":
            return None
        k -= 1
    if k < region_start:
        return None
    # the title may sit a few words before the preposition: "head of AI at Samsung"
    for end in range(k, max(region_start, k - 4), -1):
        if doc[end - 1].is_punct or doc[end - 1].tag_ in ("VBD", "VBZ", "VBP"):
            break
        title = _title_at(ctx, sent, end)
        if title is not None and end == k:
            return Found(person, title[0], org, "appositive-title", 0.8)
        if title is not None:  # "head of AI at Samsung": heads a unit, works for the company
            return Found(person, Predicate.WORKS_FOR, org, "appositive-title", 0.7)
    return None


def _founded_verb(ctx: DocContext, sent: Span) -> Iterator[Found]:
    """"X founded Y", "X and Y co-founded Z", "Y, founded in 2023 by X"."""
    verbs = ctx.domain.verbs("founded")
    for token in sent:
        if token.pos_ != "VERB" or lemma_of(token) not in verbs:
            continue
        if lemma_of(token) in ("start", "launch") and not any(c.dep_ == "dobj" for c in token.children):
            continue
        passive = token.tag_ == "VBN" and (token.dep_ in ("acl", "relcl") or any(c.dep_ in ("auxpass", "agent") for c in token.children))
        people, orgs = [], []
        if passive:
            for agent in (c for c in token.children if c.dep_ == "agent"):
                for obj in (c for c in agent.children if c.dep_ == "pobj"):
                    people += [r for t in conjuncts(obj) for r in ctx.resolve_all(t)]
            heads = [token.head] if token.dep_ in ("acl", "relcl") else list(subject_of(token))
            orgs += [ctx.resolve(t) for t in heads]
        else:
            people += [ctx.resolve(t) for t in subject_of(token)]
            for obj in (c for c in token.children if c.dep_ == "dobj"):
                orgs += [ctx.resolve(t) for t in conjuncts(obj)]
        for p in people:
            for o in orgs:
                if p and o and ctx.type_of(p.mention) is EntityType.PERSON and ctx.type_of(o.mention) is EntityType.ORGANIZATION:
                    yield Found(p.mention, Predicate.FOUNDED, o.mention, "founded-verb", 0.6 if o.coref or p.coref else 0.85)
