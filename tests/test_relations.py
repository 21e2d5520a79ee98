"""Each relation family on short sentences (not from the seed articles), with the trained pipeline."""

import pytest

CASES = [
    # founded / leads / worksFor
    ("Perplexity CEO Aravind Srinivas spoke first.", ("Aravind Srinivas", "leads", "Perplexity")),
    ("Jensen Huang, chief executive of Nvidia, was upbeat.", ("Jensen Huang", "leads", "Nvidia")),
    ("Lisa Su, chair and CEO of AMD, said demand was strong.", ("Lisa Su", "leads", "AMD")),
    ("Jane Roe, an analyst at Morningstar, disagreed.", ("Jane Roe", "worksFor", "Morningstar")),
    ("Bob Smith, a researcher at the Oxford Internet Institute, studies policy.", ("Bob Smith", "worksFor", "Oxford Internet Institute")),
    ("Microsoft's Satya Nadella praised the work.", ("Satya Nadella", "worksFor", "Microsoft")),
    ("Mistral AI, a startup co-founded by Arthur Mensch, raised money.", ("Arthur Mensch", "founded", "Mistral AI")),
    ("Elon Musk, who founded xAI last year, was critical.", ("Elon Musk", "founded", "xAI")),
    ("Sam Altman and Greg Brockman co-founded OpenAI in 2015.", ("Greg Brockman", "founded", "OpenAI")),
    ("Kai-Fu Lee has said his startup 01.AI spent little.", ("Kai-Fu Lee", "founded", "01.AI")),
    ("Ann Lee, a co-founder of Acme Robotics, left.", ("Ann Lee", "founded", "Acme Robotics")),
    ("Anthropic was founded by former OpenAI executives Dario Amodei and Daniela Amodei.", ("Daniela Amodei", "founded", "Anthropic")),
    ("Jane Roe, who runs Acme Robotics, disagreed.", ("Jane Roe", "leads", "Acme Robotics")),
    ("Jane Doe, head of AI at Samsung, spoke.", ("Jane Doe", "worksFor", "Samsung")),
    # developed
    ("The chatbot, called Doubao, was developed by ByteDance.", ("ByteDance", "developed", "Doubao")),
    ("Tencent has released Hunyuan-T1, a reasoning model it says rivals DeepSeek-R1.", ("Hunyuan-T1", "rivals", "DeepSeek-R1")),
    ("Baidu said its Ernie 4.5 model outperformed GPT-4.5 on benchmarks.", ("Baidu", "developed", "Ernie 4.5")),
    ("OpenAI, the maker of ChatGPT, is hiring.", ("OpenAI", "developed", "ChatGPT")),
    ("ChatGPT maker OpenAI is hiring.", ("OpenAI", "developed", "ChatGPT")),
    ("OpenAI's GPT-4o is popular.", ("OpenAI", "developed", "GPT-4o")),
    ("Anthropic launched Claude 3.5 Sonnet on Thursday.", ("Anthropic", "developed", "Claude 3.5 Sonnet")),
    ("Moonshot AI unveiled its Kimi chatbot.", ("Moonshot AI", "developed", "Kimi")),
    ("Gemini 1.5, developed by Google, is multimodal.", ("Google", "developed", "Gemini 1.5")),
    ("Many users prefer o1, OpenAI's reasoning model, for math.", ("OpenAI", "developed", "o1")),
    # outperformed / rivals
    ("DeepSeek-R1 is comparable to o1 on reasoning tasks.", ("DeepSeek-R1", "rivals", "o1")),
    ("Gemini 1.5 beat GPT-4o in coding tests.", ("Gemini 1.5", "outperformed", "GPT-4o")),
    ("Alibaba released Qwen 2.5, a model that surpassed Llama 3.1 on math.", ("Qwen 2.5", "outperformed", "Llama 3.1")),
    ("Grok 2 topped Claude 3.5 Sonnet in the ranking.", ("Grok 2", "outperformed", "Claude 3.5 Sonnet")),
    ("Mistral Large matches GPT-4 on several benchmarks.", ("Mistral Large", "rivals", "GPT-4")),
    ("Google released Gemini 2.0, which it said beats GPT-4o.", ("Gemini 2.0", "outperformed", "GPT-4o")),
    ("Grok 3 outperforms rivals such as GPT-4o and Gemini 2.0.", ("Grok 3", "outperformed", "Gemini 2.0")),
    ("Llama 3.1 performs on par with GPT-4o.", ("Llama 3.1", "rivals", "GPT-4o")),
    # trainedOn / madeBy
    ("Qwen 2.5 was trained using Nvidia's H20 chips.", ("Qwen 2.5", "trainedOn", "H20")),
    ("Huawei's Ascend 910B is in short supply.", ("Ascend 910B", "madeBy", "Huawei")),
    ("It used reduced-capability chips from Nvidia called H800s.", ("H800s", "madeBy", "Nvidia")),
    ("Nvidia makes the H100 and B200 chips.", ("B200", "madeBy", "Nvidia")),
    ("Analysts said the H20 chip, which Nvidia designed for China, sold well.", ("H20", "madeBy", "Nvidia")),
    # backedBy
    ("Microsoft, which has invested $13 billion in OpenAI, declined to comment.", ("OpenAI", "backedBy", "Microsoft")),
    ("Amazon-backed Anthropic grew fast.", ("Anthropic", "backedBy", "Amazon")),
    ("Moonshot AI, a startup backed by Alibaba, grew fast.", ("Moonshot AI", "backedBy", "Alibaba")),
    ("TikTok's parent company, ByteDance, released a model.", ("TikTok", "backedBy", "ByteDance")),
    ("Microsoft, OpenAI's biggest backer, declined to comment.", ("OpenAI", "backedBy", "Microsoft")),
    ("Waymo, a subsidiary of Alphabet, expanded its service.", ("Waymo", "backedBy", "Alphabet")),
    ("DeepMind was spun out of Google in a reorganisation.", ("DeepMind", "backedBy", "Google")),
    # basedIn
    ("Paris-based Mistral AI released a model.", ("Mistral AI", "basedIn", "Paris")),
    ("Moonshot AI, a Beijing-based startup, grew.", ("Moonshot AI", "basedIn", "Beijing")),
    ("Zhipu AI, based in Beijing, raised money.", ("Zhipu AI", "basedIn", "Beijing")),
    ("The startup behind Kimi, Moonshot AI, is based in Beijing.", ("Moonshot AI", "basedIn", "Beijing")),
    ("Nvidia, headquartered in Santa Clara, makes chips.", ("Nvidia", "basedIn", "Santa Clara")),
]


