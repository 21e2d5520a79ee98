"""Token helpers shared by the rules: coordination, lemmas, the subjects of a verb."""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

__all__ = ["conjuncts", "lemma_of", "subject_of"]


def conjuncts(token: Token) -> list[Token]:
    """``token`` and every token coordinated with it ("Llama, GPT-4 and Claude")."""
    out = [token]
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            if child.dep_ == "conj" and child not in out:
                out.append(child)
                stack.append(child)
    return out


def lemma_of(token: Token) -> str:
    """Lower-case lemma, falling back on the text when the pipeline has no lemmatizer."""
    lemma = token.lemma_.lower() if token.lemma_ else ""
    return lemma or token.lower_


def subject_of(verb: Token, relatives: frozenset[str] = frozenset({"who", "which", "that"}),
               controllers: frozenset[str] = frozenset()) -> Iterator[Token]:
    """Subjects of ``verb``, inherited from the verb it depends on when it has none: the object of
    that verb when it is one of ``controllers`` ("hired X to lead Y": X), else its subject ("plans
    to release", "left X to start Y"). ``relatives`` are the relative pronouns, which stand for the
    noun their clause describes."""
    current: Token | None = verb
    for _ in range(4):
        if current is None:
            return
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            for subject in subjects:
                if subject.lower_ in relatives:
                    # "Elon Musk, who founded xAI"; "Gemini, which it said beats GPT-4o"
                    clause = next((a for a in [current, *current.ancestors] if a.dep_ == "relcl"), None)
                    if clause is not None:
                        yield clause.head
                else:
                    yield from conjuncts(subject)
            return
        if current.dep_ == "relcl":
            yield current.head
            return
        if current.dep_ == "xcomp" and lemma_of(current.head) in controllers:
            controller = [c for c in current.head.children if c.dep_ == "dobj"]
            if controller:
                yield from conjuncts(controller[0])
                return
        if current.dep_ == "ccomp":
            # a complement clause has a subject of its own; without one, it is the gap of a relative
            # clause ("a model it says rivals R1": the model) or nothing to inherit
            clause = next((a for a in current.ancestors if a.dep_ == "relcl"), None)
            if clause is not None:
                yield clause.head
            return
        if current.dep_ in ("xcomp", "advcl", "pcomp", "conj", "acl") or current.dep_ == "pobj":
            current = current.head
            if current.pos_ == "ADP":
                current = current.head
            continue
        return
