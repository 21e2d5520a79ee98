"""Funding rounds and acquisitions read from one document: who raised how much, in which round,
from whom, at what valuation; who bought whom, for how much; and where each stands.

Each mechanism has an id (recorded as the evidence's rule) and examples in
``kg/data/events.json``:

- ``funding-raised``: a verb of raising ("raised", "secured", "closed" ...) and the sum that is
  its object ("Acme raised $5 million in a Series A round"); the recipient is the verb's subject,
  resolved as relation rules resolve it (:meth:`DocContext.subjects`: "it", "the startup", "which");
- ``funding-round-noun``: a round named with its sum or name ("a $235-million funding round",
  "its seed funding of $5.4 million"); the recipient is :meth:`DocContext.recipient` of the noun
  ("Acme's round", "a round for Acme", "Acme announced a round ...");
- ``funding-invested``: a sum an investor puts into a company ("Amazon has invested $4 billion in
  Anthropic"), read from the ``invests-in`` relation the rules give;
- ``funding-investor-list``: names listed after an investor noun ("Investors included A, B and
  C", "other investors like A and B also participated") for the round just reported;
- ``acquisition``: a ``backedBy`` fact whose word is one of buying ("acquired", "its acquisition
  of", "sold ... to"), with the price it is bought for.

A fund invests for its parent: the parent of an investor the document calls its fund or arm ("GV,
the venture arm of Alphabet", "Microsoft through its M12 fund") is an investor too.

A sum belongs to the round or the purchase whose words it hangs from in the parse; sums after
"valued at" / "a valuation of" are valuations. Investors are the ``backedBy`` facts of the rules
listed in ``investor_rules`` for the same company, in the round's sentence or in one of the three
after it ("Investors included A, B and C"); a round is led by those whose word is one of leading
("led by", "co-led"). A round's status comes from how its sentence states it
(:mod:`kg.extract.factuality`): "is in talks to raise" is InTalks, "plans to raise" Planned; a
denied one ("did not raise") is no event. Reports of the same round in one document (same company,
and the same sum or round name) are one event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from spacy.tokens import Span, Token

from ..amounts import Found, find_money
from ..domain import Domain, load_domain
from ..errors import DataError
from ..model import Amount, Certainty, EntityType, EventKind, EventMention, EventStatus, Evidence, Predicate, TimeStatus
from .base import lemma_of
from .context import DocContext, Resolved

__all__ = ["EventWords", "load_event_words", "find_events", "MECHANISMS"]

_ORG = frozenset({EntityType.ORGANIZATION})
_INVESTORS = frozenset({EntityType.ORGANIZATION, EntityType.PERSON})
_VERBS = ("VERB", "AUX")
_REACH = 3  # sentences after a round in which its investors may still be listed
_CONFIDENCE = {"funding-raised": 0.8, "funding-round-noun": 0.7, "funding-invested": 0.75, "funding-investor-list": 0.6,
               "acquisition": 0.75}
MECHANISMS = tuple(_CONFIDENCE)


@dataclass(frozen=True)
class EventWords:
    """The word lists of ``events.json`` (and the trigger lists of ``triggers.json`` they build on)."""

    words: dict[str, frozenset[str]]
    particles: dict[str, frozenset[str]]  # verbs of buying that need a particle: "take" -> "over"
    investor_rules: frozenset[str]
    round_name: re.Pattern[str]

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.words[name]


@lru_cache(maxsize=8)
def load_event_words(domain: Domain | None = None) -> EventWords:
    """The words of ``events.json`` (the package's, with a ``--data`` folder's additions; read once per Domain)."""
    raw = (domain or load_domain()).data("events.json")
    patterns = raw["round_names"]
    words = {k: frozenset(w.lower() for w in v) for k, v in raw["words"].items()}

    def alternatives(items: list[str]) -> str:
        return "|".join(sorted(items, key=len, reverse=True))

    # "Series B" wherever it stands; "seed", "angel" ... only before a round noun ("a seed round")
    pattern = re.compile(rf"\b(?:(?P<alone>{alternatives(patterns['alone'])})\b"
                         rf"|(?P<before>{alternatives(patterns['before_noun'])})(?=[\s-]+(?:{alternatives(patterns['nouns'])})\b))",
                         re.IGNORECASE)
    particles = {k: frozenset(v) for k, v in raw["acquisition_particles"].items()}
    return EventWords(words, particles, frozenset(raw["investor_rules"]), pattern)


def check_investor_rules(rule_ids: Iterable[str], domain: Domain | None = None) -> None:
    """Every rule ``investor_rules`` names must exist (a renamed rule would silently drop investors)."""
    missing = load_event_words(domain).investor_rules - set(rule_ids)
    if missing:
        raise DataError(f"events.json: investor_rules names unknown rules: {', '.join(sorted(missing))}")


@dataclass
class _Event:
    """An event being assembled from one sentence (then merged with others of the document)."""

    kind: EventKind
    anchor: Token
    group: set[int]
    rule: str
    roles: list[tuple[str, int]] = field(default_factory=list)
    amount: Found | None = None
    valuation: Found | None = None
    round: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def key(self, ctx: DocContext) -> str:
        return ctx.mentions[self.main()].key

    def main(self) -> int:
        """The company the event is about: the recipient of a round, the company bought."""
        return next(m for role, m in self.roles if role in ("recipient", "acquired"))

    def add_role(self, role: str, mention: int) -> None:
        if all(m != mention for _, m in self.roles):
            self.roles.append((role, mention))
        elif role == "leadInvestor":  # an investor found leading
            self.roles = [(role if m == mention and r == "investor" else r, m) for r, m in self.roles]


def find_events(ctx: DocContext, candidates: list) -> tuple[EventMention, ...]:
    """The funding rounds and acquisitions of the document, from its sentences and the relation
    candidates the rules proposed (kept ones carry their evidence)."""
    words = load_event_words(ctx.domain)
    raising = ctx.domain.words("verbs/raised")
    investing = ctx.domain.words("verbs/investing")
    kept = [c for c in candidates if c.rejected is None and c.predicate is Predicate.BACKED_BY and c.evidence is not None]
    rounds: list[_Event] = []
    for sent in ctx.sentences:
        money = _figures(ctx, sent)
        if not money and not words.round_name.search(ctx.text, sent.start_char, sent.end_char):
            continue  # no sum and no round name: no round (and no valuation)
        groups = _round_groups(ctx, sent, raising | investing, words)
        amounts, valuations = _attach_money(ctx, sent, money, groups, words)
        names = _attach_names(ctx, sent, groups, words)
        for anchor, group in groups:
            amount, name = amounts.get(anchor.i), names.get(anchor.i)
            if amount is None and name is None:
                continue
            event = _round(ctx, sent, anchor, group, raising, investing, kept)
            if event is None:
                continue
            event.amount, event.round = amount, name
            event.valuation = valuations[0] if valuations else None
            rounds.append(event)
        if valuations and not any(e.anchor.sent == sent for e in rounds):
            _late_valuation(ctx, sent, valuations[0], rounds)
    acquisitions = _acquisitions(ctx, kept, words)
    _add_investors(ctx, rounds, kept, words)
    _add_listed_investors(ctx, rounds, words)
    _add_parents_of_funds(ctx, rounds, kept, words)
    return tuple(_record(ctx, e) for e in _merged(ctx, rounds) + _merged(ctx, acquisitions))


# -- figures in a sentence ---------------------------------------------------------------------------
def _figures(ctx: DocContext, sent: Span) -> list[tuple[Found, Token, int]]:
    """The sums of money of ``sent``: each with the head word of its phrase and its first token."""
    out = []
    for found in find_money(ctx.text[sent.start_char:sent.end_char], ctx.domain):
        span = ctx.doc.char_span(sent.start_char + found.start, sent.start_char + found.end, alignment_mode="expand")
        if span is not None and len(span):
            out.append((found, span.root, span.start))
    return out


def _round_groups(ctx: DocContext, sent: Span, verbs: frozenset[str], words: EventWords) -> list[tuple[Token, set[int]]]:
    """The words that anchor a round: a verb of raising or investing with the round nouns it
    governs ("raised $5m in a Series A round": one group), and each other round noun."""
    groups: list[tuple[Token, set[int]]] = []
    grouped: set[int] = set()
    for token in sent:
        if token.pos_ == "VERB" and lemma_of(token) in verbs:
            group = {token.i}
            for child in token.children:
                if child.dep_ == "dobj" and lemma_of(child) in words["round_nouns"]:
                    group.add(child.i)
                if child.dep_ == "prep" and child.lower_ in ("in", "as", "through", "via"):
                    group |= {o.i for o in child.children if o.dep_ == "pobj" and lemma_of(o) in words["round_nouns"]}
            groups.append((token, group))
            grouped |= group
    by_verb = {anchor.i: group for anchor, group in groups}
    for token in sent:
        if token.pos_ in ("NOUN", "PROPN") and lemma_of(token) in words["round_nouns"] and token.i not in grouped \
                and not (token.dep_ == "compound" and lemma_of(token.head) in words["round_nouns"]):
            own = {token.i} | {c.i for c in token.children if c.dep_ == "compound"}
            verb = _governing_verb(token)  # "secured $120m in Series A funding", however the phrase attaches
            if verb is not None and verb.i in by_verb:
                by_verb[verb.i] |= own
            else:
                groups.append((token, own))
    return groups


def _governing_verb(noun: Token) -> Token | None:
    """The verb a round noun's phrase hangs from, through prepositions and noun phrases (not other verbs)."""
    current = noun
    for _ in range(4):
        if current.dep_ not in ("pobj", "prep", "dobj", "compound", "nummod", "appos", "npadvmod") or current.head is current:
            return None
        current = current.head
        if current.pos_ in _VERBS:
            return current
    return None


