"""kg.domain: one Domain per build, the package's data extended by a user's folder, checked on load."""

from __future__ import annotations

import json
import pickle
import shutil
from importlib import resources
from pathlib import Path

import pytest

import kg
from kg.cache import cache_version
from kg.domain import DATA_FILES, RULES_FOLDER, load_domain
from kg.engines.extractor import Extractor
from kg.errors import DataError
from kg.extract import extract
from kg.extract.rules import load_rules
from kg.ingest import clean_text, furniture_span
from kg.model import Document, EntityType
from kg.names import name_key
from kg.nlp import blank_pipeline, check_domain

USER_DOMAIN = Path(__file__).resolve().parent / "data" / "user-domain"


def write(folder: Path, name: str, content) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return folder


def test_every_package_data_file_has_a_schema():
    folder = resources.files("kg").joinpath("data")
    unregistered = {f.name for f in folder.iterdir() if f.name.endswith(".json")} - set(DATA_FILES)
    assert not unregistered, f"give {', '.join(sorted(unregistered))} a schema: a DataFile in kg.domain.DATA_FILES"
    assert all(folder.joinpath(name).is_file() for name in DATA_FILES)
    assert load_domain().fingerprint == "" and load_domain() is load_domain()


def test_a_user_folder_extends_every_kind_of_data(tmp_path):
    write(tmp_path, "gazetteer.json", {"Organization": [{"name": "Nvidia", "aliases": ["Team Green"]}, {"name": "Zorblat Robotics"}]})
    write(tmp_path, "triggers.json", {"verbs": {"founded": ["incorporate"]}})
    write(tmp_path, "patterns.json", {"Chip": [{"id": "zorb-chip", "regex": r"\bZX-\d{3}\b"}]})
    write(tmp_path, "typing.json", {"words": {"org_heads": ["Syndicate"]}})
    write(tmp_path, "furniture.json", {"cues": [{"id": "sponsor-line", "kind": "chrome", "where": "line",
                                                  "regex": r"sponsored by .{1,40}", "examples": ["Sponsored by Acme."], "not": []}]})
    write(tmp_path, "name_variants.json", {"place_aliases": {"blighty": "united kingdom"}})
    domain = load_domain(tmp_path)
    package = load_domain()
    assert domain.canonical("Team Green") == "Nvidia" and domain.canonical("Nvidia Corp") == "Nvidia"
    assert domain.gazetteer_type("Zorblat Robotics") is EntityType.ORGANIZATION and package.canonical("Zorblat Robotics") is None
    assert domain.verbs("founded") == package.verbs("founded") | {"incorporate"}
    assert [p.pattern_id for p in domain.patterns][-1] == "zorb-chip" and len(domain.patterns) == len(package.patterns) + 1
    assert "syndicate" in domain.words("org_heads") and "syndicate" not in package.words("org_heads")
    assert furniture_span("Sponsored by Acme.", domain=domain) == (0, 18, "chrome") and furniture_span("Sponsored by Acme.") is None
    assert clean_text("Acme grew.\nSponsored by Zeta.", domain).furniture == ((11, 29, "chrome"),)
    assert name_key(EntityType.PLACE, "Blighty", domain) == "united kingdom" and name_key(EntityType.PLACE, "Blighty") == "blighty"
    assert [r.rule_id for r in load_rules(str(tmp_path))] == [r.rule_id for r in load_rules()]  # no rules/ folder: kg's


def test_user_rules_come_after_the_packages_and_word_lists_they_add_are_theirs():
    rules = load_rules(str(USER_DOMAIN))
    assert [r.rule_id for r in rules] == [r.rule_id for r in load_rules()] + ["org-brains-behind-model"]
    assert rules[-1].source == str(USER_DOMAIN / RULES_FOLDER / "idioms.json")
    assert {"LOWER": {"IN": ["brains", "force", "mastermind"]}} in rules[-1].pattern  # "@maker_idioms", the user's own list


