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
from widgets.grading.checks.sustain import plan_complete
from widgets.report import plan_sections
from widgets.report.plan import NOTHING_REVIEWED

# Makes the whole plan, every chart drawn, once more (seconds each): in `make test`, not in the
# fast loop of `make check`, which keeps the plan page's own test.
WHOLE_PLAN = pytest.mark.slow

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
    spec = ws.get("specification", "46")
    ws.save("specification", {**spec, "dose": "tbd"}, by="Tester")
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
    charts = [c for s in plan_sections(ws) for c in s.charts]
    pictures = [c for c in charts if not c.svg]
    assert len(page.alts) == len(pictures) >= 5 and all(page.alts)
    assert page.tags.count("svg") == len(charts) - len(pictures) >= 1  # the logic model
    assert all(u.startswith("data:image/png;base64,") for u in page.urls)


HOSTILE = "<script>alert('plan')</script> Walk & talk, twice a month"
WALKERS = "Walkers each week <i>"  # a measure named by the team
LATE_STEP = "Walk the new route <b>twice</b>"
BLOCKED_STEP = "Hire a walking leader"


@pytest.fixture
def kept_up(ws):
    """The example team with follow-through of its own after the course: a late step, a
    blocked one, a measure counted out of a total with one value that does not read, an
    adaptation that rewrites a justification, a strategy dropped for another, a review and
    re-ratings. Team text is awkward throughout."""
    names = [m["name"] for m in ws.members()]
    ws.save("action_step", {"step": LATE_STEP, "owner": names[0], "strategy": 46,
                            "due": "2020-01-15", "status": "under way",
                            "status_date": "2020-01-10"}, by="Tester")  # late on any day
    ws.save("action_step", {"step": BLOCKED_STEP, "owner": names[1], "due": "2027-08-01",
                            "status": "blocked", "status_date": "2027-08-20",
                            "status_reason": AWKWARD_ASK}, by="Tester")
    ws.save("outcome_measure", {"strategy": 46, "dimension": "Adoption", "measure": WALKERS,
                                "source": "sign-in sheet", "collector": names[0],
                                "timing": "weekly", "value_type": "count out of a total",
                                "goal": "30/40"}, by="Tester")
    for day, value in (("2027-08-01", "12/40"), ("2027-08-15", "25/40"),
                       ("2027-08-29", "about half")):
        ws.save("measure_value", {"strategy": 46, "dimension": "Adoption", "measure": WALKERS,
                                  "date": day, "value": value, "collector": names[0],
                                  "note": AWKWARD_ASK}, by="Tester")
    frame = {"nature": "content", "fidelity": "keeps the core", "goal": "Keep people walking",
             "reason": AWKWARD_ASK, "planned": "planned ahead", "decided_by": names[:2],
             "spread": "the whole initiative"}
    ws.save("adaptation", {**frame, "strategy": 46, "date": "2027-08-30",
                           "part": "justification", "change": "Why it works, said again",
                           "new_value": HOSTILE}, by="Tester")
    ws.save("adaptation", {**frame, "strategy": 35, "date": "2027-09-01",
                           "part": "dropped the strategy", "change": "No champion stayed",
                           "replaced_by": 1, "reason": "Paid time, not goodwill"},
            by="Tester")
    ws.save("review", {"date": "2027-09-10", "attendees": names[:3], "decisions": HOSTILE,
                       "next_review": "2027-10-08"}, by="Tester")
    factor = ws.list("agreed_factor")[0]
    ws.save("agreed_rerating", {"review": "2027-09-10", "construct": factor["construct"],
                                "effect": "facilitator", "strength": 1, "note": ""},
            by="Tester")
    ws.save("readiness_agreed", {"review": "2027-09-10", "component": "Motivation",
                                 "rating": 5, "note": ""}, by="Tester")
    return ws


def _section(ws, title: str):
    return next(s for s in plan_sections(ws) if s.title == title)


