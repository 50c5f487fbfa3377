"""Module 3 widgets: suggestions, the published example, the matrix file, decisions, coverage."""

import csv
from html import unescape

import pytest

import widgets
from widgets import (
    CoverageView,
    MatrixError,
    PriorityForm,
    Store,
    StrategySelector,
    load_matching_matrix,
)
from widgets.reference import COURSE_LABEL, cfir1_columns, course_suggestions


@pytest.fixture
def ws(store_url):
    ws = Store(store_url).team("Eastside")
    for code, importance, changeability in [("III.C", 2, 3), ("III.F", 3, 2), ("III.J.1", 3, 1)]:
        ws.save("priority", {"construct": code, "importance": importance,
                             "changeability": changeability, "reason": ""}, by="Ana")
    return ws


def test_every_cfir_factor_has_labelled_course_suggestions():
    for c in widgets.cfir_constructs():
        suggestions = course_suggestions(c.code)
        assert 2 <= len(suggestions) <= 3, c.code
        for sid, reasoning in suggestions:
            widgets.eric_strategy(sid)  # a real ERIC number
            assert len(reasoning.split()) >= 8
    assert "not an expert rating" in COURSE_LABEL


def test_published_example_is_shown_as_published():
    html = widgets.published_example().value
    assert "As published in Waltz et al. 2019, Table 1" in unescape(html)
    assert html.count("<tr>") == 1 + 40
    assert "Develop and implement tools for quality monitoring</td><td>26</td><td>1</td>" \
           "<td>15</td><td>60%</td>" in html
    assert "no: row truncated" in html


def _decide(selector, barrier, strategy, decision, reason, who="Ana"):
    selector.barrier.value = barrier
    form = selector.form
    form.strategy.value, form.decision.value = strategy, decision
    form.reason.value, form.author.value = reason, who
    form.save.click()
    return unescape(form.message.value)


def test_choosing_and_rejecting_strategies_keeps_the_reasons(ws):
    selector, coverage = StrategySelector(ws), CoverageView(ws)
    assert [code for _, code in selector.barrier.options] == ["III.F", "III.C", "III.J.1"]
    assert COURSE_LABEL in unescape(selector.suggestions.value)
    suggested = course_suggestions("III.C")[0][0]
    message = _decide(selector, "III.C", suggested, "accepted", "Staff learn how to refer")
    assert "chosen for “Communications”" in message
    _decide(selector, "III.F", 35, "accepted", "A champion moves meeting times")
    _decide(selector, "III.C", 35, "accepted", "A champion answers <questions>")
    _decide(selector, "III.F", 2, "rejected", "No budget")
    decisions = {(d["construct"], d["strategy"]): d for d in ws.list("strategy_decision")}
    assert decisions[("III.C", suggested)]["source"] == "course suggestion"
    assert decisions[("III.F", 2)]["decision"] == "rejected"
    strategies = {s["strategy"]: s for s in ws.list("strategy")}
    assert set(strategies) == {suggested, 35}  # a rejected strategy is not selected
    assert strategies[35]["barriers"] == ["III.F", "III.C"]
    assert "Communications: A champion answers <questions>" in strategies[35]["reason"]
    html = unescape(coverage.body.value)
    assert "1 priority barrier has no strategy yet: Funding." in html
    assert "Strategies that serve several barriers" in html
    selector.barrier.value = "III.C"
    assert "A champion answers &lt;questions&gt;" in selector.decisions.value
    # Changing one's mind: the strategy no longer serves that barrier.
    _decide(selector, "III.F", 35, "rejected", "On reflection, not for this")
    assert ws.get("strategy", "35")["barriers"] == ["III.C"]
    _decide(selector, "III.C", 35, "rejected", "Dropped")
    assert ws.get("strategy", "35") is None and ws.deleted("strategy")


def test_a_decision_needs_a_reason(ws):
    selector = StrategySelector(ws)
    message = _decide(selector, "III.C", 15, "accepted", "")
    assert "Not saved yet" in message and "Why" in message
    assert ws.list("strategy_decision") == []


def test_without_priorities_the_selector_says_where_to_start(store_url):
    selector = StrategySelector(Store(store_url).team("Empty"))
    assert "Choose them in Module 2 first" in selector.children[0].value


def _write_matrix(path, barriers, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["CFIR-ERIC matching tool (a team's copy)"])
        w.writerow(["Strategy", *barriers])
        w.writerows(rows)


def test_loading_a_matrix_file_csv_and_xlsx(ws, tmp_path):
    names = [s.name for s in widgets.eric_strategies()]
    rows = [[name, f"{(i * 7) % 61}%", (i * 3) % 40] for i, name in enumerate(names)]
    path = tmp_path / "matrix.csv"
    _write_matrix(path, ["Communications", "Available Resources"], rows)
    matrix = load_matching_matrix(path)
    assert matrix.barriers == ["Communications", "Available Resources"]
    top = matrix.top("Communications", 3)
    assert [pct for _, pct in top] == sorted((pct for _, pct in top), reverse=True)
    assert top[0] == (names.index(rows[max(range(73), key=lambda i: (i * 7) % 61)][0]) + 1, 60)
    assert matrix.column_for("III.C") == "Communications"
    selector = StrategySelector(ws, matrix=matrix)
    selector.barrier.value = "III.C"
    assert selector.column.value == "Communications"
    assert "From your matching tool file (matrix.csv)" in unescape(selector.suggestions.value)
    tool_pick = matrix.top("Communications", 1)[0][0]
    if tool_pick not in {s for s, _ in course_suggestions("III.C")}:
        _decide(selector, "III.C", tool_pick, "accepted", "Experts endorsed it; it fits us")
        assert ws.get("strategy_decision", f"III.C|{tool_pick}")["source"] == "matching tool"

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Strategy", "Communications"])
    for name, pct, _ in rows:
        sheet.append([name, int(pct.rstrip("%"))])
    book.save(tmp_path / "matrix.xlsx")
    assert load_matching_matrix(tmp_path / "matrix.xlsx").top("Communications", 5) == \
        matrix.top("Communications", 5)


