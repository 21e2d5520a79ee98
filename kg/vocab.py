"""The kg vocabulary (classes and properties) and the one function that mints IRIs.

>>> entity_id(EntityType.PERSON, "liang wenfeng")
'https://w3id.org/kg-news/id/person/liang_wenfeng'
>>> entity_id(EntityType.ORGANIZATION, "<script>")
'https://w3id.org/kg-news/id/organization/%3Cscript%3E'
"""

from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import quote, unquote

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

from .model import EntityType

__all__ = ["KG", "KG_NS", "ID_BASE", "entity_id", "document_id", "evidence_id", "quote_id", "event_id", "key_of", "iri"]

KG_NS = "https://w3id.org/kg-news/ontology#"
ID_BASE = "https://w3id.org/kg-news/id/"
_MAX_SLUG = 120


class KG(DefinedNamespace):
    """Terms of the kg ontology (see ``kg/data/ontology.ttl``)."""

    _NS = Namespace(KG_NS)
    _fail = True

    # classes
    Person: URIRef
    Organization: URIRef
    Model: URIRef
    Chip: URIRef
    Place: URIRef
    Document: URIRef
    Quote: URIRef
    Evidence: URIRef
    # relations between entities
    founded: URIRef
    leads: URIRef
    worksFor: URIRef
    developed: URIRef
    outperformed: URIRef
    rivals: URIRef
    trainedOn: URIRef
    madeBy: URIRef
    backedBy: URIRef
    quotedOn: URIRef
    basedIn: URIRef
    # entity, document, evidence and quote properties
    mentionedIn: URIRef
    mentionCount: URIRef
    linkRule: URIRef
    sourceFile: URIRef
    sha256: URIRef
    evidence: URIRef
    document: URIRef
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    rule: URIRef
    confidence: URIRef
    speaker: URIRef
    quoteText: URIRef
    about: URIRef
    # how a fact is stated (on evidence), and its values
    Polarity: URIRef
    Certainty: URIRef
    TimeStatus: URIRef
    EventStatus: URIRef
    polarity: URIRef
    certainty: URIRef
    timeStatus: URIRef
    attributedTo: URIRef
    date: URIRef
    chipCount: URIRef
    Positive: URIRef
    Negative: URIRef
    Certain: URIRef
    Probable: URIRef
    Possible: URIRef
    Current: URIRef
    Former: URIRef
    Future: URIRef
    # events and numbers
    FundingRound: URIRef
    Acquisition: URIRef
    recipient: URIRef
    investor: URIRef
    leadInvestor: URIRef
    acquirer: URIRef
    acquired: URIRef
    amount: URIRef
    valuation: URIRef
    roundName: URIRef
    status: URIRef
    Completed: URIRef
    InTalks: URIRef
    Planned: URIRef
    parameterCount: URIRef
    trainingCost: URIRef


def _slug(text: str) -> str:
    """Percent-encode a name into a safe IRI path segment; very long names keep a hash.

    Only unreserved ASCII characters stay as they are; a space becomes ``_`` (so a literal
    ``_`` is encoded, and "a b" and "a_b" get different IRIs).

    >>> _slug("gpt_4 turbo"), _slug("\\u202eevil"), _slug("a/../b?c#d")
    ('gpt%5F4_turbo', '%E2%80%AEevil', 'a%2F..%2Fb%3Fc%23d')
    """
    text = unicodedata.normalize("NFC", text).strip()
    if len(text) > _MAX_SLUG:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        text = f"{text[:_MAX_SLUG]}~{digest}"
    slug = "_".join(quote(word, safe="-.~").replace("_", "%5F") for word in text.split(" ")) or "_"
    return slug.replace(".", "%2E") if slug in (".", "..") else slug  # never a dot segment


def iri(kind: str, name: str) -> str:
    """An IRI under ``ID_BASE`` for ``kind`` (a path word) and a name."""
    return f"{ID_BASE}{kind}/{_slug(name)}"


def entity_id(entity_type: EntityType, key: str) -> str:
    """The IRI of an entity: from its type and canonical (normalised) name, never from order."""
    return iri(entity_type.value.lower(), key)


def document_id(sha256: str) -> str:
    return iri("document", sha256[:16])


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:20]


def evidence_id(subject: str, predicate: str, obj: str, doc_id: str, start: int, end: int, rule: str, *status: object) -> str:
    """The IRI of one evidence record; ``status`` (what makes it differ from a plain statement,
    e.g. "Negative") keeps two readings of one sentence apart."""
    return iri("evidence", _digest(subject, predicate, obj, doc_id, start, end, rule, *status))


def quote_id(speaker: str, text: str, doc_id: str, start: int) -> str:
    return iri("quote", _digest(speaker, text, doc_id, start))


def event_id(kind: str, subject: str, key: str) -> str:
    """The IRI of an event: its kind ("funding"), the entity it is about (the last segment of that
    entity's IRI) and the key that tells its reports apart (a round's name, its amount, a buyer).

    >>> event_id("funding", entity_id(EntityType.ORGANIZATION, "mistral ai"), "series b")
    'https://w3id.org/kg-news/id/event/funding/mistral_ai/series_b'
    """
    return f"{ID_BASE}event/{kind}/{subject.rsplit('/', 1)[-1]}/{_slug(key)}"


def key_of(entity: str) -> str:
    """The name an entity IRI was minted from (the inverse of the slug).

    >>> key_of(entity_id(EntityType.ORGANIZATION, "sam_x labs"))
    'sam_x labs'
    """
    return unquote(entity.rsplit("/", 1)[-1].replace("_", " "))
