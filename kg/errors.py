"""One exception hierarchy for kg; the command line turns these into one-line messages."""

__all__ = ["KgError", "InputError", "ModelError", "OutputError", "QueryError", "ServerError", "EngineError", "DependencyError"]


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KgError):
    """An input path or text cannot be used."""


class ModelError(KgError):
    """The spaCy pipeline cannot be loaded."""


class OutputError(KgError):
    """An output folder or file cannot be written."""


class QueryError(KgError):
    """A SPARQL query is malformed or cannot be run."""


class EngineError(KgError):
    """A build engine is unknown, not installed, or given bad settings."""


class ServerError(KgError):
    """A SPARQL server cannot be started or reached, or a triple store refused a request."""


class DependencyError(KgError):
    """An optional package that a feature needs is not installed."""