@WHOLE_PLAN
def test_the_plan_shows_how_the_team_kept_it_up(kept_up):
    ws = kept_up
    html = plan_html(ws)
    page = _parse(html)
    text = "".join(page.text)
    assert "script" not in page.tags and "b" not in page.tags and "i" not in page.tags
    assert HOSTILE in text and AWKWARD_ASK in text and WALKERS in text

    steps = _section(ws, "Where each step stands")
    standing = [row[0] for row in steps.rows]
    order = ["blocked", "late", "under way", "not started", "done", "dropped"]
    assert standing == sorted(standing, key=order.index)  # blocked and late first
    by_step = {row[3]: row for row in steps.rows}
    assert by_step[LATE_STEP][:3] == ("late", "2020-01-10", "2020-01-15")
    assert by_step[BLOCKED_STEP][0] == "blocked" and by_step[BLOCKED_STEP][-1] == AWKWARD_ASK
    assert steps.text[0].startswith(f"{len(standing)} steps: {standing.count('blocked')} "
                                    f"blocked, {standing.count('late')} late")

    measures = _section(ws, "Measures over time")
    walkers = [row[1:3] for row in measures.rows if row[0].startswith(WALKERS)]
    assert walkers == [("2027-08-01", "12/40"), ("2027-08-15", "25/40"),
                       ("2027-08-29", "about half (not drawn)")]
    assert any("30/40 (count out of a total)" in t for t in measures.text)
    drawn = [c for c in measures.charts if WALKERS in c.alt]
    assert len(drawn) == 1 and "62.5%" in drawn[0].alt  # 25 out of 40, drawn as what it is

    adaptations = _section(ws, "Adaptations")
    assert [row[0] for row in adaptations.rows[:2]] == ["2027-09-01", "2027-08-30"]
    # The strategy adapted last (46) comes last, with the current wording of what changed only.
    header = adaptations.text.index("46. Obtain and use patients/consumers and family "
                                    "feedback: version 2, adapted once.")
    assert adaptations.text[header + 1:] == [f"Justification now: {HOSTILE}"]
    assert "35. Identify and prepare champions: dropped, no longer in the plan." in \
        adaptations.text

    specs = {row[0]: row for row in _section(ws, "Strategy specifications").rows}
    current = specs["46. Obtain and use patients/consumers and family feedback (adapted once; "
                    "this is version 2)"]
    assert current[7] == HOSTILE
    assert not any(label.startswith("35. ") for label in specs)  # dropped: not run any more
    assert specs["1. Access new funding"][-1] == "Not specified yet"  # added in its place
    strategies = {row[0]: row for row in _section(ws, "Strategies").rows}
    assert strategies["35. Identify and prepare champions (dropped on 2027-09-01)"][2].endswith(
        "; Dropped: Paid time, not goodwill")
    dropped = strategies["35. Identify and prepare champions (dropped on 2027-09-01)"]
    assert strategies["1. Access new funding (added on 2027-09-01)"][1:] == (
        dropped[1],  # it acts on the barriers of what it replaced
        "Added: In place of 35. Identify and prepare champions: Paid time, not goodwill")
    assert dropped[1]

    reviews = _section(ws, "Review meetings")
    assert reviews.rows[0][0] == "2027-09-10" and reviews.rows[0][2] == HOSTILE

    moved = {row[0]: row[1:] for row in _section(ws, "How the context and readiness moved").rows}
    factor = widgets.cfir_construct(ws.list("agreed_factor")[0]["construct"]).name
    assert moved[f"Context: {factor}"][1:4] == ("+1", "+4", "2027-09-10")
    assert moved["Readiness: Motivation"][1:4] == ("5", "+1", "2027-09-10")
    assert len(_section(ws, "How the context and readiness moved").charts) == 2

    model = _section(ws, "Logic model")
    assert [c.svg is not None for c in model.charts] == [True]
    assert "1. Access new funding" in [row[1] for row in model.rows]
    svg = html[html.index("<svg"):]
    assert "Implementation Research Logic Model" in svg  # its title, as text a reader finds
    assert "&lt;script&gt;alert(" in svg  # the adapted justification, escaped


