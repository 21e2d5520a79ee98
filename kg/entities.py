"""The ``kg_entities`` spaCy component: domain names, pattern matches and fixes to spaCy's NER.

It runs after ``ner`` and rewrites ``doc.ents`` with five labels (PERSON, ORG, PLACE, MODEL,
CHIP), recording in ``doc.user_data["kg.sources"]`` where each type decision came from
(gazetteer, pattern, context or ner).

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("sentencizer")
>>> _ = nlp.add_pipe("kg_entities")
>>> [(e.text, e.label_) for e in nlp("OpenAI's GPT-4o beat Nvidia H800s.").ents]
[('OpenAI', 'ORG'), ('GPT-4o', 'MODEL'), ('Nvidia', 'ORG'), ('H800s', 'CHIP')]
"""

# No `from __future__ import annotations` here: spaCy 3.7 cannot resolve string annotations on a
# component factory (pydantic ForwardRef error at add_pipe), and kg must run any installed pipeline.
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .domain import Domain, load_domain
from .ingest import looks_like_heading
from .model import TYPE_STRENGTH, EntityType

__all__ = ["EntityRecognizer", "LABELS", "SOURCES_KEY", "create_entity_recognizer"]

SOURCES_KEY = "kg.sources"
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
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w.&'-]*|\d[\w.]*[A-Za-z][\w.]*|[a-z]?[A-Z][\w.-]+|of|de|van|von|der|al|bin|&)$")


@dataclass
class _Candidate:
    start: int  # token indexes
    end: int
    type: EntityType
    source: str

    @property
    def strength(self) -> tuple[int, int]:
        return (TYPE_STRENGTH[self.source], self.end - self.start)


