"""Entity patterns and type corrections: kg_entities on a blank pipeline (fast) and on the trained one."""

import pytest


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


@pytest.mark.parametrize("text, name", [
    ("They compared GPT-4o with the rest.", "GPT-4o"),
    ("Scores for Llama 3.1 rose.", "Llama 3.1"),
    ("The o1 reasoning system is expensive.", "o1"),
    ("The lab's r1 model debuted on Monday.", "r1"),
    ("It beat Claude 3.5 Sonnet on coding.", "Claude 3.5 Sonnet"),
    ("It beat Claude Sonnet 3.5 on coding.", "Claude Sonnet 3.5"),
    ("Alibaba shipped Qwen2.5-Max this week.", "Qwen2.5-Max"),
    ("DeepSeek-V3 is open.", "DeepSeek-V3"),
    ("Grok 2 answered.", "Grok 2"),
])
def test_model_patterns(blank_nlp, text, name):
    assert (name, "MODEL") in ents(blank_nlp, text)


@pytest.mark.parametrize("text, name", [
    ("It was trained on 2,000 H800s from Nvidia.", "H800s"),
    ("Huawei sells the Ascend 910B to labs.", "Ascend 910B"),
    ("Google rents out its TPU capacity.", "TPU"),
    ("The B200 GPU ships next year.", "B200"),
    ("AMD's MI300X chips are cheaper.", "MI300X"),
])
def test_chip_patterns(blank_nlp, text, name):
    assert (name, "CHIP") in ents(blank_nlp, text)


def test_chip_codes_need_chip_context(blank_nlp):
    assert ("A380", "CHIP") not in ents(blank_nlp, "Airbus delivered an A380 to the airline.")


def test_gazetteer_aliases(blank_nlp):
    found = ents(blank_nlp, "Prices fell while a16z and Meta Platforms rose.")
    assert ("a16z", "ORG") in found and ("Meta Platforms", "ORG") in found


@pytest.mark.parametrize("text, ticker", [
    ("Robotics firm Zorblat (ZRBT) fell 12% on Monday.", "ZRBT"),
    ("Quellan Capital (NYSE: QLN) rose.", "QLN"),
    ("Shares of Fennimore Labs (FML) and Acme rose.", "FML"),
])
def test_a_ticker_in_brackets_after_a_firm_names_it(nlp, text, ticker):
    found = ents(nlp, text)
    assert (ticker, "ORG") in found
    assert ("NYSE", "ORG") not in found  # the exchange is part of the ticker's notation


@pytest.mark.parametrize("text, word", [
    ("A large language model (LLM) answered.", "LLM"),
    ("Zorblat said (AI) was the future.", "AI"),
])
def test_capitals_in_brackets_after_no_firm_are_no_ticker(nlp, text, word):
    assert (word, "ORG") not in ents(nlp, text)


@pytest.mark.parametrize("text, name", [
    ("The Zorblat R2 model beat rivals.", "R2"),
    ("DeepSeek's V4 is cheap.", "V4"),
    ("DeepSeek-V4 shipped in May. Later V4 topped the chart.", "V4"),
    ("V3 scored higher than GPT-4o.", "V3"),
])
def test_letter_digit_codes_in_model_context_are_models(blank_nlp, text, name):
    assert (name, "MODEL") in ents(blank_nlp, text)


@pytest.mark.parametrize("text", [
    "Ford fitted a new V8 engine to the truck.",
    "The V2 rocket flew in 1944.",
    "Acme's R2 unit sold well.",
])
def test_letter_digit_codes_elsewhere_are_no_models(blank_nlp, text):
    assert not [e for e in ents(blank_nlp, text) if e[1] == "MODEL"]


def test_longer_pattern_beats_shorter_gazetteer_name(blank_nlp):
    assert ents(blank_nlp, "Meta's Llama 3.1 is open.") == [("Meta", "ORG"), ("Llama 3.1", "MODEL")]


