"""Write the export files atomically: each is written to a temporary file, then renamed into place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .errors import OutputError

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

__all__ = ["write_exports", "atomic_write"]


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_exports(graph: "KnowledgeGraph", out_dir: Path) -> list[Path]:
    """Render every export in memory first, then put each in place; return the paths written."""
    from .html import render_html
    from .rdf import serialize_jsonld, serialize_turtle

    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create folder ({exc.strerror or exc})") from None
    if not os.access(out_dir, os.W_OK):
        raise OutputError(f"{out_dir}: folder is not writable")
    rdf_graph = graph.to_rdf()
    renderers: list[tuple[str, Callable[[], bytes]]] = [
        ("graph.ttl", lambda: serialize_turtle(rdf_graph)),
        ("graph.jsonld", lambda: serialize_jsonld(rdf_graph)),
        ("graph.html", lambda: render_html(graph).encode("utf-8")),
    ]
    rendered = [(out_dir / name, render()) for name, render in renderers]
    written = []
    try:
        for path, data in rendered:
            atomic_write(path, data)
            written.append(path)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write exports ({exc.strerror or exc})") from None
    return written
