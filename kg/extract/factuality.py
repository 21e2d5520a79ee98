"""How a sentence states a fact: stated or denied, how sure, past, present or planned, who says
so, and when (the ``kg:polarity``, ``kg:certainty``, ``kg:timeStatus``, ``kg:attributedTo`` and
``kg:date`` of an evidence record).

Everything is read from the parse around the word that states the relation (the trigger), with
the cue words of ``kg/data/factuality.json``:

- **polarity**: the trigger or the verb governing it is negated ("did not beat", "never founded",
  "denied that ...": :meth:`DocContext.negated`), or said not to have happened ("almost joined");
- **certainty**: a hedging adverb ("reportedly"), hearsay ("is said to have founded"), an
  unnamed source ("according to people familiar with the matter", "sources said") make it
  Probable; a modal ("could", "may", "might") Possible;
- **time**: a title's modifier ("former CEO", "ex-CEO", "formerly chief executive"), an adverb
  ("previously worked"), the past perfect ("had worked"), the simple past of a role held ("who
  worked at", "was CEO of"), or the person leaving ("X, CEO of Y, resigned", "announced her
  resignation") make it Former; "will", "is set to", "plans to", "incoming" Future;
- **source**: "according to X", "X said (that) ...", "..., X reported": the person or
  organisation X, when the fact is inside what X is said to have said;
- **date**: a date the fact's own phrase gives ("founded in April 2021", "raised ... in May 2023").

The clause a fact is stated in decides its modality and tense. A relation read inside a noun
phrase ("Acme CEO Jane Roe did not comment", "Acme CEO Jane Roe will speak") is not touched by
the verb of the clause that phrase is in: only its own words ("former", "incoming") count.

>>> find_dates("It was founded in April 2021 and listed on March 5, 2024; 2019 robots were sold.")
[(18, 28, '2021-04'), (43, 56, '2024-03-05')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ..domain import Domain, load_domain
from ..model import Certainty, EntityType, Polarity, TimeStatus
from .base import lemma_of
from .context import DocContext

__all__ = ["Status", "Cues", "load_cues", "read_status", "find_dates", "date_of"]

_SOURCES = frozenset({EntityType.PERSON, EntityType.ORGANIZATION})
_ORG = frozenset({EntityType.ORGANIZATION})
_VERBS = ("VERB", "AUX")
# Dependencies from a verb up to the verb that governs it, through which its modality, tense and
# source carry ("plans to release", "said it raised", "joined and later led").
_CLAUSE_UP = frozenset({"xcomp", "ccomp", "conj", "advcl", "parataxis", "pcomp"})
# Dependencies from a noun up to the verb that states it ("is the CEO of", "serves as CEO").
_PREDICATE_UP = frozenset({"attr", "acomp", "oprd", "pobj", "prep", "conj", "npadvmod", "dobj"})


@dataclass(frozen=True)
class Status:
    """What :func:`read_status` found; the defaults are the plain statement of a current fact."""

    polarity: Polarity = Polarity.POSITIVE
    certainty: Certainty = Certainty.CERTAIN
    time: TimeStatus = TimeStatus.CURRENT
    source_mention: int | None = None
    date: str | None = None


@dataclass(frozen=True)
class Cues:
    """The cue words of ``factuality.json``, as sets."""

    words: dict[str, frozenset[str]]
    leaving_particles: dict[str, frozenset[str]]
    perfect_auxiliary: str
    months: dict[str, int]
    dates: re.Pattern[str]

    def __getattr__(self, name: str) -> frozenset[str]:
        try:
            return self.__dict__["words"][name]
        except KeyError:
            raise AttributeError(name) from None


@lru_cache(maxsize=8)
def load_cues(domain: Domain | None = None) -> Cues:
    """The cue lists of ``factuality.json`` (the package's, with a ``--data`` folder's additions; read once per Domain)."""
    raw = (domain or load_domain()).data("factuality.json")["cues"]
    months = {k.lower(): int(v) for k, v in raw["months"].items()}
    words = {k: frozenset(w if k.endswith("_predicates") else w.lower() for w in v) for k, v in raw.items() if isinstance(v, list)}
    return Cues(words, {k: frozenset(v) for k, v in raw["leaving_particles"].items()}, raw["perfect_auxiliary"],
                months, _date_pattern(months, words["date_prepositions"], words["date_qualifiers"]))


def _date_pattern(months: dict[str, int], prepositions: frozenset[str], qualifiers: frozenset[str]) -> re.Pattern[str]:
    """A date as news writes it: "March 5, 2019", "5 March 2019", "March 2019", or a year after a
    preposition ("in 2019", "since early 2020"); never a bare number ("2019 robots")."""
    month = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    def alternatives(words: frozenset[str]) -> str:
        return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))

    preps, qualifiers = alternatives(prepositions), alternatives(qualifiers)
    year = r"(?P<year>(?:19|20)\d\d)(?![\d-])"
    return re.compile(
        rf"\b(?:(?P<month>{month})\.?\s+(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?{year}"
        rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{month})\.?\s+(?P<year2>(?:19|20)\d\d)(?![\d-])"
        rf"|\b(?:{preps})\s+(?:(?:{qualifiers})\s+)?(?P<year3>(?:19|20)\d\d)(?![\d-]))",
        re.IGNORECASE)


def find_dates(text: str, domain: Domain | None = None) -> list[tuple[int, int, str]]:
    """Every date in ``text`` as (start, end, ISO value): "2019", "2019-03" or "2019-03-05"."""
    cues = load_cues(domain)
    out = []
    for m in cues.dates.finditer(text):
        year = m["year"] or m["year2"] or m["year3"]
        month = m["month"] or m["month2"]
        day = m["day"] or m["day2"]
        start = m.start("year3") if m["year3"] else m.start()
        if month is None:
            out.append((start, m.end(), year))
            continue
        number = cues.months[month.lower().rstrip(".")]
        if day and 1 <= int(day) <= 31:
            out.append((start, m.end(), f"{year}-{number:02d}-{int(day):02d}"))
        else:
            out.append((start, m.end(), f"{year}-{number:02d}"))
    return out


def read_status(ctx: DocContext, trigger: Token, predicate: str | None = None, arguments: tuple[int, ...] = (),
                anchors: tuple[Token, ...] = ()) -> Status:
    """The status of the fact ``trigger`` states (``predicate``, between the mentions ``arguments``,
    subject first). ``anchors`` are other words of the fact's phrase a date may hang from."""
    cues = load_cues(ctx.domain)
    verb = predicate_verb(ctx, trigger)
    clause = _clause(verb, cues) if verb is not None else []
    polarity = Polarity.NEGATIVE if ctx.negated(trigger) or _counterfactual(clause, predicate, cues) else Polarity.POSITIVE
    start = verb if verb is not None else ctx.clause_verb(trigger)
    source, hedged = _attribution(ctx, start, cues)
    certainty = _certainty(clause, cues)
    if certainty is Certainty.CERTAIN and hedged:
        certainty = Certainty.PROBABLE
    time = _np_time(ctx, trigger, cues)
    if time is TimeStatus.CURRENT and clause:
        time = _clause_time(verb, clause, predicate, cues)
    if time is TimeStatus.CURRENT and (_past_career(trigger, cues) or predicate in cues.role_predicates and _ended(ctx, trigger, verb, cues)):
        time = TimeStatus.FORMER
    if time is TimeStatus.CURRENT and predicate in cues.leaving_predicates and len(arguments) == 2 and _left(ctx, arguments, cues):
        time = TimeStatus.FORMER
    return Status(polarity, certainty, time, source, date_of(ctx, trigger, (verb, *anchors) if verb is not None else anchors))


