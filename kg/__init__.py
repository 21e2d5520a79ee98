"""kg: build a linked, typed, evidenced knowledge graph from news articles.

>>> import kg
>>> graph = kg.build_documents([kg.Document.from_text("Nvidia makes the H100 chip.", "a.txt")], nlp=kg.blank_pipeline())
>>> sorted(e.label for e in graph.entities())
['H100', 'Nvidia']
"""

__version__ = "0.1.0"

from .build import build, build_documents
from .errors import InputError, KgError, ModelError, OutputError, QueryError
from .graph import KnowledgeGraph
from .model import Document, Entity, EntityType, Evidence, Predicate, Quote, Relation
from .nlp import blank_pipeline, load_pipeline

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
    "KgError",
    "InputError",
    "ModelError",
    "OutputError",
    "QueryError",
    "blank_pipeline",
    "load_pipeline",
]
