"""SPARQL over a graph with Oxigraph: bound parameters, ready-made queries, and table/CSV/TSV/JSON output.

Values are bound as RDF terms (Oxigraph substitutions), never pasted into the query text.
Ready-made queries live in ``kg/queries/*.rq``; each starts with a comment: a one-line
description, then one ``# param NAME: ...`` line per parameter (``(optional)`` when it may be
left out; an optional parameter left out is bound to ``""``, which the query reads as "any").

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Ada")))
>>> result = run(store, 'SELECT ?x ?name WHERE { ?x rdfs:label ?name }', name="Ada")
>>> result.to_python()
[{'x': 'https://example.org/a', 'name': 'Ada'}]
>>> print(result.format("csv"), end="")
x,name
https://example.org/a,Ada
>>> run(store, "SELECT ?x WHERE { ?x }")
Traceback (most recent call last):
kg.errors.QueryError: SPARQL syntax error at 1:23: expected one of BIND, [_]
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import Any, Iterator, Mapping, Union

import pyoxigraph as ox

from .errors import QueryError
from .rdf import PREFIXES

__all__ = ["QueryResult", "ReadyQuery", "Param", "run", "run_ready", "ready_queries", "ready_query", "to_term", "iri_term",
           "FORMATS", "SPARQL_PREFIXES"]

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]
FORMATS = ("table", "csv", "tsv", "json")
# Prefixes every query may use without declaring them (kg:, kgid:, schema:, skos:, rdfs:, rdf: ...).
SPARQL_PREFIXES = {**PREFIXES, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
_XSD = "http://www.w3.org/2001/XMLSchema#"
_TABLE_WIDTH = 80


def to_term(value: object) -> Term:
    """An RDF term for a Python value: str -> plain literal, int/float/bool/Decimal -> typed literal.

    rdflib and pyoxigraph terms are converted or kept: pass ``rdflib.URIRef`` (or ``pyoxigraph.NamedNode``) for an IRI.

    >>> to_term("DeepSeek"), to_term(3)
    (<Literal value=DeepSeek datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>, \
<Literal value=3 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>)
    >>> to_term("<https://example.org/x>").value  # a str is always a literal
    '<https://example.org/x>'
    """
    from rdflib import BNode, Literal, URIRef

    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple)):
        return value
    if isinstance(value, URIRef):
        return iri_term(str(value))
    if isinstance(value, BNode):
        return ox.BlankNode(str(value))
    if isinstance(value, Literal):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        return ox.Literal(str(value), datatype=iri_term(str(value.datatype or _XSD + "string")))
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(_XSD + "double"))
    if isinstance(value, Decimal):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "decimal"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise QueryError(f"cannot bind a {type(value).__name__} value to a SPARQL variable")


def iri_term(iri: str) -> ox.NamedNode:
    """An IRI term, or a QueryError if ``iri`` is not a valid IRI.

    >>> iri_term("https://example.org/x")
    <NamedNode value=https://example.org/x>
    """
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"<{iri}>: not a valid IRI ({exc})") from None


def _python(term: Term | None) -> Any:
    """A plain Python value: IRIs and strings as str, numbers as int/float, booleans as bool."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in (_XSD + "integer", _XSD + "int", _XSD + "long"):
                return int(term.value)
            if datatype in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def _short(term: Term | None) -> str:
    """How a term reads in the table: IRIs with a known prefix compacted, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in sorted(SPARQL_PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(namespace) and len(term.value) > len(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())
    return str(term)


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query: variable names and rows of RDF terms (``None`` where unbound).

    ASK queries give no rows and ``boolean``; CONSTRUCT and DESCRIBE give subject/predicate/object rows.
    """

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    boolean: bool | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.to_python())

    def to_python(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (unbound variables left out)."""
        return [{v: _python(t) for v, t in zip(self.variables, row) if t is not None} for row in self.rows]

    def format(self, fmt: str = "table") -> str:
        """The result as an aligned ``table``, or as SPARQL 1.1 ``csv``, ``tsv`` or ``json`` results."""
        if fmt not in FORMATS:
            raise QueryError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        return getattr(self, f"_{fmt}")()

    def _table(self) -> str:
        if self.boolean is not None:
            return ("yes" if self.boolean else "no") + "\n"
        cells = [[_short(t) for t in row] for row in self.rows]
        cells = [[c if len(c) <= _TABLE_WIDTH else c[:_TABLE_WIDTH - 1] + "…" for c in row] for row in cells]
        widths = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(self.variables)]
        lines = ["  ".join(v.ljust(w) for v, w in zip(self.variables, widths)).rstrip(),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
        lines.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(lines) + "\n"

    def _csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if self.boolean is not None:
            writer.writerow(["boolean"])
            writer.writerow(["true" if self.boolean else "false"])
            return out.getvalue()
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow([_csv_value(t) for t in row])
        return out.getvalue()

    def _tsv(self) -> str:
        if self.boolean is not None:
            return "?boolean\n" + ("true" if self.boolean else "false") + "\n"
        lines = ["\t".join(f"?{v}" for v in self.variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in self.rows]
        return "\n".join(lines) + "\n"

    def _json(self) -> str:
        if self.boolean is not None:
            return json.dumps({"head": {}, "boolean": self.boolean}, indent=2) + "\n"
        bindings = [{v: _json_term(t) for v, t in zip(self.variables, row) if t is not None} for row in self.rows]
        return json.dumps({"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}},
                          indent=2, ensure_ascii=False) + "\n"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term) if isinstance(term, ox.Triple) else term.value


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


_POSITION = re.compile(r"^error at (\d+:\d+): ")


def run(store: ox.Store, sparql: str, bindings: Mapping[str, object] | None = None, /, **more: object) -> QueryResult:
    """Run a SPARQL query on an Oxigraph store with ``bindings`` substituted as RDF terms.

    A bound variable must appear in the SELECT clause (Oxigraph's substitution rule); the
    common prefixes in SPARQL_PREFIXES need not be declared.
    """
    values = {**(bindings or {}), **more}
    substitutions = {ox.Variable(name): to_term(value) for name, value in values.items()}
    try:
        answer = store.query(sparql, prefixes=SPARQL_PREFIXES, substitutions=substitutions or None)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult((), (), bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = tuple(v.value for v in answer.variables)
            return QueryResult(names, tuple(tuple(solution[n] for n in names) for solution in answer))
        return QueryResult(("subject", "predicate", "object"), tuple((t.subject, t.predicate, t.object) for t in answer))
    except SyntaxError as exc:
        message = str(exc)
        match = _POSITION.match(message)
        if match:
            message = f"at {match.group(1)}: {message[match.end():]}"
        raise QueryError(f"SPARQL syntax error {message}") from None
    except (RuntimeError, OSError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from None


@dataclass(frozen=True)
class Param:
    """A parameter of a ready-made query."""

    name: str
    description: str
    optional: bool


@dataclass(frozen=True)
class ReadyQuery:
    """A query shipped with kg: its name, description, parameters and SPARQL text."""

    name: str
    description: str
    params: tuple[Param, ...]
    sparql: str

    def bindings(self, given: Mapping[str, object]) -> dict[str, object]:
        """Every parameter's value: the one given, or ``""`` (any) for an optional one left out."""
        known = {p.name for p in self.params}
        unknown = sorted(set(given) - known)
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r} "
                             f"(parameters: {', '.join(sorted(known)) or 'none'})")
        missing = [p.name for p in self.params if not p.optional and p.name not in given]
        if missing:
            raise QueryError(f"query {self.name!r} needs a value for its parameter {missing[0]!r}")
        return {p.name: given.get(p.name, "") for p in self.params}