class EntityRecognizer:
    """Find entity spans of the five kg types in a parsed (or blank) spaCy Doc."""

    def __init__(self, nlp: Language, domain: Domain) -> None:
        self.domain = domain
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_type: dict[EntityType, list[str]] = {}
        for surface, (entity_type, _) in domain.names.items():
            by_type.setdefault(entity_type, []).append(surface)
        for entity_type, surfaces in by_type.items():
            self.matcher.add(entity_type.value, [nlp.make_doc(s) for s in sorted(surfaces)])
        self.not_entities = frozenset(domain.triggers["not_entities"])
        self.places = frozenset(domain.triggers["places_not_orgs"])
        self.titles = domain.title_predicates()
        self.org_nouns = domain.words("org_nouns")
        self.person_nouns = domain.words("person_nouns")
        self.model_nouns = domain.words("model_nouns")
        self.honorifics = domain.words("honorifics")
        self.chip_nouns = domain.words("chip_nouns")
        self.org_words = domain.words("org_words")
        self.model_describers = domain.words("model_describers")
        self.place_words = domain.words("place_words")

    def __call__(self, doc: Doc) -> Doc:
        self._text = doc.text  # Doc.text joins every token on each access: read it once
        candidates = self._gazetteer(doc) + self._patterns(doc) + self._ner(doc) + self._context(doc)
        chosen = self._resolve(doc, candidates)
        doc.ents = [Span(doc, c.start, c.end, label=LABELS[c.type]) for c in chosen]
        doc.user_data[SOURCES_KEY] = {f"{doc[c.start].idx}:{doc[c.end - 1].idx + len(doc[c.end - 1])}": c.source for c in chosen}
        return doc

    # -- candidate sources -------------------------------------------------------------------
    def _gazetteer(self, doc: Doc) -> list[_Candidate]:
        out = []
        for match_id, start, end in self.matcher(doc):
            entity_type = EntityType(doc.vocab.strings[match_id])
            out.append(_Candidate(start, end, entity_type, "gazetteer"))
        return out

    def _patterns(self, doc: Doc) -> list[_Candidate]:
        out = []
        for pattern in self.domain.patterns:
            for match in pattern.regex.finditer(self._text):
                span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is None or span.text != match.group(0):
                    continue
                if pattern.needs_context and not self._chip_context(span):
                    continue
                out.append(_Candidate(span.start, span.end, pattern.type, "pattern"))
        return out

    def _chip_context(self, span: Span) -> bool:
        sentence = span.sent if span.doc.has_annotation("SENT_START") else span.doc[:]
        return any(t.text in self.domain.chip_context for t in sentence)

    def _ner(self, doc: Doc) -> list[_Candidate]:
        out = []
        for ent in doc.ents:
            entity_type = _NER_TYPES.get(ent.label_)
            if entity_type is None:
                continue
            pieces = self._split_titles(doc, ent.start, ent.end, entity_type)
            if not pieces:  # the whole name was a title ("Chief Executive")
                continue
            source = "context" if len(pieces) > 1 or pieces[0][:2] != (ent.start, ent.end) else "ner"
            for start, end, piece_type in pieces:
                start, end = self._trim(doc, start, end)
                if doc[start].is_sent_start:
                    # "Leading AI researcher": a capitalised first word of a sentence is not a name
                    while start < end and doc[start].pos_ in ("ADJ", "VERB", "ADV", "NOUN") and doc[start].text not in self.domain.names:
                        start += 1
                if end <= start:
                    continue
                start, end = self._expand_hyphens(doc, start, end)
                text = doc[start:end].text
                if text in self.places and piece_type is EntityType.ORGANIZATION:
                    piece_type = EntityType.PLACE
                if (piece_type is EntityType.PERSON or ent.label_ in ("LOC", "FAC")) and any(t.lower_ in self.org_words for t in doc[start + 1:end]):
                    piece_type = EntityType.ORGANIZATION  # "Acme Robotics", "Labor Party"
                if piece_type is EntityType.PERSON:
                    # "Treasurer Bob McMullan", "Mr Reid": titles are not part of the name
                    while end - start > 1 and doc[start].lower_.rstrip(".") in self.honorifics:
                        start += 1
                    if not self._looks_like_person(doc[start:end]):
                        continue
                if self._in_heading(doc, start) and not self._named_elsewhere(doc, start, end):
                    continue
                out.append(_Candidate(start, end, piece_type, source))
        return out

    def _in_heading(self, doc: Doc, i: int) -> bool:
        """Is token ``i`` on a line of its own that reads like a headline?"""
        text = self._text
        line_start = text.rfind("\n", 0, doc[i].idx) + 1
        line_end = text.find("\n", doc[i].idx)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        return looks_like_heading(line)

    def _named_elsewhere(self, doc: Doc, start: int, end: int) -> bool:
        """Does the same name occur in a line of body text too?"""
        name = doc[start:end].text
        at = self._text.find(name)
        while at >= 0:
            token = doc.char_span(at, at + len(name), alignment_mode="expand")
            if token is not None and not self._in_heading(doc, token.start):
                return True
            at = self._text.find(name, at + 1)
        return False

    def _context(self, doc: Doc) -> list[_Candidate]:
        """Types read from the words around a capitalised name ("hedge fund called X")."""
        out = []
        i = 0
        while i < len(doc):
            token = doc[i]
            low = token.lower_
            name = None
            if low in ("called", "named", "dubbed") and i > 0:
                head_type = self._noun_type(doc[max(0, i - 4):i])
                if head_type:
                    name = self._name_run(doc, i + 1)
                    if name:
                        out.append(_Candidate(name[0], name[1], head_type, "context"))
            elif low in self.org_nouns and token.is_lower:
                name = self._name_run(doc, i + 1)
                if name and not doc[name[0]].is_sent_start:
                    out.append(_Candidate(name[0], name[1], EntityType.ORGANIZATION, "context"))
            elif low in self.chip_nouns and token.is_lower and i > 0 and doc[i - 1].text[:1].isupper():
                # "Kunlun chips", "Blackwell GPUs": a name that is not an organisation or a place
                name = self._name_run_before(doc, i)
                if name and not any(doc[k].text in self.domain.names or doc[k].ent_type_ in ("ORG", "GPE", "NORP", "LOC") for k in range(*name)):
                    out.append(_Candidate(name[0], name[1], EntityType.CHIP, "context"))
            elif low in self.person_nouns and token.is_lower:
                name = self._name_run(doc, i + 1)
                if name and name[1] - name[0] >= 2 and self._looks_like_person(doc[name[0]:name[1]]):
                    out.append(_Candidate(name[0], name[1], EntityType.PERSON, "context"))
            elif low == "," and i + 2 < len(doc):
                name = self._name_run_before(doc, i)
                described = self._appositive_type(doc, i + 1)
                if name and described:
                    out.append(_Candidate(name[0], name[1], described, "context"))
            elif low in ("at", "of") and i > 0 and self._title_before(doc, i, corporate_only=low == "of"):
                name = self._name_run(doc, i + 1)
                if name and not self._modifier(doc, name[1]) and (low == "at" or doc[name[0]].ent_type_ not in ("GPE", "LOC", "NORP")):
                    out.append(_Candidate(name[0], name[1], EntityType.ORGANIZATION, "context"))
            elif token.text in ("-", "–") and i + 1 < len(doc) and doc[i + 1].lower_ in ("based", "headquartered"):
                if i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].is_title:
                    out.append(_Candidate(i - 1, i, EntityType.PLACE, "context"))
            elif token.text in ("-", "–") and i + 1 < len(doc) and doc[i + 1].lower_ in ("backed", "owned", "funded"):
                if i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].text[:1].isupper():
                    out.append(_Candidate(i - 1, i, EntityType.ORGANIZATION, "context"))
            i += 1
        return out

    # -- helpers -----------------------------------------------------------------------------
    def _noun_type(self, window: Span) -> EntityType | None:
        for token in reversed(window):
            if token.lower_ in self.model_nouns:
                return EntityType.MODEL
            if token.lower_ in ("chip", "chips", "gpu", "gpus", "processor", "processors"):
                return EntityType.CHIP
            if token.lower_ in self.org_nouns:
                return EntityType.ORGANIZATION
        return None

    def _name_run(self, doc: Doc, i: int) -> tuple[int, int] | None:
        """The capitalised name starting at token ``i`` (quotes allowed around it)."""
        if i < len(doc) and doc[i].text in ('"', "“", "'"):
            j = i + 1
            while j < len(doc) and doc[j].text not in ('"', "”", "'") and j - i < 6:
                j += 1
            if j < len(doc) and j > i + 1:
                start, end = i + 1, j
                while end > start and doc[end - 1].is_punct:
                    end -= 1
                return (start, end) if end > start else None
            return None
        j = i
        while j < len(doc) and (
            (doc[j].text[:1].isupper() or doc[j].text[:1].isdigit() and any(c.isalpha() for c in doc[j].text))
            and doc[j].text not in self.not_entities
            or (doc[j].text in ("-", ".", "&") and j > i and not doc[j - 1].whitespace_ and j + 1 < len(doc) and doc[j + 1].text[:1].isupper())
        ):
            if doc[j].lower_ in self.titles and j > i:
                break
            j += 1
        if j == i or doc[j - 1].text in ("-", ".", "&"):
            return None
        return (i, j)

    def _name_run_before(self, doc: Doc, end: int) -> tuple[int, int] | None:
        """The capitalised name that ends just before token ``end``."""
        start = end
        while start > 0 and (doc[start - 1].text[:1].isupper() or doc[start - 1].text in ("-", "&", ".") and start - 1 > 0 and not doc[start - 2].whitespace_):
            start -= 1
        while start < end and (not doc[start].text[:1].isupper() or doc[start].is_stop or doc[start].pos_ in ("SCONJ", "ADP", "DET", "ADV")):
            start += 1
        if start == end or doc[start].is_sent_start and end - start == 1 and doc[start].lower_ in self.org_nouns:
            return None
        return (start, end)

    def _appositive_type(self, doc: Doc, i: int) -> EntityType | None:
        """The type an apposition from token ``i`` describes: ", a Chinese AI startup" (an
        organisation) or ", general partner at" (a person)."""
        for token in doc[i:i + 8]:
            if token.is_punct and token.text != "-" or token.lower_ in ("who", "which", "that", "and"):
                return None
            if token.lower_ in self.titles and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in ("at", "of", "with", "for"):
                return EntityType.PERSON
            if token.lower_ in self.org_nouns and token.is_lower:
                return EntityType.ORGANIZATION if doc[i].lower_ in ("a", "an", "the") else None
            if token.lower_ in ("model", "chatbot", "llm") and doc[i].lower_ in ("a", "an", "the", "its", "their") and any(
                    t.lower_ in self.model_describers for t in doc[i:token.i + 1]):
                return EntityType.MODEL  # "Hunyuan-T1, a reasoning model"
        return None

    @staticmethod
    def _modifier(doc: Doc, end: int) -> bool:
        """Is the name ending before token ``end`` only a modifier ("US AI start-up")?"""
        return end < len(doc) and (doc[end].pos_ in ("NOUN", "PROPN", "ADJ") or doc[end].text == "AI")

    def _title_before(self, doc: Doc, i: int, corporate_only: bool) -> bool:
        """Is token ``i`` ("at", "of") preceded by a job title ("analyst at", "CEO of")?"""
        corporate = {"ceo", "chief executive", "chairman", "founder", "co-founder", "cofounder", "cto", "chief executive officer"}
        for width in (3, 2, 1):
            if i - width < 0:
                continue
            phrase = doc[i - width:i].text.lower()
            if phrase in self.titles or phrase in ("founder", "co-founder"):
                return phrase in corporate if corporate_only else True
        return False

    def _split_titles(self, doc: Doc, start: int, end: int, entity_type: EntityType):
        """Split "Benchmark General Partner Chetan Puttagunta" into ORG and PERSON parts."""
        for i in range(start, end):
            for width in (3, 2, 1):
                phrase = doc[i:i + width].text.lower()
                if i + width <= end and phrase in self.titles and doc[i].text[:1].isupper():
                    left, right = (start, i), (i + width, end)
                    pieces = []
                    if left[1] > left[0]:
                        pieces.append((left[0], left[1], EntityType.ORGANIZATION))
                    if right[1] > right[0]:
                        pieces.append((right[0], right[1], EntityType.PERSON))
                    return pieces
        return [(start, end, entity_type)]

    def _trim(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'") or doc[end - 1].is_punct):
            end -= 1
        return start, end

    @staticmethod
    def _expand_hyphens(doc: Doc, start: int, end: int) -> tuple[int, int]:
        while start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_ and doc[start - 2].text[:1].isupper():
            start -= 2
        while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and doc[end + 1].text[:1].isupper():
            end += 2
        return start, end

    def _looks_like_person(self, span: Span) -> bool:
        words = [t for t in span if t.text not in ("-", ".")]
        if not words or len(words) > 5:
            return False
        if span.text in self.not_entities or span.text in self.domain.names:
            return False
        if any(t.lower_ in self.titles or t.lower_ in self.org_nouns or t.lower_.rstrip(".") in self.place_words for t in words):
            return False
        if words[0].lower_.rstrip(".") in self.honorifics or words[0].is_stop:
            return False
        return all(_NAME_TOKEN.match(t.text) and not (t.is_upper and len(t) > 1) for t in words)

    def _resolve(self, doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
        """Keep the strongest non-overlapping candidates; drop names that are not entities."""
        chosen: list[_Candidate] = []
        taken: set[int] = set()
        people = [c for c in candidates if c.type is EntityType.PERSON and c.end - c.start >= 2]
        for cand in candidates:  # "Sir Allan Kemakeza", "Treasurer Bob Smith": titles are not part of a name
            while cand.type is EntityType.PERSON and cand.end - cand.start > 1 and doc[cand.start].lower_.rstrip(".") in self.honorifics:
                cand.start += 1
        for cand in sorted(candidates, key=lambda c: (-c.strength[0], -c.strength[1], c.start)):
            if cand.end - cand.start == 1 and cand.type is EntityType.MODEL and any(
                    p.start == cand.start and self._looks_like_person(doc[p.start:p.end]) for p in people):
                continue  # "Claude" inside "Claude Henderson" is a first name, not a model
            if cand.type is EntityType.PERSON and cand.source == "gazetteer" and any(
                    p.start <= cand.start and cand.end <= p.end and p.end - p.start > cand.end - cand.start for p in people):
                continue  # a surname alias ("Amodei") inside another full name ("Daniela Amodei")
            text = doc[cand.start:cand.end].text
            if text in self.not_entities or not any(ch.isalnum() for ch in text):
                continue
            if text.islower() and cand.source not in ("gazetteer", "pattern"):
                continue
            if any(i in taken for i in range(cand.start, cand.end)):
                continue
            chosen.append(cand)
            taken.update(range(cand.start, cand.end))
        # a later "Amodei" for "Dario Amodei" that the NER left untagged
        surnames = {doc[c.end - 1].text for c in chosen if c.type is EntityType.PERSON and c.end - c.start >= 2}
        for token in doc:
            if token.text in surnames and token.i not in taken and token.text[:1].isupper():
                chosen.append(_Candidate(token.i, token.i + 1, EntityType.PERSON, "context"))
                taken.add(token.i)
        return sorted(chosen, key=lambda c: c.start)


@Language.factory("kg_entities", default_config={"data_dir": None})
def create_entity_recognizer(nlp: Language, name: str, *, data_dir: str | None) -> EntityRecognizer:
    """spaCy factory: ``nlp.add_pipe("kg_entities", config={"data_dir": ...})``."""
    return EntityRecognizer(nlp, load_domain(data_dir))
