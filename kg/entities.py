"""The ``kg_entities`` spaCy component: find names, then type each one by the evidence around it.

It runs after ``ner`` and rewrites ``doc.ents`` with five labels (PERSON, ORG, PLACE, MODEL,
CHIP). Candidate names come from the gazetteer, the name patterns, spaCy's NER and runs of
capitalised words; the typing rules of ``kg/data/typing.json`` (see :mod:`kg.typing`) type them
from the words around them; a name typed with clear evidence keeps that type wherever the
document repeats it. ``doc.user_data["kg.sources"]`` records, per span, where its type came
from (gazetteer, pattern, context, document or ner) and ``doc.user_data["kg.rules"]`` which rule.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("sentencizer")
>>> _ = nlp.add_pipe("kg_entities")
>>> [(e.text, e.label_) for e in nlp("OpenAI's GPT-4o beat Nvidia H800s.").ents]
[('OpenAI', 'ORG'), ('GPT-4o', 'MODEL'), ('Nvidia', 'ORG'), ('H800s', 'CHIP')]
>>> [(e.text, e.label_) for e in nlp("Robotics startup Zorblat hired Quellan CEO Tamsin Rooke.").ents]
[('Zorblat', 'ORG'), ('Quellan', 'ORG'), ('Tamsin Rooke', 'PERSON')]
"""

# No `from __future__ import annotations` here: spaCy 3.7 cannot resolve string annotations on a
# component factory (pydantic ForwardRef error at add_pipe), and kg must run any installed pipeline.
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .domain import Domain, load_domain
from .model import TYPE_STRENGTH, EntityType
from .names import common_word, designator_only, given_name, legal_short_form, romanised_chinese
from .typing import OTHER, TypingRules

__all__ = ["EntityRecognizer", "LABELS", "SOURCES_KEY", "RULES_KEY", "create_entity_recognizer"]

SOURCES_KEY = "kg.sources"
RULES_KEY = "kg.rules"
LABELS = {
    EntityType.PERSON: "PERSON",
    EntityType.ORGANIZATION: "ORG",
    EntityType.PLACE: "PLACE",
    EntityType.MODEL: "MODEL",
    EntityType.CHIP: "CHIP",
}
_NER_TYPES = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
}
_NER_UNTYPED = ("PRODUCT", "EVENT", "WORK_OF_ART", "LAW")  # names the rules may type; none of the five by themselves
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w.&'-]*|\d[\w.]*[A-Za-z][\w.]*|[a-z]?[A-Z][\w.-]+|of|de|van|von|der|al|bin|&)$")
_GLUE = ("-", ".", "&", "/")
_POSSESSIVE = ("'s", "’s", "'", "’")
_CLOSED_CLASS = ("ADP", "DET", "PRON", "AUX", "SCONJ", "CCONJ", "PART", "NUM")
_ATTRIBUTIVE = ("based", "backed", "owned", "funded", "headquartered", "led", "made", "built", "designed")
_SIZE = re.compile(r"^\d+(?:\.\d+)?[BMT]$|^\d+x\d+[BM]$")
_TICKER = re.compile(r"^[A-Z][A-Z0-9.&]{0,5}$")  # "NVDA", "BRK.B", "M&G"
PARENTHETICAL = "in-parentheses-after-organization"
LONE_PERSON = "ner:PERSON-alone"  # spaCy's PERSON on one word that no full name of the document holds
_VERSION = re.compile(r"^[A-Z]?\d{1,3}(?:\.\d+)?$")  # not a year: "Kimi K2", "Doubao 1.5"


@dataclass
class _Candidate:
    start: int  # token indexes
    end: int
    type: EntityType | str | None  # None: not typed yet; "Other": no entity of the five types
    source: str
    rule: str
    strength: float

    @property
    def rank(self) -> tuple[float, int]:
        return (self.strength, self.end - self.start)