def _hangs_from(token: Token, targets: dict[int, Token], via: frozenset[str] = frozenset({"dobj"}), steps: int = 6) -> Token | None:
    """The anchor of ``targets`` that ``token`` hangs from in the parse, climbing its heads without
    passing another verb (so "following its seed funding of $5m" keeps that sum to the seed round).
    A verb takes a sum only ``via`` its object ("raised $5m", not "raised prices to $5") or, for a
    price, a preposition of ``via`` ("acquired X for $5m")."""
    current, below = token, None
    for step in range(steps):
        if current.i in targets:
            if current.pos_ in _VERBS and below is not None and below.dep_ not in via and below.lower_ not in via:
                return None
            return targets[current.i]
        if current.head is current or step and current.pos_ in _VERBS:
            return None
        current, below = current.head, current
    return None


def _valuation(ctx: DocContext, first: int, sent: Span, words: EventWords) -> bool:
    """Is the sum starting at token ``first`` a valuation ("valued at $2 billion", "a valuation of")?"""
    before = ctx.doc[max(sent.start, first - 4):first]
    return any(t.lower_ in words["valuation_words"] for t in before)


def _attach_money(ctx: DocContext, sent: Span, money, groups, words: EventWords):
    """Each round anchor's sum (the first one hanging from it) and the sentence's valuations."""
    targets = {i: anchor for anchor, group in groups for i in group}
    amounts: dict[int, Found] = {}
    valuations: list[Found] = []
    for found, root, first in money:
        if _valuation(ctx, first, sent, words):
            valuations.append(found)
            continue
        anchor = _hangs_from(root, targets)
        if anchor is not None and anchor.i not in amounts:
            amounts[anchor.i] = found
    return amounts, valuations


