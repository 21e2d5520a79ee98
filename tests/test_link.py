"""Linking: one node per real-world entity, different things kept apart."""

from kg.build import build_documents
from kg.model import Document


def linked(nlp, *texts):
    documents = [Document.from_text(t, f"{i}.txt") for i, t in enumerate(texts)]
    return build_documents(documents, nlp)


def labels_of(graph, entity_type):
    return {e.label: e for e in graph.entities() if e.type.value == entity_type}


def test_surname_and_case_variants_merge_within_and_across_documents(nlp):
    graph = linked(nlp, "Liang Wenfeng founded the lab. Liang then hired researchers.",
                   "Little is known about its founder, Liang WenFeng.")
    people = labels_of(graph, "Person")
    assert len(people) == 1
    person = next(iter(people.values()))
    assert {"Liang", "Liang WenFeng"} <= set(person.aliases) | {person.label}
    assert len(person.documents) == 2


def test_lone_surname_in_another_document_joins_the_full_name(nlp):
    graph = linked(nlp, "Satya Nadella spoke in Davos on Monday.", "Nadella said the model was impressive.")
    assert list(labels_of(graph, "Person")) == ["Satya Nadella"]


def test_possessives_plural_chips_and_model_name_variants_merge(nlp):
    graph = linked(nlp, "DeepSeek's R1 was trained on Nvidia's H800 chips.",
                   "DeepSeek R1 needs fewer H800s. The lab's r1 model is cheap.",
                   "Deepseek released DeepSeek-R1 last week.")
    assert len(labels_of(graph, "Model")) == 1
    assert len(labels_of(graph, "Chip")) == 1
    assert len(labels_of(graph, "Organization")) == 2  # DeepSeek, Nvidia


def test_a_ticker_in_brackets_links_to_its_firm(nlp):
    graph = linked(nlp, "Zorblat Holdings (ZRBT) fell 12% and Quellan Capital (NASDAQ: QLN) rose. ZRBT recovered later.")
    firms = labels_of(graph, "Organization")
    assert set(firms) == {"Zorblat Holdings", "Quellan Capital"}
    assert ("ZRBT", "parenthetical-alias") in firms["Zorblat Holdings"].link_rules
    assert "QLN" in firms["Quellan Capital"].aliases


def test_the_journal_is_the_one_longer_name_it_ends(nlp):
    graph = linked(nlp, "The Quellan Daily Journal reported the deal. Zorblat told the Journal it would grow.")
    firms = labels_of(graph, "Organization")
    assert "Journal" not in firms
    assert ("Journal", "head-word") in firms["Quellan Daily Journal"].link_rules


def test_a_lone_word_only_spacy_calls_a_person_is_no_entity(nlp):
    graph = linked(nlp, "The Soviet Union launched Zvezdan in 1957. Critics compared the lab to Zvezdan.",
                   "It was called an AI Zvezdan moment.")
    assert "Zvezdan" not in labels_of(graph, "Person")


def test_a_country_prefix_joins_the_name_without_it(nlp):
    graph = linked(nlp, "The Federal Zorblat Commission fined Acme.", "The U.S. Federal Zorblat Commission fined Quellan Inc.")
    [commission] = [e for e in graph.entities() if "Federal Zorblat Commission" in e.label]
    assert set(commission.aliases) | {commission.label} == {"Federal Zorblat Commission", "U.S. Federal Zorblat Commission"}


def test_a_department_of_x_is_the_x_department(nlp):
    graph = linked(nlp, "The Department of Trade fined Quellan Inc. on Monday.", "The Trade Department fined Quellan Inc.")
    assert len([e for e in graph.entities() if "Trade" in e.label]) == 1


def test_a_short_form_is_the_longer_name_named_last_before_it(nlp):
    graph = linked(nlp, "Orvale Holdings invested in the lab. The lab grew out of Orvale University, "
                        "and Orvale's computer science department led it.")
    firms = labels_of(graph, "Organization")
    assert set(firms) == {"Orvale Holdings", "Orvale University"}
    assert ("Orvale", "short-form") in firms["Orvale University"].link_rules


def test_a_known_mixed_case_name_in_another_case_is_the_same_entity(nlp):
    graph = linked(nlp, "Deepmind researchers left.", "DeepMind hired them back.")
    assert [e.label for e in graph.entities()] == ["DeepMind"]


def test_a_known_firm_after_its_parents_name_is_that_firm(nlp):
    graph = linked(nlp, "Google DeepMind hired ten researchers.", "DeepMind trained a model.", "Google sold ads.")
    assert sorted(e.label for e in graph.entities()) == ["Google", "Google DeepMind"]
    assert len(linked(nlp, "In 2014, DeepMind was acquired by Google.").entities()) == 2