def test_no_matrix_file_is_fine_and_bad_files_get_plain_messages(tmp_path):
    assert load_matching_matrix("") is None
    with pytest.raises(MatrixError, match="There is no file at"):
        load_matching_matrix(tmp_path / "missing.xlsx")
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    with pytest.raises(MatrixError, match="not a spreadsheet the course can read"):
        load_matching_matrix(notes)
    wrong = tmp_path / "budget.csv"
    _write_matrix(wrong, ["2026", "2027"], [["Salaries", 1, 2], ["Rent", 3, 4]])
    with pytest.raises(MatrixError, match="does not look like a CFIR-ERIC matching matrix"):
        load_matching_matrix(wrong)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not really a workbook")
    with pytest.raises(MatrixError, match="could not be opened as a spreadsheet"):
        load_matching_matrix(fake)


def test_a_barrier_kept_for_leaders_needs_no_strategy_of_the_teams(ws):
    """Module 2 teaches to keep an important barrier the team cannot change for leaders; the
    coverage view and Module 3's check once still asked a strategy for it."""
    from widgets.grading.checks import MODULE_CHECKS

    covered = next(c for c in MODULE_CHECKS[3] if c.name == "priorities_covered")
    coverage = CoverageView(ws)

    def gaps() -> str:  # the coverage view's summary line
        return unescape(coverage.body.value).split("</div>")[0]

    assert "Funding" in gaps() and any("Funding" in p for p in covered(ws))
    ws.save("agreed_factor", {"construct": "III.J.1", "effect": "barrier", "strength": 3,
                              "note": "Grant ends in June"}, by="Ana")
    form = PriorityForm(ws)
    form.construct.value = "III.J.1"
    assert form.fields["acted_on_by"].value == "our team"  # as it was saved
    form.fields["acted_on_by"].value = "leaders"
    form.author.value = "Ana"
    form.save.click()
    assert "It is kept for leaders." in form.message.value
    assert "Funding" not in gaps() and not any("Funding" in p for p in covered(ws))
    assert "2 priority barriers have no strategy yet" in gaps()
    assert "kept for leaders (Module 5)" in coverage.body.value
    for p in ws.list("priority"):  # every barrier left to leaders: the team does nothing
        ws.save("priority", {**p, "acted_on_by": "leaders"}, by="Ana")
    assert covered(ws)[0].startswith("Every priority barrier is kept for leaders.")
    assert "Every priority barrier your team acts on has a strategy; 3 are kept for " \
           "leaders." in gaps()


def test_a_cfir_1_matrix_column_is_found_for_a_cfir_2_barrier_and_said_to_be_the_courses(
        ws, tmp_path):
    """The matching tool's matrix names CFIR 1.0 constructs; the team's barriers are CFIR 2.0
    (Funding is a part of Available Resources; Opportunity has no CFIR 1.0 name of its own)."""
    names = [s.name for s in widgets.eric_strategies()]
    path = tmp_path / "matrix.csv"
    _write_matrix(path, ["Available resources", "Networks and communications", "Self-efficacy"],
                  [[name, f"{(i * 7) % 61}%", "5%", "9%"] for i, name in enumerate(names)])
    matrix = load_matching_matrix(path)
    assert matrix.column_for("III.J.1") == "Available resources"  # by its construct
    assert matrix.column_for("III.B") == "Networks and communications"  # CFIR 2.0 split it
    assert matrix.column_for("IV.Characteristics.B") == "Self-efficacy"
    assert matrix.column_for("IV.Characteristics.C") is None  # nothing the course maps
    assert cfir1_columns("III.C") == ["Networks and communications"]
    ws.save("priority", {"construct": "III.B", "importance": 3, "changeability": 3,
                         "reason": ""}, by="Ana")
    selector = StrategySelector(ws, matrix=matrix)
    selector.barrier.value = "III.B"
    html = unescape(selector.suggestions.value)
    assert selector.column.value == "Networks and communications"
    assert "the course's own mapping from CFIR 2.0 to the CFIR 1.0 names" in html
    selector.barrier.value = "III.C"  # same column, by the same mapping
    assert "was picked for “Communications”" in unescape(selector.suggestions.value)


def _after(form, picker) -> str:
    """What a form shows right under one of its fields."""
    children = list(form.children)
    return unescape(children[children.index(picker) + 1].value)


def test_a_strategy_is_chosen_by_what_it_means(ws):
    """Where a team picks a strategy, what it means shows, said as the course's words."""
    form = StrategySelector(ws).form
    assert _after(form, form.strategy) == ""  # nothing picked yet
    form.strategy.value = 59
    said = _after(form, form.strategy)
    assert said.startswith('<p class="it-meaning"><b>What it means:</b> ')
    assert "(In the course's own words, after Powell BJ et al. 2015)" in said
    form.strategy.value = 37  # a description the course is less sure of says so
    assert "not yet checked against the source" in _after(form, form.strategy)
    table = unescape(widgets.eric_reference_table().value)
    assert "What it means (the course's own words)" in table
    assert "the course's paraphrase, not the source's words" in table
