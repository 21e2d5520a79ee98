"""Write RDF triples as Turtle and JSON-LD: stable bytes for the same triples, in one pass.

rdflib's own serializers were most of the time ``kg build`` spent after parsing (they work out
prefixed names and nesting for any graph); kg's graphs have no blank nodes, so a writer of their
own is a sort and a format per triple. The output is plain Turtle 1.1 and compacted JSON-LD 1.1;
the tests read both back with rdflib and pyoxigraph and compare the triples.

>>> from rdflib import Literal, URIRef
>>> from rdflib.namespace import RDF, RDFS
>>> kg = "https://w3id.org/kg-news/ontology#"
>>> triples = [(URIRef("https://w3id.org/kg-news/id/x"), RDFS.label, Literal('Say "hi"')),
...            (URIRef("https://w3id.org/kg-news/id/x"), RDF.type, URIRef(kg + "Person"))]
>>> print(turtle(triples, {"kg": kg, "rdfs": str(RDFS)}).decode())
@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<BLANKLINE>
<https://w3id.org/kg-news/id/x> a kg:Person ;
    rdfs:label "Say \\"hi\\"" .
<BLANKLINE>
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

__all__ = ["turtle", "jsonld", "Grouped"]

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_TYPE, _STRING, _INTEGER_TYPE, _DECIMAL_TYPE = RDF.type, XSD.string, XSD.integer, XSD.decimal  # read once: rdflib's namespace attributes are slow
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")  # a local name written as is after "prefix:"
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+\Z")
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')  # what an IRIREF cannot hold
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TO_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def turtle(triples: "Iterable[Triple] | Grouped", prefixes: dict[str, str]) -> bytes:
    """Turtle: the prefixes sorted, then each subject (sorted) with ``a`` first and its other
    predicates and objects sorted, one blank line between subjects."""
    names = _Names(prefixes)
    lines = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(prefixes.items())]
    for subject, predicates in Grouped.of(triples).subjects:
        lines.append("")
        parts = []
        for predicate, objects in predicates:
            written = "a" if predicate == _TYPE else names.term(predicate)
            parts.append(f"{written} " + " ,\n        ".join(sorted(names.term(o) for o in objects)))
        lines.append(f"{names.iri(subject)} " + " ;\n    ".join(parts) + " .")
    return ("\n".join(lines) + "\n").encode("utf-8")


def jsonld(triples: "Iterable[Triple] | Grouped", prefixes: dict[str, str]) -> bytes:
    """Compacted JSON-LD: the prefixes as ``@context``, one node per subject in ``@graph``
    (sorted by ``@id``), keys as prefixed names, a lone value unwrapped, several sorted;
    integers as JSON numbers, other typed values as ``{"@type", "@value"}``."""
    names = _Names(prefixes)
    nodes = []
    for subject, predicates in Grouped.of(triples).subjects:
        node: dict = {"@id": _safe(subject)}
        for predicate, objects in predicates:
            if predicate == _TYPE:
                values = sorted(names.compact(o) for o in objects)
                node["@type"] = values[0] if len(values) == 1 else values
                continue
            values = sorted((_json_value(o, names) for o in objects), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
            node[names.compact(predicate)] = values[0] if len(values) == 1 else values
        nodes.append(node)
    document = {"@context": dict(sorted(prefixes.items())), "@graph": nodes}
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Grouped:
    """Triples by subject, sorted, each with its predicates sorted (``rdf:type`` first) and their
    objects: what both writers go through, worked out once when both are written."""

    subjects: tuple[tuple[URIRef, list[tuple[URIRef, list]]], ...]

    @classmethod
    def of(cls, triples: "Iterable[Triple] | Grouped") -> "Grouped":
        if isinstance(triples, Grouped):
            return triples
        by_subject: dict[URIRef, dict[URIRef, list]] = defaultdict(lambda: defaultdict(list))
        for subject, predicate, obj in triples:
            if not isinstance(subject, URIRef):
                raise TypeError(f"kg's graphs have no blank nodes; got subject {subject!r}")
            by_subject[subject][predicate].append(obj)
        return cls(tuple((s, sorted(by_subject[s].items(), key=lambda item: (item[0] != _TYPE, str(item[0]))))
                         for s in sorted(by_subject, key=str)))


def _json_value(term, names: "_Names"):
    if isinstance(term, URIRef):
        return {"@id": _safe(term)}
    if not isinstance(term, Literal):
        raise TypeError(f"kg's graphs have no blank nodes; got {term!r}")
    if term.language:
        return {"@language": term.language, "@value": str(term)}
    if term.datatype is None or term.datatype == _STRING:
        return str(term)
    if term.datatype == _INTEGER_TYPE and _INTEGER.match(str(term)) and str(int(str(term))) == str(term):
        return int(str(term))
    return {"@type": names.compact(term.datatype), "@value": str(term)}


def _safe(iri) -> str:
    """The IRI with any character an IRI cannot hold (space, quote, angle bracket...) percent-encoded
    (kg makes none such; this keeps a file valid whatever comes in).

    >>> _safe("https://example.org/a b")
    'https://example.org/a%20b'
    """
    return _NOT_IN_IRI.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), str(iri))


class _Names:
    """How IRIs are written: ``prefix:local`` where a prefix covers them, else in full."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        # longest namespace first, so that a nested one wins
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.cache: dict[str, str | None] = {}

    def prefixed(self, iri: str) -> str | None:
        if iri not in self.cache:
            self.cache[iri] = next((f"{p}:{iri[len(ns):]}" for p, ns in self.prefixes
                                    if iri.startswith(ns) and _LOCAL.match(iri[len(ns):])), None)
        return self.cache[iri]

    def compact(self, iri) -> str:
        """JSON-LD: ``prefix:local`` or the IRI itself."""
        return self.prefixed(str(iri)) or _safe(iri)

    def iri(self, iri) -> str:
        """Turtle: ``<IRI>``."""
        return f"<{_safe(iri)}>"

    def term(self, term) -> str:
        """Turtle: an IRI prefixed or in full, or a literal."""
        if isinstance(term, URIRef):
            return self.prefixed(str(term)) or self.iri(term)
        if not isinstance(term, Literal):
            raise TypeError(f"kg's graphs have no blank nodes; got {term!r}")
        text = str(term)
        if term.datatype == _INTEGER_TYPE and _INTEGER.match(text) or term.datatype == _DECIMAL_TYPE and _DECIMAL.match(text):
            return text
        quoted = '"' + _TO_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(0)) or f"\\u{ord(m.group(0)):04X}", text) + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype is not None and term.datatype != _STRING:
            return f"{quoted}^^{self.term(URIRef(term.datatype))}"
        return quoted