def predicate_verb(ctx: DocContext, trigger: Token) -> Token | None:
    """The verb that states the fact: the trigger itself, or the verb a title is the predicate of
    ("is the CEO of", "serves as CEO", "the CEO will be X"); None for a noun phrase's own
    relation ("Acme CEO Jane Roe said ...", "Jane Roe, a former engineer at Acme, ...")."""
    copulas = ctx.domain.words("verbs/copula")
    current = trigger
    for _ in range(5):
        if current.pos_ in _VERBS and current.dep_ != "amod":
            return current
        head = current.head
        if head is current:
            return None
        if current.dep_ in ("nsubj", "nsubjpass") and lemma_of(head) in copulas:
            return head
        if current.dep_ not in _PREDICATE_UP:
            return None
        current = head
    return None


def _clause(verb: Token, cues: Cues) -> list[Token]:
    """The verb and the verbs above it whose modality and tense it shares ("plans to release",
    "is set to lead"), up to a verb of reporting (whose own modality is the speaker's)."""
    out = [verb]
    current = verb
    for _ in range(4):
        if current.dep_ not in ("xcomp", "conj") or current.head is current:
            break
        current = current.head
        if lemma_of(current) in cues.reporting_verbs and current.dep_ != "xcomp":
            break
        out.append(current)
    return out