def test_words_that_are_not_entities(blank_nlp):
    assert ents(blank_nlp, "AI is changing Big Tech.") == []


def test_company_tagged_as_product_is_corrected(nlp):
    assert ("DeepSeek", "ORG") in ents(nlp, "Investors sold shares after DeepSeek stunned the tech world.")


def test_ai_is_not_a_place(nlp):
    assert all(text != "AI" for text, _ in ents(nlp, "China's AI progress worries the AI industry in America."))


def test_title_inside_a_name_is_split(nlp):
    found = ents(nlp, "Benchmark General Partner Chetan Puttagunta explains the process.")
    assert ("Benchmark", "ORG") in found and ("Chetan Puttagunta", "PERSON") in found


def mentions_of(nlp, raw):
    """The mentions kg keeps for raw article text, read as ``kg build`` reads a file (furniture and all)."""
    from kg.extract import extract
    from kg.ingest import clean_text
    from kg.model import Document

    cleaned = clean_text(raw)
    document = Document.from_text(cleaned.text, "t.txt", cleaned.title, cleaned.authors, cleaned.furniture)
    return [(m.name, m.type.value) for m in extract(nlp(document.text), document).mentions]


def test_headline_phrase_is_not_a_person_or_organization(nlp):
    found = mentions_of(nlp, "The Future of Quorlo Looks Bright\n\nThe industry is growing quickly.")
    assert not any(t in ("Person", "Organization") for _, t in found)


def test_caption_credit_and_menu_are_not_entities(nlp):
    found = mentions_of(nlp, "• Home\n• Latest News\n\nZorblat Capital backed the lab, its chief said.\n\n"
                             "Photo: Tamsin Rooke/Getty Images")
    assert ("Zorblat Capital", "Organization") in found
    assert not any(name in ("Home", "Latest News", "Tamsin Rooke", "Getty Images") for name, _ in found)


def test_the_signature_under_a_quote_is_prose_not_a_heading(nlp):
    found = mentions_of(nlp, "Zorblat released its model on Monday.\n\n\u201cThis is a big day for us,\u201d the firm said. "
                             "\u201cWe built it in a year.\u201d\n\nTamsin Rooke, CEO, Zorblat\n\nThe model is free.")
    assert ("Tamsin Rooke", "Person") in found


def test_headline_words_run_together_are_not_a_name_but_the_body_name_stays(nlp):
    found = mentions_of(nlp, "Zorblat Capital Backs New Lab\n\nZorblat Capital said on Monday it backed a lab.")
    assert found == [("Zorblat Capital", "Organization")]


def test_lab_named_by_its_description(nlp):
    found = ents(nlp, "The lab was born of a Chinese hedge fund called Flying Quant Partners that manages money.")
    assert ("Flying Quant Partners", "ORG") in found


def test_honorifics_are_not_part_of_a_name(nlp):
    found = ents(nlp, "Treasurer Bob Smith said the budget was fine.")
    assert ("Bob Smith", "PERSON") in found


def test_place_words_do_not_make_a_person(nlp):
    assert ("Tanami Road", "PERSON") not in ents(nlp, "Police closed Tanami Road after the crash.")


def test_untagged_surname_after_full_name_is_a_person(nlp):
    found = ents(nlp, "Dario Amodei runs the lab. “We will win,” Amodei wrote.")
    assert ("Amodei", "PERSON") in found


def test_a_model_name_that_is_a_first_name_stays_a_person(nlp):
    found = ents(nlp, "Bichel ran out Claude Henderson for five.")
    assert ("Claude Henderson", "PERSON") in found and ("Claude", "MODEL") not in found


@pytest.mark.parametrize("text, name, label", [
    ("The Deepmind team published the paper.", "Deepmind", "ORG"),  # a mixed-case name in another case
    ("It placed just behind Deepseek-R1 on the test.", "Deepseek-R1", "MODEL"),
    ("Grok 3 beat DeepSeek v3 on math.", "DeepSeek v3", "MODEL"),
    ("It is roughly at O1 Pro level.", "O1 Pro", "MODEL"),
])
def test_names_written_in_another_case(nlp, text, name, label):
    assert (name, label) in ents(nlp, text)


