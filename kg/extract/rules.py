"""Relation rules as data: one engine runs every rule of ``kg/data/rules/*.json``.

A rule is a record with an ``id``, the ``relation`` it gives, a ``confidence``, a pattern and
``examples`` (sentences that must give the relation, and near misses that must not). The pattern
is one of:

- ``dependency``: a spaCy ``DependencyMatcher`` pattern over the parse (run by
  :class:`~kg.extract.treematch.TreeMatcher`, which reads the same format, only faster); its nodes'
  ``RIGHT_ID`` names are the anchors the rule's ``subject``, ``object`` and ``trigger`` refer to;
- ``tokens``: a spaCy ``Matcher`` pattern over the words; a token pattern's ``ROLE`` key names
  the part of the match it stands for;
- ``builtin``: the name of a mechanism written in code (a name's shape, quotation attribution),
  listed here so that it too has an id and tested examples.

Word lists are not written into patterns: ``{"LEMMA": {"IN": ["@verbs.founded"]}}`` takes the
list ``verbs.founded`` of ``triggers.json`` (``@title_words`` is every word of every job title).
Token patterns see the document's entity mentions as entity types (``{"ENT_TYPE": "ORG"}``).

An argument is an anchor (``"object"``), or a mechanism applied to one: ``subjects(trigger)``
(the subjects of a verb, inherited through "who", coordination and "plans to"),
``recipient(round)`` (the organisation a funding round or investment is for). The engine resolves
each argument to mentions (names, "the company", "its", coordinated names, lists after
"including"), checks the types against the ontology, and records every candidate, kept or
rejected, with the reason (``kg explain`` prints them). A denied trigger ("did not beat") is
kept: its evidence says so (:mod:`kg.extract.factuality`), and it gives no direct triple.

>>> rules = load_rules()
>>> all(rule.examples for rule in rules)
True
>>> sorted({rule.kind for rule in rules})
['builtin', 'dependency', 'tokens']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Iterator

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from ..domain import Domain, load_domain, pattern_error
from ..errors import DataError
from ..model import EntityType, Evidence, Predicate
from .base import conjuncts
from .context import DocContext, Resolved
from .treematch import TreeMatcher, check_pattern

__all__ = ["Rule", "Example", "Candidate", "RuleEngine", "load_rules", "rules_of", "engine_for", "SIGNATURES", "BUILTINS"]

_P, _O, _M, _C, _L = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.MODEL, EntityType.CHIP, EntityType.PLACE
# Which entity types each relation may join (the ontology's domains and ranges).
SIGNATURES: dict[Predicate, tuple[frozenset[EntityType], frozenset[EntityType]]] = {
    Predicate.FOUNDED: (frozenset({_P}), frozenset({_O})),
    Predicate.LEADS: (frozenset({_P}), frozenset({_O})),
    Predicate.WORKS_FOR: (frozenset({_P}), frozenset({_O})),
    Predicate.DEVELOPED: (frozenset({_O}), frozenset({_M})),
    Predicate.OUTPERFORMED: (frozenset({_M}), frozenset({_M})),
    Predicate.RIVALS: (frozenset({_M}), frozenset({_M})),
    Predicate.TRAINED_ON: (frozenset({_M, _O}), frozenset({_C})),
    Predicate.MADE_BY: (frozenset({_C}), frozenset({_O})),
    Predicate.BACKED_BY: (frozenset({_O}), frozenset({_O, _P})),
    Predicate.QUOTED_ON: (frozenset({_P}), frozenset({_P, _O, _M, _C, _L})),
    Predicate.BASED_IN: (frozenset({_O}), frozenset({_L})),
}
# Where "DeepSeek's model" (an organisation standing for its model) may fill a model's place, and
# where an organisation named alone may ("DeepSeek outperformed GPT-4o"): only an organisation
# that the same text shows developing a model (checked once every rule has run).
STAND_IN_PREDICATES = frozenset({Predicate.OUTPERFORMED, Predicate.RIVALS, Predicate.TRAINED_ON})
ORG_FOR_MODEL_PREDICATES = frozenset({Predicate.OUTPERFORMED, Predicate.RIVALS})
# Penalty on a relation whose argument was found by coreference ("the company", "its", "it").
COREF_PENALTY = 0.25
_TAGGER_ATTRS = ("POS", "TAG", "LEMMA")
_ARGUMENT = re.compile(r"^(?:(?P<function>[a-z_]+)\()?(?P<anchor>[a-z_]+)\)?$")
_TITLE = "@title"


@dataclass(frozen=True)
class Example:
    """A sentence of a rule's own: ``gives`` a triple (subject, relation, object) or must ``not``."""

    text: str
    triple: tuple[str, str, str]
    positive: bool