@WHOLE_PLAN
def test_the_word_plan_holds_the_follow_through_and_the_logic_model(kept_up, tmp_path):
    ws = kept_up
    path = write_plan_docx(ws, tmp_path / "plan.docx")
    doc = Document(path)
    text = _docx_text(path)
    for words in (LATE_STEP, "about half (not drawn)", "12/40", HOSTILE, AWKWARD_ASK,
                  "2027-09-10", "Justification now: " + HOSTILE, "Access new funding (added on"):
        assert words in text, words
    assert "\nlate\n" in text and "\nblocked\n" in text  # where each step stands, as cells
    charts = [c for s in plan_sections(ws) for c in s.charts]
    assert len(doc.inline_shapes) == len(charts)
    model = _section(ws, "Logic model").charts[0]
    pictures = [p for p in doc.paragraphs if p.text == model.alt]
    assert len(pictures) == 1  # the logic model's words below its picture
    blobs = [doc.part.related_parts[s._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
             for s in doc.inline_shapes]
    assert model.png in blobs


@WHOLE_PLAN
def test_the_wide_parts_of_the_word_plan_are_on_pages_turned_sideways(kept_up, tmp_path):
    """The logic model (a landscape page) and the 11 columns of the adaptation log would be
    unreadable on an upright page: each wide part gets pages of its own, turned sideways, and
    the plan turns upright again after them."""
    from docx.enum.section import WD_ORIENT

    doc = Document(write_plan_docx(kept_up, tmp_path / "plan.docx"))
    turned = [s for s in doc.sections if s.orientation == WD_ORIENT.LANDSCAPE]
    assert turned and all(s.page_width > s.page_height for s in turned)
    assert doc.sections[-1].orientation == WD_ORIENT.PORTRAIT
    assert doc.sections[-1].page_width < doc.sections[-1].page_height
    model = next(s for s in doc.inline_shapes
                 if s.width == max(shape.width for shape in doc.inline_shapes))
    assert round(model.width.inches) == 9  # the logic model across a sideways page
    wide = [t for t in doc.tables if len(t.columns) == 11]  # the adaptation log
    assert wide


def test_a_team_that_finished_the_course_has_a_complete_plan_before_its_first_review(ws):
    """The follow-through parts say they fill in at the reviews: the Module 7 check that every
    part of the plan has something in it still passes for a team that has not reviewed yet."""
    for kind in ("review", "measure_value", "adaptation", "agreed_rerating",
                 "readiness_agreed", "factor_rerating", "readiness_rerating"):
        for entry in ws.list(kind):
            ws.delete(kind, widgets.KINDS[kind].key(entry), by="Tester")
    assert plan_complete(ws) == []
    waiting = [s.title for s in plan_sections(ws) if s.text == [NOTHING_REVIEWED]]
    assert waiting == ["Measures over time", "Adaptations", "Review meetings",
                       "How the context and readiness moved"]
    assert all(not s.charts for s in plan_sections(ws) if s.title in waiting)


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


@WHOLE_PLAN
def test_word_document_holds_the_same_plan(ws, tmp_path):
    path = write_plan_docx(ws, tmp_path / "plan.docx")
    doc = Document(path)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [s.title for s in plan_sections(ws)]
    text = _docx_text(path)
    assert AWKWARD_NAME in text and "4 hours" in text
    for step in ws.list("action_step"):
        assert step["step"] in text
    assert len(doc.inline_shapes) == sum(len(s.charts) for s in plan_sections(ws))


def test_libreoffice_opens_the_word_document(kept_up, tmp_path, soffice):
    ws = kept_up
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
    for title in ("Where each step stands", "Measures over time", "Adaptations",
                  "Review meetings", "How the context and readiness moved", "Logic model"):
        assert title in text
    assert "Walkers each week <i>" in text and "25/40" in text and "שעות מוגנות" in text
    assert "2027-09-10" in text and HOSTILE in text


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


@WHOLE_PLAN
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


@WHOLE_PLAN
def test_each_chart_in_the_word_document_has_its_words_below_it_in_italics(ws, tmp_path):
    doc = Document(write_plan_docx(ws, tmp_path / "plan.docx"))
    alts = [c.alt for s in plan_sections(ws) for c in s.charts]
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


@WHOLE_PLAN
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
