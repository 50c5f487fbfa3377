"""Module 7 widgets: sustainability rated by each member alone, where members differ, the
team's ratings and actions; the spreading exercise; reflections; the module in two sessions."""

import re
from datetime import date
from html import unescape

import nbformat

from tests.support import ROOT
from widgets import (
    MemberSustainabilityForm,
    ReflectionForm,
    SpreadingForm,
    SpreadingView,
    Store,
    SustainabilityDisagreements,
    SustainabilityForm,
    SustainabilityView,
    example_workspace,
)
from widgets.analysis.sustain import sustainability_spread
from widgets.reference import framework_items
from widgets.reference.psat import PSAT_DESCRIPTIONS, psat_description


def test_weak_domains_need_an_action(store_url):
    ws = Store(store_url).team("Eastside")
    form, view = SustainabilityForm(ws), SustainabilityView(ws)
    for domain, rating, action in [("Funding stability", 2, ""), ("Partnerships", 6, "")]:
        form.domain.value = domain
        form.fields["rating"].value, form.fields["action"].value = rating, action
        form.author.value = "Sam"
        form.save.click()
    assert "Weak domains with no action yet: Funding stability." in unescape(view.body.value)
    form.domain.value = "Funding stability"
    assert form.fields["rating"].value == 2
    form.fields["action"].value = "Ask the board by June"
    form.save.click()
    html = unescape(view.body.value)
    assert "Every weak domain (3 or lower) has an action." in html
    assert html.index("Funding stability") < html.index("Partnerships")  # the tool's order


def test_reflections_are_each_members_own(store_url):
    ws = Store(store_url).team("Eastside")
    form = ReflectionForm(ws, module=7)
    for member, words in [("Luis", "The Thursday meetings"), ("Amara", "Too much on me")]:
        form.member.value = member
        form.fields["text"].value = words
        form.save.click()
    assert {(r["member"], r["text"], r["module"]) for r in ws.list("reflection")} == {
        ("Luis", "The Thursday meetings", 7), ("Amara", "Too much on me", 7)}
    form.member.value = "Luis"
    assert form.fields["text"].value == "The Thursday meetings"


def test_on_the_site_no_button_can_be_pressed_and_each_form_says_why(store_url, monkeypatch):
    """The site's pages have no kernel behind them: a Save that did nothing, silently, was
    found there. Run as the site's build runs the notebooks (COURSE_EDITION=site)."""
    import ipywidgets as ipw

    from widgets.editions import EDITION_ENV, SITE
    from widgets.forms import PlanExport
    from widgets.forms._base import SITE_NOTE, widget_tree

    ws = Store(store_url).team("Eastside")
    monkeypatch.setenv(EDITION_ENV, SITE)
    boxes = [SustainabilityForm(ws), SustainabilityView(ws), PlanExport(ws)]
    for box in boxes:
        buttons = [w for w in widget_tree(box) if isinstance(w, ipw.Button)]
        assert buttons and all(b.disabled and b.tooltip == SITE_NOTE for b in buttons)
    assert SITE_NOTE in boxes[0].message.value and SITE_NOTE in boxes[2].message.value
    monkeypatch.delenv(EDITION_ENV)
    assert not SustainabilityForm(ws).save.disabled  # elsewhere, saving works as ever


def _rate_alone(form, member, domain, rating, note=""):
    form.member.value = member
    form.domain.value = domain
    form.fields["rating"].value, form.fields["note"].value = rating, note
    form.save.click()
    return form.message.value


def test_every_domain_has_a_plain_description_in_the_courses_own_words():
    assert set(PSAT_DESCRIPTIONS) == set(framework_items("PSAT_domain"))
    for domain in framework_items("PSAT_domain"):
        desc = psat_description(domain)
        assert 1 <= len(re.findall(r"[.?!](?:\s|$)", desc.text)) <= 3, domain  # 1-2 + a question
        assert desc.label.startswith("In the course's own words")
    assert psat_description(None) is None


def test_members_rate_alone_and_the_view_flags_far_apart_domains_without_names(store_url):
    ws = Store(store_url).team("Eastside")
    ws.viewer = "Luis Zamora"  # he rates on his own first; the spread opens to him after
    form, view = MemberSustainabilityForm(ws), SustainabilityDisagreements(ws)
    assert "No member has rated so far." in view.body.value
    form.domain.value = "Funding stability"
    under = unescape(form.children[form.children.index(form.domain) + 1].value)
    assert PSAT_DESCRIPTIONS["Funding stability"] in under
    assert "In the course's own words" in under
    for member, funding, partners in [("Luis Zamora", 5, 6), ("Priya Wolde", 2, 5),
                                      ("Grace Tanaka", 3, 6)]:
        assert "Saved" in _rate_alone(form, member, "Funding stability", funding, "the grant")
        _rate_alone(form, member, "Partnerships", partners)
    _rate_alone(form, "Luis Zamora", "Strategic planning", 1)  # one alone: nothing to compare
    assert {(r["member"], r["domain"], r["rating"]) for r in ws.list("sustainability_rating")
            } >= {("Luis Zamora", "Funding stability", 5), ("Priya Wolde", "Funding stability",
                                                            2)}
    assert ws.list("sustainability") == []  # a member's rating is not the team's
    html = unescape(view.body.value)
    assert "Talk about these first: Funding stability." in html
    assert "Partnerships" in html and "Strategic planning" in html
    assert [(s.domain, s.rated, s.lowest, s.highest, s.far_apart)
            for s in sustainability_spread(ws)] == [
        ("Funding stability", 3, 2, 5, True), ("Partnerships", 3, 5, 6, False),
        ("Strategic planning", 1, 1, 1, False)]
    for name in ("Luis", "Priya", "Grace", "Zamora", "Wolde", "Tanaka"):
        assert name not in html, "the spread never says who said what"

    form.member.value, form.domain.value = "Priya Wolde", "Partnerships"
    assert form.fields["rating"].value == 5  # her own earlier rating, to change
    form.member.value = "Someone new"
    assert form.fields["rating"].value is None  # nothing of hers shown under another name


