"""Write the export files so that nothing is lost: render all, write temporary files, then rename.

A failure or Ctrl-C before the renames leaves every previous export as it was; the renames
themselves run with Ctrl-C held back, so the three files are replaced together.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> atomic_write(folder / "a.txt", b"new")
>>> (folder / "a.txt").read_bytes()
b'new'
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from .errors import OutputError

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

__all__ = ["write_exports", "write_files", "atomic_write", "prepare_out_dir", "EXPORTS"]

EXPORTS = ("graph.ttl", "graph.jsonld", "graph.html")


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def prepare_out_dir(out_dir: Path, names: Iterable[str] = EXPORTS) -> None:
    """Create ``out_dir`` if needed and prove it writable (by writing a file), or raise :class:`OutputError`.

    ``names`` are the files about to be written: none may be a folder.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".kg-probe.", dir=out_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"{out_dir}: folder is not writable ({_reason(exc)})") from None
    for name in names:
        target = out_dir / name
        if target.exists() and not target.is_file():
            raise OutputError(f"{target}: exists and is not a file")


def _write_temporary(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new hidden file next to ``path`` and return its name."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    tmp = _write_temporary(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and SIGTERM back for a moment: they take effect when the block ends (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: received.append(signum))
                for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        for signum in dict.fromkeys(received):
            signal.raise_signal(signum)


def write_exports(graph: "KnowledgeGraph", out_dir: Path) -> list[Path]:
    """Render every export in memory, write each to a temporary file, then rename all into place."""
    from .html import render_html
    from .rdf import rdf_triples, serialize_jsonld, serialize_turtle
    from .serialize import Grouped

    prepare_out_dir(out_dir)
    triples = Grouped.of(rdf_triples(graph.linked))  # sorted once for both files
    renderers: list[tuple[str, Callable[[], bytes]]] = [
        ("graph.ttl", lambda: serialize_turtle(triples)),
        ("graph.jsonld", lambda: serialize_jsonld(triples)),
        ("graph.html", lambda: render_html(graph).encode("utf-8")),
    ]
    return write_files(out_dir, [(name, render()) for name, render in renderers])


def write_files(out_dir: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    """Write already rendered files into ``out_dir`` together: temporary files first, then the renames.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> [p.name for p in write_files(folder, [("a.csv", b"x"), ("b.csv", b"y")])]
    ['a.csv', 'b.csv']
    """
    prepare_out_dir(out_dir, [name for name, _ in files])
    rendered = [(out_dir / name, data) for name, data in files]
    temporary: list[tuple[Path, Path]] = []
    try:
        for path, data in rendered:
            temporary.append((_write_temporary(path, data), path))
        with _interrupts_held():
            for tmp, path in temporary:
                os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write exports ({_reason(exc)})") from None
    finally:
        for tmp, _ in temporary:
            tmp.unlink(missing_ok=True)
    return [path for path, _ in rendered]