class EntityRecognizer:
    """Find entity spans of the five kg types in a parsed (or blank) spaCy Doc."""

    def __init__(self, nlp: Language, domain: Domain) -> None:
        self.domain = domain
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_type: dict[EntityType, list[str]] = {}
        for surface, (entity_type, _) in domain.names.items():
            by_type.setdefault(entity_type, []).append(surface)
        # a name written in mixed case ("DeepMind", "DeepSeek-R1") is matched in any case that starts
        # with a capital too ("Deepmind"): its shape, not its casing, makes it distinctive
        self.any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        for entity_type, surfaces in by_type.items():
            self.matcher.add(entity_type.value, [nlp.make_doc(s) for s in sorted(surfaces)])
            mixed = sorted(s for s in surfaces if len(s) >= 5 and any(c.isupper() for c in s[1:]) and any(c.islower() for c in s))
            if mixed:
                self.any_case.add(entity_type.value, [nlp.make_doc(s) for s in mixed])
        self.typing = TypingRules(nlp.vocab, domain.typing_rules(), domain.words)
        self.not_entities = frozenset(domain.triggers["not_entities"]) | frozenset(domain.typing["words"]["tech_terms"])
        self.places = frozenset(domain.triggers["places_not_orgs"])
        self.titles = domain.title_predicates()
        self.org_nouns = domain.words("org_nouns")
        self.honorifics = domain.words("honorifics")
        self.org_words = domain.words("org_words")
        self.place_words = domain.words("place_words")
        self.model_variants = frozenset(domain.typing["words"].get("model_variants", ()))
        self.count_nouns = domain.words("count_nouns")
        self.of_heads = domain.words("of_heads")
        self.event_heads = domain.words("event_heads")
        self.known_orgs, self.unit_nouns = domain.words("known_orgs"), domain.words("unit_nouns")
        self.model_context = frozenset(w.lower() for w in domain.files["patterns.json"].get("model_context", ()))
        self.typed_nouns = domain.words("model_right_nouns") | domain.words("chip_right_nouns")
        self._sure_doc: Doc | None = None
        self._sure_starts: set[tuple[int, str]] = set()
        self._words_doc: Doc | None = None
        self._words: _Words | None = None
        self._sure_list: list[_Candidate] = []

    def __call__(self, doc: Doc) -> Doc:
        sure = self._sure(doc)
        candidates = sure + self._ner(doc)
        candidates += self._runs(doc, candidates)
        candidates = self._typed(doc, _merge_same_spans(candidates))
        self._agree(doc, candidates)
        chosen = self._resolve(doc, candidates)
        doc.ents = [Span(doc, c.start, c.end, label=LABELS[c.type]) for c in chosen]
        spans = [f"{doc[c.start].idx}:{doc[c.end - 1].idx + len(doc[c.end - 1])}" for c in chosen]
        doc.user_data[SOURCES_KEY] = {s: c.source for s, c in zip(spans, chosen)}
        doc.user_data[RULES_KEY] = {s: c.rule for s, c in zip(spans, chosen)}
        self._sure_doc = self._words_doc = None
        return doc

    # -- candidate names -----------------------------------------------------------------------
    def _gazetteer(self, doc: Doc) -> list[_Candidate]:
        out = []
        exact = self.matcher(doc)
        for match_id, start, end in exact + [m for m in self.any_case(doc) if m not in exact and doc[m[1]].text[:1].isupper()]:
            entity_type = EntityType(doc.vocab.strings[match_id])
            out.append(_Candidate(start, end, entity_type, "gazetteer", "gazetteer", TYPE_STRENGTH["gazetteer"]))
        return out

    def _patterns(self, doc: Doc, known: list[_Candidate]) -> list[_Candidate]:
        """The name patterns' candidates (``known``: the gazetteer's, for context and model variants)."""
        out = []
        # patterns that need context come last: a model code needs the document's other model names
        for pattern in sorted(self.domain.patterns, key=lambda p: p.needs_context):
            for match in pattern.regex.finditer(self._text):
                span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is None or span.text != match.group(0):
                    continue
                if pattern.needs_context and not self._in_context(span, pattern.type, out, known):
                    continue
                out.append(_Candidate(span.start, span.end, pattern.type, "pattern", pattern.pattern_id, TYPE_STRENGTH["pattern"]))
        # a model name goes on over a variant word or a size, and an unversioned one over a version:
        # "Phi-3 Mini", "Llama 3 70B", "Doubao 1.5 Pro", "Kimi K2"
        for cand in list(out) + [c for c in known if c.type is EntityType.MODEL]:
            end = cand.end
            versioned = any(c.isdigit() for c in doc[cand.start:cand.end].text)
            while end < len(doc) and cand.type is EntityType.MODEL and (
                    doc[end].text in self.model_variants or _SIZE.match(doc[end].text)
                    or not versioned and end == cand.end and _VERSION.match(doc[end].text)
                    and not (end + 1 < len(doc) and doc[end + 1].lower_ in self.count_nouns)):  # "ChatGPT 2 years ago"
                end += 1
            if end > cand.end:
                out.append(_Candidate(cand.start, end, EntityType.MODEL, "pattern", "model-variant", TYPE_STRENGTH["pattern"]))
        return out

    def _in_context(self, span: Span, entity_type: EntityType, found: list[_Candidate], known: list[_Candidate]) -> bool:
        """Does a code that only a context makes a name ("H20", "R1") stand in one? A chip code needs a
        chip word in its sentence ("chips", "Nvidia"); a model code a model word there ("model",
        "chatbot") or another model's name ("V2 beat GPT-4"), its maker's possessive ("Acme's V2") or a
        longer model name of the document that ends with it ("Acme-V2" earlier or later): "a new V8
        engine" is no model."""
        doc = span.doc
        sentence = span.sent if doc.has_annotation("SENT_START") else doc[:]
        if entity_type is not EntityType.MODEL:
            return any(t.text in self.domain.chip_context for t in sentence)
        if any(t.lower_ in self.model_context for t in sentence):
            return True
        owners = {c.end for c in known if c.type is EntityType.ORGANIZATION}
        if span.start >= 2 and doc[span.start - 1].text in _POSSESSIVE and span.start - 1 in owners:
            return True
        code = re.compile(r"[\s-]" + re.escape(span.text) + "$")
        return any(c.type is EntityType.MODEL and (code.search(doc[c.start:c.end].text) or sentence.start <= c.start < sentence.end)
                   for c in found + known)

    def _ner(self, doc: Doc) -> list[_Candidate]:
        out = []
        for ent in doc.ents:
            entity_type = _NER_TYPES.get(ent.label_)
            if entity_type is None and ent.label_ not in _NER_UNTYPED:
                continue
            for start, end in self._split_possessives(doc, ent.start, ent.end):
                pieces = self._split_titles(doc, start, end, entity_type)
                split = len(pieces) > 1 or (pieces and pieces[0][:2] != (start, end))
                for piece_start, piece_end, piece_type in pieces:
                    cand = self._ner_piece(doc, piece_start, piece_end, piece_type, ent.label_, split)
                    if cand:
                        out.append(cand)
        return out

    def _ner_piece(self, doc: Doc, start: int, end: int, piece_type, label: str, split: bool) -> _Candidate | None:
        if end - start >= 3 and doc[end - 2].text in ("-", "–") and doc[end - 1].lower_ in _ATTRIBUTIVE:
            end -= 2  # "Lyon-based", "Acme-backed": the name is before the hyphen
        start, end = self._trim(doc, start, end, keep_one=split)
        if end <= start:
            return None
        start, end = self._expand_hyphens(doc, start, end)
        text = doc[start:end].text
        if text in self.places and piece_type is EntityType.ORGANIZATION:
            piece_type = EntityType.PLACE
        if (piece_type is EntityType.PERSON or label in ("LOC", "FAC")) and any(t.lower_ in self.org_words for t in doc[start + 1:end]):
            piece_type = EntityType.ORGANIZATION  # "Acme Robotics", "Labor Party"
        if piece_type is EntityType.PERSON:
            while end - start > 1 and doc[start].lower_.rstrip(".") in self.honorifics:
                start += 1
            if not self._looks_like_person(doc[start:end]):
                piece_type = None  # not a person's name: left to the rules
            elif self._person_unlikely(doc[start:end]):  # "Playground Global": any rule may say otherwise
                return _Candidate(start, end, piece_type, "ner", f"ner:{label}", 0.5)
            elif self._lone_word(doc, start, end) and not split:  # kg.link keeps it only with a rule's evidence
                return _Candidate(start, end, piece_type, "ner", LONE_PERSON, TYPE_STRENGTH["ner"])
        if piece_type is None:
            return _Candidate(start, end, None, "ner", f"ner:{label}", 0)
        source = "context" if split else "ner"
        return _Candidate(start, end, piece_type, source, "title-split" if split else f"ner:{label}",
                          TYPE_STRENGTH[source])

    def _runs(self, doc: Doc, found: list[_Candidate]) -> list[_Candidate]:
        """Runs of capitalised words (and version numbers) no other source found: names for the rules to
        type. Each run is taken as spaCy's NER cuts it and whole ("Zephyr" + "GPU")."""
        known = {(c.start, c.end) for c in found}
        words = self._words_of(doc)
        out = self._runs_within(doc, words, known, {e.start for e in doc.ents} | {e.end for e in doc.ents})
        known |= {(c.start, c.end) for c in out}
        return out + self._runs_within(doc, words, known, set())

    def _runs_within(self, doc: Doc, words: "_Words", known: set[tuple[int, int]], ner_edges: set[int]) -> list[_Candidate]:
        out = []
        text, lower = words.text, words.lower
        i = 0
        while i < len(doc):
            if not self._run_word(words, i, first=True) or self._title_at(words, i, plural=words.sent_start[i]):
                i += 1
                continue
            j = i + 1
            while j < len(doc) and j not in ner_edges and not words.breaks(j) and (
                    self._run_word(words, j, first=False) or words.glued(j)):
                if text[j] in _POSSESSIVE or self._title_at(words, j):
                    break
                j += 1
            for k in range(i + 1, j - 1):  # "Lyon-based", "US-developed": the name ends before the hyphen
                if text[k] in ("-", "–") and (lower[k + 1] in _ATTRIBUTIVE or text[k + 1].islower() and text[k + 1].endswith("ed")):
                    j = k
                    break
            while j > i and (text[j - 1] in _GLUE or text[j - 1] in _POSSESSIVE):
                j -= 1
            start, end = self._trim(doc, i, j)
            if start < end and doc[start].is_sent_start:
                while start < end and doc[start].text not in self.domain.names and (
                        doc[start].pos_ in _CLOSED_CLASS or doc[start].is_stop
                        or doc[start].pos_ in ("ADJ", "VERB", "ADV", "NOUN") and _common(doc[start])):
                    start += 1
            if end > start and (start, end) not in known:
                out.append(_Candidate(start, end, None, "context", "run", 0))
                known.add((start, end))
            i = max(j, i + 1)
        return out

    def _describes(self, token) -> bool:
        """Is ``token`` a common noun that a word before it describes ("model", "firms")?"""
        following = token.doc[token.i:token.i + 3].text.lower()  # "start-up" is three tokens
        return token.is_lower and (token.pos_ == "NOUN" or token.lower_ in self.typed_nouns or following in self.org_nouns)

    def _title_at(self, words: "_Words", i: int, plural: bool = False) -> bool:
        """Does a job title ("General Partner", "CEO"; ``plural``: "Founders") start at token ``i``?"""
        return any(phrase in self.titles or plural and phrase.endswith("s") and phrase[:-1] in self.titles
                   for phrase in (words.phrase(i, w).lower() for w in (1, 2, 3)))

    def _run_word(self, words: "_Words", i: int, first: bool) -> bool:
        text = words.text[i]
        if text in self.not_entities and first:
            return False
        if text[:1].isupper() or (not first and text[:1].isdigit()):
            return True
        # "xAI", "iFlytek", "d-Matrix": a capital inside, or a lower-case piece glued to a capitalised one
        return any(c.isupper() for c in text[1:]) or (first and i + 2 < len(words.text) and words.text[i + 1] == "-"
                                                     and not words.space[i] and not words.space[i + 1] and words.text[i + 2][:1].isupper())

    def _words_of(self, doc: Doc) -> "_Words":
        """The Doc's :class:`_Words`, read once per Doc."""
        if self._words_doc is not doc:
            self._words_doc, self._words = doc, _Words.of(doc)
        return self._words

    # -- typing --------------------------------------------------------------------------------
    def firing(self, doc: Doc, start: int, end: int, positions: frozenset | None = None):
        """The typing rules that fire on the name ``doc[start:end]``, strongest first (``positions``:
        the typing parts' matches for names that include this one, see :meth:`TypingRules.positions`)."""
        if self._sure_doc is not doc:
            self._sure(doc)
        return self.typing.firing(doc, start, end, self._looks, self._sure_types, positions)

    def _sure(self, doc: Doc) -> list[_Candidate]:
        """The gazetteer's and the name patterns' candidates, remembered for the typing rules."""
        self._text = doc.text  # Doc.text joins every token on each access: read it once
        known = self._gazetteer(doc)
        sure = known + self._patterns(doc, known)
        self._sure_doc, self._sure_list, self._sure_starts = doc, sure, {(c.start, c.type.value) for c in sure}
        return sure

    def _looks(self, kind: str, span: Span) -> bool:
        """Does ``span`` look like a person's name (``person``), start with a given name (``given``), or
        start with a word that is no common English word (``uncommon``)?"""
        if kind == "given":
            words = [t for t in span if t.text not in ("-", ".")]
            return 2 <= len(words) <= 3 and given_name(words[0].text) and self._looks_like_person(span)
        if kind == "uncommon":  # its first word is no common English word ("Zephrin 480", not "Windows 11")
            return not common_word(span[0].text)
        return self._looks_like_person(span) and not self._person_unlikely(span)

    def _sure_types(self, i: int) -> set[str]:
        """The types of the names that the gazetteer and the name patterns find in token ``i``'s sentence."""
        doc = self._sure_doc
        sentence = doc[i].sent if doc.has_annotation("SENT_START") else doc[:]
        return {t for (start, t) in self._sure_starts if sentence.start <= start < sentence.end}

    def _typed(self, doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
        """Apply the typing rules: a rule decides where it is stronger than what typed the name so far."""
        untyped = [cand for cand in candidates if cand.source not in ("gazetteer", "pattern")]
        positions = self.typing.positions(doc, [(cand.start, cand.end) for cand in untyped])
        for cand in untyped:
            fired = self.firing(doc, cand.start, cand.end, positions)
            if fired and fired[0].strength >= cand.strength:
                rule = fired[0]
                cand.type = OTHER if rule.type == OTHER else EntityType(rule.type)
                cand.source, cand.rule, cand.strength = "context", rule.rule_id, rule.strength
        return candidates + self._after_makers(candidates) + self._of_names(doc, candidates)

    def _of_names(self, doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
        """An organisation whose name ends with a word like "Institute" or "Committee" goes on over "of",
        "for" or "on" and the capitalised words after it: "Allen Institute for Artificial Intelligence",
        "House Select Committee on China", "Department of Commerce" (not "Zorblat Institute for years")."""
        out = []
        for cand in candidates:
            end = cand.end
            if cand.type is not EntityType.ORGANIZATION or doc[end - 1].lower_ not in self.of_heads \
                    or end + 1 >= len(doc) or doc[end].lower_ not in ("of", "for", "on") or not doc[end + 1].is_title:
                continue
            end += 1
            while end < len(doc) and (doc[end].is_title or doc[end].is_upper and doc[end].is_alpha
                                      or doc[end].lower_ in ("and", "&", "of") and end + 1 < len(doc) and doc[end + 1].is_title):
                if self._words_of(doc).breaks(end) or doc[end].text in _POSSESSIVE:
                    break
                end += 1
            out.append(_Candidate(cand.start, end, cand.type, cand.source, f"of-name:{cand.rule}", cand.strength))
        return out

    @staticmethod
    def _after_makers(candidates: list[_Candidate]) -> list[_Candidate]:
        """A model or chip typed from context whose first words are an organisation the gazetteer
        knows is that organisation and its product ("Nvidia Jetson Thor chips": Nvidia, Jetson Thor)."""
        orgs = {c.start: c for c in candidates if c.source == "gazetteer" and c.type is EntityType.ORGANIZATION}
        out = []
        for cand in candidates:
            org = orgs.get(cand.start)
            if cand.source == "context" and cand.type in (EntityType.MODEL, EntityType.CHIP) and org and org.end < cand.end:
                out.append(_Candidate(org.end, cand.end, cand.type, "context", f"after-maker:{cand.rule}", cand.strength))
        return out

    def _agree(self, doc: Doc, candidates: list[_Candidate]) -> None:
        """A name typed with clear evidence keeps that type where the document repeats it (the
        type with the most evidence wins); a lone surname follows the full name it ends; a model
        or chip family word ("Phi" beside "Phi-3") and a name listed with models or chips
        ("models like Gemini, Imagen 3 and Gemma 2") take their type."""
        votes: dict[str, dict] = {}
        for cand in candidates:
            if cand.strength >= 2 and cand.type is not None:
                text = doc[cand.start:cand.end].text
                tally = votes.setdefault(text, {})
                strength, count, model = tally.get(cand.type, (0, 0, cand))
                tally[cand.type] = (max(strength, cand.strength), count + cand.strength, model if model.rank >= cand.rank else cand)
        best = {text: max(tally.values(), key=lambda v: (v[0], v[1]))[2] for text, tally in votes.items()}
        for text, (_, cand) in self._short_forms(doc, best.values()).items():
            best.setdefault(text, cand)
        surnames = {doc[k:c.end].text: c for c in candidates  # "Amodei", "De Freitas" after "Daniel De Freitas"
                    if c.type is EntityType.PERSON and c.end - c.start >= 2 and c.strength >= 1 for k in range(c.start + 1, c.end)}
        org_first_words = {doc[c.start].text: c for c in sorted(candidates, key=lambda c: c.strength)  # (weak ones: no common word)
                           if c.type is EntityType.ORGANIZATION and c.end - c.start >= 2 and doc[c.start].whitespace_  # (not "In" of "In-Q-Tel")
                           and (c.strength >= 2 or c.strength >= 1 and not _common(doc[c.start]))}
        org_starts = {c.start for c in candidates if c.type is EntityType.ORGANIZATION and c.end - c.start >= 2}
        families: dict[str, _Candidate] = {}
        for cand in candidates:
            if cand.strength >= 2 and cand.type in (EntityType.MODEL, EntityType.CHIP):
                family = re.split(r"[\s-]", doc[cand.start:cand.end].text)[0]
                if family != doc[cand.start:cand.end].text:
                    families.setdefault(family, cand)
        for cand in candidates:
            text = doc[cand.start:cand.end].text
            if text in best and best[text].type != cand.type and cand.strength <= best[text].strength and cand.source not in ("gazetteer", "pattern"):
                _adopt(cand, best[text], "document", min(best[text].strength, 2))
            elif cand.strength >= 2:
                continue
            elif text in surnames and cand.type is not EntityType.PERSON and surnames[text].start != cand.start:
                _adopt(cand, surnames[text], "document", 1.5)
            elif cand.end - cand.start == 1 and text in org_first_words and cand.type in (None, EntityType.ORGANIZATION) \
                    and cand.start not in org_starts:  # "Scale" after "Scale AI" (not the "Scale" of it)
                _adopt(cand, org_first_words[text], "document", 1.5, prefix="short-form")
            elif cand.end - cand.start == 1 and text in families and cand.type in (None, EntityType.ORGANIZATION, EntityType.PERSON):
                _adopt(cand, families[text], "document", 1.5, prefix="family")
        self._agree_in_lists(doc, candidates)
        self._agree_owners(doc, candidates)

    def _agree_owners(self, doc: Doc, candidates: list[_Candidate]) -> None:
        """A weakly typed name that owns a model or chip named surely is its maker: "Moonlit's Kimi
        K2", "Orbital's Strata video generator" (not a place, nor a name that starts with a given name)."""
        sure = {c.start: c for c in candidates if c.strength >= 2 and c.type in (EntityType.MODEL, EntityType.CHIP)}
        for cand in candidates:
            owned = sure.get(cand.end + 1)
            if owned and cand.strength <= 1 and cand.type is not EntityType.PLACE and doc[cand.end].text in _POSSESSIVE \
                    and not self._looks("given", doc[cand.start:cand.end]):  # ("China's DeepSeek-R1": a place)
                cand.type, cand.source, cand.strength, cand.rule = EntityType.ORGANIZATION, "context", 1.5, f"owner-of:{owned.rule}"

    def _agree_in_lists(self, doc: Doc, candidates: list[_Candidate]) -> None:
        """Names joined only by commas and "and"/"or" form a list: a weakly typed member takes the
        type of a model or chip named surely in the same list, a one-word member the type of the
        organisations named surely there, and a member that looks like a person's name that of a
        person's full name there ("Jeff Dean and Oriol Vinyals", whatever spaCy took the second for)."""
        ordered = sorted((c for c in candidates), key=lambda c: (c.start, -c.end))
        lists: list[list[_Candidate]] = []
        for cand in ordered:
            if lists and lists[-1][-1].end <= cand.start and all(
                    t.text in (",", "and", "or") for t in doc[lists[-1][-1].end:cand.start]) and cand.start - lists[-1][-1].end <= 2 \
                    and cand.start > lists[-1][-1].end:
                lists[-1].append(cand)
            elif not lists or cand.start >= lists[-1][-1].end:
                lists.append([cand])
        name_words = {doc[i].text for c in candidates if c.type is EntityType.PERSON and c.end - c.start >= 2 for i in (c.start, c.end - 1)}
        for members in lists:
            owners = [c for c in members if c.end < len(doc) and doc[c.end].text in _POSSESSIVE]  # "Acme's Zorb 2": Acme owns
            if owners:
                continue  # "Liang, DeepSeek's CEO": no list of names
            sure = [c for c in members if c.strength >= 2 and c.type in (EntityType.MODEL, EntityType.CHIP, EntityType.ORGANIZATION)]
            joined = any(t.text in ("and", "or") for a, b in zip(members, members[1:]) for t in doc[a.end:b.start])
            people = [c for c in members if c.type is EntityType.PERSON and c.end - c.start >= 2]
            for cand in members if joined and people else ():
                if cand.type in (None, EntityType.ORGANIZATION) and cand.strength < 2 and cand.end - cand.start >= 2 \
                        and self._looks("person", doc[cand.start:cand.end]):
                    _adopt(cand, people[0], "context", 1.5, prefix="listed-with")
            if len(members) < 2 or not joined or not sure or len({c.type for c in sure}) > 1:
                continue  # ("In the West Bank, F-16s struck": a comma alone makes no list)
            for cand in members:
                if cand.strength >= 2 or not (cand.type is None or cand.source == "ner"):
                    continue
                if sure[0].type is EntityType.ORGANIZATION and not _firm_like(doc[cand.start:cand.end], cand, name_words):
                    continue
                _adopt(cand, sure[0], "context", 1.5, prefix="listed-with")

    # -- choosing ------------------------------------------------------------------------------
    def _resolve(self, doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
        """Keep the strongest non-overlapping candidates; drop names that are not entities."""
        chosen: list[_Candidate] = []
        taken: set[int] = set()
        people = [c for c in candidates if c.type is EntityType.PERSON and c.end - c.start >= 2]
        for cand in sorted(candidates, key=lambda c: (-c.strength, -(c.end - c.start), c.start)):
            if cand.type is None:
                continue
            if cand.end - cand.start == 1 and cand.type is EntityType.MODEL and any(
                    p.start == cand.start and self._looks_like_person(doc[p.start:p.end]) for p in people):
                continue  # "Claude" inside "Claude Henderson" is a first name, not a model
            if cand.type is EntityType.PERSON and cand.source == "gazetteer" and any(
                    p.start <= cand.start and cand.end <= p.end and p.end - p.start > cand.end - cand.start for p in people):
                continue  # a surname alias ("Amodei") inside another full name ("Daniela Amodei")
            text = doc[cand.start:cand.end].text
            if cand.source not in ("gazetteer", "pattern") and (
                    text in self.not_entities or text.islower() or not any(ch.isalnum() for ch in text)
                    or designator_only(text, self.domain) or _inside_word(doc, cand.start)
                    or all(t.text in self.not_entities for t in doc[cand.start:cand.end] if t.text[:1].isalnum())
                    or cand.strength < 3 and self._capitalised_only_first(doc, cand)):
                continue
            if any(i in taken for i in range(cand.start, cand.end)):
                continue
            taken.update(range(cand.start, cand.end))
            if cand.type != OTHER:  # an "Other" name holds its words but is no entity
                chosen.append(cand)
        chosen += _parenthetical_aliases(doc, chosen, taken)
        chosen += self._repeated(doc, chosen, taken)
        return sorted(chosen, key=lambda c: c.start)

    @staticmethod
    def _short_forms(doc: Doc, typed) -> dict[str, tuple[list[str], _Candidate]]:
        """The names without legal designators (and their words) of the organisations typed
        surely ("d-Matrix" for "d-Matrix Inc."), when what remains is no common word."""
        out = {}
        for cand in typed:
            if cand.type is EntityType.ORGANIZATION and cand.strength >= 2:
                short = legal_short_form(doc[cand.start:cand.end].text)
                if not short or (" " not in short and common_word(short)):
                    continue
                for k in range(cand.end - 1, cand.start, -1):
                    if doc[cand.start:k].text == short:
                        out[short] = ([t.text for t in doc[cand.start:k]], cand)
        return out

    def _repeated(self, doc: Doc, chosen: list[_Candidate], taken: set[int]) -> list[_Candidate]:
        """Later occurrences of a name typed surely that nothing found as a name there: the same
        words ("Corsair"), an organisation's short form ("d-Matrix" after "d-Matrix Inc."), a lone
        surname ("Amodei" after "Dario Amodei")."""
        wanted: dict[str, list[tuple[list[str], _Candidate, str]]] = {}
        sure = [c for c in chosen if c.strength >= 2 and c.type is not EntityType.PLACE]
        for cand in sure:
            words = [t.text for t in doc[cand.start:cand.end]]
            wanted.setdefault(words[0], []).append((words, cand, "repeat"))
        for words, cand in self._short_forms(doc, sure).values():
            wanted.setdefault(words[0], []).append((words, cand, "short-form"))
        for cand in chosen:
            if cand.type is EntityType.PERSON and cand.end - cand.start >= 2:
                wanted.setdefault(doc[cand.end - 1].text, []).append(([doc[cand.end - 1].text], cand, "surname-of-person"))
        out = []
        texts = self._words_of(doc).text
        for at, text in enumerate(texts):
            if at in taken or text not in wanted:
                continue
            for words, cand, how in sorted(wanted.get(text, ()), key=lambda w: -len(w[0])):
                end = at + len(words)
                if texts[at:end] != words or any(i in taken for i in range(at, end)) \
                        or not self._name_edges(doc, at, end):
                    continue
                rule = how if how == "surname-of-person" else f"{how}:{cand.rule}"
                out.append(_Candidate(at, end, cand.type, "document", rule, 1.5))
                taken.update(range(at, end))
                break
        return out

    def _name_edges(self, doc: Doc, start: int, end: int) -> bool:
        """Do the words ``doc[start:end]`` stand as a name of their own, not inside a longer one
        ("Scale" in "Scale Venture Partners"; "CEO Scale" is fine) or a word ("d-Matrix-based")?"""
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        if before is not None and (not before.whitespace_ and before.text in _GLUE or before.text[:1].isupper()
                                   and not doc[start].is_sent_start and before.lower_ not in self.titles):
            return False
        return after is None or not (not doc[end - 1].whitespace_ and after.text in _GLUE or after.text[:1].isupper())

    # -- helpers -------------------------------------------------------------------------------
    def _capitalised_only_first(self, doc: Doc, cand: _Candidate) -> bool:
        """Is a one-word name a common word capitalised only because it starts a sentence or a list
        item ("Skeptics question…", "• Returning backer…"), and nowhere else in the document?"""
        if cand.end - cand.start != 1 or cand.type is EntityType.PLACE or cand.source == "document" \
                or cand.rule == "title-split" or cand.rule.startswith("owner-of:") or not _starts_sentence(doc, cand.start):
            return False  # (spaCy read "Benchmark General Partner Jo Li" as one name; "Orbital's Strata model")
        token = doc[cand.start]
        if not _common(token):
            return False
        return not any(text == token.text and not _starts_sentence(doc, i) for i, text in enumerate(self._words_of(doc).text))

    def _split_possessives(self, doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
        """ "Nvidia's H20" is two names: the owner and the thing; no name goes on past a line end."""
        pieces, piece_start = [], start
        for k in range(start, end):
            if doc[k].text in _POSSESSIVE or "\n" in doc[k].text:
                pieces.append((piece_start, k))
                piece_start = k + 1
            elif "\n" in doc[k].whitespace_:
                pieces.append((piece_start, k + 1))
                piece_start = k + 1
        pieces.append((piece_start, end))
        return [(s, e) for s, e in pieces if e > s]

    def _split_titles(self, doc: Doc, start: int, end: int, entity_type):
        """Split "Benchmark General Partner Chetan Puttagunta" into ORG and PERSON parts."""
        for i in range(start, end):
            for width in (3, 2, 1):
                phrase = doc[i:i + width].text.lower()
                if phrase.endswith("s") and phrase[:-1] in self.titles and i == start:
                    phrase = phrase[:-1]  # "Founders Jo Li and Al Roe"
                if entity_type is EntityType.PERSON and i + width == end and i > start:
                    continue  # a person's last word is a surname, even one that is a title too ("Jeff Dean")
                if i + width <= end and phrase in self.titles and doc[i].text[:1].isupper():
                    left, right = (start, i), (i + width, end)
                    pieces = []
                    if left[1] > left[0]:  # "Acme CEO Jo Li": Acme; "Jo Li, Chief Scientist": for the rules to say
                        pieces.append((left[0], left[1], EntityType.ORGANIZATION if right[1] > right[0] else None))
                    if right[1] > right[0]:
                        pieces.append((right[0], right[1], EntityType.PERSON))
                    return pieces
        return [(start, end, entity_type)]

    def _trim(self, doc: Doc, start: int, end: int, keep_one: bool = False) -> tuple[int, int]:
        """Drop articles, punctuation and a sentence's capitalised first words ("Leading") from a
        name's edges (``keep_one``: never the name's last word, as in "Benchmark General Partner X")."""
        while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or not doc[start].text.isprintable()
                               or not any(c.isalnum() for c in doc[start].text)):
            start += 1
        while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'") or doc[end - 1].is_punct):
            end -= 1
        if end - start > 1 and doc[end - 1].text == "AI" and end < len(doc) and self._describes(doc[end]) \
                and not (end - start == 2 and doc[start].lower_ in self.known_orgs and doc[end].lower_ in self.unit_nouns):
            end -= 1  # "the Quorlo AI model", "US AI firms": AI describes what follows (not "the Microsoft AI unit")
        if start < end and doc[start].is_sent_start:
            # "Leading AI researcher": a capitalised first word of a sentence that is a common word is not a name,
            # nor one before a name the gazetteer knows or a place ("Rival Samsung Electronics", "Joining Suleyman",
            # "Dubbed China")
            known = {c.start for c in self._sure_list if c.source == "gazetteer"} if self._sure_doc is doc else set()
            while (start < end - keep_one and doc[start].text not in self.domain.names and _common(doc[start])
                   and (doc[start].pos_ in ("ADJ", "VERB", "ADV", "NOUN") or start + 1 in known
                        or doc[start + 1:end].text.lower() in self.typing.places)):
                start += 1
        return start, end

    @staticmethod
    def _expand_hyphens(doc: Doc, start: int, end: int) -> tuple[int, int]:
        while start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_ and doc[start - 2].text[:1].isupper():
            start -= 2
        while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and doc[end + 1].text[:1].isupper():
            end += 2
        return start, end

    def _lone_word(self, doc: Doc, start: int, end: int) -> bool:
        """Is ``doc[start:end]`` one word that no full name of a person in the document holds? News
        names a person in full first, so spaCy's PERSON on such a word ("launched Sputnik", "told
        Semafor") is weak evidence: :func:`kg.link.link` keeps the person only if a typing rule says
        so somewhere in the corpus ("Sheth said", "CEO Sheth")."""
        if end - start != 1 or doc[start].text in self.domain.names:
            return False
        word = doc[start].text
        people = [e for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 and self._looks_like_person(e)]
        people += [doc[c.start:c.end] for c in self._sure_list if c.type is EntityType.PERSON and c.end - c.start > 1]
        return not any(word in (t.text for t in person) for person in people)

    @staticmethod
    def _person_unlikely(span: Span) -> bool:
        """Does a name of two words or more start with a common English word that is no given name
        ("Positive Sum", "Playground Global"; not "Grace Hopper", nor a Chinese name like "Lei Jun")?"""
        words = [t.text for t in span if t.text not in ("-", ".")]
        return len(words) >= 2 and common_word(words[0]) and not given_name(words[0]) \
            and not all(romanised_chinese(w) for w in words)

    def _looks_like_person(self, span: Span) -> bool:
        words = [t for t in span if t.text not in ("-", ".") and not _hyphenated_syllable(t)]
        if not words or len(words) > 5:
            return False
        if span.text in self.not_entities or span.text in self.domain.names:
            return False
        surname_ok = len(words) == 2 and given_name(words[0].text)  # "Jeff Dean": a title word as a surname
        if any(t.lower_ in self.titles and not (surname_ok and t is words[-1]) or t.lower_ in self.org_nouns
               or t.lower_ in self.org_words or t.lower_.rstrip(".") in self.place_words or t.lower_ in self.event_heads
               for t in words):
            return False
        if words[0].lower_.rstrip(".") in self.honorifics or words[0].is_stop:
            return False
        return all(_NAME_TOKEN.match(t.text) and not (t.is_upper and len(t) > 1) and not any(c.isdigit() for c in t.text)
                   for t in words)


def _hyphenated_syllable(token) -> bool:
    """Is ``token`` the lower-case second half of a hyphenated given name ("won" of "Chey Tae-won",
    "yong" of "Lee Jae-yong"; not "based" of "Lyon-based", nor "and" of "David-and-Goliath")?"""
    doc, i = token.doc, token.i
    return i >= 2 and token.is_lower and token.is_alpha and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ \
        and not doc[i - 2].whitespace_ and doc[i - 2].is_title and not token.is_stop and token.lower_ not in _ATTRIBUTIVE \
        and not token.lower_.endswith("ed") and not (i + 1 < len(doc) and doc[i + 1].text == "-" and not token.whitespace_)


def _parenthetical_aliases(doc: Doc, chosen: list[_Candidate], taken: set[int]) -> list[_Candidate]:
    """A word in capitals alone in brackets right after an organisation's name is its stock ticker or
    its abbreviation: "Nvidia (NVDA)", "Zorblat Capital (ZC)", "Acme (NYSE: ACME)". It names that
    organisation (:func:`kg.link.resolve_document` links it there); returns the ones no other
    source found (and drops the exchange's name from ``chosen``)."""
    at = {(c.start, c.end): c for c in chosen}
    out = []
    for org in [c for c in chosen if c.type is EntityType.ORGANIZATION]:
        i = org.end + 1  # after "("
        if i + 1 >= len(doc) or doc[org.end].text != "(":
            continue
        exchange = i + 3 < len(doc) and doc[i].is_upper and doc[i + 1].text == ":"
        if exchange:
            i += 2  # "(NYSE: ACME)": the exchange, then the ticker
        if not _TICKER.match(doc[i].text) or doc[i + 1].text != ")":
            continue
        if exchange and (i - 2, i - 1) in at:  # part of the ticker's notation, not a name of its own
            chosen.remove(at[(i - 2, i - 1)])
        cand = at.get((i, i + 1))
        if cand is None and i not in taken:
            cand = _Candidate(i, i + 1, None, "", "", 0)
            out.append(cand)
            taken.add(i)
        if cand is not None:
            cand.type, cand.source, cand.strength, cand.rule = EntityType.ORGANIZATION, "context", 2, PARENTHETICAL
    return out


def _inside_word(doc: Doc, i: int) -> bool:
    """Does token ``i`` continue a hyphenated word ("-source" in "Open-source AI")? No name starts there."""
    before = doc[i - 1] if i > 0 else None
    return before is not None and not before.whitespace_ and (doc[i].text in _GLUE or before.text in _GLUE and i >= 2
                                                               and not doc[i - 2].whitespace_)


def _firm_like(span: Span, cand: _Candidate, name_words: set[str]) -> bool:
    """May a name listed with firms be one: one word that is no word of a person's name, that
    spaCy took for a person or a firm, or found nothing in and is no common word ("Zorvex";
    not "Indian", "Young", nor a place)?"""
    if len(span) != 1 or span.text in name_words or cand.type is EntityType.PLACE:
        return False
    label = span[0].ent_type_
    return label in ("PERSON", "ORG") or not label and not _common(span[0])


def _common(token) -> bool:
    """Is ``token`` a common English word, or an inflected form of one ("Dubbed", "Skeptics")?"""
    return common_word(token.text) or token.lemma_ != token.text and common_word(token.lemma_)


def _starts_sentence(doc: Doc, i: int) -> bool:
    """Is token ``i`` the first word of its sentence or line (after any bullets, quotes or dashes)?"""
    j = i
    while j > 0 and not doc[j].is_sent_start:
        before = doc[j - 1]
        if "\n" in before.text or "\n" in before.whitespace_:
            return True
        if any(c.isalnum() for c in before.text):
            return False
        j -= 1
    return True


def _merge_same_spans(candidates: list[_Candidate]) -> list[_Candidate]:
    """One candidate per span: the strongest of those found for it."""
    best: dict[tuple[int, int], _Candidate] = {}
    for cand in candidates:
        key = (cand.start, cand.end)
        if key not in best or cand.strength > best[key].strength:
            best[key] = cand
    return sorted(best.values(), key=lambda c: (c.start, c.end))


def _adopt(cand: _Candidate, model: _Candidate, source: str, strength: float, prefix: str = "agreement") -> None:
    cand.type, cand.source, cand.strength = model.type, source, strength
    cand.rule = f"{prefix}:{model.rule}"


@Language.factory("kg_entities", default_config={"data_dir": None})
def create_entity_recognizer(nlp: Language, name: str, *, data_dir: str | None) -> EntityRecognizer:
    """spaCy factory: ``nlp.add_pipe("kg_entities", config={"data_dir": ...})`` (a folder extending kg's data)."""
    return EntityRecognizer(nlp, load_domain(data_dir))


@dataclass(frozen=True)
class _Words:
    """What the run finder reads of each token, read once per Doc (``doc[i]`` makes a new Token each time).

    >>> from spacy.lang.en import English
    >>> words = _Words.of(English()("MAI-1-preview chips. Acme"))
    >>> words.phrase(0, 3), words.glued(1), words.breaks(3), words.breaks(5)
    ('MAI-1-preview', True, False, True)
    """

    text: list[str]
    lower: list[str]
    space: list[str]
    sent_start: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> "_Words":
        tokens = list(doc)
        return cls([t.text for t in tokens], [t.lower_ for t in tokens], [t.whitespace_ for t in tokens],
                   [bool(t.is_sent_start) for t in tokens])

    def phrase(self, i: int, width: int) -> str:
        """The text of tokens ``i`` .. ``i + width - 1`` (as ``doc[i:i + width].text``)."""
        end = min(i + width, len(self.text))
        return "".join(self.text[k] + self.space[k] for k in range(i, end - 1)) + self.text[end - 1]

    def glued(self, j: int) -> bool:
        """Is token ``j`` part of a word written without spaces ("MAI-1-preview", "o3-mini")?"""
        return not self.space[j - 1] and (self.text[j] in _GLUE or self.text[j - 1] in _GLUE) and not self.text[j].isspace()

    def breaks(self, j: int) -> bool:
        """Does a run of name words end before token ``j``: a new sentence, a line end, or a
        full stop or hyphen followed by a space ("Liang WenFeng. DeepSeek")?"""
        return self.sent_start[j] or "\n" in self.space[j - 1] or (self.text[j - 1] in _GLUE and bool(self.space[j - 1]))
