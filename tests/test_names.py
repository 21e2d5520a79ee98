import pytest

from kg.model import EntityType
from kg.names import name_key, org_units, strip_org_suffixes, surface_clean

P, O, M, C, L = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.MODEL, EntityType.CHIP, EntityType.PLACE


@pytest.mark.parametrize("a, b, entity_type", [
    ("Liang WenFeng", "Liang Wenfeng", P),
    ("Kai-Fu Li", "Kai-Fu Lee", P),
    ("H800s", "H800", C),
    ("H100 chips", "H100", C),
    ("TPUs", "TPU", C),
    ("Claude Sonnet 3.5", "Claude 3.5 Sonnet", M),
    ("GPT 4o", "GPT-4o", M),
    ("r1", "R1", M),
    ("the R1 model", "R1", M),
    ("U.S.", "United States", L),
    ("America", "USA", L),
    ("DeepSeek's", "Deepseek", O),
])
def test_surface_forms_of_one_entity_share_a_key(a, b, entity_type):
    assert name_key(entity_type, a) == name_key(entity_type, b)


@pytest.mark.parametrize("a, b, entity_type", [
    ("GPT-4", "GPT-4o", M),
    ("Llama 3", "Llama 3.1", M),
    ("H100", "H800", C),
    ("Li Qiang", "Liang Wenfeng", P),
])
def test_different_things_keep_different_keys(a, b, entity_type):
    assert name_key(entity_type, a) != name_key(entity_type, b)


def test_surface_clean_drops_possessive_article_and_quotes():
    assert surface_clean("the “Meta’s”") == "Meta"


def test_corporate_designators_are_stripped_for_matching_only():
    assert strip_org_suffixes("high flyer quant") == "high flyer quant"  # a unit word, not a designator
    assert org_units("high flyer quant") == ("high flyer", ("arm",))
    assert strip_org_suffixes("acme inc.") == "acme"
    assert strip_org_suffixes("capital") == "capital"