def test_a_capitalised_o1_alone_is_not_the_model(blank_nlp):
    assert ents(blank_nlp, "She came on an O1 visa.") == []


def test_a_surname_that_is_a_title_word(nlp):
    found = ents(nlp, "Marlo Dean, Chief Scientist, Quellan Research said the chip was late.")
    assert ("Marlo Dean", "PERSON") in found


def test_a_common_word_capitalised_only_at_a_sentence_start_is_no_name(nlp):
    found = ents(nlp, "The plan is bold.\n  • Skeptics question the narrow focus.\nExplore the new chips in our guide.")
    assert not any(text in ("Skeptics", "Explore") for text, _ in found)


def test_a_common_word_used_as_a_name_elsewhere_stays(nlp):
    found = ents(nlp, "Harbor raised $5 million. Investors in Harbor include two banks.")
    assert ("Harbor", "ORG") in found


def test_a_name_of_tech_words_only_is_no_entity(nlp):
    assert ents(nlp, "He led the AI & GPU development efforts there.") == []


def test_later_occurrences_of_a_typed_name_are_mentions(nlp):
    text = "Zorvex Labs Inc. (Leeds), a startup, builds chips. Zorvex Labs said sales rose. In 2022 Zorvex Labs raised money."
    found = [e for e in nlp(text).ents if e.text == "Zorvex Labs"]
    assert len(found) == 2 and all(e.label_ == "ORG" for e in found)


def test_short_form_without_a_legal_designator(nlp):
    text = "Quorvane Inc. (Leeds), a well-connected startup, is growing. Reports said Quorvane expected to ship."
    assert ("Quorvane", "ORG") in ents(nlp, text)


@pytest.mark.parametrize("text, name, label", [
    ("Investors included Copper Lantern, Microsoft and two banks.", "Copper Lantern", "ORG"),  # no given name
    ("The Ashton Pike-backed fund raised money.", "Ashton Pike", "PERSON"),  # a given name
])
def test_given_names_tell_people_from_firms(nlp, text, name, label):
    assert (name, label) in ents(nlp, text)


@pytest.mark.parametrize("text, name", [
    ("Quellan compared it with Doubao 1.5 Pro last week.", "Doubao 1.5 Pro"),  # a version, then a variant
    ("Moonlit's Kimi K2 topped the leaderboard.", "Kimi K2"),
    ("Scores for Kimi 2025 plans were not given.", "Kimi"),  # a year is no version
])
def test_a_model_name_goes_on_over_its_version(blank_nlp, text, name):
    assert (name, "MODEL") in ents(blank_nlp, text)


def test_a_product_named_after_its_maker_is_two_names(nlp):
    found = ents(nlp, "The robot uses Nvidia Zephrin Thor chips inside.")
    assert ("Nvidia", "ORG") in found and ("Zephrin Thor", "CHIP") in found


def test_a_one_word_name_listed_with_firms_is_a_firm(nlp):
    found = ents(nlp, "Quellan competes with Figure, Zorvatix and Agility Robotics.")
    assert ("Zorvatix", "ORG") in found
    found = ents(nlp, "Investors include Marlo Pike, Tamsin Rooke and Quellan Capital. Rooke said so.")
    assert ("Rooke", "ORG") not in found


def test_the_owner_of_a_model_is_its_maker(nlp):
    found = ents(nlp, "Orbital's Strata video generator impressed critics.")
    assert ("Orbital", "ORG") in found and ("Strata", "MODEL") in found
    assert ("Marlo Pike", "ORG") not in ents(nlp, "Marlo Pike's Strata video generator impressed critics.")
    assert ("China", "ORG") not in ents(nlp, "China's Strata video generator impressed critics.")


