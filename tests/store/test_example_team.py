"""The fictional example team: the demo workspace the notebooks, the site and tests load."""

import widgets
from scripts import make_example_team


def _strip_times(snap: dict) -> dict:
    return {"records": [{k: v for k, v in r.items() if k != "updated_at"}
                        for r in snap["records"]],
            "history": [{k: v for k, v in h.items() if k != "changed_at"}
                        for h in snap["history"]]}


def test_the_shipped_file_is_what_the_story_script_writes():
    ws = widgets.Store("sqlite://").team(widgets.EXAMPLE_TEAM)
    make_example_team.build(ws)
    shipped = widgets.store.example_snapshot()  # the file shipped in the package
    assert _strip_times(ws.snapshot()) == _strip_times(shipped), (
        "example_team.json is out of date: run python -m scripts.make_example_team")


def test_the_example_covers_modules_0_to_3():
    ex = widgets.example_workspace()
    assert ex.practice and len(ex.members()) == 6
    assert {m["perspective"] for m in ex.members()} >= {"implementer", "lived experience",
                                                        "leader", "community partner"}
    assert ex.get("agreements", "")["facilitator"] == "Sam Lee"
    assert {e["term"] for e in ex.list("glossary_agreed")} == {"strategy", "fidelity",
                                                               "mechanism"}
    assert ex.get("initiative", "")["name"]
    assert len({f["member"] for f in ex.context_factors()}) == 6
    assert len(ex.list("agreed_factor")) == 8
    assert len(ex.list("priority")) == 4
    assert {s["strategy"] for s in ex.list("strategy")} == {15, 35, 46, 59}
    assert len(ex.list("meeting")) == 3


def test_practice_changes_never_reach_the_shipped_example():
    first = widgets.example_workspace()
    first.save("member", {"name": "Visitor", "role": "", "perspective": "other"})
    assert "Visitor" not in {m["name"] for m in widgets.example_workspace().members()}
