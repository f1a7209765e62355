from summarizer.candidates import name_candidates, quote_candidates, sentences, trigger_sentences


def quotes(text):
    found = quote_candidates(text)
    for c in found:
        assert text[c.span.start:c.span.end] == c.span.text
    return [c.span.text for c in found]


def test_curly_and_straight_and_mixed_pairs():
    text = ('He said, \u201cWe are really disappointed today.\u201d Then: "This time it is your turn," he said. '
            '\u201cOnly him and Thai authority could answer it," he added.')
    assert quotes(text) == [
        "We are really disappointed today.", "This time it is your turn",
        "Only him and Thai authority could answer it",
    ]


def test_nested_single_quotes_stay_inside_the_double_quote():
    text = 'She said: "They called it \u2018a terrorist plot\u2019 without any evidence at all."'
    assert quotes(text) == ["They called it \u2018a terrorist plot\u2019 without any evidence at all."]


def test_a_quote_spanning_a_paragraph_break_is_not_paired():
    text = ('\u201cWe talked to everyone who could play a role.\n\n'
            '\u201cAnd then we waited for the decision,\u201d he said.')
    assert quotes(text) == ["And then we waited for the decision"]


def test_scare_quotes_of_one_or_two_words_are_skipped():
    text = 'He regretted the decision to release the \u201cterrorist\u201d and to "topple the government".'
    assert quotes(text) == ["topple the government"]
    assert quotes('Branded a "terror group" by Phnom Penh.') == []


def test_apostrophe_inside_a_quote():
    text = "\u201cThailand deserves credit for respecting Sam Serey\u2019s refugee status,\u201d Robertson said. \"It's a win, isn't it?\""
    assert quotes(text) == ["Thailand deserves credit for respecting Sam Serey\u2019s refugee status",
                            "It's a win, isn't it?"]


def test_context_surrounds_the_quote():
    text = "x " * 100 + 'Robertson said: "Thailand deserves credit for this." ' + "y " * 100
    (c,) = quote_candidates(text)
    assert c.before.endswith("Robertson said: \"") and len(c.before) <= 150
    assert c.after.startswith('"') and len(c.after) <= 150


def test_sentences_respect_abbreviations(article):
    spans = sentences("Mr. Serey flew to Denmark. He was arrested on Wednesday. U.S. officials said nothing.")
    assert [s.text for s in spans] == ["Mr. Serey flew to Denmark.", "He was arrested on Wednesday.",
                                       "U.S. officials said nothing."]


def test_trigger_sentences(article):
    found = [s.text for s in trigger_sentences(article)]
    assert any(s.startswith("Cambodian authorities put in a request for his extradition") for s in found)
    assert any("arrested in Bangkok" in s for s in found)
    assert not any(s.startswith("Phil Robertson, the deputy director") for s in found)
    for span in trigger_sentences(article):
        assert article[span.start:span.end] == span.text


def test_trigger_sentences_are_bounded(article):
    assert len(trigger_sentences(article, limit=2)) == 2


def test_name_candidates(article):
    names = name_candidates(article)
    for expected in ("Serey", "Sam Serey", "Phil Robertson", "KNLF", "Khieu Sopheak", "Human Rights Watch"):
        assert expected in names, expected
    for junk in ("Friday", "The", "Thai", "Cambodian", "Political", "Andrew Nachemson"):
        assert junk not in names, junk


def test_attribution_clause_after_or_before_the_quote():
    text = ('\u201cThailand deserves credit for this,\u201d Robertson said in a statement. '
            '"We are really disappointed," he added. '
            'The minister said: "This is the end of the affair." '
            '"Nobody knows what will happen next."')
    found = {c.span.text: c.attribution for c in quote_candidates(text)}
    assert found["Thailand deserves credit for this"] == "Robertson said in a statement"
    assert found["We are really disappointed"] == "he added"
    assert found["This is the end of the affair."] == "The minister said"
    assert found["Nobody knows what will happen next."] == ""


def test_speaker_name_from_a_reporting_clause():
    from summarizer.candidates import speaker_name

    assert speaker_name("Robertson said in a statement") == "Robertson"
    assert speaker_name("he said") == ""
    assert speaker_name("When contacted Friday, Ministry of Interior spokesman Khieu Sopheak said he did not know") \
        == "Khieu Sopheak"
    assert speaker_name("Phil Robertson, the deputy director of Human Rights Watch, applauded the decision.") \
        == "Phil Robertson"
    assert speaker_name("Chum Sounry, spokesman for the Ministry of Foreign Affairs, said Cambodia has not") \
        == "Chum Sounry"
    assert speaker_name("the payment to Montalvo. Rathbun said he was sorry") == "Rathbun"
