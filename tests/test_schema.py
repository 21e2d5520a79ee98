"""kg.schema: what a data file may hold, and how a user's file extends the package's one."""

from __future__ import annotations

import pytest

from kg.errors import DataError
from kg.schema import Flag, Integer, ListOf, MapOf, Number, OneOf, Pattern, Record, Records, Regex, Text, Words

ENTRY = Record({"name": Text(), "aliases": Words()}, required=("name",))
RULE = Record({"id": Text(), "confidence": Number(0, 1), "strength": Integer(1, 3), "on": Flag(), "regex": Regex(),
               "tokens": Pattern(), "kind": Text(("caption", "chrome"))}, required=("id",))
FILE = Record({"about": Text(), "names": Records(ENTRY, key="name", same="merge"), "rules": Records(RULE),
               "verbs": MapOf(Words()), "aliases": MapOf(Text()), "groups": ListOf(Words(shortest=2))},
              other=OneOf((Words(), MapOf(Words()), MapOf(Text()))))


def error(value) -> str:
    with pytest.raises(DataError) as raised:
        FILE.check(value, "mine/file.json")
    message = str(raised.value)
    assert "\n" not in message and message.startswith("mine/file.json: ")
    return message.removeprefix("mine/file.json: ")


@pytest.mark.parametrize("value, said", [
    ({"about": 3}, "about: expected a string, found a number (3)"),
    ({"verbs": {"founded": ["a", None]}}, "verbs.founded[1]: expected a string, found null"),
    ({"verbs": []}, "verbs: expected an object of lists, found a list"),
    ({"rules": [{"id": "r", "confidence": 1.5}]}, "rules[r].confidence: expected a number from 0 to 1, found a number (1.5)"),
    ({"rules": [{"id": "r", "confidence": True}]}, "rules[r].confidence: expected a number from 0 to 1, found true or false (true)"),
    ({"rules": [{"id": "r", "strength": 2.5}]}, "rules[r].strength: expected a whole number from 1 to 3"),
    ({"rules": [{"id": "r", "on": "yes"}]}, "rules[r].on: expected true or false"),
    ({"rules": [{"id": "r", "regex": "(unclosed"}]}, "rules[r].regex: not a valid regular expression"),
    ({"rules": [{"id": "r", "tokens": {"LOWER": "x"}}]}, "rules[r].tokens: expected a list of objects (a spaCy pattern)"),
    ({"rules": [{"id": "r", "kind": "photo"}]}, "rules[r].kind: expected one of 'caption', 'chrome', found a string (\"photo\")"),
    ({"rules": [{"id": "r", "confidnce": 0.5}]}, "rules[r].confidnce: unknown key (did you mean 'confidence'?)"),
    ({"rules": [{"confidence": 0.5}]}, "rules[0]: missing key 'id'"),
    ({"rules": [{"id": "r"}, {"id": "r"}]}, "rules[r]: the id 'r' is used twice"),
    ({"names": [{"name": "Acme", "aliases": "Acme Corp"}]}, "names[Acme].aliases: expected a list"),
    ({"groups": [["li"]]}, "groups[0]: expected a list of at least 2, found 1"),
    ({"nouns": "firm"}, "nouns: expected a list or an object of lists or an object of strings, found a string (\"firm\")"),
    ({"nouns": {"x": [1]}}, "nouns.x[0]: expected a string"),
])
def test_a_value_that_does_not_fit_is_one_line_naming_the_key(value, said):
    assert error(value).startswith(said)


def test_an_unknown_key_without_a_near_one_lists_the_known_keys():
    with pytest.raises(DataError, match=r"^f.json: rules\[r\].zzz: unknown key \(known keys: confidence, id, kind, on, regex"):
        FILE.check({"rules": [{"id": "r", "zzz": 1}]}, "f.json")


PACKAGE = {"about": "kg's", "names": [{"name": "Acme", "aliases": ["Acme Corp"]}], "rules": [{"id": "a"}],
           "verbs": {"founded": ["found", "start"]}, "aliases": {"us": "united states"}, "groups": [["li", "lee"]],
           "nouns": ["firm"], "phrases": {"rival": ["rival to"]}, "lemmas": {"co-founded": "co-found"}}


def merged(user: dict) -> dict:
    FILE.check(user, "mine/file.json")
    return FILE.merge(PACKAGE, user, "mine/file.json")


def test_word_lists_are_unions_in_order():
    out = merged({"verbs": {"founded": ["establish", "found"], "sold": ["sell"]}, "nouns": ["outfit", "firm"]})
    assert out["verbs"] == {"founded": ["found", "start", "establish"], "sold": ["sell"]}
    assert out["nouns"] == ["firm", "outfit"]
    assert PACKAGE["verbs"]["founded"] == ["found", "start"]  # the package's data is not touched


def test_named_records_are_added_and_a_name_already_used_is_an_error_or_merged():
    out = merged({"rules": [{"id": "b"}], "names": [{"name": "Acme", "aliases": ["ACME"]}, {"name": "Zeta"}]})
    assert [r["id"] for r in out["rules"]] == ["a", "b"]
    assert out["names"] == [{"name": "Acme", "aliases": ["Acme Corp", "ACME"]}, {"name": "Zeta"}]
    with pytest.raises(DataError, match=r"mine/file.json: rules\[a\]: the id 'a' is already used by kg's own data"):
        merged({"rules": [{"id": "a"}]})


def test_mappings_add_keys_and_a_single_value_is_the_users():
    out = merged({"aliases": {"uk": "united kingdom", "us": "usa"}, "about": "mine"})
    assert out["aliases"] == {"us": "usa", "uk": "united kingdom"} and out["about"] == "mine"


def test_lists_of_values_add_the_new_ones():
    assert merged({"groups": [["li", "lee"], ["wang", "wong"]]})["groups"] == [["li", "lee"], ["wang", "wong"]]


def test_a_user_value_of_another_shape_than_the_packages_is_an_error():
    with pytest.raises(DataError, match=r"mine/file.json: phrases: expected an object of lists, as in kg's own data, found a list"):
        merged({"phrases": ["rival to"]})


def test_one_of_takes_the_first_option_that_fits():
    assert merged({"lemmas": {"co-led": "co-lead"}})["lemmas"] == {"co-founded": "co-found", "co-led": "co-lead"}
    assert merged({"phrases": {"rival": ["rival of"]}})["phrases"] == {"rival": ["rival to", "rival of"]}
    with pytest.raises(DataError, match=r"mine/file.json: lemmas.co-led: expected a string, found a list"):
        merged({"lemmas": {"co-led": ["co-lead"]}})