def _counterfactual(clause: list[Token], predicate: str | None, cues: Cues) -> bool:
    """"Bob Li almost joined Acme": an event that nearly happened did not (but "R1 can nearly match
    GPT-4" is a comparison that holds)."""
    return predicate in cues.counterfactual_predicates and any(
        c.dep_ == "advmod" and c.lower_ in cues.counterfactual_adverbs for v in clause if v.tag_ == "VBD" for c in v.children)


def _certainty(clause: list[Token], cues: Cues) -> Certainty:
    found = Certainty.CERTAIN
    for verb in clause:
        if verb.dep_ == "acl" and lemma_of(verb.head) in cues.negotiation_nouns:  # "in talks to buy": it may not happen
            return Certainty.POSSIBLE
        for child in verb.children:
            if child.dep_ == "aux" and child.lower_ in cues.possible_modals or \
                    child.dep_ == "advmod" and child.lower_ in cues.possible_adverbs:
                return Certainty.POSSIBLE
            if child.dep_ == "advmod" and child.lower_ in cues.probable_adverbs:
                found = Certainty.PROBABLE
        # "is said to have founded", "is believed to own"
        if verb.dep_ == "xcomp" and lemma_of(verb.head) in cues.hearsay_verbs and _passive(verb.head):
            found = Certainty.PROBABLE
    return found


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _attribution(ctx: DocContext, verb: Token, cues: Cues) -> tuple[int | None, bool]:
    """Who the sentence says states what ``verb``'s clause says, and whether that source is an
    unnamed one ("people familiar with the matter"): climbing from the clause to the verb of
    saying it is the content of ("X said (that) ...", "..., X reported"), with "according to X"
    on any verb on the way or on the sentence's main verb."""
    current, hedged = verb, False
    for _ in range(6):
        found = _according_to(ctx, current, cues)
        if found is not None:
            return found
        head = current.head
        if head is current or current.dep_ not in _CLAUSE_UP:
            break
        if current.dep_ in ("ccomp", "parataxis", "xcomp") and lemma_of(head) in cues.reporting_verbs | cues.hearsay_verbs:
            subjects = [c for c in head.children if c.dep_ == "nsubj"]
            for subject in subjects:
                resolved = ctx.resolve(subject, _SOURCES)
                if resolved is not None and ctx.type_of(resolved.mention) in _SOURCES:
                    return resolved.mention, False
                if lemma_of(subject) in cues.hedge_sources:
                    return None, True
            if _passive(head) or not subjects:  # "it was reported that ...", "is said to"
                hedged = lemma_of(head) in cues.hearsay_verbs
            break
        current = head
    root = verb.sent.root
    if root is not verb:
        found = _according_to(ctx, root, cues)
        if found is not None:
            return found
    return None, hedged


def _according_to(ctx: DocContext, verb: Token, cues: Cues) -> tuple[int | None, bool] | None:
    """"according to X" on ``verb``: (X's mention, False), (None, True) for an unnamed source
    ("according to sources"), or None when there is no such phrase."""
    for child in verb.children:
        if child.dep_ != "prep":
            continue
        phrase = child.lower_ + " " + (child.nbor().lower_ if child.i + 1 < len(child.doc) else "")
        if phrase not in cues.attribution_phrases:
            continue
        for prep in [child, *child.children]:
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                for token in obj.subtree:  # "according to an analysis by the Business Times"
                    index = ctx.mention_at(token)
                    if index is not None and ctx.type_of(index) in _SOURCES:
                        return index, False
                if lemma_of(obj) in cues.hedge_sources:
                    return None, True
    return None


def _np_time(ctx: DocContext, trigger: Token, cues: Cues) -> TimeStatus:
    """The time a title's own words give: "former CEO", "ex-CEO", "Acme's then CEO", "formerly
    chief executive", "incoming CEO", "CEO-designate"."""
    words = _title_words(ctx, trigger)
    for token in words:
        for child in token.children:
            if child.dep_ == "advmod" and child.lower_ in cues.former_adverbs:
                return TimeStatus.FORMER
    # the title's run of modifiers and names to its left ("former Acme Robotics chief executive"),
    # then, for the second of coordinated titles, the run of the first ("former chairman and CEO")
    starts = [words[0]]
    if words[0].dep_ == "conj" and ctx.is_title(words[0].head):
        starts.append(_title_words(ctx, words[0].head)[0])
    for first in starts:
        found = _left_run_time(ctx, first, cues)
        if found is not TimeStatus.CURRENT:
            return found
    # "CEO-designate"
    last = words[-1]
    after = [ctx.doc[k] for k in range(last.i + 1, min(last.i + 3, trigger.sent.end))]
    if after and after[0].lower_ in cues.future_modifiers or len(after) == 2 and after[0].lower_ == "-" and after[1].lower_ in cues.future_modifiers:
        return TimeStatus.FUTURE
    return TimeStatus.CURRENT


