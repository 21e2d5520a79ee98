"""What every relation rule needs about one document: its mentions, token lookups, coreference.

Rules ask a :class:`DocContext` which mentions a token stands for. Besides tokens inside a
mention, it resolves a noun through its possessor or name ("DeepSeek's model", "the R1 model",
"a model called Doubao"), a list it introduces ("investors including A and B"), a definite
description of the organisation the text is about ("the company", "the startup"), pronouns by
the type the rule wants ("it", "its", "he"), and "the model" to the last named model.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..domain import Domain
from ..model import Document, EntityType, Evidence, Mention
from .base import conjuncts, lemma_of, subject_of

__all__ = ["DocContext", "Resolved", "ENT_LABELS"]

# The entity label a mention's tokens carry while the rules run (token patterns match ENT_TYPE).
ENT_LABELS = {EntityType.PERSON: "PERSON", EntityType.ORGANIZATION: "ORG", EntityType.MODEL: "MODEL",
              EntityType.CHIP: "CHIP", EntityType.PLACE: "PLACE"}
_LOOKBACK = 2  # sentences a pronoun or "the company" may reach back to a subject
_NEAREST_LOOKBACK = 1  # ... and to a name in another role
_ROUND_LOOKBACK = 5  # sentences "the round" may reach back to the company that raised it
# Dependencies through which the negation of a clause reaches a word that states a relation
# ("is not as capable as", "is not on par with", "did not beat").
_PREDICATE_PATH = frozenset({"acomp", "attr", "oprd", "prep", "pobj", "pcomp", "advmod", "xcomp", "ccomp", "conj"})


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
    mention_tokens: list[tuple[int, int]] = field(default_factory=list)
    topic_org: int | None = None
    sentence_starts: list[int] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    mention_starts: list[int] = field(default_factory=list)
    text: str = ""
    org_by_name: dict[str, int] = field(default_factory=dict)
    titles: dict[int, tuple[int, str]] = field(default_factory=dict)  # token -> (title end, predicate)
    _topics: dict[EntityType, int | None] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Doc, document: Document, domain: Domain, mentions: list[Mention],
              sentences: list[Span] | None = None) -> "DocContext":
        ctx = cls(doc, document, domain, mentions)
        spans = []
        for index, mention in enumerate(mentions):
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or any(t.i in ctx.token_mention for t in span):
                ctx.mention_tokens.append((-1, -1))
                continue
            ctx.mention_tokens.append((span.start, span.end))
            spans.append(Span(doc, span.start, span.end, label=ENT_LABELS[mention.type]))
            for token in span:
                ctx.token_mention[token.i] = index
        doc.set_ents(spans, default="outside")  # token patterns see the mentions' types
        ctx.text = document.text  # the same string as doc.text, without rebuilding it
        ctx.sentences = list(doc.sents) if sentences is None else sentences
        ctx.sentence_starts = [sent.start for sent in ctx.sentences]
        ctx.mention_starts = [m.start for m in mentions]
        ctx.topic_org = ctx._topic(EntityType.ORGANIZATION)
        ctx.org_by_name = {m.name: i for i, m in enumerate(mentions) if m.type is EntityType.ORGANIZATION}
        ctx.topic_nouns = domain.words("topic_nouns")
        ctx.model_nouns = domain.words("model_nouns")
        ctx.chip_nouns = domain.words("chip_nouns")
        ctx.list_preps = domain.words("list_prepositions")
        ctx.definites = domain.words("definite_determiners")
        ctx.relatives = domain.words("relative_pronouns")
        ctx.possessives = domain.words("possessive_markers")
        ctx.controllers = domain.words("verbs/object_control")
        ctx.pronouns = {word: tuple(EntityType(t) for t in types) for word, types in domain.triggers["pronouns"].items()}
        ctx._find_titles()
        return ctx

    # -- job titles ----------------------------------------------------------------------------
    def _find_titles(self) -> None:
        """Mark every job title phrase ("chief executive officer", "co-founder"): longest first."""
        titles = self.domain.title_predicates()
        longest = max((len(t.split()) for t in titles), default=1) + 2  # "co - founder" is three tokens
        starts = self.domain.title_starts()
        for sent in self.sentences:
            i = sent.start
            while i < sent.end:
                if self.doc[i].lower_ not in starts:
                    i += 1
                    continue
                for width in range(min(longest, sent.end - i), 0, -1):
                    phrase = self.doc[i:i + width].text.lower().replace(" - ", "-")
                    if phrase not in titles and phrase.endswith("s") and phrase[:-1] in titles:
                        phrase = phrase[:-1]  # "co-founders", "executives"
                    if phrase in titles and not any(t.i in self.token_mention for t in self.doc[i:i + width]):
                        for k in range(i, i + width):
                            self.titles[k] = (i + width, titles[phrase])
                        i += width - 1
                        break
                i += 1

    def title_predicates(self, tokens: list[Token]) -> list[str]:
        """The relations the job titles among ``tokens`` state, in order ("founder and CEO": founded, leads)."""
        from ..model import Predicate

        out: list[Predicate] = []
        for token in tokens:
            found = self.titles.get(token.i)
            if found is not None and Predicate(found[1]) not in out:
                out.append(Predicate(found[1]))
        return out

    def heads_a_unit(self, title: Token) -> bool:
        """"head of research", "president of sales": a title followed by "of" a common noun; "services
        chief", "engineering head": a one-word title after one."""
        found = self.titles.get(title.i)
        if found is not None and found[0] == title.i + 1 and title.lower_ in self.domain.words("unit_title_heads") \
                and title.i > title.sent.start:
            before = self.doc[title.i - 1]
            if before.pos_ == "NOUN" and before.is_lower and self.mention_at(before) is None and not self.is_title(before):
                return True
        for prep in title.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "for"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and self.mention_at(obj) is None and obj.pos_ == "NOUN" and self.resolve(obj) is None:
                        return True
        return False

    def is_title(self, token: Token) -> bool:
        return token.i in self.titles

    def employer(self, title: Token, wanted: frozenset[EntityType] | None = None) -> list[Resolved]:
        """The organisation a job title that names none stands for ("CEO Jane Roe said", "the
        co-founder Bob Li"): the one the text is talking about there (as "the company" would mean),
        when every title of the phrase is a post inside a company (``bare_titles``: not "president",
        "analyst") and no name kg does not know stands before it ("Fed chief Jane Roe")."""
        if wanted is not None and EntityType.ORGANIZATION not in wanted:
            return []
        bare, joining = self.domain.words("bare_titles"), self.domain.words("title_modifiers") | {"and", "&"}
        start = title.i  # the whole run of titles the token is in: "former co-founder and chief executive"
        while start > title.sent.start and (start - 1 in self.titles or self.doc[start - 1].lower_ in joining):
            start -= 1
        i, seen = start, False
        while i < title.sent.end and (i in self.titles or self.doc[i].lower_ in joining):
            if i in self.titles:
                end = self.titles[i][0]
                phrase = self.doc[i:end].text.lower().replace(" - ", "-")
                if phrase not in bare and phrase[:-1] not in bare:  # "co-founders"
                    return []
                seen, i = True, end
            else:
                i += 1
        before = self.doc[start - 1] if start > title.sent.start else None
        if not seen or before is not None and (self.mention_at(before) is not None or before.pos_ == "PROPN"
                                               or before.lower_ in self.possessives | {"its", "their"}):
            return []
        if i + 1 < title.sent.end and self.doc[i].lower_ in (",", "of", "at", "for") and self._names_org(self.doc[i + 1]):
            return []  # "Jane Roe, chief scientist, Acme Labs": the organisation comes after
        org = self.salient_org(title)
        return [Resolved(org, coref=True)] if org is not None else []

    def _names_org(self, token: Token) -> bool:
        index = self.mention_at(token)
        if index is None and token.lower_ in ("the", "a", "an") and token.i + 1 < len(self.doc):
            index = self.mention_at(self.doc[token.i + 1])
        return index is not None and self.mentions[index].type is EntityType.ORGANIZATION

    # -- lookups -------------------------------------------------------------------------------
    def topic(self, entity_type: EntityType) -> int | None:
        """The entity of ``entity_type`` the article is about (see :meth:`_topic`), computed once."""
        if entity_type not in self._topics:
            self._topics[entity_type] = self._topic(entity_type)
        return self._topics[entity_type]

    def _topic(self, entity_type: EntityType) -> int | None:
        """The organisation the article is about: named at least 3 times and twice as often as any other."""
        counts = Counter(m.key for m in self.mentions if m.type is entity_type).most_common(2)
        if not counts or counts[0][1] < 3 or len(counts) > 1 and counts[0][1] < 2 * counts[1][1]:
            return None
        return next(i for i, m in enumerate(self.mentions) if m.key == counts[0][0])

    def mention_at(self, token: Token) -> int | None:
        return self.token_mention.get(token.i)

    def type_of(self, index: int) -> EntityType:
        return self.mentions[index].type

    def root_of(self, index: int) -> Token | None:
        """The syntactic head token of mention ``index``."""
        start, end = self.mention_tokens[index]
        return self.doc[start:end].root if start >= 0 else None

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

    def sentence_of(self, token: Token) -> int:
        return max(bisect.bisect_right(self.sentence_starts, token.i) - 1, 0)

    # -- coreference ---------------------------------------------------------------------------
    def salient(self, token: Token, entity_type: EntityType = EntityType.ORGANIZATION,
                not_keys: frozenset[str] = frozenset()) -> int | None:
        """What "the company" (or "it", "he") most likely means at ``token``: the last mention of the
        type that was a subject in this or the two previous sentences, else the last one named
        there; for organisations, else the document's topic. ``not_keys``: entities it cannot mean."""
        sentence = self.sentence_of(token)
        nearest = None
        for index in range(bisect.bisect_left(self.mention_starts, token.idx) - 1, -1, -1):
            m = self.mentions[index]
            if m.sentence < sentence - _LOOKBACK:
                break
            if m.type is not entity_type or m.key in not_keys:
                continue
            head = self.root_of(index)
            if head is None:
                continue
            if head.dep_ in ("nsubj", "nsubjpass") or head.head.dep_ in ("nsubj", "nsubjpass") and head.dep_ in ("poss", "compound"):
                return index
            if nearest is None and m.sentence >= sentence - _NEAREST_LOOKBACK:
                nearest = index
        if entity_type is EntityType.ORGANIZATION and self.topic_org is not None and self.mentions[self.topic_org].key not in not_keys:
            return self.topic_org
        return nearest

    def salient_org(self, token: Token) -> int | None:
        return self.salient(token, EntityType.ORGANIZATION, self.clause_subject_keys(token))

    def clause_subject_keys(self, token: Token) -> frozenset[str]:
        """The entities named as the subject of the clause ``token`` is in: a description or an
        object pronoun there does not mean them ("Acme took a stake in the startup": not Acme)."""
        if token.dep_ == "poss":  # "Acme unveiled its model": a possessive may
            return frozenset()
        verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            return frozenset()
        return frozenset(self.mentions[index].key for s in verb.children if s.dep_ in ("nsubj", "nsubjpass")
                         for c in conjuncts(s) if (index := self.mention_at(c)) is not None)

    def resolve(self, token: Token, wanted: frozenset[EntityType] | None = None) -> Resolved | None:
        """The mention a token stands for, directly or through a noun phrase or a pronoun.

        ``wanted``, the types the caller can use, decides what a pronoun ("it", "he") refers to."""
        index = self.mention_at(token)
        if index is not None:
            return Resolved(index)
        lower = token.lower_
        if lower in self.pronouns:
            return self._pronoun(token, wanted)
        if lower in self.relatives and token.dep_ in ("dobj", "pobj", "nsubjpass"):
            # "Acme Labs, which Jane Roe founded": the noun the relative clause describes
            clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
            return self.resolve(clause.head, wanted) if clause is not None else None
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        # "Mistral AI, the Paris-based startup": a description in apposition to a name
        if token.dep_ == "appos" and token.pos_ == "NOUN":
            head = self.mention_at(token.head)
            if head is not None:
                return Resolved(head)
        # "Acme is a Toronto-based startup": the same description as the predicate of "is"
        if token.dep_ == "attr" and lower in self.topic_nouns and lemma_of(token.head) in self.domain.words("verbs/copula"):
            named = [index for s in token.head.children if s.dep_ == "nsubj" and (index := self.mention_at(s)) is not None]
            if named:
                return Resolved(named[0])
        # "the R1 model", "DeepSeek's model", "its AI model, ChatGLM", "H800 chips", "the Qwen series"
        named_noun = lower in self.model_nouns or lower in self.chip_nouns
        # a named model or chip first ("OpenAI's latest o1 model" is o1), then an organisation
        children = sorted(token.children, key=lambda c: self.mention_at(c) is None or
                          self.mentions[self.mention_at(c)].type is EntityType.ORGANIZATION)
        for child in children:
            if child.dep_ in ("compound", "nmod", "amod", "poss", "appos", "npadvmod"):
                child_index = self.mention_at(child)
                if child_index is None or self._hyphen_modifier(child_index):
                    continue  # "an o1-level model" is not o1
                child_type = self.mentions[child_index].type
                if child_type is EntityType.ORGANIZATION:
                    if lower in self.model_nouns and child.dep_ != "appos":
                        return Resolved(child_index, stand_in=True)
                    if child.dep_ != "appos":
                        continue
                if child.dep_ == "appos" or named_noun and child_type in (EntityType.MODEL, EntityType.CHIP):
                    return Resolved(child_index)
            # "a smaller version of Gemini 1.5"
            if named_noun and child.dep_ == "prep" and child.lower_ == "of":
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    index = self.mention_at(obj)
                    if index is not None and self.mentions[index].type in (EntityType.MODEL, EntityType.CHIP):
                        return Resolved(index)
        # "Alibaba's cloud unit", "Google's AI lab": a part of an organisation acts for it
        if lower in self.domain.words("subsidiary_nouns"):
            for child in token.children:
                index = self.mention_at(child)
                if child.dep_ == "poss" and index is not None and self.mentions[index].type is EntityType.ORGANIZATION:
                    return Resolved(index, coref=True)
        # "the chatbot, called Doubao,": a name given by "called"/"named"
        named = self._named_by(token)
        if named is not None:
            return Resolved(named)
        # "the startup behind Kimi, Moonshot AI,": a name in apposition inside the phrase
        if lower in self.topic_nouns:
            for t in token.subtree:
                index = self.mention_at(t)
                if index is not None and t.dep_ == "appos" and self.mentions[index].type is EntityType.ORGANIZATION:
                    return Resolved(index)
        # "the company", "the Chinese startup", "the lab"
        if lower in self.topic_nouns and self._definite(token):
            org = self.salient_org(token)
            if org is not None:
                return Resolved(org, coref=True)
        if lower in self.model_nouns and self._definite(token) and not token.tag_.endswith("S"):
            before = self.salient(token, EntityType.MODEL)
            if before is not None:
                return Resolved(before, coref=True)
        if lower in self.chip_nouns and any(c.dep_ in ("det", "amod", "predet") and c.lower_ in self.definites | {"such", "these", "those"}
                                            for c in token.children):
            before = self.salient(token, EntityType.CHIP)  # "trained on 100,000 such chips"
            if before is not None:
                return Resolved(before, coref=True)
        if lower in self.model_nouns and not self._definite(token):
            return self._maker_of_unnamed(token)
        return None

    def _maker_of_unnamed(self, noun: Token) -> Resolved | None:
        """"DeepSeek stunned the world with a model built for $6 million": an unnamed model stands
        for the organisation that is the subject of the clause introducing it."""
        current = noun
        for _ in range(3):
            current = current.head
            if current.pos_ in ("VERB", "AUX"):
                break
            if current.dep_ not in ("prep", "pobj", "dobj") and current.pos_ != "ADP":
                return None
        if current.pos_ not in ("VERB", "AUX"):
            return None
        for subject in (c for c in current.children if c.dep_ == "nsubj"):
            index = self.mention_at(subject)
            if index is not None and self.mentions[index].type is EntityType.ORGANIZATION:
                return Resolved(index, stand_in=True, coref=True)
        return None

    def _hyphen_modifier(self, index: int) -> bool:
        """Is mention ``index`` the first half of a hyphenated modifier ("o1-level", "GPT-4-class")?"""
        end = self.mention_tokens[index][1]
        return 0 < end < len(self.doc) - 1 and self.doc[end].text in ("-", "–") and not self.doc[end - 1].whitespace_

    def _named_by(self, token: Token) -> int | None:
        """The name a "called"/"named" phrase gives ``token`` ("chips from Nvidia called H800s")."""
        for child in token.children:
            if child.dep_ in ("acl", "relcl") and child.lower_ in self.domain.words("naming_verbs"):
                for t in child.subtree:
                    index = self.mention_at(t)
                    if index is not None:
                        return index
        return None

    def _pronoun(self, token: Token, wanted: frozenset[EntityType] | None) -> Resolved | None:
        """"its"/"their" of an organisation: the organisation subject of the same clause
        ("Moonshot unveiled its Kimi chatbot"), else the salient one; "it", "he", "she": the
        salient mention of the wanted type."""
        lower = token.lower_
        kinds = self.pronouns[lower]
        if wanted is not None:
            kinds = tuple(k for k in kinds if k in wanted)
        if not kinds:
            return None
        if lower in ("its", "their") and EntityType.ORGANIZATION in kinds:
            # the nearest organisation named before it in the sentence ("Moonshot unveiled its Kimi",
            # "Nvidia's position, with its Blackwell chips")
            for index in range(bisect.bisect_left(self.mention_starts, token.idx) - 1, -1, -1):
                m = self.mentions[index]
                if m.sentence != self.sentence_of(token):
                    break
                if m.type is EntityType.ORGANIZATION:
                    return Resolved(index, coref=True)
        for kind in kinds:
            found = self.salient(token, kind, self.clause_subject_keys(token))
            if found is not None:
                return Resolved(found, coref=True)
        return None

    def members(self, token: Token, wanted: frozenset[EntityType] | None = None) -> list[Resolved]:
        """The names a plain noun introduces as a list: "investors including A, B and C",
        "rivals such as X", "models like Y"."""
        out: list[Resolved] = []
        for child in token.children:
            if child.dep_ == "amod" and child.lower_ + " " + self.doc[min(child.i + 1, len(self.doc) - 1)].lower_ in self.list_preps:
                preps = [c for c in child.children if c.dep_ == "prep"]  # "such" > "as" > names
            elif child.dep_ == "prep" and (child.lower_ in self.list_preps or self._phrase_before(child) in self.list_preps):
                preps = [child]
            else:
                continue
            for prep in preps:
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    for item in conjuncts(obj):
                        resolved = self.resolve(item, wanted)
                        if resolved is not None and resolved.mention not in {r.mention for r in out}:
                            out.append(resolved)
        return out

    def _phrase_before(self, token: Token) -> str:
        """``token`` with the word before it ("such as")."""
        return (self.doc[token.i - 1].lower_ + " " if token.i > 0 else "") + token.lower_

    def resolve_all(self, token: Token, wanted: frozenset[EntityType] | None = None) -> list[Resolved]:
        """``resolve`` for a token and everything coordinated with what it resolves to
        ("former executives Dario Amodei and Daniela Amodei"), or the list a plain noun introduces."""
        if self.mention_at(token) is None and token.pos_ == "NOUN":
            members = self.members(token, wanted)  # "models like X and Y", "investors including A"
            if members:
                return members
        first = self.resolve(token, wanted)
        if first is None:
            if token.pos_ not in ("NOUN", "PROPN", "NUM"):
                return []
            if lemma_of(token) in self.domain.words("of_nouns") or token.pos_ == "NUM":
                # "the capabilities of its rivals", "a pair of dropouts, A and B", "tens of thousands of H100s";
                # "ChatGPT's performance" (a named possessor)
                return [r for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
                        for obj in prep.children if obj.dep_ == "pobj" for r in self.resolve_all(obj, wanted)] or \
                    [r for owner in token.children if owner.dep_ == "poss" and self.mention_at(owner) is not None
                     for r in self.resolve_all(owner, wanted)]
            # "investors including A and B"; "X Capital and Y Ventures" where X Capital is unknown
            members = self.members(token, wanted)
            return members or [r for c in conjuncts(token)[1:] if (r := self.resolve(c, wanted)) is not None]
        out = [first]
        root = self.root_of(first.mention) if not first.coref else token
        if root is None:
            return out
        named = self._named_by(root)  # "the sixth TPU, called Trillium": Trillium too
        if named is not None and named != first.mention:
            out.append(Resolved(named))
        for conj in conjuncts(root)[1:]:
            resolved = self.resolve(conj, wanted)
            if resolved is not None and all(r.mention != resolved.mention for r in out):
                out.append(Resolved(resolved.mention, first.stand_in and resolved.stand_in, resolved.coref))
        if not first.coref:
            out += [Resolved(i) for i in self.listed_with(first.mention) if all(r.mention != i for r in out)]
        return out

    def listed_with(self, index: int, steps: tuple[int, ...] = (-1, 1)) -> list[int]:
        """The names listed with mention ``index`` by commas and "and" ("Meta's Llama 3.1, OpenAI's
        GPT-4 and Anthropic's Claude"), read from the words: the parser often misses such lists.
        ``steps``: look before it (-1), after it (1), or both."""
        wanted = self.mentions[index].type
        separators = self.domain.words("list_separators")
        out: list[int] = []
        for step in steps:
            current = index
            while True:
                start, end = self.mention_tokens[current]
                if start < 0:
                    break
                item = self._list_neighbour(start, end, step, separators)
                if item is not None and self.mentions[item].type is not wanted and step > 0:
                    item = self._skip_list_item(item, separators)  # "..., DeepSeek v3, Anthropic Claude"
                if item is None or self.mentions[item].type is not wanted:
                    break
                out.append(item)
                current = item
        return out

    def _skip_list_item(self, item: int, separators: frozenset[str]) -> int | None:
        """The mention after a list item kg could not type ("DeepSeek v3" in "Gemini, DeepSeek v3,
        and GPT-4o"): a short item of names and numbers up to the next separator, then the next one."""
        doc = self.doc
        start, end = self.mention_tokens[item]
        sent = doc[start].sent
        i = end
        while i < sent.end and i - end < 3 and doc[i].lower_ not in separators:
            if doc[i].pos_ not in ("PROPN", "NUM", "NOUN", "X") or self.mention_at(doc[i]) is not None:
                return None
            i += 1
        if i >= sent.end or doc[i].lower_ not in separators:
            return None
        return self._list_neighbour(start, i, 1, separators)

    def _owner_start(self, start: int, sent: Span) -> int:
        """Where "OpenAI's GPT-4" or "Anthropic Claude" starts, for the mention at token ``start``."""
        doc = self.doc
        if start - 2 >= sent.start and doc[start - 1].lower_ in self.possessives and self.mention_at(doc[start - 2]) is not None:
            owner = self.mention_tokens[self.mention_at(doc[start - 2])][0]
            return owner if owner >= sent.start else start
        if start - 1 >= sent.start and self.mention_at(doc[start - 1]) is not None:
            owner_index = self.mention_at(doc[start - 1])
            if self.mentions[owner_index].type is EntityType.ORGANIZATION:
                return max(self.mention_tokens[owner_index][0], sent.start)
        return start

    def _list_neighbour(self, start: int, end: int, step: int, separators: frozenset[str]) -> int | None:
        """The mention next to tokens start..end across one list separator (and an owner's "X's")."""
        doc, sent = self.doc, self.doc[start].sent
        i = end if step > 0 else self._owner_start(start, sent) - 1
        seen_separator = False
        while sent.start <= i < sent.end and doc[i].lower_ in separators:
            seen_separator, i = True, i + step
        if not seen_separator or not sent.start <= i < sent.end:
            return None
        if step > 0 and self.mention_at(doc[i]) is not None and i + 1 < sent.end and doc[i + 1].lower_ in self.possessives:
            i += 2  # "..., OpenAI's GPT-4": skip the owner
        elif step > 0 and self.mention_at(doc[i]) is not None and self.mentions[self.mention_at(doc[i])].type is EntityType.ORGANIZATION:
            owner_end = self.mention_tokens[self.mention_at(doc[i])][1]  # "..., Anthropic Claude"
            if owner_end < sent.end and self.mention_at(doc[owner_end]) is not None:
                i = owner_end
        found = self.mention_at(doc[i]) if sent.start <= i < sent.end else None
        if found is None:
            return None
        after = self.mention_tokens[found][1]
        if step > 0 and after < sent.end and (doc[after].text in ("-", "–") or doc[after].pos_ == "NOUN"
                                              and self.mention_at(doc[after]) is None):
            return None  # "..., and Google-backed Runway", "Amazon founder X": a modifier, not a list item
        if step < 0:  # the item may have an owner before it, and what comes before must not bind it
            before = self._owner_start(self.mention_tokens[found][0], sent) - 1
            if before >= sent.start and doc[before].lower_ not in separators and doc[before].pos_ not in ("VERB", "ADP", "AUX", "DET", "ADJ", "PUNCT", "CCONJ"):
                return None
        return found

    def resolve_span(self, tokens: list[Token], wanted: frozenset[EntityType] | None = None) -> list[Resolved]:
        """What a stretch of tokens (a token rule's role) names: the one name it matched, else its head
        word resolved with what is coordinated with it ("bigger models like Llama 2" is Llama 2)."""
        mentions = [self.mention_at(t) for t in tokens]
        if len(set(mentions)) == 1 and mentions[0] is not None:
            # the role matched a name: that name, and the names listed with it unless it owns or is
            # owned ("co-founder of Inflection and DeepMind"; not "Meta's Llama and Google's Gemini")
            index = mentions[0]
            start, end = self.mention_tokens[index]
            possessive = self.possessives
            bound = (end < len(self.doc) and (self.doc[end].lower_ in possessive or self.mention_at(self.doc[end]) is not None)) or \
                (start > 0 and (self.doc[start - 1].lower_ in possessive or self.mention_at(self.doc[start - 1]) is not None))
            if bound:  # it owns, is owned, or names with a neighbour ("Anthropic Claude")
                return [Resolved(index)]
            return [Resolved(index)] + [Resolved(i) for i in self.listed_with(index, steps=(1,))]
        # a phrase: its last name of a wanted type ("OpenAI's o1"), with the names listed with it
        named = [i for i in mentions if i is not None and (wanted is None or self.mentions[i].type in wanted)]
        last_word = next((t for t in reversed(tokens) if t.pos_ in ("NOUN", "PROPN", "NUM")), None)
        if named and last_word is not None and self.mention_at(last_word) == named[-1]:  # not "o1 fans"
            root = self.root_of(named[-1])
            if root is not None:
                return self.resolve_all(root, wanted)
        if len(tokens) > 1:
            tokens = [self.doc[tokens[0].i:tokens[-1].i + 1].root]
        return self.resolve_all(tokens[0], wanted)

    def subjects(self, verb: Token, wanted: frozenset[EntityType] | None = None) -> list[Resolved]:
        """What the subjects of ``verb`` resolve to (coordinated ones included)."""
        out: list[Resolved] = []
        subjects = list(subject_of(verb, self.relatives, self.controllers))
        for t in subjects:
            found = self.resolve_all(t, wanted)
            if not found and any(c.dep_ == "relcl" for c in t.children):
                found = self._antecedent_nearby(t, wanted)
            out += found
        if not subjects and verb.dep_ == "ccomp":
            out += self._antecedent_nearby(verb, wanted, before_only=True)  # "tells X Phi-3 is ..."
        return out

    def _antecedent_nearby(self, head: Token, wanted: frozenset[EntityType] | None, before_only: bool = False) -> list[Resolved]:
        """"The company released Phi-2 in December, which beat ...": when the parser hangs the
        relative clause on a word that names nothing, the name just before it; likewise for a
        clause whose subject the parser lost ("tells The Verge Phi-3 is as capable as ...")."""
        end = head.i if before_only else head.i + 1
        for t in reversed(self.doc[max(head.sent.start, head.i - 4):end]):
            index = self.mention_at(t)
            if index is not None and (wanted is None or self.mentions[index].type in wanted):
                return [Resolved(index)]
        return []

    def modified(self, token: Token, wanted: frozenset[EntityType] | None = None) -> list[Resolved]:
        """What a participle or adjective phrase describes: "Acme, founded in 2019 by X" (Acme),
        "a startup backed by X" (the startup, and what it stands for), "established and led by X"."""
        while token.dep_ == "conj" and token.head.i != token.i:
            token = token.head
        if token.dep_ not in ("acl", "relcl", "amod", "appos", "advcl") or token.head.i == token.i:
            return []
        return self.resolve_all(token.head, wanted)

    def main_subjects(self, participle: Token, wanted: frozenset[EntityType] | None = None) -> list[Resolved]:
        """The subject of the main clause a fronted participle describes ("Founded in 2019 by X,
        Acme has grown"), whether the parser hangs the participle on the main verb or the other
        way round."""
        if participle.dep_ != "ROOT" and participle.head.pos_ in ("VERB", "AUX"):
            return self.subjects(participle.head, wanted)
        for child in participle.children:
            if child.dep_ in ("advcl", "conj", "ccomp") and child.pos_ in ("VERB", "AUX"):
                found = [r for s in child.children if s.dep_ in ("nsubj", "nsubjpass") for r in self.resolve_all(s, wanted)]
                if found:
                    return found
        return []

    def model_before(self, token: Token, wanted: frozenset[EntityType] | None = None) -> list[Resolved]:
        """The model a sentence was talking about before ``token``: the nearest model named, or
        the nearest model noun that resolves ("... a model built in two months, using H800s")."""
        for t in reversed(self.doc[token.sent.start:token.i]):
            index = self.mention_at(t)
            if index is not None and self.mentions[index].type is EntityType.MODEL:
                return [Resolved(index)]
            if t.lower_ in self.model_nouns and t.pos_ == "NOUN":
                found = self.resolve(t, wanted)
                if found is not None:
                    return [found]
        return []

    def described(self, noun: Token, wanted: frozenset[EntityType] | None = None) -> list[Resolved]:
        """What a describing noun is said of: "Waymo, a unit of Alphabet" (apposition: Waymo);
        "Waymo is a unit of Alphabet" (predicate: the clause's subject)."""
        if noun.dep_ in ("attr", "oprd", "acomp"):
            return self.clause_subjects(noun, wanted)
        return self.modified(noun, wanted)

    def undergoer(self, verb: Token, wanted: frozenset[EntityType] | None = None) -> list[Resolved]:
        """What a verb acts on: its object ("Acme trained Nova on H100s"), else its passive subject
        ("Nova was trained on ...", "Acme is based in Paris"), else what the participle describes
        ("Nova, trained on ...", "Acme, based in Paris"), else its subject ("Acme trained on H100s")."""
        for dep in ("dobj", "nsubjpass"):
            found = [r for c in verb.children if c.dep_ == dep for r in self.resolve_all(c, wanted)]
            if found:
                return found
        return self.modified(verb, wanted) or self.subjects(verb, wanted)

    def recipients(self, token: Token, wanted: frozenset[EntityType] | None = None) -> list[Resolved]:
        """:meth:`recipient` as a list, as rules take their arguments."""
        found = self.recipient(token)
        return [found] if found is not None else []

    def recipient(self, token: Token, _seen: frozenset[int] = frozenset()) -> Resolved | None:
        """The organisation a funding word is for: "Acme's round", "the Acme funding", "a round
        for Acme", "Acme raised ... in a round", else the organisation the text is about."""
        wanted = frozenset({EntityType.ORGANIZATION})
        resolved = self.resolve(token, wanted)
        if resolved is not None and self.type_of(resolved.mention) is EntityType.ORGANIZATION and not resolved.stand_in:
            return resolved
        for child in token.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                found = self.resolve(child, wanted)
                if found is not None and self.type_of(found.mention) is EntityType.ORGANIZATION:
                    return found
            if child.dep_ == "prep" and child.lower_ in ("for", "in", "into"):
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    found = self.resolve(obj, wanted)
                    if found is not None and self.type_of(found.mention) is EntityType.ORGANIZATION:
                        return found
        owner = self._round_owner(token)
        if owner is not None:
            return owner
        funding = self.domain.words("funding_nouns")
        if lemma_of(token) not in funding:  # "investors in the Acme round": the round inside the phrase
            inner = next((t for t in token.subtree if t.i != token.i and lemma_of(t) in funding), None)
            if inner is not None and inner.i not in _seen:
                return self.recipient(inner, _seen | {token.i})
        raising = self.domain.words("verbs/raised")
        for ancestor in token.ancestors:
            if ancestor.pos_ != "VERB":
                continue
            if lemma_of(ancestor) in raising:
                found = [r for r in self.subjects(ancestor, wanted) if self.type_of(r.mention) is EntityType.ORGANIZATION]
                if found:
                    return found[0]
                break
            # "The round was led by A, with participation from B": the round the clause is about
            round_noun = next((c for c in ancestor.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")
                               and c.i != token.i and lemma_of(c) in funding), None)
            if round_noun is not None and round_noun.i not in _seen:
                return self.recipient(round_noun, _seen | {token.i})
        org = self._last_raiser(token)
        return Resolved(org, coref=True) if org is not None else None

    def _round_owner(self, noun: Token) -> Resolved | None:
        """Whose round a round noun is by the clause it is in: "Acme, whose round ..." (the noun of
        the relative clause), "Acme announced / closed / was valued at $2bn in a round" (the subject
        of a verb of ``round_owner_verbs`` in ``kg/data/events.json``)."""
        from .events import load_event_words

        wanted = frozenset({EntityType.ORGANIZATION})
        whose = next((t for t in noun.subtree if t.lower_ == "whose" and t.dep_ == "poss"), None)
        if whose is not None:
            clause = next((a for a in whose.ancestors if a.dep_ == "relcl"), None)
            found = self.resolve_all(clause.head, wanted) if clause is not None else []
            if not found:  # parsed without its clause: "Acme, a startup whose round ...": the name the words point back to
                index = self._appositive_antecedent(whose)
                found = [Resolved(index)] if index is not None else []
            if found and self.type_of(found[0].mention) is EntityType.ORGANIZATION:
                return found[0]
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        if noun.dep_ in ("dobj", "pobj", "nsubjpass") and verb.pos_ == "VERB" and lemma_of(verb) in load_event_words(self.domain)["round_owner_verbs"]:
            return next((r for r in self.subjects(verb, wanted) if self.type_of(r.mention) is EntityType.ORGANIZATION), None)
        return None

    def _appositive_antecedent(self, relative: Token) -> int | None:
        """The name a relative word follows, read from the words: "Acme whose", or, across a
        description in apposition, "Acme, a startup whose"."""
        i = relative.i - 1
        sent_start = relative.sent.start
        while i >= sent_start and self.mention_at(self.doc[i]) is None and self.doc[i].pos_ in ("NOUN", "ADJ", "DET", "PROPN"):
            i -= 1
        if i >= sent_start and self.doc[i].lower_ == "," and i - 1 >= sent_start:
            i -= 1
        return self.mention_at(self.doc[i]) if i >= sent_start else None

    def _last_raiser(self, token: Token) -> int | None:
        """The organisation a funding round named without its recipient is for ("The round was
        led by X"): the last organisation before it, in this or the five previous sentences (a
        funding story tells of one round over several), that raised money or owns a round ("Acme
        raised $5m", "Acme's round"), else the topic."""
        funding, raising = self.domain.words("funding_nouns"), self.domain.words("verbs/raised")
        sentence = self.sentence_of(token)
        for index in range(bisect.bisect_left(self.mention_starts, token.idx) - 1, -1, -1):
            m = self.mentions[index]
            if m.sentence < sentence - _ROUND_LOOKBACK:
                break
            head = self.root_of(index)
            if m.type is not EntityType.ORGANIZATION or head is None:
                continue
            if head.dep_ in ("nsubj", "nsubjpass") and lemma_of(head.head) in raising or \
                    head.dep_ in ("poss", "compound") and lemma_of(head.head) in funding:
                return index
        return self.topic_org

    def clause_verb(self, token: Token) -> Token:
        """The verb of the clause ``token`` is in (``token`` itself when it is one)."""
        current = token
        for _ in range(8):
            if current.pos_ in ("VERB", "AUX") or current.head.i == current.i:
                return current
            current = current.head
        return current

    def clause_subjects(self, token: Token, wanted: frozenset[EntityType] | None = None) -> list[Resolved]:
        """The subjects of the clause a word is in: "X is as capable as Y" (X, for "capable")."""
        return self.subjects(self.clause_verb(token), wanted)

    def negated(self, trigger: Token) -> bool:
        """Does the clause deny the trigger word ("did not beat", "is not as good as", "never
        founded", "failed to match")?"""
        negations = self.domain.words("negations")
        if any(t.lower_ in negations for t in self.doc[max(trigger.i - 2, trigger.sent.start):trigger.i]):
            return True
        current = trigger
        for _ in range(8):
            if any(c.dep_ == "neg" or c.lower_ in negations and c.i < current.i for c in current.children):
                return True
            if current.pos_ in ("VERB", "AUX") and current.dep_ not in ("xcomp", "ccomp", "acomp"):
                break
            if current.dep_ not in _PREDICATE_PATH or current.head.i == current.i:
                break  # a noun phrase's own relation ("ChatGPT maker OpenAI did not comment") stands
            current = current.head
            if lemma_of(current) in self.domain.words("negating_verbs"):
                return True
        return False

    def _definite(self, token: Token) -> bool:
        return any(c.dep_ in ("det", "poss") and c.lower_ in self.definites for c in token.children)

    def evidence(self, sent: Span, rule: str, confidence: float, trigger: Token | None = None,
                 predicate: str | None = None, arguments: tuple[int, ...] = (), anchors: tuple[Token, ...] = (),
                 **extra) -> Evidence:
        """The evidence record of a fact read from ``sent``. Given the ``trigger`` (the word that
        states it), its status (polarity, certainty, time, source, date) is read from the parse
        by :mod:`kg.extract.factuality`; ``extra`` are further Evidence fields (``chip_count``)."""
        status = {}
        if trigger is not None:
            from .factuality import read_status

            found = read_status(self, trigger, predicate, arguments, anchors)
            status = {"polarity": found.polarity, "certainty": found.certainty, "time": found.time,
                      "source_mention": found.source_mention, "date": found.date}
        return Evidence(
            doc_id=self.document.doc_id,
            sentence=sent.text.strip(),
            start=sent.start_char,
            end=sent.end_char,
            rule=rule,
            confidence=round(confidence, 2),
            **status,
            **extra,
        )