_PARAM = re.compile(r"^#\s*param\s+(\w+)\s*(\(optional\))?\s*:\s*(.*)$")


def _parse_ready(name: str, text: str) -> ReadyQuery:
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    description = header[0].lstrip("# ").strip() if header else ""
    params = tuple(Param(m.group(1), m.group(3).strip(), bool(m.group(2)))
                   for m in (_PARAM.match(line) for line in header) if m)
    return ReadyQuery(name, description, params, text)


def ready_queries() -> tuple[ReadyQuery, ...]:
    """The ready-made queries shipped in ``kg/queries``, by name.

    >>> [q.name for q in ready_queries()][:2]
    ['acquisitions', 'claims-by']
    """
    folder = resources.files("kg").joinpath("queries")
    found = [_parse_ready(item.name[:-3], item.read_text(encoding="utf-8"))
             for item in folder.iterdir() if item.name.endswith(".rq")]
    return tuple(sorted(found, key=lambda q: q.name))


def ready_query(name: str) -> ReadyQuery:
    """The ready-made query called ``name``."""
    for query in ready_queries():
        if query.name == name:
            return query
    raise QueryError(f"no ready-made query {name!r} (see kg query --list)")


def run_ready(store: ox.Store, name: str, params: Mapping[str, object] | None = None) -> QueryResult:
    """Run a ready-made query with its parameters bound; parameter columns are left out of the result."""
    query = ready_query(name)
    result = run(store, query.sparql, query.bindings(params or {}))
    keep = [i for i, v in enumerate(result.variables) if v not in {p.name for p in query.params}]
    return QueryResult(tuple(result.variables[i] for i in keep), tuple(tuple(row[i] for i in keep) for row in result.rows))
