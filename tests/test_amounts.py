"""Sums of money and numbers as news writes them: every example of kg/data/amounts.json, every
currency form the issue lists, and figures that are not money."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources

import pytest

from kg.amounts import find_money, find_numbers

DATA = json.loads(resources.files("kg").joinpath("data", "amounts.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("example", DATA["examples"], ids=[e["text"][:40] for e in DATA["examples"]])
def test_money_examples(example):
    assert [[f.value, f.currency] for f in find_money(example["text"])] == [[Decimal(v), c] for v, c in example["money"]]


@pytest.mark.parametrize("text, value, currency", [
    ("$6.6 billion", "6600000000", "USD"),
    ("€120m", "120000000", "EUR"),
    ("US$1.3bn", "1300000000", "USD"),
    ("RMB 5 billion", "5000000000", "CNY"),
    ("$100 million-plus", "100000000", "USD"),
    ("about 1 billion yuan", "1000000000", "CNY"),
    ("£40 million", "40000000", "GBP"),
    ("¥2 trillion", "2000000000000", "JPY"),
    ("500 million euros", "500000000", "EUR"),
    ("$850,000", "850000", "USD"),
    ("$2.65 billion", "2650000000", "USD"),
])
def test_every_form_is_normalised_to_units_and_an_iso_currency(text, value, currency):
    (found,) = find_money(f"They raised {text} last year.")
    assert (found.value, found.currency) == (Decimal(value), currency)
    assert found.text.strip().endswith(text.split()[-1])


@pytest.mark.parametrize("text", [
    "The app passed a 1 billion user milestone.",
    "It shipped 3 million phones and 20,000 chips in 2023.",
    "Hundreds of millions of dollars were at stake.",
    "The model has 405 billion parameters.",
])
def test_figures_without_a_currency_are_not_money(text):
    assert find_money(text) == []


def test_numbers_with_scales_and_words():
    found = [(n.value, n.text) for n in find_numbers("It used 15,000 GPUs, six billion parameters, a 105-billion model and 7B ones.")]
    assert found == [(Decimal(15000), "15,000"), (Decimal(6 * 10**9), "six billion"), (Decimal(105 * 10**9), "105-billion"),
                     (Decimal(7 * 10**9), "7B")]
    assert find_numbers("It raised $5 million.") == []  # money is not a plain number
