"""Quotations, their speakers and what they are about.

A quotation is text in curly or straight double quotes. Its speaker is found by one of these
mechanisms, each a rule id of ``kg/data/rules/quotes.json`` recorded on the evidence:

- ``quote-speech-verb``: the subject of the speech verb nearest the quote ("“…,” said X",
  "X says “…”", "he added", a pronoun taking the last person named);
- ``quote-according-to``: "“…,” according to X";
- ``quote-intro-colon``: a person named before a colon that opens the quote ("As X put it: “…”");
- ``quote-dash``: a dash and a name after the quote ("“…” – X, CEO of Y");
- ``quote-adjacent-sentence``: a sentence of attribution only, before ("He added:") or after
  ("“…” he said.").

What a quote is about: the organisations, models, chips and people it names (the speaker's own
company too); else the names in the speech verb's arguments ("called DeepSeek's achievements
“…”"), but not whom it was told to ("told Reuters"); else, for "it"/"this" or a model or chip word, the model or chip the text was just talking about
(or, failing that, the one the article is about); else the
document's main organisation; else, for "we"/"our", the speaker's own organisation. Scare quotes
without a speaker are not quotes.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterator

from spacy.tokens import Span, Token

from ..model import EntityType, QuoteMention
from .base import lemma_of, subject_of
from .context import DocContext

__all__ = ["find_quotes", "quote_spans"]

_CURLY = re.compile(r"“([^”“]{1,2000})”")
_STRAIGHT = re.compile(r'"([^"\n]{1,2000})"')
_ABOUT_TYPES = (EntityType.ORGANIZATION, EntityType.MODEL, EntityType.CHIP, EntityType.PERSON)
_ROLE_PREDICATES = ("leads", "worksFor", "founded")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges (inside the quote marks) of every quotation in ``text``."""
    spans = [(m.start(1), m.end(1)) for m in _CURLY.finditer(text)]
    spans += [(m.start(1), m.end(1)) for m in _STRAIGHT.finditer(text)]
    return sorted(spans)


def find_quotes(ctx: DocContext, roles: dict[int, list[int]]) -> Iterator[QuoteMention]:
    """Every attributed quotation of the document. ``roles`` maps a person mention to the
    organisations the document says they lead, work for or founded."""
    doc = ctx.doc
    sentences = ctx.sentences
    ends = [s.end_char for s in sentences]
    spans = quote_spans(ctx.text)
    for start, end in spans:
        inside = doc.char_span(start, end, alignment_mode="expand")
        if inside is None or not inside.text.strip():
            continue
        first = min(bisect.bisect_right(ends, start), len(sentences) - 1)
        last = min(bisect.bisect_left(ends, end), len(sentences) - 1)
        own = sentences[first:last + 1]
        speaker, verb, rule = _speaker(ctx, own, inside, end)
        confidence = 0.8
        if speaker is None and verb is None:
            # "He added: “...”" before, or "“...” he said." after: a sentence of attribution only
            near = [sentences[first - 1]] if first > 0 and sentences[first - 1].text.rstrip().endswith(":") else []
            if last + 1 < len(sentences) and inside.start <= own[0].start + 2 and len(sentences[last + 1]) <= 8:
                near.append(sentences[last + 1])
            for sent in near:
                if any(q[0] < sent.end_char and q[1] > sent.start_char for q in spans) and not sent.text.rstrip().endswith(":"):
                    continue
                speaker, verb, _ = _speaker(ctx, [sent], inside, end)
                if speaker is not None:
                    confidence, rule = 0.6, "quote-adjacent-sentence"
                    break
        if speaker is None:
            continue
        if len(inside) < 3 and (verb is None or lemma_of(verb) not in ctx.domain.words("naming_speech_verbs")):
            continue  # scare quotes: "the model can “reason”"
        about = _about(ctx, own, inside, speaker, verb, roles)
        sentence = doc[own[0].start:own[-1].end]
        yield QuoteMention(speaker, inside.text, tuple(about), ctx.evidence(sentence, rule, confidence))


def _speaker(ctx: DocContext, sentences: list[Span], inside: Span, end_char: int) -> tuple[int | None, Token | None, str]:
    """The speaker, the speech verb and the rule id of a quote: the speech verb nearest the quote wins."""
    said = ctx.domain.verbs("said")
    verbs = [t for sent in sentences for t in sent
             if not inside.start <= t.i < inside.end and t.pos_ in ("VERB", "AUX") and lemma_of(t) in said]
    verbs.sort(key=lambda t: (0 if t.left_edge.i <= inside.start and inside.end - 1 <= t.right_edge.i else 1,
                              min(abs(t.i - inside.start), abs(t.i - inside.end))))
    for verb in verbs:
        for candidate in _verb_subjects(ctx, verb):
            person = _person(ctx, candidate, inside)
            if person is not None:
                return person, verb, "quote-speech-verb"
    for sent in sentences:
        for token in sent:
            if _phrase_at(ctx, token) in ctx.domain.words("attribution_phrases") and token.i + 2 < len(ctx.doc):
                index = ctx.mention_at(ctx.doc[token.i + 2])
                if index is not None and ctx.type_of(index) is EntityType.PERSON:
                    return index, token, "quote-according-to"
    dashed = _dash_speaker(ctx, end_char)
    if dashed is not None:
        return dashed, None, "quote-dash"
    if verbs:
        return None, verbs[0], ""
    for sent in sentences:
        before = ctx.text[sent.start_char:inside.start_char].rstrip(" “\"'")
        if before.endswith(":"):
            people = [i for i in ctx.mentions_in(sent, EntityType.PERSON)
                      if ctx.mentions[i].end <= inside.start_char and not ctx.text.startswith("'", ctx.mentions[i].end)]
            if people:
                return people[-1], None, "quote-intro-colon"
    return None, None, ""


