"""kg: build a linked, typed, evidenced knowledge graph from news articles.

>>> import kg
>>> graph = kg.build_documents([kg.Document.from_text("Nvidia makes the H100 chip.", "a.txt")], nlp=kg.blank_pipeline())
>>> sorted(e.label for e in graph.entities())
['H100', 'Nvidia']
"""

__version__ = "0.1.0"

from .build import build, build_documents
from .domain import Domain, load_domain
from .errors import (DataError, DependencyError, DocumentError, EngineError, InputError, KgError, KgWarning, ModelError, OutputError,
                     QueryError, ServerError, SkippedDocumentWarning)
from .graph import KnowledgeGraph
from .load import load
from .model import Document, Entity, EntityType, Evidence, Predicate, Quote, Relation, Skipped
from .nlp import blank_pipeline, load_pipeline
from .push import push
from .query import QueryResult, ReadyQuery, ready_queries
from .serve import serve

__all__ = [
    "__version__",
    "build",
    "build_documents",
    "KnowledgeGraph",
    "Document",
    "Entity",
    "EntityType",
    "Evidence",
    "Predicate",
    "Quote",
    "Relation",
    "Skipped",
    "KgError",
    "InputError",
    "ModelError",
    "OutputError",
    "QueryError",
    "ServerError",
    "DependencyError",
    "DocumentError",
    "DataError",
    "EngineError",
    "KgWarning",
    "SkippedDocumentWarning",
    "Domain",
    "load_domain",
    "load",
    "push",
    "serve",
    "QueryResult",
    "ReadyQuery",
    "ready_queries",
    "blank_pipeline",
    "load_pipeline",
]