@pytest.mark.parametrize("text, triple", CASES, ids=[c[1][1] + ":" + c[0][:30] for c in CASES])
def test_relation_family(extract_text, text, triple):
    _, triples = extract_text(text)
    assert triple in triples


@pytest.mark.parametrize("text, wrong", [
    ("The DeepSeek app is surpassing ChatGPT in downloads.", ("DeepSeek", "outperformed", "ChatGPT")),
    ("Critics say GPT-4o did not beat Claude 3.5 Sonnet.", ("GPT-4o", "outperformed", "Claude 3.5 Sonnet")),
    ("Moonshot AI, a Beijing-based startup backed by Alibaba, grew.", ("Alibaba", "basedIn", "Beijing")),
    ("Helen Roe, a Trump supporter and analyst at Truist, spoke.", ("Helen Roe", "worksFor", "Trump")),
])
def test_relation_not_read(extract_text, text, wrong):
    _, triples = extract_text(text)
    assert wrong not in triples


def test_every_relation_keeps_its_evidence(extract_text):
    text = "Intro sentence here. Perplexity CEO Aravind Srinivas spoke first."
    result, _ = extract_text(text)
    (relation,) = [r for r in result.relations if r.predicate.value == "leads"]
    ev = relation.evidence
    assert text[ev.start:ev.end].strip() == ev.sentence == "Perplexity CEO Aravind Srinivas spoke first."
    assert ev.rule == "org-title-person" and 0 < ev.confidence <= 1
    assert ev.doc_id == result.document.doc_id


def speakers(result):
    return {(result.mentions[q.speaker].name, q.text) for q in result.quotes}


def test_quote_with_speaker_after_it(extract_text):
    result, triples = extract_text('"The Acme model is impressive," said Jane Roe, an analyst at Truist.')
    assert ("Jane Roe", "The Acme model is impressive,") in speakers(result) or \
        ("Jane Roe", "The Acme model is impressive") in {(s, t.rstrip(",")) for s, t in speakers(result)}
    assert ("Jane Roe", "quotedOn", "Truist") not in triples  # her employer is not the topic


def test_quote_speaker_in_the_previous_sentence_with_colon(extract_text):
    result, _ = extract_text("As Perplexity CEO Aravind Srinivas put it:\n“Necessity drives innovation in every lab.”")
    assert {s for s, _ in speakers(result)} == {"Aravind Srinivas"}


def test_quote_speaker_as_pronoun_in_the_same_sentence(extract_text):
    result, triples = extract_text("Mark Zuckerberg praised Llama 3.1 on Monday. “It is the best open model,” he said.")
    assert {s for s, _ in speakers(result)} == {"Mark Zuckerberg"}
    assert ("Mark Zuckerberg", "quotedOn", "Llama 3.1") in triples


def test_quote_topic_from_the_speech_verb(extract_text):
    _, triples = extract_text("OpenAI CEO Sam Altman called Gemini 1.5 “impressive”.")
    assert ("Sam Altman", "quotedOn", "Gemini 1.5") in triples


def test_quote_is_not_about_whom_it_is_told_to(extract_text):
    _, triples = extract_text("“We put it in the deal,” Jane Roe told Globex News.")
    assert ("Jane Roe", "quotedOn", "Globex News") not in triples
    _, triples = extract_text("Jane Roe praised Acme Robotics. “It is the best,” she told Globex News.")
    assert ("Jane Roe", "quotedOn", "Acme Robotics") in triples


def test_quote_according_to(extract_text):
    result, _ = extract_text("“Costs will fall sharply over the next year,” according to Jane Roe.")
    assert {s for s, _ in speakers(result)} == {"Jane Roe"}


def test_scare_quotes_are_not_quotes(extract_text):
    result, _ = extract_text("The model can “reason” about problems, Jane Roe noted in March.")
    assert result.quotes == ()