def _phrase_at(ctx: DocContext, token: Token) -> str:
    nxt = ctx.doc[token.i + 1].lower_ if token.i + 1 < len(ctx.doc) else ""
    return f"{token.lower_} {nxt}"


def _dash_speaker(ctx: DocContext, end_char: int) -> int | None:
    """"“…” – Jane Roe, CEO of Acme": a person named right after a dash that follows the quote."""
    rest = ctx.text[end_char:end_char + 40]
    match = re.match(r"[”\"’']?[\s\[\]\d]*([^\w\s]{1,2})\s*", rest)
    if match is None or match.group(1) not in ctx.domain.words("attribution_dashes"):
        return None
    at = end_char + match.end()
    index = bisect.bisect_left(ctx.mention_starts, at)
    if index < len(ctx.mentions) and ctx.mentions[index].start == at and ctx.mentions[index].type is EntityType.PERSON:
        return index
    return None


def _verb_subjects(ctx: DocContext, verb: Token) -> list[Token]:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ in ("acl", "relcl", "advcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        head = verb.head
        subjects = [head.head if head.dep_ == "appos" else head]
    if not subjects:  # "X joined Y on stage to mark the deal, quipping “…”": the subject it inherits
        subjects = list(subject_of(verb, ctx.relatives, ctx.controllers))
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
    if token.lower_ in ctx.domain.words("quote_speaker_pronouns"):
        return ctx.salient(token, EntityType.PERSON)  # the person last a subject nearby
    return None


def _argument_mentions(ctx: DocContext, verb: Token, speaker: int, inside: Span) -> list[int]:
    """Mentions in the arguments of ``verb`` (objects, clauses, "of"/"about" phrases), outside the
    speaker's own phrase and the quote."""
    pronouns = ctx.domain.words("quote_speaker_pronouns")
    speaker_tokens = set()
    for token in verb.children:
        if ctx.mention_at(token) == speaker or token.dep_ in ("nsubj", "nsubjpass") and token.lower_ in pronouns:
            speaker_tokens |= {t.i for t in token.subtree}
    # "“…,” she told Reuters": whom a quote is told to is not what it is about
    told = lemma_of(verb) in ctx.domain.words("verbs/telling")
    args = [t for c in verb.children
            if (c.dep_ in _ARGUMENTS and not (told and c.dep_ in ("dobj", "dative")))
            or c.dep_ == "prep" and c.lower_ in ("of", "about", "on")
            for t in c.subtree if t.i not in speaker_tokens and not inside.start <= t.i < inside.end]
    return [i for i in (ctx.mention_at(t) for t in args) if i is not None]


_ARGUMENTS = {"dobj", "ccomp", "xcomp", "attr", "oprd", "dative", "obj", "nsubj", "nsubjpass"}


def _about(ctx: DocContext, own: list[Span], inside: Span, speaker: int, verb: Token | None,
           roles: dict[int, list[int]]) -> list[int]:
    """What a quote is about (see the module docstring for the order of the mechanisms)."""
    speaker_key = ctx.mentions[speaker].key

    def keep(indexes, types=_ABOUT_TYPES) -> list[int]:
        out, keys = [], set()
        for i in indexes:
            m = ctx.mentions[i]
            if m.key == speaker_key or m.key in keys or m.type not in types:
                continue
            keys.add(m.key)
            out.append(i)
        return out

    about = keep(ctx.mentions_in(inside))
    if about:
        return about
    words = {t.lower_ for t in inside}
    if verb is not None:
        about = keep(_argument_mentions(ctx, verb, speaker, inside), _ABOUT_TYPES[:3])
        if about:
            return about
    # "Zuckerberg praised Llama 3.1. “It is the best,” he said.": what the speaker's own verb was about
    named_in = ctx.mentions[speaker].sentence
    if named_in < ctx.sentence_of(own[0][0]):
        head = ctx.root_of(speaker)
        if head is not None and head.dep_ in ("nsubj", "nsubjpass"):
            about = keep(_argument_mentions(ctx, head.head, speaker, inside), _ABOUT_TYPES[:3])
            if about:
                return about
    anaphors = ctx.domain.words("quote_anaphors") | ctx.model_nouns | ctx.chip_nouns
    if words & anaphors:  # "It is a model that punches above its weight"
        for entity_type in (EntityType.MODEL, EntityType.CHIP):
            found = ctx.salient(inside[0], entity_type)
            if found is not None and ctx.mentions[found].sentence >= ctx.sentence_of(own[0][0]) - 2:
                return keep([found])
        for entity_type in (EntityType.MODEL, EntityType.CHIP):  # the model or chip the article is about
            found = ctx.topic(entity_type)
            if found is not None:
                return keep([found])
    if ctx.topic_org is not None:
        return keep([ctx.topic_org])
    employers = [o for p, orgs in roles.items() if ctx.mentions[p].key == speaker_key for o in orgs]
    if words & ctx.domain.words("quote_self_words") and employers:  # "We are building ..." said by its CEO
        return keep(employers[:1])
    return []