@dataclass(frozen=True)
class Rule:
    """One relation rule, as loaded from its data file."""

    rule_id: str
    relation: str  # a Predicate value, or "@title": the predicate of the job title matched
    confidence: float
    kind: str  # "dependency", "tokens" or "builtin"
    pattern: tuple  # the spaCy pattern (word lists expanded); for builtin rules, the function name
    roles: tuple[str | None, ...]  # tokens rules: the role of each token pattern
    subject: str
    object: str
    source: str
    examples: tuple[Example, ...]

    def predicates(self, ctx: DocContext, title_tokens: list[Token]) -> list[Predicate]:
        if self.relation != _TITLE:
            return [Predicate(self.relation)]
        return ctx.title_predicates(title_tokens)


@dataclass(frozen=True)
class Candidate:
    """A relation a rule proposed: kept (``rejected`` is None) or rejected, with the reason."""

    rule: str
    predicate: Predicate
    subject: int | None
    object: int | None
    trigger: int  # token index of the word that states the relation
    confidence: float
    rejected: str | None = None
    subject_text: str = ""
    object_text: str = ""
    org_for_model: tuple[int, ...] = ()  # organisations that must be shown developing a model
    evidence: Evidence | None = None  # for a kept candidate, the evidence extract() made of it

    def reject(self, reason: str) -> "Candidate":
        return replace(self, rejected=reason)


# -- loading ---------------------------------------------------------------------------------------
def _expand(value, domain: Domain, where: str):
    """Replace ``"@group.key"`` items of pattern lists by the words of that list."""
    if isinstance(value, dict):
        return {k: _expand(v, domain, where) for k, v in value.items()}
    if isinstance(value, list):
        out: list = []
        for item in value:
            if isinstance(item, str) and item.startswith("@"):
                out += sorted(domain.word_list(item[1:], where))
            else:
                out.append(_expand(item, domain, where))
        return out
    return value


def _examples(raw: list[dict], where: str) -> tuple[Example, ...]:
    out = []
    for example in raw:
        if "gives" in example:
            out.append(Example(example["text"], tuple(example["gives"]), True))
        elif "not" in example:
            out.append(Example(example["text"], tuple(example["not"]), False))
        else:
            raise DataError(f"{where}: an example needs 'gives' or 'not'")
    return tuple(out)


def load_rules(data_dir: str | None = None) -> tuple[Rule, ...]:
    """Every relation rule of the package's rule files, then of ``data_dir/rules/`` if given, in file order."""
    return rules_of(load_domain(data_dir))