def test_gpt4_and_gpt4o_stay_apart(nlp):
    graph = linked(nlp, "GPT-4o is faster than GPT-4, OpenAI said.")
    assert {"GPT-4", "GPT-4o"} <= set(labels_of(graph, "Model"))


def test_person_and_firm_named_after_him_stay_apart(nlp):
    graph = linked(nlp, "Marc Andreessen, co-founder of venture capital firm Andreessen Horowitz, praised it. "
                        "Andreessen called it a breakthrough.")
    assert "Marc Andreessen" in labels_of(graph, "Person")
    assert "Andreessen Horowitz" in labels_of(graph, "Organization")


def test_chip_named_after_a_person_stays_apart_from_the_person(nlp):
    graph = linked(nlp, "Grace Hopper wrote the first compiler.",
                   "Nvidia's Hopper chips power data centers; the H100 chip is a Hopper GPU.")
    assert "Grace Hopper" in labels_of(graph, "Person")
    assert all(e.label != "Grace Hopper" for e in graph.entities() if e.type.value != "Person")


def test_corporate_designator_variants_merge(nlp):
    graph = linked(nlp, "The lab is backed by High-Flyer Quant, a Chinese hedge fund.",
                   "His hedge fund, High-Flyer, focuses on AI.")
    orgs = [e for e in graph.entities() if "Flyer" in e.label]
    assert len(orgs) == 1


def test_entity_ids_do_not_depend_on_input_order(nlp):
    a = linked(nlp, "OpenAI released o1.", "Meta released Llama 3.1.")
    b = linked(nlp, "Meta released Llama 3.1.", "OpenAI released o1.")
    assert [e.entity_id for e in a.entities()] == [e.entity_id for e in b.entities()]
    assert a.relations() == b.relations()


def test_short_form_of_an_organisation_joins_its_full_name(nlp):
    graph = linked(nlp, "Jane Roe, an analyst at Pellham Dragonomics, wrote a note. Pellham expects growth.")
    assert [e.label for e in graph.entities() if e.type.value == "Organization"] == ["Pellham Dragonomics"]


def test_a_surname_named_twice_without_a_full_name_is_kept(nlp):
    graph = linked(nlp, "Kowalski said the model was open.", "Analysts doubted Kowalski on Monday.")
    assert [e.label for e in graph.entities() if e.type.value == "Person"] == ["Kowalski"]


def test_well_known_surname_alone_is_the_person_not_an_organization(nlp):
    graph = linked(nlp, "Trump signed the order on Monday.")
    assert [(e.type.value, e.label) for e in graph.entities()] == [("Person", "Donald Trump")]


def test_a_one_off_single_name_person_is_dropped(nlp):
    graph = linked(nlp, "It was a David-and-Goliath fight, Reuters said.")
    assert [e.label for e in graph.entities() if e.type.value == "Person"] == []


def test_romanisation_variants_merge_only_for_a_romanised_chinese_name(nlp):
    graph = linked(nlp, "Kai-Fu Lee spoke on Monday.", "Kai-Fu Li said the lab would grow.")
    assert len(labels_of(graph, "Person")) == 1
    graph = linked(nlp, "Jackie Chan praised the film.", "Jackie Chen, an engineer at Quellan, disagreed.")
    assert {"Jackie Chan", "Jackie Chen"} <= set(labels_of(graph, "Person"))


def test_one_shared_given_name_is_not_a_merge(nlp):
    graph = linked(nlp, "Andrew Ng spoke on Monday.", "Andrew Wu, an analyst at Quellan, disagreed.")
    assert {"Andrew Ng", "Andrew Wu"} <= set(labels_of(graph, "Person"))


def test_designator_merge_needs_a_distinctive_name(nlp):
    graph = linked(nlp, "Scale AI, a data-labelling startup, raised money.",
                   "The grocery chain Scale, a retailer, opened a store.")
    assert {"Scale AI", "Scale"} <= set(labels_of(graph, "Organization"))
    graph = linked(nlp, "Zorblat Holdings, a Chinese conglomerate, bought a lab.", "Zorblat said profits rose.")
    zorblat = [e for e in graph.entities() if e.type.value == "Organization" and "Zorblat" in e.label]
    assert len(zorblat) == 1 and ("Zorblat", "designator") in zorblat[0].link_rules


def test_short_form_within_a_document_records_its_rule(nlp):
    graph = linked(nlp, "Scale AI, a data-labelling startup, raised money. Scale said it would hire.")
    scale = labels_of(graph, "Organization")["Scale AI"]
    assert ("Scale", "short-form") in scale.link_rules


