"""Why kg read what it read: the sentences of a text, its mentions with their types and where the
types came from, every rule that fired, and every candidate relation that was rejected, and why.

>>> from kg.nlp import blank_pipeline
>>> report = explain_text("Nvidia H100 chips are in demand.", nlp=blank_pipeline())
>>> [(m.text, m.type) for m in report.sentences[0].mentions]
[('Nvidia', 'Organization'), ('H100', 'Chip')]
>>> [(c.rule, c.subject, c.predicate, c.object, c.rejected) for c in report.sentences[0].candidates]
[('org-named-chip', 'H100', 'madeBy', 'Nvidia', None)]
>>> print(report.format())
[1] Nvidia H100 chips are in demand.
    mention  'Nvidia': Organization (from gazetteer)
    mention  'H100': Chip (from gazetteer)
    rule     org-named-chip: H100 madeBy Nvidia (confidence 0.80)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language

from .domain import load_domain
from .extract import extract
from .extract.rules import Candidate
from .model import DocExtraction, Document
from .nlp import DEFAULT_MODEL, check_domain, load_pipeline

__all__ = ["Explanation", "SentenceReport", "MentionReport", "CandidateReport", "explain_text", "explain_document"]


@dataclass(frozen=True)
class MentionReport:
    text: str
    type: str
    type_source: str  # gazetteer, pattern, context, ner, or the typing rule's id
    name: str


@dataclass(frozen=True)
class CandidateReport:
    rule: str
    subject: str
    predicate: str
    object: str
    confidence: float
    rejected: str | None  # None: kept


@dataclass(frozen=True)
class SentenceReport:
    number: int
    text: str
    mentions: tuple[MentionReport, ...] = ()
    candidates: tuple[CandidateReport, ...] = ()
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Explanation:
    document: Document
    sentences: tuple[SentenceReport, ...] = field(default_factory=tuple)

    def format(self, only_relevant: bool = False) -> str:
        """A readable report; ``only_relevant`` leaves out sentences where no rule fired."""
        lines: list[str] = []
        for sent in self.sentences:
            if only_relevant and not sent.candidates and not sent.quotes:
                continue
            lines.append(f"[{sent.number}] {sent.text}")
            for m in sent.mentions:
                name = f" = {m.name}" if m.name != m.text else ""
                lines.append(f"    mention  {m.text!r}{name}: {m.type} (from {m.type_source})")
            for c in sent.candidates:
                what = f"{c.subject or '?'} {c.predicate} {c.object or '?'}"
                if c.rejected is None:
                    lines.append(f"    rule     {c.rule}: {what} (confidence {c.confidence:.2f})")
                else:
                    lines.append(f"    rejected {c.rule}: {what}: {c.rejected}")
            for quote in sent.quotes:
                lines.append(f"    quote    {quote}")
        return "\n".join(lines)


def explain_document(document: Document, nlp: Language | None = None, *, data_dir: str | None = None) -> Explanation:
    """Run the pipeline and the rules on one document and report everything they decided
    (``data_dir``: a folder extending kg's data; ``nlp`` must be made with it)."""
    domain = load_domain(data_dir)
    nlp = nlp or load_pipeline(DEFAULT_MODEL, data_dir)
    check_domain(nlp, domain)
    doc = nlp(document.text)
    trace: list[Candidate] = []
    extraction = extract(doc, document, domain, trace=trace)
    sentences = list(doc.sents)
    reports = []
    for number, sent in enumerate(sentences):
        mentions = tuple(
            MentionReport(m.text, m.type.value, m.type_source, m.name)
            for m in extraction.mentions if sent.start_char <= m.start < sent.end_char
        )
        candidates = tuple(
            CandidateReport(c.rule, c.subject_text, c.predicate.value, c.object_text, c.confidence, c.rejected)
            for c in trace if sent.start <= c.trigger < sent.end
        )
        reports.append(SentenceReport(number + 1, sent.text.strip(), mentions, candidates, _quotes(extraction, sent.start_char, sent.end_char)))
    return Explanation(document, tuple(reports))


def explain_text(text: str, nlp: Language | None = None, *, data_dir: str | None = None) -> Explanation:
    """:func:`explain_document` for a text given as a string."""
    return explain_document(Document.from_text(text, "<text>"), nlp, data_dir=data_dir)


def _quotes(extraction: DocExtraction, start: int, end: int) -> tuple[str, ...]:
    out = []
    for quote in extraction.quotes:
        if start <= quote.evidence.start < end:
            speaker = extraction.mentions[quote.speaker].name
            about = ", ".join(extraction.mentions[i].name for i in quote.about) or "nothing named"
            out.append(f"{speaker}: \u201c{quote.text[:80]}\u201d about {about} ({quote.evidence.rule})")
    return tuple(out)