def _attach_names(ctx: DocContext, sent: Span, groups, words: EventWords) -> dict[int, str]:
    """Each round anchor's name ("Series B", "seed"), from a name hanging from it or inside it."""
    targets = {i: anchor for anchor, group in groups for i in group}
    out: dict[int, str] = {}
    for m in words.round_name.finditer(ctx.text[sent.start_char:sent.end_char]):
        span = ctx.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if span is None:
            continue
        anchor = next((targets[t.i] for t in span if t.i in targets), None) or _hangs_from(span.root, targets)
        if anchor is not None and anchor.i not in out:
            out[anchor.i] = _round_name(m["alone"] or m["before"])
    return out


def _round_name(text: str) -> str:
    """ "series b" -> "Series B", "Seed" -> "seed": the way news writes round names."""
    words = text.split()
    if words[0].lower() == "series" or words[0].lower().startswith("pre-series"):
        return " ".join([words[0].capitalize(), *(w.upper() for w in words[1:])])
    return text.lower() if text.lower() != "pre-ipo" else "pre-IPO"


# -- one round ---------------------------------------------------------------------------------------
def _round(ctx: DocContext, sent: Span, anchor: Token, group: set[int], raising, investing, kept) -> _Event | None:
    """The round ``anchor`` states: its recipient, the investor of an investing verb, its evidence."""
    lemma = lemma_of(anchor)
    investor: list[Resolved] = []
    if anchor.pos_ == "VERB" and lemma in investing:
        rule = "funding-invested"
        own = [c for c in kept if c.trigger == anchor.i]
        if not own:
            return None
        recipient = Resolved(own[0].subject)
        investor = [Resolved(c.object) for c in own]
    elif anchor.pos_ == "VERB":
        rule = "funding-raised"
        recipient = next(iter(ctx.subjects(anchor, _ORG)), None)
    else:
        rule = "funding-round-noun"
        recipient = ctx.recipient(anchor)
    if recipient is None or ctx.type_of(recipient.mention) is not EntityType.ORGANIZATION or recipient.stand_in:
        return None
    evidence = ctx.evidence(sent, rule, _CONFIDENCE[rule] - (0.25 if recipient.coref else 0.0), anchor,
                            anchors=tuple(ctx.doc[i] for i in group if i != anchor.i))
    if not evidence.positive:
        return None
    event = _Event(EventKind.FUNDING, anchor, group, rule, [("recipient", recipient.mention)], evidence=[evidence])
    for r in investor:
        if ctx.type_of(r.mention) in _INVESTORS and r.mention != recipient.mention:
            event.add_role("investor", r.mention)
    return event