@lru_cache(maxsize=8)
def rules_of(domain: Domain) -> tuple[Rule, ...]:
    """The relation rules of a Domain's rule files, compiled and checked once (the Domain's loading calls this)."""
    vocab = Vocab()
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for source, content in domain.rule_files:
        for raw in content.get("rules", []):
            where = f"{source}: rule {raw['id']}"
            if raw["id"] in seen:
                raise DataError(f"{where}: the id is used twice" + (f" (also in {seen[raw['id']]})" if seen[raw["id"]] != source else ""))
            seen[raw["id"]] = source
            kind = next((k for k in ("dependency", "tokens", "builtin") if k in raw), None)
            if kind is None:
                raise DataError(f"{where}: needs a 'dependency', 'tokens' or 'builtin' pattern")
            relation = raw["relation"]
            roles: tuple[str | None, ...] = ()
            pattern = raw[kind]
            if kind == "tokens":
                roles = tuple(p.get("ROLE") for p in pattern)
                pattern = [{k: v for k, v in p.items() if k != "ROLE"} for p in pattern]
            pattern = _expand(pattern, domain, where)
            if kind == "dependency":
                check_pattern(pattern, where)
            for argument in (raw.get("subject", "subject"), raw.get("object", "object")):
                parsed = _ARGUMENT.match(argument)
                if parsed is None or parsed["function"] and parsed["function"] not in ARGUMENT_FUNCTIONS:
                    raise DataError(f"{where}: unknown argument {argument!r}")
            rule = Rule(
                rule_id=raw["id"], relation=relation, confidence=float(raw["confidence"]), kind=kind,
                pattern=tuple(pattern) if kind != "builtin" else (pattern,), roles=roles,
                subject=raw.get("subject", "subject"), object=raw.get("object", "object"),
                source=source, examples=_examples(raw.get("examples", []), where),
            )
            _check_pattern(rule, vocab, where)
            rules.append(rule)
    return tuple(rules)


def _check_pattern(rule: Rule, vocab: Vocab, where: str) -> None:
    """Check a token rule's pattern now, by spaCy's own pattern schema, and a builtin's name, not when
    the first document comes (a dependency pattern is checked by :func:`~kg.extract.treematch.check_pattern`)."""
    if rule.kind == "builtin" and rule.pattern[0] not in BUILTINS and rule.pattern[0] != "quotes":  # "quotes": kg.extract.quotes
        raise DataError(f"{where}: unknown builtin {rule.pattern[0]!r} (known: {', '.join(sorted(BUILTINS) + ['quotes'])})")
    if rule.kind == "tokens":
        try:
            Matcher(vocab).add(rule.rule_id, [list(rule.pattern)])
        except (ValueError, KeyError) as exc:  # spaCy's MatchPatternError is a ValueError
            raise DataError(f"{where}: the tokens pattern: {pattern_error(exc)}") from None


# -- running ---------------------------------------------------------------------------------------
Builtin = Callable[[DocContext, Rule], Iterator[Candidate]]
BUILTINS: dict[str, Builtin] = {}


def builtin(name: str) -> Callable[[Builtin], Builtin]:
    """Register a rule mechanism written in code under ``name`` (a rule file's ``"builtin"``)."""

    def register(function: Builtin) -> Builtin:
        BUILTINS[name] = function
        return function

    return register


