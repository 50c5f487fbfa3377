"""Module 7 widgets: sustainability ratings and actions, reflections."""

from html import unescape

from widgets import ReflectionForm, Store, SustainabilityForm, SustainabilityView


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
