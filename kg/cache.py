"""A disk cache of per-document extractions, keyed by content and by everything that shapes the result.

An entry's key is the document's content hash (with its title and authors); the folder it lives
in is named by a *version*: the kg version, the spaCy version, the pipeline's name and version,
a hash of kg's own code and data files, and a hash of the user's data folder (``--data``), so any
rule edit, kg's or the user's, starts a fresh cache. Each entry is
written to a temporary file and renamed into place, so an interrupted build leaves whole entries
or none. Entries are pickles: point the cache only at a folder you trust, as with pip's cache.

>>> import tempfile
>>> from kg.model import DocExtraction, Document
>>> cache = ExtractionCache(tempfile.mkdtemp(), version="test")
>>> doc = Document.from_text("Acme hired Jo.", "a.txt")
>>> cache.get(doc) is None
True
>>> cache.put(DocExtraction(doc))
>>> cache.get(Document.from_text("Acme hired Jo.", "renamed.txt")).document.source
'renamed.txt'
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Callable

from .domain import Domain
from .errors import OutputError
from .model import DocExtraction, Document

__all__ = ["ExtractionCache", "default_cache_dir", "usable_default_cache_dir", "cache_version", "code_fingerprint"]

_PACKAGE = Path(__file__).resolve().parent


def default_cache_dir() -> Path:
    """``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``.

    >>> import os
    >>> os.environ["KG_CACHE_DIR"] = "/tmp/kg-cache-example"
    >>> str(default_cache_dir())
    '/tmp/kg-cache-example'
    >>> del os.environ["KG_CACHE_DIR"]
    """
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def usable_default_cache_dir(warn: Callable[[str], None]) -> Path | None:
    """:func:`default_cache_dir` if it can be created and written; else ``None``, said through ``warn``.

    The default place is only a convenience (like pip's cache): a read-only home means a build
    without cache, not a failed build. A folder the user names is checked by :meth:`ExtractionCache.open`.
    """
    folder = default_cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        warn(f"{folder}: cannot create cache folder ({exc.strerror or exc}); building without cache")
        return None
    if not os.access(folder, os.W_OK | os.X_OK):
        warn(f"{folder}: cache folder is not writable; building without cache")
        return None
    return folder


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of every Python and data file of the kg package: editing a rule changes it."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and (path.suffix == ".py" or "data" in path.relative_to(_PACKAGE).parts):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _pipeline_identity(model: str) -> str:
    """Name, version and meta hash of an installed pipeline package or pipeline folder, without loading it."""
    import spacy.util

    if spacy.util.is_package(model):
        meta_path = spacy.util.get_package_path(model) / "meta.json"
    else:
        meta_path = Path(model) / "meta.json"
    try:
        meta = meta_path.read_bytes()
    except OSError:
        return model  # not installed: loading the pipeline will say so
    return f"{model}:{hashlib.sha256(meta).hexdigest()[:16]}"


def cache_version(model: str, domain: Domain | None = None) -> str:
    """The version a cache entry must match: kg, spaCy, the pipeline, kg's code and data, and the user's data folder."""
    from . import __version__

    parts = [f"kg={__version__}", f"spacy={importlib.metadata.version('spacy')}", f"pipeline={_pipeline_identity(model)}",
             f"code={code_fingerprint()}"]
    if domain is not None and domain.fingerprint:
        parts.append(f"data={domain.fingerprint}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


class ExtractionCache:
    """Per-document extractions stored under ``root/<version>/``; safe for concurrent writers."""

    def __init__(self, root: str | Path, version: str) -> None:
        self.root = Path(root).expanduser()
        self.version = version
        self.folder = self.root / version

    @classmethod
    def open(cls, root: str | Path, model: str, domain: Domain | None = None) -> "ExtractionCache":
        """The cache for pipeline ``model`` and ``domain``'s data under ``root``, creating the folder (clear error if it cannot)."""
        cache = cls(root, cache_version(model, domain))
        try:
            cache.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{cache.root}: cannot create cache folder ({exc.strerror or exc})") from None
        if not os.access(cache.folder, os.W_OK):
            raise OutputError(f"{cache.root}: cache folder is not writable")
        return cache

    @staticmethod
    def key(document: Document) -> str:
        """What extraction may read of a document: its text (by hash), title, authors and furniture; not its file name."""
        furniture = ";".join(f"{s}:{e}:{k}" for s, e, k in document.furniture)
        identity = "\0".join([document.sha256, document.title or "", furniture, *document.authors])
        return hashlib.sha256(identity.encode("utf-8")).hexdigest()

    def _path(self, document: Document) -> Path:
        key = self.key(document)
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, document: Document) -> DocExtraction | None:
        """The cached extraction of ``document`` (re-attached to it), or ``None``; a damaged entry is a miss."""
        try:
            with open(self._path(document), "rb") as handle:
                found = pickle.load(handle)
        except FileNotFoundError:
            return None
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        if not isinstance(found, DocExtraction) or found.document.sha256 != document.sha256:
            return None
        return replace(found, document=document)

    def put(self, extraction: DocExtraction) -> None:
        """Store one extraction atomically (temporary file, then rename)."""
        path = self._path(extraction.document)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump(extraction, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise OutputError(f"{self.root}: cannot write to cache ({exc.strerror or exc})") from None
