"""What each domain of the Program Sustainability Assessment Tool (PSAT) asks, in the course's
own plain words, with a question to ask.

These are the course's own words, not the tool's: the course read the domain names only in
secondary sources (the reference facts mark them "secondary"), and never the tool's statements.
Shown under the domain picker wherever a member or the team rates a domain.
"""

from __future__ import annotations

from .descriptions import Description

__all__ = ["PSAT_DESCRIPTIONS", "PSAT_SOURCE", "psat_description"]

PSAT_SOURCE = "Luke DA et al. 2014"  # the tool; its domain names are from secondary sources

# The course's own words, one or two plain sentences per domain (Module 7 says the same).
PSAT_DESCRIPTIONS: dict[str, str] = {
    "Environmental support": "Backing for the program from around it: leaders, champions, the "
                             "community and the wider policy climate. Ask: who outside our "
                             "team would speak up for it?",
    "Funding stability": "Money the program can count on over time, not just one start-up "
                         "grant. Ask: what pays for it after the current money ends?",
    "Partnerships": "Working ties with community groups, other organizations and the people "
                    "the program serves. Ask: who shares the work, and would they notice if it "
                    "stopped?",
    "Organizational capacity": "What the organization needs to run the program as part of "
                               "normal work: staff, skills, time, systems and a place in "
                               "someone's job. Ask: if our main person left, would it keep "
                               "running?",
    "Program evaluation": "Checking how the program is doing, and using what you learn to "
                          "improve it and show what it does. Ask: could we show a leader or a "
                          "funder what it has done?",
    "Program adaptation": "Being able to change the program as needs, people and evidence "
                          "change, while keeping what makes it work. Ask: when something stops "
                          "working, do we notice and change it?",
    "Communications": "Telling staff, leaders, partners and the public about the program and "
                      "its results, in words they understand. Ask: do the people who decide "
                      "about money and time know what it does?",
    "Strategic planning": "A longer-term plan for the program: clear goals, and a place in the "
                          "organization's own plans. Ask: is it in next year's plan?",
}


def psat_description(domain: str | None) -> Description | None:
    """The course's description of a PSAT domain, labelled as the course's own words."""
    text = PSAT_DESCRIPTIONS.get(domain or "")
    return Description(text, PSAT_SOURCE, "course paraphrase") if text else None
