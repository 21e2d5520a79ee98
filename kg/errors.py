"""One exception hierarchy for kg; the command line turns these into one-line messages."""

__all__ = ["KgError", "InputError", "ModelError", "OutputError", "QueryError", "ServerError", "EngineError", "DataError",
           "DocumentError", "KgWarning", "SkippedDocumentWarning", "DependencyError"]


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


class DataError(KgError):
    """A domain data file (gazetteer, patterns, triggers, rules; kg's own or in a user's data folder) is malformed."""


class DocumentError(KgError):
    """A document could not be processed (raised in a strict build; else the document is skipped).

    ``traceback`` holds the original traceback as text (it may come from another process).
    """

    def __init__(self, message: str, traceback: str = "") -> None:
        super().__init__(message)
        self.traceback = traceback


class KgWarning(UserWarning):
    """Something a build went on past: a file skipped, a document with no entity, a cache it could not use."""


class SkippedDocumentWarning(KgWarning):
    """A document could not be processed and was left out of the graph (see ``KnowledgeGraph.skipped``)."""


class DependencyError(KgError):
    """An optional package that a feature needs is not installed."""
