from summarizer.text.grounding import Grounder, ground

ARTICLE = (
    'Serey confirmed the flight, saying only, "Yes, I am now arriving in Denmark."\n\n'
    "\u201cThailand deserves credit for making the right decision to respect Sam Serey\u2019s "
    "continuing refugee status,\u201d Robertson said. Le ministre a déclaré: « Nous regrettons "
    "la décision », selon l\u2019agence."
)


def check(span):
    assert ARTICLE[span.start:span.end] == span.text


def test_exact_match_has_offsets():
    span = ground("Yes, I am now arriving in Denmark.", ARTICLE)
    assert span.match == "exact"
    check(span)
    assert span.start == ARTICLE.index("Yes,")


def test_straight_quotes_find_curly_text_and_return_the_articles_characters():
    span = ground("Thailand deserves credit for making the right decision to respect Sam Serey's", ARTICLE)
    assert span.match == "exact"
    assert "\u2019" in span.text  # repaired to the article's own apostrophe
    check(span)


def test_surrounding_quote_marks_and_whitespace_are_ignored():
    span = ground('  \u201cYes, I am now   arriving in Denmark.\u201d ', ARTICLE)
    assert span.match == "exact"
    assert span.text == "Yes, I am now arriving in Denmark."


def test_small_wording_difference_is_repaired_to_the_article_words():
    span = ground("Thailand deserves praise for making the right decision to respect Sam Serey's continuing refugee status", ARTICLE)
    assert span.match == "fuzzy"
    check(span)
    assert span.text.startswith("Thailand deserves credit")
    assert span.text.endswith("refugee status")


def test_paraphrase_is_not_found_and_keeps_model_text():
    span = ground("Thailand was right to protect refugees from Cambodia", ARTICLE)
    assert span.match == "not_found"
    assert span.start is None and span.end is None
    assert not span.verbatim


def test_non_ascii_text_offsets():
    span = ground("Nous regrettons la décision", ARTICLE)
    assert span.match == "exact"
    check(span)


def test_case_differences_still_match_exactly():
    span = ground("yes, i am now arriving in denmark", ARTICLE)
    assert span.match == "exact"
    assert span.text == "Yes, I am now arriving in Denmark"


def test_empty_quote_is_not_found():
    assert ground('""', ARTICLE).match == "not_found"


def test_sentence_at_returns_the_whole_sentence():
    g = Grounder(ARTICLE)
    span = g.sentence_at(ARTICLE.index("Robertson said"))
    check(span)
    assert span.text.endswith("Robertson said.")


def test_ranges_overlap_when_they_share_a_character_and_never_with_an_unknown_bound():
    from summarizer.text.spans import ranges_overlap

    assert ranges_overlap(0, 5, 4, 9) and ranges_overlap(4, 9, 0, 5) and ranges_overlap(2, 3, 0, 9)
    assert not ranges_overlap(0, 5, 5, 9) and not ranges_overlap(5, 9, 0, 5)  # half-open: touching is not sharing
    assert not ranges_overlap(None, 5, 0, 9) and not ranges_overlap(0, 5, 0, None)