BAD = [
    ("triggers.json", '{"verbs": {"founded": "start"}}', 'verbs.founded: expected a list, found a string ("start")'),
    ("triggers.json", '{"verbs": {"founded": ["start"]', "not valid JSON (Expecting ',' delimiter at line 1, column 32)"),
    ("triggers.json", {"verbs": {"fonded": ["start"]}}, "verbs.fonded: a new word list that no rule uses (did you mean 'verbs.founded'?)"),
    ("triggers.json", {"titles": {"owns": ["owner"]}}, "titles.owns: unknown key"),
    ("gazetteer.json", {"Organisation": [{"name": "Acme"}]}, "Organisation: unknown key (did you mean 'Organization'?)"),
    ("gazetteer.json", {"Organization": [{"aliases": ["Acme"]}]}, "Organization[0]: missing key 'name'"),
    ("gazetteer.json", {"Person": [{"name": "Nvidia"}]}, "Person[Nvidia]: 'Nvidia' is already a name of type Organization"),
    ("patterns.json", {"Model": [{"id": "m", "regex": "(GPT"}]}, "Model[m].regex: not a valid regular expression"),
    ("typing.json", {"rules": [{"id": "t", "type": "Company"}]}, "rules[t].type: expected one of 'Person', 'Organization'"),
    ("typing.json", {"rules": [{"id": "t", "type": "Organization", "head": {"LOWR": "labs"}}]}, "rules[t]: token 0, LOWR: Extra inputs are not permitted"),
    ("typing.json", {"rules": [{"id": "t", "type": "Organization", "head": {"LOWER": {"IN": ["@no_such"]}}}]},
     "rules[t]: no word list 'no_such'"),
    ("typing.json", {"rules": [{"id": "org-head-noun", "type": "Organization"}]}, "rules[org-head-noun]: the id 'org-head-noun' is already used"),
    ("furniture.json", {"cues": [{"id": "c", "kind": "caption", "where": "middle", "regex": "x"}]}, "cues[c].where: expected one of"),
    ("name_variants.json", {"surname_variants": [["li"]]}, "surname_variants[0]: expected a list of at least 2, found 1"),
    ("rules/mine.json", {"rules": [{"id": "r", "relation": "developed", "confidence": "high", "tokens": [{"LOWER": "x"}]}]},
     "rules[r].confidence: expected a number from 0 to 1"),
    ("rules/mine.json", {"rules": [{"id": "r", "relation": "acquired", "confidence": 0.5, "tokens": [{"LOWER": "x"}]}]},
     "rules[r].relation: expected one of 'founded'"),
    ("rules/mine.json", {"rules": [{"id": "r", "relation": "developed", "confidence": 0.5, "tokens": [{"LOWR": "x"}]}]},
     "rule r: the tokens pattern: token 0, LOWR: Extra inputs are not permitted"),
    ("rules/mine.json", {"rules": [{"id": "r", "relation": "developed", "confidence": 0.5,
                                    "dependency": [{"RIGHT_ID": "v", "RIGHT_ATTRS": {"LEMMA": "build"}}, {"LEFT_ID": "x", "REL_OP": ">",
                                                                                                       "RIGHT_ID": "o", "RIGHT_ATTRS": {}}]}]},
     "rule r: node 'o' needs a LEFT_ID named before it"),
    ("rules/mine.json", {"rules": [{"id": "r", "relation": "developed", "confidence": 0.5, "builtin": "guess"}]}, "rule r: unknown builtin 'guess'"),
    ("rules/mine.json", {"rules": [{"id": "developed-verb", "relation": "developed", "confidence": 0.5, "tokens": [{"LOWER": "x"}]}]},
     "rule developed-verb: the id is used twice (also in development.json)"),
    ("trigger.json", {}, "not a kg data file (kg reads gazetteer.json, patterns.json, triggers.json"),
]