def _left_run_time(ctx: DocContext, first: Token, cues: Cues) -> TimeStatus:
    """The time the words just left of a title give, up to the first word that is not a name, a
    title, a modifier or a hyphen ("former Acme CEO", "Acme's then CEO", "ex-CEO")."""
    i = first.i - 1
    while i >= first.sent.start:
        token = ctx.doc[i]
        lower = token.lower_
        if lower in cues.former_modifiers:
            return TimeStatus.FORMER
        if lower in cues.future_modifiers:
            return TimeStatus.FUTURE
        hyphen = lower in ("-", "‑") and not token.whitespace_ and i > 0 and not ctx.doc[i - 1].whitespace_
        if not (hyphen or ctx.mention_at(token) is not None or ctx.is_title(token) or lower in ("'s", "’s")
                or token.pos_ in ("ADJ", "NOUN", "PROPN", "DET", "NUM", "ADV") and lower not in ("and", "or")):
            break
        i -= 1
    return TimeStatus.CURRENT


def _title_words(ctx: DocContext, trigger: Token) -> list[Token]:
    """The words of the job title starting at or containing ``trigger`` (the trigger alone if it is none)."""
    if not ctx.is_title(trigger):
        return [trigger]
    start = trigger.i
    while start > trigger.sent.start and ctx.titles.get(start - 1, (None,))[0] == ctx.titles[trigger.i][0]:
        start -= 1
    return [ctx.doc[k] for k in range(start, ctx.titles[trigger.i][0])]


def _clause_time(verb: Token, clause: list[Token], predicate: str | None, cues: Cues) -> TimeStatus:
    """The time the verb stating a fact gives: "will join", "is set to lead", "plans to release"
    (Future); "previously worked", "had worked", and, for a role, "worked at" or "was CEO" (Former)."""
    for v in clause:
        for child in v.children:
            if child.dep_ == "aux" and child.lower_ in cues.future_auxiliaries:
                return TimeStatus.FUTURE
            if child.dep_ == "advmod" and child.lower_ in cues.former_adverbs:
                return TimeStatus.FORMER
        if v is not verb and lemma_of(v) in cues.future_verbs and v.tag_ != "VBD":  # "set to", "plans to", "is going to"
            return TimeStatus.FUTURE
        if v.dep_ == "acl" and lemma_of(v.head) in cues.future_nouns | cues.negotiation_nouns:  # "its plan to hire", "in talks to buy"
            return TimeStatus.FUTURE
    if any(c.dep_ == "aux" and lemma_of(c) == cues.perfect_auxiliary and c.tag_ == "VBD" for c in verb.children) and verb.tag_ == "VBN":
        return TimeStatus.FORMER  # "had worked", "had been"
    if predicate in cues.role_predicates and verb.tag_ == "VBD" and lemma_of(verb) in cues.state_verbs:
        return TimeStatus.FORMER  # "who worked at", "was CEO of", "ran the company"
    if lemma_of(verb) in cues.leaving_verbs and _leaving(verb, cues):
        return TimeStatus.FORMER  # a rule whose trigger is the leaving itself ("left Acme")
    return TimeStatus.CURRENT


def _ended(ctx: DocContext, trigger: Token, verb: Token | None, cues: Cues) -> bool:
    """A role given with the date it ended: "chief executive of Acme until 2021" (a phrase of
    "until" or "till" and a date hanging from the title or the verb that states it)."""
    words = _title_words(ctx, trigger)
    heads = {t.i for t in words} | {trigger.i} | ({verb.i} if verb is not None else set())
    if words[-1].dep_ == "appos":  # "Jane Roe, chief executive of Acme until 2021": the phrase may hang from the name
        heads.add(words[-1].head.i)
    dates = find_dates(ctx.text[trigger.sent.start_char:trigger.sent.end_char], ctx.domain)
    for token in trigger.sent:
        if token.lower_ in cues.ending_prepositions and token.dep_ == "prep" and token.head.i in heads:
            start, end = token.idx - trigger.sent.start_char, token.right_edge.idx + len(token.right_edge) - trigger.sent.start_char
            if any(start <= d_start < end for d_start, _, _ in dates):
                return True
    return False