def _late_valuation(ctx: DocContext, sent: Span, valuation: Found, rounds: list[_Event]) -> None:
    """"People familiar with the matter said it is valued at $2.2 billion": a valuation in a
    sentence of its own, for the round just reported of the company it is said of."""
    verb = next((t for t in sent if t.lower_ in load_event_words(ctx.domain)["valuation_words"] and t.pos_ == "VERB"), None)
    if verb is None:
        return
    said_of = {ctx.mentions[r.mention].key for r in ctx.subjects(verb, _ORG)}
    sentence = ctx.sentence_of(sent[0])
    for event in reversed(rounds):
        if sentence - ctx.sentence_of(event.anchor) > _REACH:
            break
        if event.key(ctx) in said_of and event.valuation is None:
            event.valuation = valuation
            return


def _add_investors(ctx: DocContext, rounds: list[_Event], kept, words: EventWords) -> None:
    """Investors of each round: the backedBy facts of the investor rules for the round's company,
    in its sentence or the few after it; those whose word is one of leading lead it."""
    leading = ctx.domain.words("verbs/leading_round")
    for c in kept:
        if c.rule not in words.investor_rules or not c.evidence.positive or ctx.type_of(c.object) not in _INVESTORS:
            continue
        sentence = ctx.sentence_of(ctx.doc[c.trigger])
        key = ctx.mentions[c.subject].key
        near = [e for e in rounds if e.key(ctx) == key and 0 <= sentence - ctx.sentence_of(e.anchor) <= _REACH]
        if not near:
            continue
        event = min(near, key=lambda e: (sentence - ctx.sentence_of(e.anchor), abs(e.anchor.i - c.trigger)))
        lead = lemma_of(ctx.doc[c.trigger]) in leading
        if c.object != event.main():
            event.add_role("leadInvestor" if lead else "investor", c.object)


