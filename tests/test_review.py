"""Review pages without a browser: what the HTML holds, flags to check, escaping, the CLI and batch --html.

What a browser does with the pages (highlights, clicks, keyboard, no script
run from an article) is tested in ``test_browser.py``.
"""

import json
import re
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from page_fixtures import EVIL, SEREY, article_page, batch_site, case, evil_page, flagged
from summarizer.cli import app
from summarizer.pages import file_name, segments, shorten
from summarizer.review import build_items, check_count, item_key, to_check, to_html
from summarizer.schema import RunInfo
from summarizer.testing import FakeOpenAIServer


class Marks(HTMLParser):
    """The article's text as the page holds it, and each ``<mark>`` with its offsets and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.text, self.marks, self.scripts, self._mark = 0, [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        if self.depth:
            self.depth += 1
            if tag == "mark":
                self._mark = dict(attrs, text="")
        elif attrs.get("id") == "article":
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if tag == "mark" and self._mark is not None:
                self.marks.append(self._mark)
                self._mark = None

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)
            if self._mark is not None:
                self._mark["text"] += data


def parse(page: str) -> Marks:
    parser = Marks()
    parser.feed(page)
    return parser


def test_shorten_never_cuts_a_word():
    title = "Cambodian dissident Sam Serey flies to Denmark after Thailand lets him go"
    for width in range(10, len(title) + 5):
        cut = shorten(title, width)
        assert len(cut) <= width + 1
        assert title.startswith(cut.removesuffix("…"))
        assert cut == title or title[len(cut) - 1] == " " or title[len(cut.removesuffix("…"))] in " ,"
    assert shorten("a  b\n c", 80) == "a b c"
    assert file_name("/home/ana/news/early.txt") == "early.txt" and file_name("early.txt") == "early.txt"


def test_segments_join_back_and_carry_every_covering_tag():
    text = "abcdefghij"
    pieces = segments(text, [(2, 6, "r0"), (4, 9, "c0"), (4, 5, "p1"), (20, 30, "out of range")])
    assert "".join(p.text for p in pieces) == text
    assert [(p.start, p.end, p.tags) for p in pieces] == [
        (0, 2, ()), (2, 4, ("r0",)), (4, 5, ("r0", "c0", "p1")), (5, 6, ("r0", "c0")), (6, 9, ("c0",)),
        (9, 10, ())]


def test_page_holds_the_article_and_every_span_at_its_offsets(tmp_path):
    path, article, summary = article_page(tmp_path)
    page = parse(path.read_text(encoding="utf-8"))
    assert "".join(page.text) == article  # nothing lost, added or re-encoded
    assert page.marks
    for mark in page.marks:
        assert mark["text"] == article[int(mark["data-s"]):int(mark["data-e"])]
    items = build_items(summary, article)
    for key, item in items.items():
        covered = "".join(m["text"] for m in page.marks if key in m["data-refs"].split())
        wanted = "".join(article[s.start:s.end] for s in item.spans if s.match != "not_found")
        if key[0] in "rc":  # quotes and evidence never overlap themselves, so they join back exactly
            assert covered == wanted, key
    assert any(m["data-refs"].startswith("r") for m in page.marks)


def test_things_to_check_stand_out(tmp_path):
    article, gold = case(SEREY)
    assert to_check(gold, article) == []  # the hand-checked gold has nothing to check
    summary = flagged(article, gold)
    summary = summary.model_copy(update={"run": None})
    summary.legal_claims[0].confidence = {"status": 0.4}
    found = to_check(summary, article)
    messages = [c.message for c in found]
    first = next(n for n, r in enumerate(summary.reactions) if r.attribution == "model")
    # the pipeline's own check stands for that item: not repeated from the item's reasons
    assert [c.message for c in found if c.key == f"r{first}"] == ["the speaker is uncertain (0.55)"]
    assert any("fuzzy match" in m for m in messages) and any("not found in the article" in m for m in messages)
    assert any(c.key == "c0" and "low confidence in the status: 0.40" == c.message for c in found)
    assert [(c.key, c.message) for c in found if c.key == "k1"] == [
        ("k1", "a passage that reads as instructions to an AI")]  # a check about a passage, not an item
    assert check_count(summary, article) == 5
    failed = summary.model_copy(update={"run": RunInfo(model="m", backend="scripted", prompt_version="v",
                                                       failed_sections=["claims"])})
    assert to_check(failed, article)[0].message.startswith("the legal claims section failed")
    assert check_count(failed, article) == 6
    page = to_html(failed, article)
    assert page.count('class="item flag') == 5 and "This section failed" in page
    marks = parse(page).marks
    assert "".join(m["text"] for m in marks if "k1" in m["data-refs"].split()) == summary.checks[1].span.text
    assert all("chk" in m["class"] for m in marks if "k1" in m["data-refs"].split())
    assert "show only items to check" in page


def test_item_paths_of_checks():
    assert item_key("reactions[2].speaker") == "r2" and item_key("legal_claims[0]") == "c0"
    assert item_key("parties[11].role") == "p11" and item_key("incident.date") == "i"
    assert item_key("legal_claims") is None and item_key(None) is None


def test_article_text_and_model_output_are_escaped(tmp_path):
    path, article = evil_page(tmp_path)
    html = path.read_text(encoding="utf-8")
    page = parse(html)
    assert "".join(page.text) == article
    assert len(page.scripts) == 1 and not page.scripts[0]  # the page's own script, nothing else
    for bad in ("<script>window", "<img src=", "</textarea><", "<b onmouseover"):
        assert bad not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "onerror=&#34;window.__pwned = 2&#34;" in html


def test_page_loads_nothing(tmp_path):
    html = article_page(tmp_path)[0].read_text(encoding="utf-8")
    assert "<link" not in html and " src=" not in html and "http://" not in html and "https://" not in html
    assert "<style>" in html and "<script>" in html


@pytest.fixture
def server():
    article, gold = case(SEREY)
    from summarizer.testing import gold_replies

    with FakeOpenAIServer(default=gold_replies(gold, article)) as srv:
        yield srv


def test_cli_writes_a_review_page(server, tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    article, _ = case(SEREY)
    source = tmp_path / "serey.txt"
    source.write_text(article, encoding="utf-8")
    out = tmp_path / "serey.html"
    result = CliRunner().invoke(app, ["summarize", str(source), "-f", "html", "-o", str(out), "-m", "m",
                                      "--base-url", server.url, "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    page = parse(out.read_text(encoding="utf-8"))
    assert "".join(page.text) == article and page.marks
    stdout = CliRunner().invoke(app, ["summarize", str(source), "--format", "html", "-m", "m",
                                      "--base-url", server.url, "--quiet"])
    assert stdout.exit_code == 0 and stdout.stdout.startswith("<!DOCTYPE html>")


def test_batch_writes_a_page_per_article_and_an_index(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    index = batch_site(tmp_path)
    pages = sorted(p.name for p in index.parent.glob("*.html") if p.name != "index.html")
    assert len(pages) == 3  # the failed article has a row, not a page
    html = index.read_text(encoding="utf-8")
    for name in pages:
        assert f'href="{name}"' in html
    rows = re.findall(r'<tr class="(error)?" data-title="[^"]*" data-event="[^"]*" data-date="[^"]*" '
                      r'data-parties="[^"]*" data-checks="(\d+)"', html)
    assert len(rows) == 4 and [e for e, _ in rows].count("error") == 1
    assert "RetriesExhausted" in html
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert sum("summary" in line for line in lines) == 3
    # each row counts its summary's checks; the article whose claims pass failed has that one at least
    checks = [len(line["summary"]["checks"]) for line in lines if "summary" in line]
    assert sorted(int(c) for _, c in rows) == sorted(checks + [0])
    failed = next(line["summary"] for line in lines if "summary" in line and line["summary"]["run"]["failed_sections"])
    assert failed["checks"][0]["kind"] == "failed_section"
    page = next(index.parent.glob("seed-002-serey-earlier-*.html")).read_text(encoding="utf-8")
    assert 'href="index.html"' in page


def test_batch_html_refuses_a_file(tmp_path):
    from summarizer.errors import InputError
    from summarizer.review_site import ReviewSite

    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError):
        ReviewSite(tmp_path / "file")
    with pytest.raises(InputError):
        ReviewSite(tmp_path / "missing" / "site")


def test_evil_article_quote_is_highlighted_as_text(tmp_path):
    path, article = evil_page(tmp_path)
    page = parse(path.read_text(encoding="utf-8"))
    (mark,) = [m for m in page.marks if "r0" in m["data-refs"].split()]
    assert mark["text"].startswith("We will appeal </textarea><script>") and mark["text"] in EVIL


def test_batch_command_html_and_resume(server, tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "serey.txt"
    source.write_text(case(SEREY)[0], encoding="utf-8")
    out = tmp_path / "out.jsonl"
    common = ["batch", str(source), "--out", str(out), "-m", "m", "--base-url", server.url, "--quiet"]
    first = CliRunner().invoke(app, common)
    assert first.exit_code == 0, first.output
    requests = len(server.requests)
    # resuming with --html: nothing left to summarise, but the page of the earlier result is written
    again = CliRunner().invoke(app, [*common, "--resume", "--html", str(tmp_path / "site")])
    assert again.exit_code == 0, again.output
    assert len(server.requests) == requests
    (page,) = (tmp_path / "site").glob("serey-*.html")
    assert "".join(parse(page.read_text(encoding="utf-8")).text) == case(SEREY)[0]
    assert page.name in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, [*common, "--overwrite", "--html", str(source)])
    assert bad.exit_code == 2 and "not a directory" in bad.output


def test_mentions_by_name_and_a_span_off_its_offsets():
    from summarizer import ArticleSummary

    article = "Sam Serey spoke. Serey left."
    summary = ArticleSummary.model_validate({
        "headline": "h", "summary": "s", "incident": {"event_type": "other", "description": "d"},
        "parties": [{"id": "p1", "name": "Sam Serey", "aliases": ["Serey"], "kind": "person", "role": "subject"}],
        "legal_claims": [{"type": "other", "description": "d", "evidence": [{"text": "spoke", "start": 0, "end": 5}]}],
    })
    items = build_items(summary, article)
    # "Serey" inside "Sam Serey" is the same mention
    assert [(s.start, s.end) for s in items["p0"].marked] == [(0, 9), (17, 22)]
    assert items["c0"].marked == []
    assert items["c0"].reasons == ["the evidence does not match the article at its offsets"]
    page = parse(to_html(summary, article))
    assert all("c0" not in m["data-refs"].split() for m in page.marks)


def test_merge_page_names_reports_by_file_and_outlet_and_titles_keep_whole_words(tmp_path):
    from page_fixtures import merge_page

    html = merge_page(tmp_path).read_text(encoding="utf-8")
    assert "<b>article.txt</b> (Phnom Penh Post, 2018-04-28)" in html and "<b>later.txt</b>" in html
    assert "/srv/news" not in html and str(tmp_path) not in html and "evals/fixtures" not in html
    title = re.search(r"<title>(.*)</title>", html).group(1)
    assert title.endswith("…") and len(title) <= 91
    description = title.removeprefix("Incident dossier: ").removesuffix("…")
    assert re.search(re.escape(description) + r"[ ,]", html)  # cut where a word ends