def test_surname_merge_is_recorded_in_rdf(nlp, tmp_path):
    from rdflib import Graph, Literal, URIRef

    from kg.vocab import KG

    graph = linked(nlp, "Quellan CEO Tamsin Rooke spoke. Rooke said the chip would ship.")
    graph.write(tmp_path)
    rdf = Graph().parse(tmp_path / "graph.ttl")
    person = labels_of(graph, "Person")["Tamsin Rooke"]
    assert ("Rooke", "surname") in person.link_rules
    assert (URIRef(person.entity_id), KG.linkRule, Literal("surname")) in rdf


def test_model_versions_and_a_firm_named_after_a_person_stay_apart(nlp):
    graph = linked(nlp, "GPT-4o is faster than GPT-4.", "Marc Andreessen praised Andreessen Horowitz. Andreessen spoke.")
    assert {"GPT-4", "GPT-4o"} <= set(labels_of(graph, "Model"))
    assert "Andreessen Horowitz" in labels_of(graph, "Organization") and "Marc Andreessen" in labels_of(graph, "Person")


def test_chip_code_joins_the_one_family_name_it_ends(nlp):
    graph = linked(nlp, "Huawei shipped the Ascend 910B chip.", "Its previous 910B chip sold well.")
    chips = labels_of(graph, "Chip")
    assert list(chips) == ["Ascend 910B"] and ("910B", "family-prefix") in chips["Ascend 910B"].link_rules


def test_an_arm_of_a_well_known_company_stays_apart(nlp):
    graph = linked(nlp, "Intel Capital, a venture arm, joined the round.", "Intel sells chips.",
                   "Suleyman runs Microsoft AI, a new unit.", "Microsoft sells software.")
    orgs = set(labels_of(graph, "Organization"))
    assert {"Intel", "Intel Capital", "Microsoft", "Microsoft AI"} <= orgs


def test_a_school_and_its_short_name_merge(nlp):
    graph = linked(nlp, "She holds a degree from Quellford University.", "The lab was founded by two Quellford dropouts.")
    assert [e.label for e in graph.entities() if "Quellford" in e.label] == ["Quellford University"]


def test_a_known_company_with_legal_designators_merges(nlp):
    graph = linked(nlp, "Investors included Marvell Technology Group Ltd. and others.", "Marvell sells chips.")
    marvell = [e for e in graph.entities() if "Marvell" in e.label]
    assert len(marvell) == 1 and "Marvell" in (marvell[0].label, *marvell[0].aliases)


def test_a_bare_name_with_two_units_joins_neither(nlp):
    graph = linked(nlp, "Zorblat Holdings, a Chinese conglomerate, bought a lab.", "She studied at Zorblat University.",
                   "Zorblat said profits rose.")
    assert {"Zorblat Holdings", "Zorblat University"} <= set(labels_of(graph, "Organization"))


def test_entities_named_in_one_sentence_are_counted_together_per_sentence():
    from kg.link import link
    from kg.model import CoMention, DocExtraction, EntityType, Mention

    def mention(start, text, sentence, entity_type=EntityType.ORGANIZATION):
        return Mention(start, start + len(text), text, entity_type, "gazetteer", text, text.lower(), sentence)

    a = Document.from_text("Acme and Bolt met. Acme left. Acme and Bolt and Acme met Cato.", "a.txt")
    b = Document.from_text("Bolt praised Acme.", "b.txt")
    first = DocExtraction(a, (mention(0, "Acme", 0), mention(9, "Bolt", 0), mention(19, "Acme", 1),
                              mention(30, "Acme", 2), mention(39, "Bolt", 2), mention(48, "Acme", 2), mention(57, "Cato", 2)))
    second = DocExtraction(b, (mention(0, "Bolt", 0), mention(13, "Acme", 0)))
    linked = link([first, second])
    ids = {e.label: e.entity_id for e in linked.entities}
    together = {(t.first, t.second): t for t in linked.together}
    acme_bolt = together[tuple(sorted((ids["Acme"], ids["Bolt"])))]
    assert acme_bolt == CoMention(*sorted((ids["Acme"], ids["Bolt"])), 3, tuple(sorted((a.doc_id, b.doc_id))))
    assert together[tuple(sorted((ids["Acme"], ids["Cato"])))].sentences == 1  # twice in one sentence counts once
    assert len(together) == 3 and all(t.first < t.second for t in linked.together)
    assert list(linked.together) == sorted(linked.together, key=lambda t: (t.first, t.second))


def test_a_lone_given_name_joins_the_known_person_named_by_surname(nlp):
    graph = linked(nlp, "\u201cDid we beat Elon\u2019s thing?\u201d he asked. The model was made by Musk\u2019s team.")
    assert [(e.type.value, e.label) for e in graph.entities() if e.label in ("Elon", "Elon Musk")] == [("Person", "Elon Musk")]