def test_a_name_listed_with_a_person_that_looks_like_one_is_a_person(nlp):
    found = ents(nlp, "The lab was set up by former Quellan researchers Tamsin Rooke and Llewyn Pardoe last year.")
    assert ("Llewyn Pardoe", "PERSON") in found
    assert ("Quellan Capital", "ORG") in ents(nlp, "Backers included Tamsin Rooke and Quellan Capital.")


def test_the_last_words_of_a_full_name_are_that_person(nlp):
    found = ents(nlp, "Founders Marlo Pike and Daniel De Vries left. Pike and De Vries both worked at Quellan.")
    assert ("De Vries", "PERSON") in found
    assert ("Founders Marlo Pike", "PERSON") not in found  # "Founders" is a title, not part of the name


@pytest.mark.parametrize("text, bad", [
    ("Rival Zorblat Electronics Co. is expected to follow.", "Rival Zorblat Electronics Co."),  # (not the gazetteer's)
    ("Rival Samsung Electronics Co. is expected to follow.", "Rival Samsung Electronics Co."),
    ("Joining Altman is a team of ten researchers.", "Joining Altman"),
    ("Zorblat hynix Inc, a key supplier of memory, grew.", "Inc"),
    ("Open-source AI is an ever-evolving space.", "-source AI"),
    ("Open-source AI is an ever-evolving space.", "source AI"),
])
def test_no_name_takes_a_common_first_word_a_lone_designator_or_half_a_word(nlp, text, bad):
    assert all(name != bad for name, _ in ents(nlp, text))


def test_a_lone_word_spacy_calls_a_person_is_marked_weak(nlp):
    from kg.entities import LONE_PERSON, RULES_KEY

    doc = nlp("The Soviet Union launched Zvezdan in 1957. Tamsin Rooke said Rooke would go.")
    rules = {doc.text[int(span.split(":")[0]):int(span.split(":")[1])]: rule for span, rule in doc.user_data[RULES_KEY].items()}
    assert rules.get("Zvezdan", LONE_PERSON) == LONE_PERSON  # not a person by NER alone (kg.link drops it)
    assert rules.get("Rooke") != LONE_PERSON  # the surname of a full name


@pytest.mark.parametrize("text, name", [
    ("The Quellan Institute for Machine Ethics hired her.", "Quellan Institute for Machine Ethics"),
    ("The Senate Select Committee on Zorblat met.", "Senate Select Committee on Zorblat"),
    ("Staff of the Orvale Department of Trade and Industry left.", "Orvale Department of Trade and Industry"),
])
def test_an_institute_or_committee_goes_on_over_of_for_on(nlp, text, name):
    assert (name, "ORG") in ents(nlp, text)


def test_a_version_before_a_count_is_no_version(blank_nlp):
    assert ("ChatGPT", "MODEL") in ents(blank_nlp, "The release of ChatGPT 2 years ago opened a new chapter.")


def test_an_event_word_is_no_persons_name(nlp):
    assert not [e for e in ents(nlp, "Quellan CEO Tamsin Rooke spoke at the Orvale CEO Summit in Lyon.") if e == ("Summit", "PERSON")]


@pytest.mark.parametrize("text, name", [
    ("Quellan Group Chairman Kim Min-jun met the engineers.", "Kim Min-jun"),
    ("The deal was signed by chairman Seo Tae-won on Friday.", "Seo Tae-won"),
])
def test_a_hyphenated_given_name_with_a_lower_case_half_is_a_person(nlp, text, name):
    assert (name, "PERSON") in ents(nlp, text)


def test_a_place_with_an_attributive_participle_is_no_person(nlp):
    assert ("Lyon-based", "PERSON") not in ents(nlp, "The Lyon-based founders met on Monday.")


def test_the_first_piece_of_a_hyphenated_firm_name_is_no_short_form(nlp):
    found = ents(nlp, "TOKYO\u2014In a bold move, Zorblat raised money with help from In-Q-Tel, the venture arm.")
    assert ("In", "ORG") not in found and ("In-Q-Tel", "ORG") in found
