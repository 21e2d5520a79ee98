"""Push a graph into any triple store that speaks the SPARQL 1.1 Graph Store HTTP Protocol.

The graph goes as N-Triples into one named graph (``?graph=IRI``, indirect identification):
POST adds to what the named graph holds, PUT (``replace=True``) replaces it. This works with
Oxigraph (``/store``), Fuseki (``/DATASET/data``), GraphDB (``/repositories/ID/rdf-graphs/service``)
and Virtuoso (``/sparql-graph-crud``).

>>> graph_store_url("http://127.0.0.1:7878/store", "https://example.org/g")
'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fexample.org%2Fg'
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from .errors import ServerError
from .load import graph_file, open_store
from .vocab import iri

__all__ = ["push", "graph_store_url", "Pushed", "DEFAULT_GRAPH"]

DEFAULT_GRAPH = iri("graph", "news")


@dataclass(frozen=True)
class Pushed:
    """What a push sent: the graph file, the named graph, how many triples, and the HTTP status."""

    source: Path
    graph: str
    triples: int
    status: int


def graph_store_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of the named graph ``graph`` at ``endpoint``."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ServerError(f"{endpoint}: not an http(s) URL")
    try:
        ox.NamedNode(graph)
    except ValueError:
        raise ServerError(f"{graph}: not a valid graph IRI") from None
    return endpoint + ("&" if parts.query else "?") + urlencode({"graph": graph})


def push(path: str | Path, endpoint: str, graph: str = DEFAULT_GRAPH, replace: bool = False,
         timeout: float = 300.0) -> Pushed:
    """Send the graph at ``path`` (file or export folder) to ``endpoint``'s named graph ``graph``."""
    url = graph_store_url(endpoint, graph)
    source = graph_file(path)
    store = open_store(source)
    body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    request = urllib.request.Request(url, data=body, method="PUT" if replace else "POST",
                                     headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
        raise ServerError(f"{endpoint}: the store refused the graph: HTTP {exc.code} {exc.reason}"
                          + (f": {detail[0]}" if detail else "")) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ServerError(f"{endpoint}: cannot reach the store ({reason})") from None
    return Pushed(source, graph, len(store), status)