@pytest.mark.parametrize("name, content, said", BAD, ids=[f"{n}:{s[:30]}" for n, _, s in BAD])
def test_a_malformed_user_file_is_one_line_naming_the_file_and_the_key(tmp_path, name, content, said):
    write(tmp_path, name, content)
    with pytest.raises(DataError) as raised:
        load_domain(tmp_path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path / name}: "), message
    assert said in message, message


def test_a_missing_folder_is_said(tmp_path):
    with pytest.raises(DataError, match="no-such: no such folder"):
        load_domain(tmp_path / "no-such")
    (tmp_path / "file").write_text("x")
    with pytest.raises(DataError, match="file: not a folder"):
        load_domain(tmp_path / "file")


def test_the_data_is_checked_before_any_input_is_looked_at(tmp_path):
    write(tmp_path, "triggers.json", '{"verbs": 3}')
    with pytest.raises(DataError, match="triggers.json: verbs"):
        kg.build([tmp_path / "no-such-article.txt"], data_dir=tmp_path)


def test_one_domain_per_content_and_pickled_as_what_it_was_loaded_from(tmp_path):
    shutil.copytree(USER_DOMAIN, tmp_path / "mine")
    first = load_domain(tmp_path / "mine")
    assert load_domain(tmp_path / "mine") is first and pickle.loads(pickle.dumps(first)) is first
    step = pickle.loads(pickle.dumps(Extractor(domain=first)))
    assert step.domain is first
    versions = {cache_version("m"), cache_version("m", load_domain()), cache_version("m", first)}
    assert len(versions) == 2  # the package's data is in the code fingerprint; a user folder adds its own
    path = tmp_path / "mine" / "triggers.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"force"', '"force", "muscle"'), encoding="utf-8")
    edited = load_domain(tmp_path / "mine")
    assert edited is not first and "muscle" in edited.words("maker_idioms")
    assert cache_version("m", edited) not in versions  # an edited user file starts a fresh cache


def test_a_pipeline_made_with_other_data_is_refused(tmp_path):
    with pytest.raises(DataError, match="kg_entities component reads the data folder none, the build '.*user-domain'"):
        check_domain(blank_pipeline(), load_domain(USER_DOMAIN))
    with pytest.raises(DataError, match="kg_entities component reads"):
        kg.build_documents([Document.from_text("Nvidia makes chips.", "a.txt")], nlp=blank_pipeline(), data_dir=USER_DOMAIN)


def test_worker_processes_read_with_the_builds_domain():
    nlp = blank_pipeline(str(USER_DOMAIN))
    documents = [Document.from_text(f"Team Green sold Quillfeather-2 chips to lab {i}.", f"d{i}.txt") for i in range(6)]
    one = kg.build_documents(documents, nlp=nlp, data_dir=USER_DOMAIN)
    two = kg.build_documents(documents, nlp=nlp, data_dir=USER_DOMAIN, jobs=2)
    assert {e.label for e in one.entities()} == {"Nvidia", "Quillfeather"}
    assert one.to_rdf().isomorphic(two.to_rdf())


@pytest.mark.slow
@pytest.mark.parametrize("rule", [r for r in load_rules(str(USER_DOMAIN)) if r.source.startswith(str(USER_DOMAIN))], ids=lambda r: r.rule_id)
def test_the_user_rules_run_their_own_examples(rule):
    domain = load_domain(USER_DOMAIN)
    nlp = kg.load_pipeline(data_dir=str(USER_DOMAIN))
    for example in rule.examples:
        document = Document.from_text(example.text, "example.txt")
        trace: list = []
        extract(nlp(document.text), document, domain, trace=trace)
        found = {(c.subject_text, c.predicate.value, c.object_text) for c in trace if c.rule == rule.rule_id and c.rejected is None}
        assert (example.triple in found) is example.positive, (example.text, found)