class RuleEngine:
    """The compiled rules for one vocabulary: a token Matcher per token rule, one tree matcher."""

    def __init__(self, vocab: Vocab, rules: tuple[Rule, ...]) -> None:
        self.rules = {rule.rule_id: rule for rule in rules}
        # Each token rule with how many names it needs (a sentence with one mention runs only the
        # rules that need one), whether it needs the tagger (a blank pipeline has none), and the
        # words one of which a sentence must hold for it to match (None: no such word): a sentence
        # runs only the rules it can match, not every pattern over every token.
        # The rules with no such word share one Matcher per (names, tagger).
        self.token_rules: list[tuple[int, bool, frozenset[str] | None, Matcher]] = []
        shared: dict[tuple[int, bool], Matcher] = {}
        self.dependency = TreeMatcher()
        for rule in rules:
            if rule.kind == "tokens":
                names = min(2, max(1, sum(1 for token in rule.pattern if _names_an_entity(token))))
                tagged = any(key in token for token in rule.pattern for key in _TAGGER_ATTRS)
                required = required_words(rule.pattern)
                if required is None and (names, tagged) in shared:
                    shared[(names, tagged)].add(rule.rule_id, [list(rule.pattern)])
                    continue
                matcher = Matcher(vocab)
                matcher.add(rule.rule_id, [list(rule.pattern)])
                self.token_rules.append((names, tagged, required, matcher))
                if required is None:
                    shared[(names, tagged)] = matcher
            elif rule.kind == "dependency":
                self.dependency.add(rule.rule_id, list(rule.pattern))
        # which token rules (by position in token_rules) a word can call for; those needing no word
        self.by_word: dict[str, list[int]] = {}
        for index, (_, _, required, _) in enumerate(self.token_rules):
            for word in required or ():
                self.by_word.setdefault(word, []).append(index)
        self.any_word = [i for i, (_, _, required, _) in enumerate(self.token_rules) if required is None]

    def run(self, ctx: DocContext) -> Iterator[Candidate]:
        """Every candidate every rule proposes for the document, kept or rejected, each once."""
        seen: set[Candidate] = set()
        for candidate in self._candidates(ctx):
            if candidate not in seen:
                seen.add(candidate)
                yield candidate

    def _candidates(self, ctx: DocContext) -> Iterator[Candidate]:
        doc = ctx.doc
        strings = doc.vocab.strings
        for match_id, start, end, alignment in self._token_matches(ctx):
            rule = self.rules[strings[match_id]]
            anchors: dict[str, list[Token]] = {}
            for offset, index in enumerate(alignment):
                role = rule.roles[index]
                if role:
                    anchors.setdefault(role, []).append(doc[start + offset])
            yield from self._propose(ctx, rule, anchors)
        if doc.has_annotation("DEP"):
            for rule_id, token_ids in self.dependency(doc):
                rule = self.rules[rule_id]
                names = [node["RIGHT_ID"] for node in rule.pattern]
                yield from self._propose(ctx, rule, {name: [doc[i]] for name, i in zip(names, token_ids)})
        for rule in self.rules.values():
            if rule.kind == "builtin" and rule.pattern[0] in BUILTINS:  # "quotes" run in kg.extract.quotes
                yield from BUILTINS[rule.pattern[0]](ctx, rule)

    def _token_matches(self, ctx: DocContext) -> list[tuple[int, int, int, list[int]]]:
        """Token matches, the longest of those that overlap for the same rule, inside one sentence.
        Every token rule names an entity, so sentences without a mention are not searched."""
        doc = ctx.doc
        tagger = all(doc.has_annotation(attr) for attr in _TAGGER_ATTRS)
        found = []
        for sent in ctx.sentences:
            count = min(len(ctx.mentions_in(sent)), 2)
            if not count:
                continue
            words = {w for t in sent for w in (t.lower_, t.lemma_.lower())}
            called = set(self.any_word).union(*(self.by_word.get(w, ()) for w in words))
            for index in sorted(called):
                names, tagged, _, matcher = self.token_rules[index]
                if names <= count and (tagger or not tagged):
                    found += [(m, sent.start + start, sent.start + end, a) for m, start, end, a in matcher(sent, with_alignments=True)]
        found = sorted(found, key=lambda m: (m[0], m[1], -(m[2] - m[1])))
        kept: list[tuple[int, int, int, list[int]]] = []
        last_end: dict[int, int] = {}
        for match_id, start, end, alignment in found:
            if start < last_end.get(match_id, -1) or not _one_sentence(doc, start, end):
                continue
            kept.append((match_id, start, end, alignment))
            last_end[match_id] = end
        return kept

    def _propose(self, ctx: DocContext, rule: Rule, anchors: dict[str, list[Token]]) -> Iterator[Candidate]:
        trigger_tokens = anchors.get("trigger") or anchors.get("title") or next(iter(anchors.values()))
        trigger = trigger_tokens[0]
        titles = anchors.get("title", [])
        if rule.kind == "dependency":  # "founder and chief executive of X": every coordinated title,
            # but one that names another organisation ("Acme co-founder and scientist at Google")
            objects = {ctx.mention_at(t) for t in anchors.get("object", [])}
            titles = [t for title in titles for t in _coordinated(title) if ctx.is_title(t) and not _owned(ctx, t) - objects]
        predicates = rule.predicates(ctx, titles)
        if Predicate.LEADS in predicates and any(ctx.heads_a_unit(t) for t in titles):
            # "head of research", "services chief": a leader of a unit works for the organisation
            predicates = [Predicate.WORKS_FOR if p is Predicate.LEADS else p for p in predicates]
        if not predicates:
            yield Candidate(rule.rule_id, Predicate.WORKS_FOR, None, None, trigger.i, 0.0, "no job title in the match")
            return
        candidates = []
        for predicate in predicates:  # "founder and former CEO": each relation's own title word is its trigger
            own = next((t for t in titles if ctx.title_predicates([t]) == [predicate]), trigger)
            candidates += propose(ctx, rule, predicate, own, anchors)
        yield from _respectively(ctx, titles, candidates) if rule.kind == "dependency" else candidates