def test_the_team_form_shows_members_ratings_and_the_description(store_url):
    ws = Store(store_url).team("Eastside")
    ws.viewer = "Luis"  # he rated on his own first, so the team's form shows him the rest
    alone = MemberSustainabilityForm(ws)
    _rate_alone(alone, "Luis", "Communications", 3, "Patients <b>have not</b> heard of it")
    _rate_alone(alone, "Priya", "Communications", 6)
    team = SustainabilityForm(ws)
    team.domain.value = "Communications"
    said = team.members_say.value
    assert "What members said" in said and "Luis" in said and "Priya" in said
    assert "<b>have not</b>" not in said and "&lt;b&gt;have not&lt;/b&gt;" in said
    assert PSAT_DESCRIPTIONS["Communications"] in unescape(team.children[
        team.children.index(team.domain) + 1].children[0].value)
    team.domain.value = "Partnerships"
    assert "No member has rated this yet." in team.members_say.value
    assert team.fields["rating"].value is None


def _plan(form, **values):
    for name, value in values.items():
        form.fields[name].value = value
    form.author.value = "Sam"
    form.save.click()
    return unescape(form.message.value)


def test_the_spreading_form_saves_a_plan_and_refuses_one_with_no_one_deciding(store_url):
    ws = Store(store_url).team("Eastside")
    form, view = SpreadingForm(ws), SpreadingView(ws)
    assert "No plan for spreading yet." in view.body.value
    message = _plan(form, where="Northside clinic", core="Peers who live with diabetes",
                    can_change="Meeting times", decides="", first_step="Ask the director")
    assert "Please fill in “Who decides”." in message
    assert ws.list("spreading") == []
    message = _plan(form, decides="Northside's director", by_when=date(2027, 4, 15))
    assert "Saved the plan for spreading to “Northside clinic”." in message
    [saved] = ws.list("spreading")
    assert (saved["where"], saved["decides"], saved["by_when"]) == (
        "Northside clinic", "Northside's director", "2027-04-15")
    html = unescape(view.body.value)
    assert "Northside's director" in html and "Peers who live with diabetes" in html


def test_the_spreading_view_escapes_hostile_text(store_url):
    ws = Store(store_url).team("Eastside")
    form, view = SpreadingForm(ws), SpreadingView(ws)
    hostile = "<img src=x onerror=alert(1)>"
    _plan(form, where=hostile, core="<script>alert(2)</script>", decides=hostile)
    assert len(ws.list("spreading")) == 1
    assert "<img" not in view.body.value and "<script>" not in view.body.value
    assert "&lt;img src=x" in view.body.value and "<img" not in form.message.value


def test_riverbend_rated_alone_and_planned_a_spread():
    ex = example_workspace()
    assert {r["member"] for r in ex.list("sustainability_rating")} == {
        m["name"] for m in ex.members()}
    assert [s.domain for s in sustainability_spread(ex) if s.far_apart] == [
        "Funding stability", "Organizational capacity", "Communications"]  # as Module 7 reads
    [plan] = ex.list("spreading")
    assert plan["where"].startswith("Eastside Clinic") and plan["decides"] and plan["core"]


def _sources() -> list[nbformat.NotebookNode]:
    return nbformat.read(ROOT / "modules" / "07_sustain.ipynb", as_version=4).cells


def test_the_module_runs_in_two_sessions_and_the_notes_time_both():
    cells = _sources()
    sources = [c.source for c in cells]
    first = sources.index(next(s for s in sources if s.startswith("## Session 1: will it last?")))
    second = sources.index(next(s for s in sources
                                if s.startswith("## Session 2: spreading and closing")))
    where = {s: i for i, s in enumerate(sources)}
    assert first < where["widgets.MemberSustainabilityForm(ws)"] < where[
        "widgets.SustainabilityDisagreements(ws)"] < where["widgets.SustainabilityForm(ws)"] < \
        where["widgets.SustainabilityView(ws)"] < second
    assert second < where["widgets.SpreadingForm(ws)"] < where["widgets.PlanExport(ws)"] < \
        where["widgets.PulseForm(ws, module=7)"] < where["widgets.ReflectionForm(ws, module=7)"] \
        < where["widgets.MeetingLog(ws, module=7)"] < where["widgets.ModuleProgress(ws, module=7)"]
    [notes] = [c.source for c in cells if "facilitator-notes" in c.metadata.get("tags", [])]
    for session in ("*Session 1: will it last? (90 minutes)*",
                    "*Session 2: spreading and closing (90 minutes)*"):
        part = notes.split(session)[1].split("\n*")[0]
        assert re.search(r"^- 0-\d+ min:", part, re.M) and "min:" in part, session
        assert re.search(r"-90 min:", part), session
    assert "60-minute Session 1" in notes and "60-minute Session 2" in notes