def _add_listed_investors(ctx: DocContext, rounds: list[_Event], words: EventWords) -> None:
    """"Investors included A, B and C", "Other investors like A and B also took part", "They
    joined existing investors A and B": the names listed after an investor noun whose clause is one
    of including, taking part, joining or investing are investors of the round of that sentence or
    of the few before it (mechanism ``funding-investor-list``)."""
    if not rounds:
        return
    verbs = ctx.domain.words("verbs/including") | ctx.domain.words("verbs/participating") | ctx.domain.words("verbs/investing")
    for sent in ctx.sentences:
        index = ctx.sentence_of(sent[0])
        near = [e for e in rounds if 0 <= index - ctx.sentence_of(e.anchor) <= _REACH]
        if not near:
            continue
        for noun in sent:
            if noun.pos_ != "NOUN" or lemma_of(noun) not in words["list_investor_nouns"]:
                continue
            # the clause of the noun, or the sentence's own verb when a title is parsed as one ("co-founder")
            verb = next((v for v in (ctx.clause_verb(noun), sent.root) if lemma_of(v) in verbs), None)
            start = _list_start(noun, verb, words) if verb is not None else None
            if start is None or ctx.negated(verb):
                continue
            event = min(near, key=lambda e: (index - ctx.sentence_of(e.anchor), abs(e.anchor.i - noun.i)))
            if not _owned_by(ctx, noun, verb, event, ctx.domain.words("verbs/investing")):
                continue
            listed = [m for m in _list_names(ctx, sent, start) if m != event.main()]
            for mention in listed:
                event.add_role("investor", mention)
            if listed:
                event.evidence.append(ctx.evidence(sent, "funding-investor-list", _CONFIDENCE["funding-investor-list"], verb))


def _list_start(noun: Token, verb: Token, words: EventWords) -> int | None:
    """Where the names listed for an investor noun begin: after the verb of "Investors included",
    after "like" / "such as" / "including" ("investors like A and B"), or right after the noun
    when names follow it ("existing investors A and B")."""
    doc = noun.doc
    if noun.dep_ == "nsubj" and verb.i > noun.i and all(not t.ent_type_ for t in doc[noun.i + 1:verb.i]):
        return verb.i + 1
    after = doc[noun.i + 1:min(noun.i + 3, noun.sent.end)]
    for marker in words["list_markers"]:
        parts = marker.split()
        if [t.lower_ for t in after[:len(parts)]] == parts:
            return noun.i + 1 + len(parts)
    if len(after) and after[0].ent_type_:
        return noun.i + 1
    return None


def _owned_by(ctx: DocContext, noun: Token, verb: Token, event: _Event, investing: frozenset[str]) -> bool:
    """Is the list about the round's company? Not when the investor noun or the verb names another
    ("investors in Beta", "Beta's investors", "took part in Beta's round"); and a verb of investing
    must name it ("investors like A poured money into Acme", not "... into AI startups")."""
    named: list[str] = []
    for head in (noun, verb):
        for child in head.children:
            targets = [child] if child.dep_ == "poss" and head is noun else \
                [o for o in child.children if o.dep_ == "pobj"] if child.dep_ == "prep" and child.lower_ in ("in", "into", "of") else []
            for target in targets:
                found = ctx.resolve(target, _ORG)
                if found is None:
                    found = next((ctx.resolve(t, _ORG) for t in target.children if t.dep_ in ("poss", "compound")), None)
                if found is not None and ctx.type_of(found.mention) is EntityType.ORGANIZATION:
                    named.append(ctx.mentions[found.mention].key)
    if any(key != event.key(ctx) for key in named):
        return False
    return bool(named) or lemma_of(verb) not in investing


def _list_names(ctx: DocContext, sent: Span, start: int) -> list[int]:
    """The investors of the list starting at token ``start``, up to the verb after it: an item per
    separator, each giving the last person or organisation it names ("GitHub CEO Jane Roe": Jane
    Roe; "memory maker SK Hynix": SK Hynix)."""
    separators = ctx.domain.words("list_separators")
    items: list[list[int]] = [[]]
    for token in sent[start - sent.start:]:
        mention = ctx.mention_at(token)
        if mention is not None:
            if ctx.type_of(mention) in _INVESTORS:
                items[-1].append(mention)
        elif token.pos_ in _VERBS and token.dep_ not in ("compound", "amod", "nmod") and not ctx.is_title(token) \
                or token.lower_ in (".", "(", ")", ":"):
            break
        elif token.lower_ in separators:
            items.append([])
    out: list[int] = []
    for item in items:
        if item and item[-1] not in out:
            out.append(item[-1])
    return out


