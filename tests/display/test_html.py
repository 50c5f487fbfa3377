"""Tables that read at a glance: dates, names and short labels stay on one line."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import widgets
from widgets.display.html import table
from widgets.reference import cfir_domains

LONG = "The east-side bus runs once an hour, so patients arrive late or not at all."


class _Cells(HTMLParser):
    """Each table cell's text and whether the browser may wrap it."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, bool]] = []
        self._open: bool | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        if tag == "td":
            style = (dict(attrs).get("style") or "").replace(" ", "")
            self._open, self._text = "white-space:nowrap" in style, ""

    def handle_data(self, data):
        if self._open is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "td" and self._open is not None:
            self.cells.append((self._text, self._open))
            self._open = None


def _cells(html: str) -> dict[str, bool]:
    parser = _Cells()
    parser.feed(html)
    return dict(parser.cells)


def test_dates_names_and_domains_stay_on_one_line_long_text_wraps():
    """A participant saw "Inner Setting", names and dates broken across lines."""
    cells = _cells(table(("Domain", "Rated by", "Due", "Note"),
                         [("Inner Setting", "Dr. Priya Nair", "2027-01-22", LONG)]))
    assert cells == {"Inner Setting": True, "Dr. Priya Nair": True, "2027-01-22": True,
                     LONG: False}


def test_team_text_is_still_escaped_in_a_cell_that_does_not_wrap():
    html = table(("Name",), [("<b>Bo</b> & co",)])
    assert "&lt;b&gt;Bo&lt;/b&gt; &amp; co" in html and "<b>" not in html


def test_in_the_example_plan_no_date_name_or_domain_wraps():
    ws = widgets.example_workspace()
    cells = _cells(widgets.plan_html(ws))
    names = {m["name"] for m in ws.members()}
    domains = set(cfir_domains()) & set(cells)
    dates = {text for text in cells if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)}
    assert dates and domains and names & set(cells)
    for text in dates | domains | (names & set(cells)):
        breaks = re.search(r"[ /-]", text)  # a single word ("Individuals") cannot break
        assert cells[text] or not breaks, f"{text!r} may break across lines"
    assert not any(nowrap for text, nowrap in cells.items() if len(text) > 40)


def test_a_wide_table_scrolls_in_a_region_the_keyboard_reaches():
    """Short cells that keep to one line can make a table wider than its box; axe found the
    box scrolling with nothing in it to focus (module 4's specifications on the site)."""
    html = table(("Strategy", "Actor"), [("Audit <and> feedback", "Ana")])
    region = re.match(r'<div role="region" tabindex="0" aria-label="([^"]*)" '
                      r'style="overflow-x:auto;max-width:100%">', html)
    assert region and region.group(1) == "Table: Strategy, Actor"
    assert html.endswith("</table></div>")
    assert 'aria-label="Plan &lt;one&gt;"' in table(("A",), [], caption="Plan <one>")
