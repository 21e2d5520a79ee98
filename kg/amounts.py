"""Sums of money and large numbers as news writes them, normalised: a value in units and an ISO
4217 currency ("US$1.3bn" is 1300000000 USD), from the currency signs, codes, words and scale
words of ``kg/data/amounts.json``. Pure text: which sum is a round's amount, a valuation or a
price is decided over the parse by :mod:`kg.extract.events`.

>>> [(str(m.value), m.currency) for m in find_money("Acme raised US$1.3bn, then €120m and about 5 billion yuan.")]
[('1300000000', 'USD'), ('120000000', 'EUR'), ('5000000000', 'CNY')]
>>> find_money("a 1 billion user milestone")
[]
>>> [(n.value, n.text) for n in find_numbers("trained on 15,000 GPUs with six billion parameters (7B)")]
[(Decimal('15000'), '15,000'), (Decimal('6000000000'), 'six billion'), (Decimal('7000000000'), '7B')]
>>> [str(n.value) for n in find_numbers("10000000000000000000000000000 robots")]
['10000000000000000000000000000']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Context, Decimal, getcontext
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .domain import Domain

__all__ = ["Found", "find_money", "find_numbers", "load_amount_words"]


@dataclass(frozen=True)
class Found:
    """A figure in a text: characters ``start``..``end``, its value in units, and for money its
    ISO currency (None for a plain number)."""

    start: int
    end: int
    value: Decimal
    currency: str | None
    text: str


@dataclass(frozen=True)
class _Words:
    signs: dict[str, str]
    words: dict[str, str]
    scales: dict[str, int]
    number_words: dict[str, Decimal]
    money: re.Pattern[str]
    number: re.Pattern[str]
    figure_hint: re.Pattern[str]  # a digit or a number word: what every figure has


def _alternatives(items, escape=True) -> str:
    return "|".join(re.escape(i).replace(r"\ ", r"\s+") if escape else i for i in sorted(items, key=len, reverse=True))


@lru_cache(maxsize=8)
def load_amount_words(domain: "Domain | None" = None) -> _Words:
    """The words of ``amounts.json`` (the package's, with a ``--data`` folder's additions), compiled
    into the patterns below (once per Domain)."""
    from .domain import load_domain

    raw = (domain or load_domain()).data("amounts.json")
    signs = raw["currency_signs"]
    words = {k.lower(): v for k, v in raw["currency_words"].items()}
    scales = {k.lower(): int(v) for k, v in raw["scales"].items()}
    number_words = {k.lower(): Decimal(str(v)) for k, v in raw["number_words"].items()}
    short = set(raw["short_scales"])
    long_scales = _alternatives(s for s in scales if s not in short)
    short_scales = _alternatives(short)
    plus = _alternatives(raw["plus_words"])
    digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    spelled = _alternatives(w for w in number_words)
    # a figure: digits or a number word, then a scale: "1.3 billion", "$235-million", "1.3bn", "six billion"
    scale = rf"(?:[\s-]*(?P<long>{long_scales})\b|(?P<short>{short_scales})\b)"
    figure = rf"(?P<num>{digits})(?:{scale})?|(?P<word>{spelled})\s+(?P<wlong>{long_scales})\b"
    sign = _alternatives(signs)
    # a sign before the figure or a word after it (checked in find_money: one of them is needed)
    money = re.compile(
        rf"(?:(?<![A-Za-z])(?P<sign>{sign})\s?)?(?<![\w.])(?:{figure})(?:-?(?:{plus}))?(?:\s+(?P<cword>{_alternatives(words)})\b)?",
        re.IGNORECASE)
    number = re.compile(rf"(?<![\w.$€£¥₹₩])(?:{figure})(?![\w,]*\d)", re.IGNORECASE)
    hint = re.compile(rf"\d|\b(?:{spelled})\s+(?:{long_scales})\b", re.IGNORECASE)
    return _Words(signs, words, scales, number_words, money, number, hint)


def _value(m: re.Match, w: _Words) -> Decimal:
    if m["num"] is not None:
        base = Decimal(m["num"].replace(",", ""))
        scale = m["long"] or m["short"]
    else:
        base = w.number_words[re.sub(r"\s+", " ", m["word"].lower())]
        scale = m["wlong"]
    value = base * w.scales[scale.lower()] if scale else base
    if value != value.to_integral_value():
        return value
    # as many digits as the figure has: a 30-digit run of digits is a number too, not an error
    return value.quantize(Decimal(1), context=Context(prec=max(getcontext().prec, value.adjusted() + 1)))


def find_money(text: str, domain: "Domain | None" = None) -> list[Found]:
    """Every sum of money in ``text``: a currency sign or code before a figure ("$6.6 billion",
    "€120m", "US$1.3bn", "RMB 5 billion", "$100 million-plus") or a currency word after one
    ("500 million euros", "about 1 billion yuan"). A figure without a currency is not money."""
    w = load_amount_words(domain)
    out: list[Found] = []
    if not w.figure_hint.search(text):
        return out  # most sentences hold no figure: one cheap search instead of the full pattern
    for m in w.money.finditer(text):
        if m["sign"]:
            currency = w.signs.get(m["sign"]) or w.signs[m["sign"].upper()]
        elif m["cword"]:
            currency = w.words[re.sub(r"\s+", " ", m["cword"].lower())]
        else:
            continue
        out.append(Found(m.start(), m.end(), _value(m, w), currency, m.group()))
    return out


def find_numbers(text: str, domain: "Domain | None" = None) -> list[Found]:
    """Every number in ``text`` that is not money, with its scale ("15,000", "six billion",
    "105-billion", "7B"), as a plain value."""
    w = load_amount_words(domain)
    if not w.figure_hint.search(text):
        return []
    taken = [(f.start, f.end) for f in find_money(text, domain)]
    out = []
    for m in w.number.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        if m["word"] is None and m["num"] is None:
            continue
        out.append(Found(m.start(), m.end(), _value(m, w), None, m.group()))
    return out