def _add_parents_of_funds(ctx: DocContext, rounds: list[_Event], kept, words: EventWords) -> None:
    """A fund invests for its parent: the parent of an investor that the document calls its fund
    or arm ("led by GV, the venture arm of Alphabet", "Microsoft through its M12 fund") is an
    investor of the round too."""
    parents: dict[str, list[int]] = {}
    for c in kept:
        if c.evidence.positive and lemma_of(ctx.doc[c.trigger]) in words["fund_words"] and ctx.type_of(c.object) in _ORG:
            parents.setdefault(ctx.mentions[c.subject].key, []).append(c.object)
    for event in rounds:
        for role, mention in list(event.roles):
            if role in ("investor", "leadInvestor"):
                for parent in parents.get(ctx.mentions[mention].key, []):
                    if ctx.mentions[parent].key != event.key(ctx):
                        event.add_role("investor", parent)


# -- acquisitions ------------------------------------------------------------------------------------
def _acquisitions(ctx: DocContext, kept, words: EventWords) -> list[_Event]:
    """The backedBy facts whose word is one of buying, each an acquisition with the price hanging
    from that word ("for $500 million"); buying a stake is not buying the company."""
    out = []
    for c in kept:
        trigger = ctx.doc[c.trigger]
        if lemma_of(trigger) not in words["acquisition_words"] or not _with_particle(trigger, words):
            continue
        sent = ctx.sentences[ctx.sentence_of(trigger)]
        if any(ch.dep_ == "dobj" and lemma_of(ch) in words["stake_nouns"] for ch in trigger.children):
            continue
        if not c.evidence.positive or ctx.type_of(c.object) not in _INVESTORS:
            continue
        event = _Event(EventKind.ACQUISITION, trigger, {trigger.i}, "acquisition",
                       [("acquired", c.subject), ("acquirer", c.object)], evidence=[c.evidence])
        for found, root, first in _figures(ctx, sent):
            if not _valuation(ctx, first, sent, words) and _hangs_from(root, {trigger.i: trigger}, words["price_prepositions"]) is not None:
                event.amount = found
                break
        out.append(event)
    return out


def _with_particle(verb: Token, words: EventWords) -> bool:
    """A verb of buying that needs its particle has it ("took over Acme", not "took part in")."""
    particles = words.particles.get(lemma_of(verb))
    return particles is None or any(c.dep_ == "prt" and c.lower_ in particles for c in verb.children)


# -- one event per document -----------------------------------------------------------------------
def _merged(ctx: DocContext, events: list[_Event]) -> list[_Event]:
    """Reports of one event in a document as one: the same company (and acquirer), and the same sum
    or round name, or none of them given by one of the reports."""
    out: list[_Event] = []
    for event in events:
        same = next((e for e in out if _same(ctx, e, event)), None)
        if same is None:
            out.append(event)
            continue
        for role, mention in event.roles:
            same.add_role(role, mention)
        same.amount = same.amount or event.amount
        same.valuation = same.valuation or event.valuation
        same.round = same.round or event.round
        same.evidence += event.evidence
    return out


def _same(ctx: DocContext, a: _Event, b: _Event) -> bool:
    if a.kind is not b.kind or a.key(ctx) != b.key(ctx):
        return False
    if a.kind is EventKind.ACQUISITION:
        return {ctx.mentions[m].key for r, m in a.roles if r == "acquirer"} == {ctx.mentions[m].key for r, m in b.roles if r == "acquirer"}
    if a.amount is not None and b.amount is not None:
        return (a.amount.value, a.amount.currency) == (b.amount.value, b.amount.currency)
    return a.round is not None and a.round == b.round


def _record(ctx: DocContext, event: _Event) -> EventMention:
    first = event.evidence[0]
    return EventMention(
        kind=event.kind,
        roles=tuple(event.roles),
        evidence=tuple(event.evidence),
        amount=_amount(event.amount),
        valuation=_amount(event.valuation),
        round=event.round,
        status=_status(first),
        date=next((e.date for e in event.evidence if e.date), None),
    )


def _amount(found: Found | None) -> Amount | None:
    return Amount(found.value, found.currency) if found is not None else None


def _status(evidence: Evidence) -> EventStatus:
    """Completed, unless the sentence has it planned ("plans to raise") or being negotiated ("is in talks to")."""
    if evidence.time is TimeStatus.FUTURE:
        return EventStatus.IN_TALKS if evidence.certainty is Certainty.POSSIBLE else EventStatus.PLANNED
    return EventStatus.COMPLETED