def _past_career(trigger: Token, cues: Cues) -> bool:
    """A role told as a past: "a background at Nvidia", "experience working for Intel", "joins Acme
    from Microsoft" (the organisation one comes from)."""
    if trigger.lower_ in cues.origin_prepositions and lemma_of(trigger.head) in cues.moving_verbs:
        return True
    current = trigger
    for _ in range(3):
        if lemma_of(current) in cues.past_career_nouns:
            return True
        if current.head is current:
            break
        current = current.head
    return False


def _leaving(verb: Token, cues: Cues) -> bool:
    """Is ``verb`` a verb of leaving ("resigned", "stepped down", "announced her resignation")?"""
    lemma = lemma_of(verb)
    if lemma in cues.leaving_verbs:
        particles = cues.leaving_particles.get(lemma)
        return particles is None or any(c.dep_ == "prt" and c.lower_ in particles for c in verb.children)
    return any(c.dep_ == "dobj" and lemma_of(c) in cues.leaving_nouns for c in verb.children)


def _left(ctx: DocContext, arguments: tuple[int, ...], cues: Cues) -> bool:
    """Does the sentence say the person left the organisation of a role ("Jane Roe, CEO of Acme,
    resigned", "..., who also resigned", "announced his resignation")? Not when what was left
    is another organisation ("Jane Roe, CEO of Acme, left Beta")."""
    person, org = arguments
    if person is None or org is None or ctx.type_of(person) is not EntityType.PERSON:
        return False
    head = ctx.root_of(person)
    if head is None:
        return False
    if _replaced(ctx, head, cues):
        return True
    leavings = [c for c in head.children if c.dep_ == "relcl"]
    if head.dep_ in ("nsubj", "nsubjpass"):
        leavings.append(head.head)
    # "the resignation of X" / "X's departure": a noun of leaving whose person X is
    noun = head
    for _ in range(4):
        if lemma_of(noun) in cues.leaving_nouns:
            leavings.append(noun)
            break
        if noun.dep_ not in ("appos", "pobj", "prep", "poss") or noun.head is noun:
            break
        noun = noun.head
    for leaving in leavings:
        if not (_leaving(leaving, cues) or lemma_of(leaving) in cues.leaving_nouns):
            continue
        left = [c for c in leaving.children if c.dep_ == "dobj"]
        left += [o for p in leaving.children if p.dep_ == "prep" and p.lower_ == "from" for o in p.children if o.dep_ == "pobj"]
        others = [r for t in left for r in [ctx.resolve(t, _ORG)] if r is not None and not r.coref
                  and ctx.type_of(r.mention) is EntityType.ORGANIZATION]
        if not others or any(ctx.mentions[r.mention].key == ctx.mentions[org].key for r in others):
            return True
    return False


def _replaced(ctx: DocContext, head: Token, cues: Cues) -> bool:
    """Is the person whose name ends at ``head`` the one a verb of replacing or removing takes
    ("hired Bob Li to replace chief executive Jane Roe", "the board fired Acme CEO Jane Roe", "Jane
    Roe was ousted")? Not when that verb is denied, planned, possible or only wanted ("did not
    fire", "will replace", "may oust", "want to replace", "failed to oust")."""
    noun = head
    for _ in range(3):  # "the company's CTO Jane Roe": the name in apposition to the title taken
        verb = noun.head
        if noun.dep_ in ("dobj", "nsubjpass") and verb.pos_ == "VERB" and lemma_of(verb) in cues.replacing_verbs:
            clause = _clause(verb, cues)
            return not (ctx.negated(verb) or _clause_time(verb, clause, None, cues) is TimeStatus.FUTURE
                        or _certainty(clause, cues) is not Certainty.CERTAIN
                        or any(lemma_of(v) in cues.intending_verbs for v in clause[1:]))
        if noun.dep_ != "appos" or verb is noun:
            return False
        noun = verb
    return False


def date_of(ctx: DocContext, trigger: Token, anchors: tuple[Token, ...] = ()) -> str | None:
    """The date the fact's own phrase gives: a date whose words hang, through the parse, from the
    trigger (or one of ``anchors``) without passing another verb ("founded in April 2021")."""
    sent = trigger.sent
    targets = {trigger.i, *(a.i for a in anchors)}
    best: tuple[int, str] | None = None
    for start, end, value in find_dates(ctx.text[sent.start_char:sent.end_char], ctx.domain):
        span = ctx.doc.char_span(sent.start_char + start, sent.start_char + end, alignment_mode="expand")
        if span is None:
            continue
        current = span.root
        for steps in range(8):
            if current.i in targets:
                if best is None or steps < best[0]:
                    best = (steps, value)
                break
            if current.head is current or steps and current.pos_ in _VERBS:
                break
            current = current.head
    return best[1] if best else None
