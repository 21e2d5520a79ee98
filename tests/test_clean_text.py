from kg.ingest import clean_text


def test_markdown_links_images_and_emphasis_become_plain_text():
    text = clean_text("Shares of [Nvidia](https://example.com/nvda) fell. ![chart](c.png) **Big** news.").text
    assert text == "Shares of Nvidia fell. Big news."


def test_markdown_header_becomes_title_and_its_own_paragraph():
    cleaned = clean_text("# How a lab shook the market\n\nThe lab released a model.")
    assert cleaned.title == "How a lab shook the market"
    assert cleaned.text.split("\n") == ["How a lab shook the market", "The lab released a model."]


def test_escaped_characters_are_unescaped():
    assert clean_text(r"It cost less than \$6 million \(reportedly\).").text == "It cost less than $6 million (reportedly)."


def test_hard_line_breaks_inside_a_sentence_are_joined():
    raw = "The new AI model\nwas developed by a startup that\nwas born a year ago.\nA second paragraph."
    assert clean_text(raw).text == "The new AI model was developed by a startup that was born a year ago.\nA second paragraph."


def test_a_blank_line_inside_a_sentence_is_a_hard_break_too():
    assert clean_text("It took two months to\n\nbuild, using older chips.").text == "It took two months to build, using older chips."


def test_short_headings_stay_on_their_own_line():
    assert clean_text("The AI Sputnik Moment\nIf you remember the Cold War, you know.").text.split("\n")[0] == "The AI Sputnik Moment"


def test_byline_gives_authors_and_is_removed():
    cleaned = clean_text("By Jane Roe, John Doe\n\nMarkets fell on Monday.")
    assert cleaned.authors == ("Jane Roe", "John Doe")
    assert cleaned.text == "Markets fell on Monday."


def test_follow_us_and_reading_time_boilerplate_is_removed():
    raw = "Markets fell.\nFollow THE DESK on LinkedIn, Facebook, X and Telegram\n3 min. read · View original\nThey rose later."
    assert clean_text(raw).text == "Markets fell.\nThey rose later."


def test_curly_apostrophes_become_straight_but_quotes_stay():
    assert clean_text("DeepSeek’s model, “impressive”.").text == "DeepSeek's model, “impressive”."


def test_cleaning_twice_changes_nothing():
    once = clean_text("# T\n\nA [b](c) \\$1\nd e.").text
    assert clean_text(once).text == once
