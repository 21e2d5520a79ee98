"""Numbers a document gives about its models: how many parameters a model has, what training it
cost, and on how many chips it was trained (the words are in ``kg/data/amounts.json``, "measures").

- **parameter counts**: a number before a word for parameters ("405 billion parameters", "7B
  parameters", "a 105-billion parameter model"; "1 billion active and 7 billion total parameters"
  is 7 billion), said of the model the phrase hangs from (the subject of "has", the participle's
  noun in "X, trained on ...", the model noun of "a model with ...", the model just named in "X (7B
  parameters)"); or the size in a model's name ("Qwen2.5-72B");
- **training cost**: a sum that is the cost of training ("trained ... for $5.6 million", "with a
  budget of $2 million", "spent $10 million training X"), said of the model trained;
- **chip count**: the number before the chips of a ``trainedOn`` fact ("trained on 16,000 H100s").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from spacy.tokens import Span, Token

from ..amounts import Found, find_money, find_numbers
from ..domain import Domain, load_domain
from ..model import Amount, EntityType, MeasureMention
from .base import lemma_of
from .context import DocContext, Resolved

__all__ = ["find_measures", "chip_count", "MeasureWords", "load_measure_words"]

_MODEL = frozenset({EntityType.MODEL})
_VERBS = ("VERB", "AUX")
_SCALES = {"B": 10**9, "M": 10**6, "T": 10**12}


@dataclass(frozen=True)
class MeasureWords:
    words: dict[str, frozenset[str]]
    size_suffix: re.Pattern[str]

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.words[name]


@lru_cache(maxsize=8)
def load_measure_words(domain: Domain | None = None) -> MeasureWords:
    """The "measures" words of ``amounts.json`` (with a ``--data`` folder's additions; read once per Domain)."""
    raw = (domain or load_domain()).data("amounts.json")["measures"]
    words = {k: frozenset(w.lower() for w in v) for k, v in raw.items() if isinstance(v, list)}
    return MeasureWords(words, re.compile(raw["size_suffix"]))


def find_measures(ctx: DocContext) -> tuple[MeasureMention, ...]:
    """The parameter counts and training costs the document gives for its models."""
    words = load_measure_words(ctx.domain)
    out: list[MeasureMention] = []
    seen: set[tuple] = set()

    def add(model: int, prop: str, value, sent: Span, rule: str, trigger: Token) -> None:
        key = (ctx.mentions[model].key, prop, value, sent.start)
        if key not in seen:
            seen.add(key)
            out.append(MeasureMention(model, prop, value, ctx.evidence(sent, rule, 0.7, trigger)))

    for index, mention in enumerate(ctx.mentions):
        if mention.type is EntityType.MODEL:
            size = _size_in_name(mention.name, words)
            root = ctx.root_of(index)
            if size is not None and root is not None:
                add(index, "parameterCount", size, ctx.sentences[ctx.sentence_of(root)], "parameters-in-name", root)
    for sent in ctx.sentences:
        text = ctx.text[sent.start_char:sent.end_char]
        for found in find_numbers(text, ctx.domain):
            noun = _parameter_noun(ctx, sent, found, words)
            if noun is not None:
                model = _model_of(ctx, noun, _first_token(ctx, sent, found))
                if model is not None:
                    add(model.mention, "parameterCount", int(found.value), sent, "parameter-count", noun)
        for found in find_money(text, ctx.domain):
            cost = _training_cost(ctx, sent, found, words)
            if cost is not None:
                model, verb = cost
                add(model.mention, "trainingCost", Amount(found.value, found.currency), sent, "training-cost", verb)
    return tuple(out)


def _size_in_name(name: str, words: MeasureWords) -> int | None:
    """ "Qwen2.5-72B" -> 72 billion: the size some model names end with."""
    found = list(words.size_suffix.finditer(name))
    if not found:
        return None
    m = found[-1]
    return int(Decimal(m["size"]) * _SCALES[m["scale"]])


def _first_token(ctx: DocContext, sent: Span, found: Found) -> Token | None:
    span = ctx.doc.char_span(sent.start_char + found.start, sent.start_char + found.end, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _parameter_noun(ctx: DocContext, sent: Span, found: Found, words: MeasureWords) -> Token | None:
    """The word for parameters a number counts ("405 billion parameters", "7B total parameters"),
    or None; a count of the parameters active at once is not the model's size."""
    span = ctx.doc.char_span(sent.start_char + found.start, sent.start_char + found.end, alignment_mode="expand")
    if span is None:
        return None
    i = span.end
    while i < sent.end and (ctx.doc[i].lower_ in words["parameter_modifiers"] or ctx.doc[i].lower_ == "-"):
        i += 1
    if i < sent.end and ctx.doc[i].lower_ in words["partial_parameter_words"]:
        return None
    return ctx.doc[i] if i < sent.end and ctx.doc[i].lower_ in words["parameter_nouns"] else None


def _model_of(ctx: DocContext, noun: Token, number: Token | None) -> Resolved | None:
    """The model a phrase about parameters is said of."""
    current = noun
    for _ in range(5):
        index = ctx.mention_at(current)
        if index is not None and ctx.type_of(index) is EntityType.MODEL:
            return Resolved(index)
        if current is not noun and current.pos_ == "NOUN" and current.lower_ in ctx.model_nouns:
            found = ctx.resolve(current, _MODEL)  # "a model with 7 billion parameters", "its 105-billion parameter model"
            if found is not None and not found.stand_in and ctx.type_of(found.mention) is EntityType.MODEL:
                return found
        if current.pos_ in _VERBS:  # "X has 7 billion parameters", "X, trained on ..."
            for found in ctx.subjects(current, _MODEL) + ctx.modified(current, _MODEL):
                if ctx.type_of(found.mention) is EntityType.MODEL and not found.stand_in:
                    return found
            break
        if current.head is current:
            break
        current = current.head
    if number is not None:  # "Phi-3 Small (7B parameters)": the model named just before
        before = number.i - 1
        while before >= number.sent.start and ctx.doc[before].lower_ in ("(", ",", "with", "at", "of", "–", "-"):
            before -= 1
        index = ctx.mention_at(ctx.doc[before]) if before >= number.sent.start else None
        if index is not None and ctx.type_of(index) is EntityType.MODEL:
            return Resolved(index)
    return None


def _training_cost(ctx: DocContext, sent: Span, found: Found, words: MeasureWords) -> tuple[Resolved, Token] | None:
    """The model a sum was the cost of training, and the verb of training, or None."""
    span = ctx.doc.char_span(sent.start_char + found.start, sent.start_char + found.end, alignment_mode="expand")
    if span is None:
        return None
    training = ctx.domain.words("verbs/trainedOn")
    current, through_conj = span.root, False
    for step in range(6):
        if current.pos_ in _VERBS or current.head is current:
            break
        if step and not through_conj and current.pos_ == "NOUN" and lemma_of(current) not in words["cost_nouns"] \
                and current.lower_ not in ctx.domain.words("training_nouns"):
            return None  # the sum of something else ("$5 million in revenue")
        through_conj = current.dep_ == "conj"  # "spent months, and $10 million, training X"
        current = current.head
    if current.pos_ not in _VERBS:
        return None
    verbs = [current] if lemma_of(current) in training else []
    if lemma_of(current) in words["cost_verbs"]:  # "spent $10m training X", "cost $5m to train"
        verbs += [c for c in current.children if c.dep_ in ("advcl", "xcomp", "pcomp") and lemma_of(c) in training]
    for verb in verbs:
        for model in ctx.undergoer(verb, _MODEL):
            if ctx.type_of(model.mention) is EntityType.MODEL and not model.stand_in:
                return model, verb
    if lemma_of(current) in words["cost_verbs"]:  # the parser often reads "training DBRX" as a noun phrase
        for word in current.subtree:
            after = ctx.doc[word.i + 1] if word.i + 1 < word.sent.end else None
            if (lemma_of(word) in training or word.lower_ in ctx.domain.words("training_nouns")) and after is not None and ctx.mention_at(after) is not None \
                    and ctx.type_of(ctx.mention_at(after)) is EntityType.MODEL:
                return Resolved(ctx.mention_at(after)), word
    return None


def chip_count(ctx: DocContext, chip: int) -> int | None:
    """The number of chips a phrase gives for the chip mention ``chip`` ("16,000 H100s", "over one
    million Trainium 2 chips", "20,000 Nvidia H100 GPUs"), or None."""
    root = ctx.root_of(chip)
    if root is None:
        return None
    for token in (root, root.head):
        if token is not root and token.lower_ not in ctx.chip_nouns:
            continue
        for child in token.children:
            if child.dep_ == "nummod":
                phrase = ctx.doc[min(t.i for t in child.subtree):max(t.i for t in child.subtree) + 1]
                numbers = find_numbers(phrase.text, ctx.domain)
                if numbers and numbers[-1].value == numbers[-1].value.to_integral_value():
                    return int(numbers[-1].value)
    return None
