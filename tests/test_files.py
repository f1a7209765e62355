"""One set of rules for an article's text, from a file, stdin or a JSONL record."""

import io

import pytest

from summarizer.batch.io import parse_line
from summarizer.errors import InputError
from summarizer.files import check_article, read_article, read_input


def test_a_nul_anywhere_is_binary_whatever_the_source(tmp_path):
    late = "Police arrested a man. " * 500 + "\x00"  # past the first 8 KiB
    path = tmp_path / "a.txt"
    path.write_text(late, encoding="utf-8")
    with pytest.raises(InputError, match="binary"):
        read_article(path)
    with pytest.raises(InputError, match="stdin: looks like binary"):
        read_input("-", stdin=io.BytesIO(late.encode("utf-8")))
    record = parse_line(b'{"id": 1, "text": "Police arrested a man.\\u0000"}')
    with pytest.raises(InputError, match="binary"):
        record.read()


def test_the_same_text_passes_from_every_source(tmp_path):
    text = "\ufeffPolice arrested a man in Phnom Penh."
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    assert read_article(path) == read_input("-", stdin=io.BytesIO(text.encode("utf-8"))) == text[1:]
    assert parse_line(b'{"id": 1, "text": "Police arrested a man."}').read() == "Police arrested a man."
    with pytest.raises(InputError, match="empty"):
        check_article("  \n", "article")
