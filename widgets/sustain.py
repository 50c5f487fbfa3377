"""Module 7: sustaining the work (the PSAT domains) and the team's reflections."""

from __future__ import annotations

from ._charts import Chart, bars
from ._forms import RecordForm, RecordView, choice, member_picker, text
from ._html import status, table
from .reference import framework_items
from .store import TeamWorkspace

__all__ = ["ReflectionForm", "SustainabilityForm", "SustainabilityView", "sustainability_rows"]

WEAK = 3  # the course's rule of thumb: a domain rated 3 or lower needs an action


class SustainabilityForm(RecordForm):
    """Rate one sustainability domain from 1 to 7, and say what the team will do about it."""

    kind = "sustainability"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.domain = choice("Sustainability domain", framework_items("PSAT_domain"),
                             radio=False)
        super().__init__(ws, {
            "domain": self.domain,
            "rating": choice("How well it is in place", [
                (f"{n}: {word}" if word else str(n), n) for n, word in
                [(1, "not at all"), (2, ""), (3, ""), (4, "partly"), (5, ""), (6, ""),
                 (7, "fully")]]),
            "action": text("Action to sustain it", "What the team will do, who, by when",
                           long=True),
        }, author=member_picker(ws, "Recorded by"))
        self.domain.observe(lambda _c: self.load(ws.get(self.kind, self.domain.value)),
                            "value")

    def saved_message(self, saved: dict) -> str:
        return f"Saved “{saved['domain']}”: {saved['rating']} of 7."


def sustainability_rows(ws: TeamWorkspace) -> list[tuple[str, int, str]]:
    """Each rated domain, in the tool's order: domain, rating, action."""
    rated = {r["domain"]: r for r in ws.list("sustainability")}
    return [(d, rated[d]["rating"], rated[d]["action"]) for d in framework_items("PSAT_domain")
            if d in rated]


def sustainability_chart(rows: list[tuple[str, int, str]]) -> Chart:
    """Each rated domain as a bar on the 1 to 7 scale."""
    return bars([d for d, _, _ in rows], [r for _, r, _ in rows],
                "How well it is in place (1 not at all to 7 fully)",
                f"Bar chart of {len(rows)} sustainability domains rated from 1 to 7. The table "
                "below holds the same ratings.", limit=7)


class SustainabilityView(RecordView):
    """Ratings of the eight domains, with weak domains that have no action flagged."""

    kinds = ("sustainability",)

    def render(self) -> str:
        rows = sustainability_rows(self.ws)
        if not rows:
            return "<p>No domains rated yet.</p>"
        chart = sustainability_chart(rows)
        weak = [d for d, r, action in rows if r <= WEAK and not action.strip()]
        summary = status(
            f"Weak domains with no action yet: {', '.join(weak)}." if weak else
            "Every weak domain (3 or lower) has an action.", not weak)
        return chart.html() + summary + table(("Domain", "Rating", "Action"), rows,
                                              caption=f"Sustainability plan of {self.ws.name}")


class ReflectionForm(RecordForm):
    """Each member reflects on how the team learned together."""

    kind = "reflection"

    def __init__(self, ws: TeamWorkspace, module: int = 7) -> None:
        self.module = module
        self.member = member_picker(ws)
        super().__init__(ws, {"member": self.member,
                              "text": text("Your reflection", long=True)})
        self.fields["text"].layout.height = "10em"
        self.member.observe(lambda _c: self.load(
            ws.get(self.kind, f"{module}|{self.member.value}")), "value")

    def values(self) -> dict:
        return {**super().values(), "module": self.module}

    def saved_message(self, saved: dict) -> str:
        return f"Saved {saved['member']}'s reflection."