def propose(ctx: DocContext, rule: Rule, predicate: Predicate, trigger: Token,
            anchors: dict[str, list[Token]]) -> Iterator[Candidate]:
    """Resolve a match's arguments and check them: the candidates one match gives."""
    allowed_subjects, allowed_objects = SIGNATURES[predicate]
    subjects = _argument(ctx, rule, rule.subject, anchors, allowed_subjects)
    objects = _argument(ctx, rule, rule.object, anchors, allowed_objects)
    if not subjects or not objects:
        missing = "subject" if not subjects else "object"
        yield Candidate(rule.rule_id, predicate, None, None, trigger.i, 0.0, f"no {missing} found")
        return
    for s in subjects:
        for o in objects:
            yield check(ctx, rule, predicate, trigger, s, o)


def check(ctx: DocContext, rule: Rule, predicate: Predicate, trigger: Token, s: Resolved, o: Resolved) -> Candidate:
    """A candidate for ``s predicate o``, rejected when the types do not fit the relation."""
    allowed_subjects, allowed_objects = SIGNATURES[predicate]
    subject, obj = ctx.mentions[s.mention], ctx.mentions[o.mention]
    confidence = rule.confidence - (COREF_PENALTY if s.coref or o.coref else 0.0)
    reason = None
    if not _fits(s, subject.type, allowed_subjects, predicate) or not _fits(o, obj.type, allowed_objects, predicate):
        reason = f"type signature ({subject.type.value} {predicate.value} {obj.type.value})"
    elif subject.key == obj.key:
        reason = "subject and object are the same entity"
    org_for_model = tuple(r.mention for r in (s, o) if not r.stand_in and predicate in ORG_FOR_MODEL_PREDICATES
                          and ctx.type_of(r.mention) is EntityType.ORGANIZATION)
    return Candidate(rule.rule_id, predicate, s.mention, o.mention, trigger.i, round(max(confidence, 0.05), 2), reason,
                     subject.name, obj.name, org_for_model)


def _fits(resolved: Resolved, entity_type: EntityType, allowed: frozenset[EntityType], predicate: Predicate) -> bool:
    """An organisation that stands for its model ("DeepSeek's model") fits only where a model does."""
    if resolved.stand_in:
        return predicate in STAND_IN_PREDICATES
    if entity_type is EntityType.ORGANIZATION and predicate in ORG_FOR_MODEL_PREDICATES:
        return True
    return entity_type in allowed


# The argument functions a rule may apply to an anchor: general mechanisms of DocContext.
ARGUMENT_FUNCTIONS: dict[str, Callable[..., list[Resolved]]] = {
    "subjects": DocContext.subjects,
    "clause_subjects": DocContext.clause_subjects,
    "model_before": DocContext.model_before,
    "main_subjects": DocContext.main_subjects,
    "described": DocContext.described,
    "undergoer": DocContext.undergoer,
    "modified": DocContext.modified,
    "employer": DocContext.employer,
    "recipient": DocContext.recipients,
}


def _argument(ctx: DocContext, rule: Rule, spec: str, anchors: dict[str, list[Token]],
              wanted: frozenset[EntityType]) -> list[Resolved]:
    match = _ARGUMENT.match(spec)
    if match is None or match["anchor"] not in anchors:
        return []
    tokens = anchors[match["anchor"]]
    if match["function"]:
        return ARGUMENT_FUNCTIONS[match["function"]](ctx, tokens[0], wanted)
    if rule.kind == "tokens":
        return ctx.resolve_span(tokens, wanted)
    return ctx.resolve_all(tokens[0], wanted)


