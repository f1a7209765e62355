"""The pages in a real browser: headless Chromium from the system (Debian's ``chromium``), driven by Playwright.

No browser is downloaded: Playwright starts ``/usr/bin/chromium`` (or
``SUMMARIZER_CHROMIUM``) with a fresh profile. Marked ``browser``:
``make test-fast`` skips them, ``make test`` (and so CI) installs Chromium and
runs them. Outside CI a machine without Chromium or Playwright skips them.
``make screenshots`` writes 1280-px-wide PNGs of each kind of page into
``build/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
import struct
import tempfile
from pathlib import Path

import pytest

from page_fixtures import (EVIL, SEREY, article_page, batch_site, case, eval_page, evil_page, merge_page,
                           screenshot_page)

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("SUMMARIZER_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
WIDTH = 1280


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the browser tests (make test installs what they need)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium (fresh profile) for the module; every request that is not a local file fails."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[dev]')")
    if not shutil.which(CHROMIUM):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    profile = tempfile.mkdtemp(prefix="summarizer-chromium-")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": WIDTH, "height": 900})
        context.remote = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else (context.remote.append(route.request.url), route.abort()))
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def open_page(browser):
    """Open a file; after the test, no console error, no uncaught exception and no request off the machine."""
    opened = []

    def load(path: Path):
        page = browser.new_page()
        errors = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        opened.append((page, errors))
        return page

    yield load
    for page, errors in opened:
        assert errors == [], errors
        page.close()
    assert browser.remote == []


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    article, text, summary = article_page(folder)
    return {"article": article, "text": text, "summary": summary, "evil": evil_page(folder)[0],
            "index": batch_site(folder), "merge": merge_page(folder), "eval": eval_page(folder),
            "serey": screenshot_page(folder)}


@pytest.mark.parametrize("kind, heading", [("article", "Sam Serey"), ("index", "4 articles"),
                                           ("merge", "Incident dossier"), ("eval", "Evaluation report"),
                                           ("evil", "Court hears")])
def test_each_kind_of_page_loads_cleanly(pages, open_page, kind, heading):
    page = open_page(pages[kind])
    assert heading in page.inner_text("h1")
    assert page.evaluate("document.styleSheets.length") == 1  # the one shared stylesheet, inline


def test_index_pages_load_and_link_back(pages, open_page):
    index = open_page(pages["index"])
    links = index.eval_on_selector_all("#articles a", "els => els.map(a => a.href)")
    assert len(links) == 3
    for href in links:
        page = open_page(Path(href.removeprefix("file://")))
        assert page.inner_text("h1") and page.locator("#article mark").count() > 0
        assert page.get_attribute("a.back", "href") == "index.html"


def test_every_highlight_is_the_article_text_at_its_offsets(pages, open_page):
    text = pages["text"]
    page = open_page(pages["article"])
    assert page.evaluate("document.getElementById('article').textContent") == text
    marks = page.eval_on_selector_all("#article mark", "els => els.map(m => [+m.dataset.s, +m.dataset.e, "
                                      "m.textContent, m.dataset.refs])")
    assert len(marks) > 20
    for start, end, shown, _ in marks:
        assert shown == text[start:end]
    for n, reaction in enumerate(pages["summary"].reactions):  # each quote's pieces join into its span
        if reaction.quote and reaction.quote.match != "not_found":
            pieces = [m for m in marks if f"r{n}" in m[3].split()]
            assert (pieces[0][0], pieces[-1][1]) == (reaction.quote.start, reaction.quote.end)
            assert "".join(m[2] for m in pieces) == reaction.quote.text


def test_clicking_a_reaction_marks_its_quotation(pages, open_page):
    summary = pages["summary"]
    n = max((i for i, r in enumerate(summary.reactions) if r.quote and r.quote.match == "exact"),
            key=lambda i: summary.reactions[i].quote.start)  # the last quote: it needs scrolling to
    page = open_page(pages["article"])
    page.click(f"#item-r{n}")
    marked = page.eval_on_selector_all("#article mark.sel", "els => els.map(m => m.textContent)")
    assert "".join(marked) == summary.reactions[n].quote.text
    assert page.get_attribute(f"#item-r{n}", "aria-expanded") == "true"
    top = page.evaluate("document.querySelector('#article mark.sel').getBoundingClientRect().top")
    assert 0 <= top <= page.viewport_size["height"]  # scrolled to it
    page.click(f"#item-r{n}")  # a second click closes it again
    assert page.locator("#article mark.sel").count() == 0


def test_clicking_a_passage_lists_the_items_using_it(pages, open_page):
    summary = pages["summary"]
    n = next(i for i, r in enumerate(summary.reactions) if r.quote and r.quote.match == "exact")
    page = open_page(pages["article"])
    page.click(f'#article mark[data-refs~="r{n}"]')
    assert page.is_visible("#used-by")
    labels = page.eval_on_selector_all("#used-by button", "els => els.map(b => b.textContent)")
    assert page.get_attribute(f"#item-r{n}", "data-label") in labels
    assert "hit" in page.get_attribute(f"#item-r{n}", "class")
    page.click("#used-by button >> nth=0")
    assert page.locator(".item[aria-expanded=true]").count() == 1


def test_party_mentions_show_on_focus(pages, open_page):
    page = open_page(pages["article"])
    page.focus("#item-p0")
    lit = page.eval_on_selector_all("#article mark.hl", "els => els.map(m => m.dataset.refs)")
    assert lit and all("p0" in refs.split() for refs in lit)
    page.focus("#item-i")
    assert page.locator("#article mark.hl").count() == 0


def test_keyboard_reaches_and_opens_every_item(pages, open_page):
    page = open_page(pages["article"])
    keys = set(page.eval_on_selector_all(".item[data-key]", "els => els.map(e => e.dataset.key)"))
    reached = set()
    for _ in range(len(keys) + 40):
        page.keyboard.press("Tab")
        key = page.evaluate("document.activeElement.dataset ? document.activeElement.dataset.key || '' : ''")
        if key:
            reached.add(key)
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "true", key
            spans = page.evaluate("document.activeElement.dataset.spans")
            assert (page.locator("#article mark.sel").count() > 0) == bool(spans), key
    assert reached == keys


def test_script_in_an_article_is_shown_and_never_run(pages, open_page):
    page = open_page(pages["evil"])
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.getElementById('article').textContent") == EVIL
    assert page.locator("#article script, #article img, img, textarea").count() == 0
    assert page.locator("script").count() == 1  # the page's own
    assert "<script>window.__pwned = 1</script>" in page.inner_text("#article")
    page.hover("#item-r0")
    page.click("#item-r0")
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_index_sorts_and_filters(pages, open_page):
    page = open_page(pages["index"])
    order = lambda: page.eval_on_selector_all("#articles tbody tr:not([hidden])", "rs => rs.map(r => r.dataset.title)")
    page.click("th[data-key=title] button")
    titles = order()
    assert titles == sorted(titles, key=str.lower)
    page.click("th[data-key=title] button")
    assert order() == titles[::-1]
    page.fill("#filter", "khadr")
    assert len(order()) == 1 and "Khadr" in order()[0]
    page.fill("#filter", "")
    rows = "rs => rs.map(r => [r.dataset.title, +r.dataset.checks])"
    every = page.eval_on_selector_all("#articles tbody tr:not([hidden])", rows)
    page.check("#only-check")
    flagged = page.eval_on_selector_all("#articles tbody tr:not([hidden])", rows)
    assert flagged == [[t, n] for t, n in every if n > 0] and len(flagged) < len(every)
    assert any("Khadr" in t for t, _ in flagged)  # the article whose claims pass failed: that section at least
    page.click("th[data-key=checks] button")
    page.uncheck("#only-check")
    counts = page.eval_on_selector_all("#articles tbody tr", "rs => rs.map(r => +r.dataset.checks)")
    assert counts == sorted(counts) and len(counts) == 4


def test_screenshots_at_1280_px(pages, open_page, tmp_path):
    folder = Path(os.environ.get("SUMMARIZER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for kind in ("serey", "article", "index", "merge", "eval"):
        page = open_page(pages[kind])
        if kind == "article":  # show a selection: the first reaction to check
            page.click(".item.flag[data-key^=r]")
            page.evaluate("window.scrollTo(0, 0)")
        if kind == "serey":  # the README's picture: the longest quote opened, as a reader would
            gold = case(SEREY)[1]
            n = max((i for i, r in enumerate(gold.reactions) if r.quote),
                    key=lambda i: len(gold.reactions[i].quote.text))
            page.click(f"#item-r{n}")
        if kind == "eval":
            page.click("details.case summary")
        path = folder / f"{kind}.png"
        page.screenshot(path=str(path), animations="disabled")
        width, height = struct.unpack(">II", path.read_bytes()[16:24])  # the PNG header's IHDR
        assert width == WIDTH and height > 0


def test_the_list_to_check_opens_each_item(pages, open_page):
    page = open_page(pages["article"])
    links = page.eval_on_selector_all("#checks a[data-goto]", "els => els.map(a => a.dataset.goto)")
    assert len(links) == 4 and "k1" in links
    for key in links:
        page.click(f'#checks a[data-goto="{key}"]')
        assert page.get_attribute(f"#item-{key}", "aria-expanded") == "true"
        assert page.evaluate("document.activeElement.dataset.key") == key
        if key == "k1":  # a passage the pipeline flagged, belonging to no item
            marked = page.eval_on_selector_all("#article mark.sel", "els => els.map(m => m.textContent)")
            assert "".join(marked) == pages["summary"].checks[1].span.text
