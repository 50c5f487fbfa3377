"""The team's plan: the printable web page, the Word document and the leader briefing, each
opened and checked against the workspace, with awkward text."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document

import widgets
from widgets import PlanExport, leader_briefing_html, plan_html, write_plan_docx
from widgets.report import plan_sections

AWKWARD_NAME = "<script>alert('x')</script> Walk & Talk 🚶 — مشي معًا"
AWKWARD_ASK = "Protect <b>4 hours</b> a week\nשעות מוגנות\n\"quoted\" & 'single' 👩🏽‍⚕️"


class _Page(HTMLParser):
    """Collects what a browser would show as text, and every tag and URL."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.alts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        self.urls += [v for k, v in attrs.items() if k in ("src", "href") and v]
        if tag == "img":
            self.alts.append(attrs.get("alt") or "")

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.fixture
def ws():
    ws = widgets.example_workspace()
    initiative = ws.get("initiative", "")
    ws.save("initiative", {**initiative, "name": AWKWARD_NAME}, by="Tester")
    plan = ws.get("leader_plan", "")
    ws.save("leader_plan", {**plan, "asks": AWKWARD_ASK}, by="Tester")
    return ws


def test_plan_page_holds_the_workspace_and_escapes_it(ws):
    page = _parse(plan_html(ws))
    text = "".join(page.text)
    assert "script" not in page.tags and "b" not in page.tags
    assert AWKWARD_NAME in text
    for section in plan_sections(ws):
        assert section.title in text
    for s in ws.list("strategy"):
        assert widgets.eric_strategy(s["strategy"]).name in text
    for step in ws.list("action_step"):
        assert step["step"] in text and step["owner"] in text
    for m in ws.list("outcome_measure"):
        assert m["measure"] in text
    assert "No outcome measure yet for: 15. Conduct educational meetings." in text
    assert "Dose is empty or a placeholder" in text
    assert "No one is accountable for “46." in text
    charts = [s for s in plan_sections(ws) if s.chart]
    assert len(page.alts) == len(charts) >= 5 and all(page.alts)
    assert all(u.startswith("data:image/png;base64,") for u in page.urls)


def test_an_empty_workspace_still_makes_a_plan(store_url):
    empty = widgets.Store(store_url).team("Brand new")
    text = "".join(_parse(plan_html(empty)).text)
    assert "Implementation plan: Brand new" in text and text.count("Not done yet.") >= 10


def _docx_text(path: Path) -> str:
    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    for grid in doc.tables:
        parts += [cell.text for row in grid.rows for cell in row.cells]
    return "\n".join(parts)


def test_word_document_holds_the_same_plan(ws, tmp_path):
    path = write_plan_docx(ws, tmp_path / "plan.docx")
    doc = Document(path)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [s.title for s in plan_sections(ws)]
    text = _docx_text(path)
    assert AWKWARD_NAME in text and "4 hours" in text
    for step in ws.list("action_step"):
        assert step["step"] in text
    assert len(doc.inline_shapes) == sum(1 for s in plan_sections(ws) if s.chart)


def test_libreoffice_opens_the_word_document(ws, tmp_path, soffice):
    path = write_plan_docx(ws, tmp_path / "plan.docx")
    out = tmp_path / "converted"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    text = (out / "plan.txt").read_text("utf-8-sig")
    assert AWKWARD_NAME in text
    assert "Implementation plan:" in text and "Causal pathways" in text
    assert "Survey 20 patients on meeting times" in text


def test_leader_briefing_is_one_short_page(ws):
    html = leader_briefing_html(ws)
    page = _parse(html)
    text = "".join(page.text)
    assert "script" not in page.tags and "b" not in page.tags
    assert AWKWARD_NAME in text and AWKWARD_ASK in text
    decisions = ws.get("leader_plan", "")["decisions"]
    assert decisions in text
    assert text.index("What we need from you") < text.index("Decisions we ask you to make")
    assert len(text.split()) < 600  # one page, not the whole plan


def test_plan_export_button_writes_three_files(ws, tmp_path):
    export = PlanExport(ws)
    export.folder.value = str(tmp_path / "out")
    export.make.click()
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["implementation-plan.docx", "implementation-plan.html",
                     "leader-briefing.html"]
    assert "Made the plan files" in export.message.value
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    export.folder.value = str(blocker)
    export.make.click()
    assert "Could not write the files" in export.message.value


def test_each_chart_in_the_word_document_has_its_words_below_it_in_italics(ws, tmp_path):
    doc = Document(write_plan_docx(ws, tmp_path / "plan.docx"))
    alts = [s.chart.alt for s in plan_sections(ws) if s.chart]
    captions = [p for p in doc.paragraphs if p.text in alts]
    assert [p.text for p in captions] == alts
    assert all(run.italic for p in captions for run in p.runs), "captions are not italic"


def test_team_text_is_drawn_as_text_never_as_maths(tmp_path):
    """Dollar signs in a team's words were read as maths: "$5 and $10" was drawn as formulas,
    and "Budget $^$ team" or "$\\Kits$" made the plan fail to build."""
    from widgets.display import charts

    store = widgets.Store("sqlite://")
    ws = store.team("Budget $^$ team")
    for name, effect in (("$5 and $10", "barrier"), ("$\\Kits$", "facilitator")):
        ws.save("member", {"name": name, "perspective": "leader"})
        ws.save("context_factor", {"construct": "III.J", "member": name, "effect": effect,
                                   "strength": 2, "note": "$x^2$ a budget"})
    ws.save("action_step", {"step": "Buy $\\Kits$ for $5", "owner": "$5 and $10",
                            "due": "2027-01-15"})
    assert "Budget $^$ team" in plan_html(ws)
    write_plan_docx(ws, tmp_path / "plan.docx")
    drawn = []
    real = charts._chart
    charts._chart = lambda fig, alt: (drawn.extend(fig.findobj(
        lambda o: hasattr(o, "get_parse_math"))), real(fig, alt))[1]
    try:
        charts.bars(["Budget $^$ team", "$5 and $10"], [1, 2], "$x$", "alt", limit=3)
    finally:
        charts._chart = real
    assert drawn and not any(t.get_parse_math() for t in drawn)


def test_windows_line_endings_are_one_line_break_in_the_word_document(ws, tmp_path):
    for step in ws.list("action_step"):
        ws.save("action_step", {**step, "owner": step["owner"],
                                "step": step["step"] + "\r\nthen ring the clinic\rand file it"},
                by="Tester")
    doc = Document(write_plan_docx(ws, tmp_path / "plan.docx"))
    cells = [c for grid in doc.tables for row in grid.rows for c in row.cells
             if "then ring the clinic" in c.text]
    assert cells
    for cell in cells:
        assert "\n\n" not in cell.text
        assert cell.text.endswith("\nthen ring the clinic\nand file it")