_WORD_KEYS = ("LOWER", "LEMMA", "ORTH", "TEXT", "NORM")


def required_words(pattern: tuple[dict, ...] | list[dict]) -> frozenset[str] | None:
    """Lower-case words one of which (as a word or a lemma) a sentence must hold for ``pattern`` to
    match: those of the token that must be there (no ``OP``, or ``+``) with the fewest words, none of
    them common (:func:`_common`), or ``None`` if no token must be there with words that rare.

    >>> sorted(required_words([{"ORTH": ","}, {"LEMMA": {"IN": ["Acquire", "buy"]}}, {"ENT_TYPE": "ORG"}]))
    ['acquire', 'buy']
    >>> required_words([{"LOWER": "buy", "OP": "?"}, {"ORTH": "'s"}, {"ENT_TYPE": "PERSON"}]) is None
    True
    """
    choices = []
    for token in pattern:
        if token.get("OP", "1") not in ("1", "+"):
            continue
        for key in _WORD_KEYS:
            value = token.get(key)
            words = [value] if isinstance(value, str) else value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else None
            if words and not any(_common(w) for w in words):
                choices.append(frozenset(w.lower() for w in words))
    return min(choices, key=lambda words: (len(words), sorted(words))) if choices else None


# Words in most sentences: a rule that needs one of them is not worth a Matcher of its own. A speed
# hint only: which rules run on a sentence never changes what they find.
_UBIQUITOUS = frozenset("a an the of to in on at for by and or as is are was were be been it its he she they "
                        "their his her with from that this which who 's ’s".split())


def _common(word: str) -> bool:
    """Is ``word`` likely in most sentences: punctuation or one of the commonest words ("the", "of", "be")?"""
    return not any(c.isalnum() for c in word) or word.lower() in _UBIQUITOUS


def _names_an_entity(token_pattern: dict) -> bool:
    """Does a token pattern stand for a name ("ENT_TYPE": "ORG", not "" or a choice that allows none)?"""
    value = token_pattern.get("ENT_TYPE")
    if isinstance(value, dict):
        return "" not in value.get("IN", [""])
    return bool(value) and token_pattern.get("ROLE") is not None


def _owned(ctx: DocContext, title: Token) -> set[int]:
    """The organisations a job title names as its own ("Acme co-founder", "Acme's chief")."""
    return {index for c in title.children if c.dep_ in ("compound", "poss", "nmod") and (index := ctx.mention_at(c)) is not None
            and ctx.type_of(index) is EntityType.ORGANIZATION}


def _respectively(ctx: DocContext, titles: list[Token], candidates: list[Candidate]) -> list[Candidate]:
    """"The CEO and CTO of Acme, Jane Roe and Bob Li": as many people as coordinated titles take
    them in order (Jane Roe leads, Bob Li works for), not every title each; plural titles ("the
    founders and co-CEOs, A and B") belong to all."""
    people = sorted({c.subject for c in candidates if c.subject is not None and not c.rejected})
    if len(titles) < 2 or len(people) != len(titles) or any(t.tag_ in ("NNS", "NNPS") for t in titles):
        return candidates
    own = {person: ctx.title_predicates([title]) for person, title in zip(people, titles)}
    return [c for c in candidates if c.subject not in own or c.predicate in own[c.subject]]


def _coordinated(token: Token) -> list[Token]:
    """``token`` and every token coordinated with it, before or after."""
    first = token
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    return conjuncts(first)


def _one_sentence(doc: Doc, start: int, end: int) -> bool:
    return not any(doc[i].is_sent_start for i in range(start + 1, end))


_ENGINES: dict[tuple[int, int], tuple[Vocab, tuple[Rule, ...], RuleEngine]] = {}


def engine_for(vocab: Vocab, rules: tuple[Rule, ...]) -> RuleEngine:
    """The compiled engine for a vocabulary and a rule set (compiled once)."""
    key = (id(vocab), id(rules))
    if key not in _ENGINES:
        _ENGINES[key] = (vocab, rules, RuleEngine(vocab, rules))
    return _ENGINES[key][2]
