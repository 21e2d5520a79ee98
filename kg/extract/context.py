"""What every relation rule needs about one document: its mentions, token lookups, coreference.

Rules ask a :class:`DocContext` which mention a token stands for. Besides tokens inside a
mention, it resolves a noun through its possessor or name ("DeepSeek's model", "the R1 model"),
a definite description of the document's main organisation ("the company", "the lab"), and
"the model" to the last named model.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..domain import Domain
from ..model import Document, EntityType, Evidence, Mention
from .base import subject_of

__all__ = ["DocContext", "Resolved"]


@dataclass(frozen=True)
class Resolved:
    """A token resolved to a mention; ``stand_in`` when an organisation stands for its model."""

    mention: int
    stand_in: bool = False
    coref: bool = False


@dataclass
class DocContext:
    doc: Doc
    document: Document
    domain: Domain
    mentions: list[Mention]
    token_mention: dict[int, int] = field(default_factory=dict)
    topic_org: int | None = None
    sentence_starts: list[int] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    mention_starts: list[int] = field(default_factory=list)
    text: str = ""
    org_by_name: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Doc, document: Document, domain: Domain, mentions: list[Mention],
              sentences: list[Span] | None = None) -> "DocContext":
        ctx = cls(doc, document, domain, mentions)
        for index, mention in enumerate(mentions):
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                ctx.token_mention[token.i] = index
        ctx.text = document.text  # the same string as doc.text, without rebuilding it
        ctx.sentences = list(doc.sents) if sentences is None else sentences
        ctx.sentence_starts = [sent.start for sent in ctx.sentences]
        ctx.mention_starts = [m.start for m in mentions]
        ctx.topic_org = ctx._topic(EntityType.ORGANIZATION)
        ctx.org_by_name = {m.name: i for i, m in enumerate(mentions) if m.type is EntityType.ORGANIZATION}
        ctx.topic_nouns = domain.words("topic_nouns")
        ctx.model_nouns = domain.words("model_nouns")
        return ctx

    def _topic(self, entity_type: EntityType) -> int | None:
        """The organisation the article is about: named at least 3 times and twice as often as any other."""
        counts = Counter(m.key for m in self.mentions if m.type is entity_type).most_common(2)
        if not counts or counts[0][1] < 3 or len(counts) > 1 and counts[0][1] < 2 * counts[1][1]:
            return None
        return next(i for i, m in enumerate(self.mentions) if m.key == counts[0][0])

    def salient_org(self, token: Token) -> int | None:
        """The organisation "the company" / "the lab" most likely means at ``token``: the last
        organisation that was a subject in this or the two previous sentences, else the topic."""
        sentence = self.sentence_of(token)
        for index in range(bisect.bisect_left(self.mention_starts, token.idx) - 1, -1, -1):
            m = self.mentions[index]
            if m.type is not EntityType.ORGANIZATION:
                continue
            if m.sentence < sentence - 2:
                break
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            if head.dep_ in ("nsubj", "nsubjpass") or head.head.dep_ in ("nsubj", "nsubjpass") and head.dep_ in ("poss", "compound"):
                return index
        return self.topic_org

    # -- lookups -------------------------------------------------------------------------------
    def mention_at(self, token: Token) -> int | None:
        return self.token_mention.get(token.i)

    def type_of(self, index: int) -> EntityType:
        return self.mentions[index].type

    def last_before(self, char: int, entity_type: EntityType) -> int | None:
        """The last mention of ``entity_type`` that ends before character ``char``."""
        for index in range(bisect.bisect_left(self.mention_starts, char) - 1, -1, -1):
            if self.mentions[index].type is entity_type and self.mentions[index].end <= char:
                return index
        return None

    def mentions_in(self, span: Span, entity_type: EntityType | None = None) -> list[int]:
        """Indexes of the mentions that start inside ``span``, in text order."""
        first = bisect.bisect_left(self.mention_starts, span.start_char)
        last = bisect.bisect_left(self.mention_starts, span.end_char)
        return [i for i in range(first, last) if entity_type is None or self.mentions[i].type is entity_type]

    def resolve(self, token: Token) -> Resolved | None:
        """The mention a token stands for, directly or through a noun phrase."""
        index = self.mention_at(token)
        if index is not None:
            return Resolved(index)
        if token.pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
        # "Mistral AI, the Paris-based startup": a description in apposition to a name
        if token.dep_ == "appos" and token.pos_ == "NOUN":
            head = self.mention_at(token.head)
            if head is not None:
                return Resolved(head)
        # "the R1 model", "DeepSeek's model", "OpenAI's latest o1 model"
        for child in token.children:
            if child.dep_ in ("compound", "nmod", "amod", "poss", "appos", "npadvmod"):
                child_index = self.mention_at(child)
                if child_index is None:
                    continue
                child_type = self.mentions[child_index].type
                if child.dep_ == "poss" and child_type is EntityType.ORGANIZATION:
                    if token.lower_ in self.model_nouns:
                        return Resolved(child_index, stand_in=True)
                    continue
                if child_type in (EntityType.MODEL, EntityType.CHIP) or child.dep_ == "appos":
                    return Resolved(child_index)
                if child_type is EntityType.ORGANIZATION and token.lower_ in self.model_nouns:
                    return Resolved(child_index, stand_in=True)
        # "the chatbot, called Doubao,": a name given by "called"/"named"
        for child in token.children:
            if child.dep_ == "acl" and child.lower_ in ("called", "named", "dubbed", "known"):
                for t in child.subtree:
                    index = self.mention_at(t)
                    if index is not None:
                        return Resolved(index)
        # "the startup behind Kimi, Moonshot AI,": a name in apposition inside the phrase
        if token.lower_ in self.topic_nouns:
            for t in token.subtree:
                index = self.mention_at(t)
                if index is not None and t.dep_ == "appos" and self.mentions[index].type is EntityType.ORGANIZATION:
                    return Resolved(index)
        # "DeepSeek, as the lab is called" / "the lab" / "the company"
        if token.lower_ in self.topic_nouns and self._definite(token):
            org = self.salient_org(token)
            if org is not None:
                return Resolved(org, coref=True)
        if token.lower_ in ("model",) and self._definite(token):
            before = self.last_before(token.idx, EntityType.MODEL)
            if before is not None and self.mentions[before].sentence >= self.sentence_of(token) - 2:
                return Resolved(before, coref=True)
        return None

    def resolve_all(self, token: Token) -> list[Resolved]:
        """``resolve`` for a token and everything coordinated with what it resolves to
        ("former executives Dario Amodei and Daniela Amodei")."""
        first = self.resolve(token)
        if first is None:
            return []
        out = [first]
        span = self.doc.char_span(self.mentions[first.mention].start, self.mentions[first.mention].end, alignment_mode="expand")
        for conj in span.root.conjuncts if span is not None else ():
            index = self.mention_at(conj)
            if index is not None and all(r.mention != index for r in out):
                out.append(Resolved(index, first.stand_in, first.coref))
        return out

    def subjects(self, verb: Token) -> list[Resolved]:
        """What the subjects of ``verb`` resolve to (coordinated ones included)."""
        return [r for t in subject_of(verb) for r in self.resolve_all(t)]

    def objects(self, verb: Token, preps: tuple[str, ...] = ()) -> list[Resolved]:
        """What the direct objects of ``verb`` resolve to, and the objects of its prepositions ``preps``
        ("works at X", "invested in X")."""
        out: list[Resolved] = []
        for child in verb.children:
            if child.dep_ == "dobj":
                out += self.resolve_all(child)
            elif child.dep_ == "prep" and child.lower_ in preps:
                out += [r for o in child.children if o.dep_ == "pobj" for r in self.resolve_all(o)]
        return out

    def possessor(self, token: Token) -> Resolved | None:
        """The organisation a possessive pronoun or "the company's" points to: for "its", the
        organisation subject of the same clause ("Moonshot unveiled its Kimi chatbot"), else
        the salient one."""
        if token.lower_ not in ("its", "their"):
            return self.resolve(token)
        verb = token.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:  # spaCy makes a new Token object on every access
            verb = verb.head
        for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
            resolved = self.resolve(subject) if subject.lower_ not in ("it", "they") else None
            if resolved and self.mentions[resolved.mention].type is EntityType.ORGANIZATION:
                return Resolved(resolved.mention, coref=True)
        org = self.salient_org(token)
        return Resolved(org, coref=True) if org is not None else None

    @staticmethod
    def _definite(token: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children) or any(
            c.dep_ == "poss" and c.lower_ in ("its", "their") for c in token.children
        )

    def sentence_of(self, token: Token) -> int:
        return max(bisect.bisect_right(self.sentence_starts, token.i) - 1, 0)

    def evidence(self, sent: Span, rule: str, confidence: float) -> Evidence:
        return Evidence(
            doc_id=self.document.doc_id,
            sentence=sent.text.strip(),
            start=sent.start_char,
            end=sent.end_char,
            rule=rule,
            confidence=round(confidence, 2),
        )
