"""What each graded exercise asks: knowledge-check questions (with their answers and, for each
option, why it is right or wrong, which a team reads when its answer is not the best one) and
the reflection, its rubric and the grader-only notes.

This file holds the answers, so it is not part of the ``widgets`` package that teams install:
``scripts/make_exercises.py`` writes them into the hidden tests and solution regions of the
source notebooks, which nbgrader strips from the copies teams get. The checks of the team's
applied work are in ``widgets/grading/checks/``; each exercise's module number and title come
from the course outline (``widgets/outline.py``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    """A multiple-choice question a non-programmer answers with one letter.

    ``feedback`` has one explanation per option, in the options' order: for the right one, why
    it is right; for each wrong one, why it is wrong (the mistake real teams make with it). A
    team whose answer is wrong reads both when the notebook is graded.
    """

    text: str
    options: tuple[str, ...]
    answer: str
    feedback: tuple[str, ...]

    def wrong_message(self, number: int, letter: str) -> str:
        """What the graded notebook says when a team answered ``letter`` and it is wrong."""
        chosen = self.feedback["ABCD".index(letter)]
        right = self.feedback["ABCD".index(self.answer)]
        return (f"Question {number}: that is not the best answer. You chose {letter}: {chosen} "
                f"Why the best answer is better: {right}")


@dataclass(frozen=True)
class Reflection:
    """The manually graded part: what the team writes about, how it is graded (seen by the
    team and the grader), and notes and a model answer for the grader only."""

    prompt: str
    rubric: tuple[str, str, str]  # one point each
    grader_notes: str
    model_answer: str


@dataclass(frozen=True)
class Exercise:
    """One module's exercise: the questions and the reflection (the module is the key)."""

    questions: tuple[Question, ...]
    reflection: Reflection


EXERCISES: dict[str, Exercise] = {}  # by the module's slug, such as "02_context"


def _add(slug: str, exercise: Exercise) -> None:
    EXERCISES[slug] = exercise


_add("00_team", Exercise((
    Question(
        "On your team, Maria's job title is *practice manager*. On this team, though, she mainly "
        "brings the view of the person who will run the new program day to day. Which "
        "perspective should the roster show for her?",
        ("Manager, because that is her job title and her place in the clinic",
         "Implementer, the view she brings to this team",
         "Leader, because managers make the decisions about staff time",
         "None: leave it empty for now"),
        "B",
        ("A perspective is the view a person brings to this team, and a job title does not "
         "always say what that is.",
         "A perspective is the view a person brings to this team. Maria brings the view of "
         "the person who runs the program day to day: an implementer's.",
         "Not every manager brings a leader's view. On this team, Maria speaks for the "
         "day-to-day work, not for the decisions.",
         "The roster can show her perspective now: Maria knows what view she brings, and the "
         "team can change it later.")),
    Question(
        "Which working agreement would be easiest to check at the end of a meeting?",
        ("“Respect each other, and each other's time, in every meeting.”",
         "“Be positive, and look for what works before what does not.”",
         "“Communicate well.”",
         "“Everyone speaks once before anyone speaks twice.”"),
        "D",
        ("Respect matters, but someone watching the meeting could not tick it off: nobody can "
         "see whether it was kept.",
         "Being positive is a mood, not something you can check. It can also stop people from "
         "raising real problems.",
         "“Communicate well” sounds clear, but two people can judge the same meeting "
         "differently. It cannot be ticked off.",
         "Good agreements are short, specific and easy to check. Anyone watching can see "
         "whether everyone spoke once before anyone spoke twice.")),
    Question(
        "Who is best placed to facilitate your team's sessions?",
        ("A member who has taken the course before, who keeps time and hears every voice",
         "The most senior leader on the team, since the final decisions are theirs",
         "Whoever knows the most implementation science, so they can answer questions",
         "Nobody: a small team can run its own sessions without a facilitator, as equals"),
        "A",
        ("The facilitator keeps time and makes sure every voice is heard. Someone who has "
         "taken the course knows how the sessions run.",
         "The facilitator is not the boss. When the senior leader runs the session, others "
         "often hold back.",
         "The facilitator does not have to be the expert. The job is to keep time and make "
         "sure every voice is heard.",
         "Even a small team needs someone to keep time and bring in quiet voices. Without one, "
         "the loudest voice tends to lead.")),
), Reflection(
    prompt="Which perspective is missing from your team, or has the thinnest voice? What might "
           "your team miss without it, and what will you do to bring it in? Then pick one of "
           "your working agreements and say when you expect to need it.",
    rubric=(
        "names a perspective that is missing or thin on your team, and what the team could "
        "miss without it, for your own initiative",
        "gives a concrete plan to bring that view in: who, how, and by when (inviting someone, "
        "or asking people between sessions)",
        "links one of your working agreements to a situation you expect, such as a "
        "disagreement or a tight deadline",
    ),
    grader_notes="Look for the team's own initiative, not a general statement. A plan to have "
                 "one person “represent” a whole group should not earn the second point: the "
                 "module warns that nobody can speak for everyone. Labelling a staff member "
                 "with a perspective they do not bring is not a plan either.",
    model_answer="No one on our team is a manager: nobody here controls staff rotas or the "
                 "budget. Without that view we could plan sessions that clash with clinic "
                 "schedules or cost money we do not have. Amara will invite the operations "
                 "manager to our between-session meeting on 3 October, and we will check any "
                 "decision about time or money with her first. Our agreement “everyone speaks "
                 "once before anyone speaks twice” will matter when we rate barriers: the "
                 "clinicians tend to talk first.",
)))

_add("01_language", Exercise((
    Question(
        "At a community centre, the program is a weekly cooking class for people with diabetes. "
        "The centre texts each person a reminder the day before the class. What is the reminder?",
        ("The innovation",
         "A determinant",
         "An implementation strategy",
         "An implementation outcome"),
        "C",
        ("The innovation is the cooking class: the thing being put in place. The reminder is "
         "something done to help people use it.",
         "A determinant is a factor that helps or hinders, such as people forgetting the day. "
         "The reminder acts on that factor.",
         "The reminder is an action that helps the class get used: an implementation strategy. "
         "The class itself is the innovation.",
         "An outcome is what you measure to see if it worked, such as how many people come. "
         "The reminder is the action, not the result.")),
    Question(
        "A teammate says: “A factor is either a barrier or a facilitator, never both.” What does "
        "the course say?",
        ("The same factor can be both, depending on who looks and from where",
         "That is right: once the team has rated it, each factor is one or the other",
         "It depends on the leaders, who decide which one it is for the team",
         "Facilitators are the people who run sessions, so factors are barriers"),
        "A",
        ("The same factor can help one part of the work and hinder another. People in "
         "different roles may see it differently, and both can be right.",
         "The team agrees one rating, but the same factor can still help in one way and "
         "hinder in another. The course does not force a choice.",
         "Leaders see part of the context, like everyone else. The team looks at the factor "
         "together; no one person decides.",
         "“Facilitator” has two meanings: a person who runs sessions, and a factor that helps. "
         "Here it means the factor.")),
    Question(
        "Why does each member write their own understanding of a term before the team agrees a "
        "definition?",
        ("To find out which member understands the term best, so they can lead",
         "So differences come into the open, where the team can talk about them",
         "Because the team definition must copy the course's wording in the end",
         "To give the facilitator a score for how well each member understands"),
        "B",
        ("Differences are not mistakes, and nobody is ranked. The point is to see how each "
         "member reads the word.",
         "Writing first shows where people mean different things. The team can then talk "
         "about it before it causes confusion in the work.",
         "The team's definition is its own. It can use words that fit its setting, as long as "
         "everyone means the same thing.",
         "Nobody is scored. The course compares words to find where to talk, not to grade "
         "anyone.")),
), Reflection(
    prompt="Pick the term where your team's own words differed most. What did different members "
           "mean by it, and why do you think their readings differed? Who outside the team "
           "might read your team definition differently, and what will you do about it?",
    rubric=(
        "names the term and at least two different readings from your own glossary",
        "explains why the readings differed: roles, everyday meanings, or experience",
        "names someone outside the team who may read the word differently, and a concrete step "
        "(explain it, change the wording, add an example)",
    ),
    grader_notes="The readings should come from the team's own glossary entries, not from the "
                 "course text. A reflection that only states the agreed definition has not "
                 "compared anything. Differences are not mistakes: do not mark down a team "
                 "for having started far apart.",
    model_answer="We differed most on “fidelity”. Luis read it as loyalty to the clinic; Tom as "
                 "delivering the program as designed; Amara as following the manual exactly. "
                 "Luis used the everyday meaning, Tom the evaluator's, and Amara the one from "
                 "her nursing training, where protocols are followed to the letter. Peer "
                 "supporters will read our documents the way Luis did, so we will write "
                 "“delivered as planned, in the parts that matter” instead of “fidelity” in "
                 "anything they see.",
)))

_add("02_context", Exercise((
    Question(
        "At a clinic, the computer system cannot flag patients who might want a peer supporter, "
        "so staff search the patient records by hand. In CFIR 2.0, which domain does this "
        "factor belong to?",
        ("Innovation",
         "Outer Setting",
         "Inner Setting",
         "Individuals"),
        "C",
        ("The innovation is the peer-support program. The computer system belongs to the "
         "clinic, not to the program.",
         "The Outer Setting is outside the clinic, such as funders, policy or transport. The "
         "computer system is the clinic's own.",
         "The computer system is part of the clinic where the work happens: the Inner Setting.",
         "Individuals are the people involved and their roles. The factor here is a system, "
         "not a person.")),
    Question(
        "A community health worker on your team says: “Patients already trust the peer "
        "supporters, because they come from the same neighborhood.” How should she rate this "
        "factor for a peer-support initiative?",
        ("As a barrier, since it is about how patients feel, not the clinic",
         "As a facilitator, because it makes the work easier",
         "Not at all, because only leaders and managers rate the factors",
         "Not yet: she should wait until the whole team agrees on a rating"),
        "B",
        ("Feelings can be barriers or facilitators. Ask whether this makes the work easier or "
         "harder: trust makes it easier.",
         "Trust in the peer supporters makes the work easier, so it is a facilitator. She "
         "rates it on her own first, then the team compares.",
         "Every member rates. People in different roles see different things, and her view is "
         "one the team needs.",
         "Each member rates on their own first, then the team compares. Waiting would hide her "
         "view.")),
    Question(
        "Your team has named twelve barriers. Which ones should become priority barriers?",
        ("All twelve, so that nothing important is left out of the plan",
         "Only the ones that every member rated the same way",
         "The quickest ones to fix, so the team can show progress early",
         "Those that matter most and that the team can change"),
        "D",
        ("Twelve priorities are too many to act on. A long list spreads the team's time thin.",
         "Agreement is not what makes a barrier important. A barrier members rated differently "
         "may matter a lot.",
         "Quick wins feel good, but a barrier that hardly matters does not move the work.",
         "Module 2 asks two questions of each barrier: how much does it matter, and can the "
         "team change it? Priorities score well on both.")),
), Reflection(
    prompt="Pick one factor that members of your team rated differently: one person saw a "
           "barrier and another a facilitator, or you gave it very different strengths. If you "
           "agreed on every factor, pick the one where you expected to disagree. What did each "
           "person see that the others did not? What will your team do with this factor next?",
    rubric=(
        "names one factor from your own ratings, and the different views on it",
        "explains why the views differ: people's roles, perspectives, or evidence",
        "gives a concrete next step, for example evidence to collect, someone outside the team "
        "to ask, or making it a priority barrier for Module 3",
    ),
    grader_notes="The factor must come from the team's own ratings. Both views can be right: "
                 "give the second point for explaining where each view comes from, not for "
                 "deciding who is right.",
    model_answer="We disagreed most about Available Resources. Our nurse manager rated it a "
                 "strong barrier: nurses have no protected time to match patients with peer "
                 "supporters. Our clinic director rated it a facilitator, because this year's "
                 "budget pays the peer supporters. Both are right. The director sees the money, "
                 "the nurse manager sees the staff time, and the money does not buy staff time. "
                 "Next step: for one month, we will count the hours that matching takes, and we "
                 "will take staff time into Module 3 as a priority barrier.",
)))

_add("03_strategies", Exercise((
    Question(
        "The barrier: during busy clinics, staff forget to offer a screening. The team chooses "
        "*Remind clinicians*. Which reason states a mechanism?",
        ("“Staff are very busy and forget to offer the screening to patients.”",
         "“Reminders are an ERIC strategy.”",
         "“Staff told us they would like reminders, so they will accept them.”",
         "“A prompt appears during the visit, so staff offer it then.”"),
        "D",
        ("This describes the barrier (the determinant), not how the strategy works on it.",
         "This says where the strategy comes from. It does not say how it weakens the barrier.",
         "Liking a strategy is about acceptability. It does not say how the strategy works.",
         "A mechanism says how the strategy weakens the barrier: the prompt comes at the "
         "moment staff can act, so forgetting matters less.")),
    Question(
        "Your priority barrier is that nurses have no protected time for the program. A member "
        "suggests training the nurses. What should the team ask first?",
        ("Whether a lack of skill is really what causes this barrier",
         "Which training provider is the cheapest, and how soon it can start",
         "How many of the nurses can come to the training, and on which days",
         "Nothing: training always helps"),
        "A",
        ("A strategy should act on the cause. Here the cause is time, not skill, so training "
         "would not free any nurse time.",
         "Cost matters later. First ask whether training acts on the cause of this barrier.",
         "Planning the training comes after deciding it fits. Training would even take more "
         "of the nurses' time.",
         "Teams often reach for training first. It only helps when a lack of knowledge or "
         "skill is the cause.")),
    Question(
        "How many strategies should a team keep for one priority barrier?",
        ("As many as it can find, so that at least one of them works",
         "Exactly one, always",
         "Two or three it can carry out, each with a reason",
         "Whichever strategies reached Level 1 in the expert study"),
        "C",
        ("A long list is hard to carry out, and each strategy needs people and time.",
         "One strategy is sometimes enough, but a rule of exactly one can leave a barrier "
         "with too little.",
         "A few strategies the team can really carry out, each with a reason it should work, "
         "is a plan the team can keep.",
         "Experts often disagreed, and their ratings do not know your setting. The team "
         "reasons about its own barrier.")),
), Reflection(
    prompt="Pick one priority barrier and the strategy you chose for it. Explain, step by step, "
           "how the strategy should weaken the barrier in your setting. Why does it fit your "
           "setting and your people? Name one strategy you turned down, or one you are unsure "
           "about, and why.",
    rubric=(
        "names the barrier and the strategy, and the mechanism step by step",
        "explains why it fits: your setting, your people, and what you can actually do (time, "
        "money, authority)",
        "names a strategy you turned down or are unsure about, with the reason, or what you "
        "will watch to see whether it works",
    ),
    grader_notes="The mechanism should be specific to the team's barrier (what causes it here), "
                 "not a general claim that the strategy works. “Experts recommend it” is not a "
                 "mechanism: the expert study found that experts often disagreed.",
    model_answer="Our barrier is Opportunity: nurses have no protected time to match patients "
                 "with peer supporters. We chose Revise professional roles: Grace, our community "
                 "health worker, takes over matching, so the task no longer needs nurse time, "
                 "and nurses only flag patients who could take part. It fits because Grace "
                 "already knows many patients and has two afternoons a week for outreach. We "
                 "turned down Alter incentive structures: we have no budget, and paying for "
                 "evening hours would not free any nurse time.",
)))

_add("04_action", Exercise((
    Question(
        "In a strategy's specification, what is the *action target*?",
        ("The date the action starts",
         "Who or what the strategy aims to change",
         "The person or role who carries out the action",
         "The outcome the team will measure to see if it worked"),
        "B",
        ("That is the temporality: when the action happens.",
         "The action target is who or what should change, such as front-desk staff's "
         "knowledge of how to refer.",
         "That is the actor: who does the action. Teams often mix the two up, but the actor "
         "acts and the target changes.",
         "The outcome is what you measure in Module 6. The target is who or what the action "
         "works on.")),
    Question(
        "The team writes “ongoing” for the dose of its champions strategy. What should it do?",
        ("Leave it: “ongoing” says the champions keep going, which is the plan",
         "Delete the dose, since the champions will know how much is needed",
         "Write “as needed”, so the champions can decide for themselves",
         "Say how much and how often, such as a monthly 30-minute check-in"),
        "D",
        ("“Ongoing” has no number and no frequency, so nobody can check whether the dose "
         "was given.",
         "Without a dose, nobody can tell too little from enough. The champions need to know "
         "what is asked of them.",
         "“As needed” is as vague as “ongoing”: it has no number or frequency to check.",
         "A dose with a number and a frequency can be checked, and the champions know what "
         "is asked of them.")),
    Question(
        "After the front-desk session, referrals do not go up. How does the causal pathway "
        "help the team?",
        ("It shows the strategy has failed, so the team should drop it and try another",
         "It lets the team check each link, from the session to the outcome",
         "It tells the team to pick an outcome that is easier to move",
         "It does not help now: pathways are only for planning"),
        "B",
        ("A flat outcome does not say which link broke. The session may not have happened, "
         "or staff may not have learned how to refer.",
         "The pathway lets the team check each link: did the session happen, did staff "
         "learn how to refer, did the barrier shrink, did the outcome move?",
         "Changing the outcome hides the problem. The pathway helps find where it lies.",
         "The pathway is most useful when things do not go as planned: it shows where to "
         "look.")),
), Reflection(
    prompt="Which dimension was hardest to specify for one of your strategies, and why was it "
           "still vague? What did your team decide? What hidden work did specifying bring to "
           "light, and who will do it?",
    rubric=(
        "names the strategy and the dimension that was vague, and why the decision was still "
        "open",
        "says what the team decided, concretely (names, numbers, dates)",
        "names hidden work or a leader's decision that specifying brought to light, with who "
        "will take it on",
    ),
    grader_notes="An honest “tbd” that the team then resolved is a good answer. Look for a "
                 "concrete decision, not “we will discuss”. Hidden work can be small (writing a "
                 "summary, booking a room): what matters is that someone now owns it.",
    model_answer="The dose of Conduct educational meetings was “tbd”. We had said “a 30-minute "
                 "session” but the front desk works two shifts, and nobody had decided about "
                 "staff who miss it or join later. We decided: one 30-minute session at the "
                 "monthly staff meeting, which both shifts attend, a one-page summary for anyone "
                 "who misses it, and a 10-minute refresher three months after the start. "
                 "Specifying showed two hidden tasks: Amara writes the summary by 12 February, "
                 "and Dr. Nair gives the session a slot on the staff meeting agenda.",
)))

_add("05_roles", Exercise((
    Question(
        "After each monthly review, the clinic's pharmacist is told what was decided. In a role "
        "matrix, she is:",
        ("Responsible",
         "Accountable",
         "Consulted",
         "Informed"),
        "D",
        ("Responsible means she does the work. She is only told what was decided.",
         "Accountable means she owns the result and makes the call. She is only told after.",
         "Consulted means asked for a view before the decision. She is told after, so she is "
         "not consulted.",
         "Informed people are told what happened, after. That is the pharmacist's role.")),
    Question(
        "Staff badly want the program, but nobody has time to run it. Which part of readiness "
        "(R = MC²) is weakest?",
        ("General capacity",
         "Motivation",
         "None: strong motivation makes up for the rest",
         "Innovation-specific capacity"),
        "A",
        ("Staff with no room to take on something new is general capacity: how well the "
         "organization works overall, with enough staff and time.",
         "Motivation is strong here: staff badly want the program.",
         "A strength in one part of readiness does not make up for a gap in another.",
         "Innovation-specific capacity is what this program in particular needs, such as "
         "skills. Staff with no time at all is about the organization as a whole.")),
    Question(
        "Which request gives a leader something to act on?",
        ("“Please consider our plan, and let us know how you can support it.”",
         "“We need your backing.”",
         "“Approve matching in Grace's job description by 1 March.”",
         "“Let us know what you think of the plan when you have time.”"),
        "C",
        ("It asks for nothing specific, so the leader cannot say yes or no.",
         "“Backing” is not a decision. The leader cannot tell what to do.",
         "It names the decision and when it is needed. The leader can say yes or no.",
         "It has no date and no decision, so it is easy to put off.")),
), Reflection(
    prompt="Where did your readiness ratings differ most? What did the highest and the lowest "
           "raters each see? What does your team, or your leaders, need to do about it? Include "
           "one ask to your leaders that they could say yes or no to.",
    rubric=(
        "names the part of readiness with the widest spread, and what the highest and lowest "
        "raters each saw",
        "links the spread to something in your plan: a role, a first step, or a gap to close",
        "gives one specific ask to leaders: what, how much, and from when, linked to a strategy "
        "or barrier",
    ),
    grader_notes="Both raters may be right: credit teams that explain the difference rather "
                 "than averaging it away. The ask must be specific enough to answer yes or no "
                 "(“your support” is not).",
    model_answer="Innovation-specific capacity ranged from 2 to 4. Luis rated it 4: he knows "
                 "people with diabetes who already help each other and could become peer "
                 "supporters. Amara rated it 2: nobody at the clinic knows how to match patients "
                 "with peer supporters yet. Both are right: the skills are in the community, not "
                 "yet in the clinic. Grace's matching checklist (her first step, due 29 January) "
                 "closes that gap. Our ask to the board: protect four hours a week of Grace's "
                 "time for matching, starting in March.",
)))

_add("06_outcomes", Exercise((
    Question(
        "A team counts the nurses who have referred at least one patient, out of all the "
        "nurses at the clinic. Which implementation outcome is this?",
        ("Adoption",
         "Penetration",
         "Reach",
         "Acceptability"),
        "B",
        ("Adoption is the decision to take the program up and the first steps. A share of all "
         "nurses is about how far it has spread.",
         "It is a share of all the staff who could use the program: how far it has spread in "
         "the setting. That is penetration.",
         "Reach is about the people the program serves, here patients, not staff.",
         "Acceptability is whether people find the program agreeable. Counting referrals does "
         "not say how nurses feel about it.")),
    Question(
        "A team tracks the share of planned monthly peer-support meetings that actually took "
        "place. Which implementation outcome is this?",
        ("Fidelity",
         "Adoption",
         "Appropriateness",
         "Sustainability"),
        "A",
        ("It asks whether the program is delivered as planned, in the planned amount. That is "
         "fidelity.",
         "Adoption is about starting: the decision to take the program up. These meetings are "
         "about delivery once it runs.",
         "Appropriateness is about fit with the setting and people. Counting meetings held does "
         "not say whether they fit.",
         "Sustainability is whether it keeps going over time. One share of meetings held is "
         "about delivery now.")),
    Question(
        "Why track implementation outcomes as well as the program's effects on the people it "
        "serves?",
        ("Because funders ask for them, and they are easier to publish",
         "Because a program's effects cannot really be measured in a clinic",
         "To tell a program that does not work from one that was never delivered",
         "Because they show the program works, without measuring its effects"),
        "C",
        ("Funders may ask, but that is not the reason. They show whether the program was "
         "really delivered.",
         "Effects can be measured, and they matter. Implementation outcomes help explain them.",
         "If the program was hardly delivered, poor effects say little about the program. "
         "Implementation outcomes show whether it was delivered.",
         "A program delivered well can still fail to help. You need both kinds of outcome.")),
), Reflection(
    prompt="Pick one of your strategies and its measure. Suppose the number comes back low "
           "after three months. What would that tell you, and what would it not tell you? Who "
           "will look at it, and what might your team change?",
    rubric=(
        "names the strategy, the outcome and the measure (what is counted, from where)",
        "explains what a low number would and would not tell you: about the strategy, or about "
        "the program itself",
        "says who looks at the number, when, and what the team might change",
    ),
    grader_notes="The key idea is the difference between implementation outcomes and the "
                 "program's effects. A team that would drop the program on a low "
                 "implementation number has missed it; a team that would first fix delivery has "
                 "not.",
    model_answer="For Revise professional roles we measure feasibility: the share of new "
                 "patients matched within two weeks, from Grace's matching log, monthly. If it "
                 "is low after three months, it tells us matching is not keeping up, not that "
                 "peer support does not work: patients who were never matched cannot benefit. "
                 "Tom brings the number to the first between-session meeting each month. If "
                 "Grace's four hours are not enough, we will ask Dr. Nair for more time, or let "
                 "the nurse champion take the simplest matches.",
)))

_add("07_sustain", Exercise((
    Question(
        "Which of these is a warning sign that a program may not last?",
        ("It has a place in next year's plan and budget",
         "Partners would notice, and speak up, if it stopped",
         "Its results are reported to the board every quarter",
         "The work is not part of any staff member's job description"),
        "D",
        ("A place in the plan and budget is a good sign, not a warning.",
         "Partners who would speak up help a program last.",
         "Regular reports keep leaders aware, which helps a program last.",
         "Programs often end for ordinary reasons. Work that is in nobody's job is easy to "
         "drop when people get busy or leave.")),
    Question(
        "What are the course's sustainability ratings (one rating from 1 to 7 per domain)?",
        ("A quick self-check to start a conversation, not a formal score",
         "The published PSAT score, which can be compared with other programs",
         "A test the program passes or fails at the end of the course",
         "A rating the funder gives the team, to decide on more money"),
        "A",
        ("The course uses a short version to start the team's conversation. It is not the "
         "published tool's score.",
         "The course's short version is not the published tool, so its numbers cannot be "
         "compared with PSAT scores.",
         "Nobody passes or fails. Low ratings show where to act.",
         "The team rates its own program. The ratings are for the team's planning.")),
    Question(
        "Two years later, the peer-support groups still meet every week. But few patients come, "
        "and nobody checks whether they do better. In the course's words, is the program "
        "sustained?",
        ("Yes: it is still running, and that is what sustained means",
         "Only in part: it keeps going, but may no longer do good",
         "No: a sustained program still runs exactly as first planned",
         "Yes, if the money is still there"),
        "B",
        ("Running is only half of it. The course asks that a program keeps going and keeps "
         "doing good.",
         "The course's meaning has two parts: the program keeps going, and keeps doing good. "
         "Only the first is clear here.",
         "A lasting program usually adapts. Running as first planned is not the test.",
         "Money is one domain among several. Funded groups can still stop doing good.")),
), Reflection(
    prompt="How did learning together as a team change your plan? Name one habit of the course "
           "(meeting between sessions, a mix of roles and perspectives, involving leaders) and a "
           "moment when it made a difference. Which habit will your team keep, and how?",
    rubric=(
        "names a habit of the course and a concrete moment when it made a difference",
        "says what it changed in your plan or in how the team works",
        "names one habit the team will keep, and how: when, who, how often",
    ),
    grader_notes="Honest answers earn full marks, including what did not work. Look for a real "
                 "moment from the team's course, not a summary of the course's aims.",
    model_answer="Our Thursday meetings between sessions changed the plan most. In one of them "
                 "Luis, who lives with diabetes, said the afternoon meetings suited nobody he "
                 "knew who works; in the big session he had not said it. That became our "
                 "Compatibility barrier and the patient survey. We will keep a 30-minute meeting "
                 "every other Thursday after the course, with Dr. Nair joining once a month, to "
                 "look at our measures together.",
)))

_add("08_review", Exercise((
    Question(
        "A nurse champion has quietly stopped her monthly check-ins with the nurse manager. "
        "Nobody decided it, and nobody wrote it down. What is this, in the course's words?",
        ("An adaptation, since any change to a strategy counts as one",
         "A blocked step, for now",
         "Drift, for the team to talk about and decide on",
         "Nothing to record, since she still does her other work"),
        "C",
        ("An adaptation is a change the team decides on purpose and records. Nobody decided "
         "this one.",
         "Blocked means the team still wants the step but something stands in the way. Here "
         "nobody chose to stop.",
         "A change nobody decided and nobody wrote down is drift. The team talks about it, "
         "decides, and records its decision.",
         "Small changes add up. Unrecorded, they make the plan and the work tell different "
         "stories.")),
    Question(
        "At a review, Riverbend re-rates *Available Resources*. Three members now rate it a "
        "barrier of strength 3, and two rate it 1. What should the team do?",
        ("Ask what each side is seeing, then agree a team rating and why",
         "Average the five ratings to 2.2 and record that as the team's rating",
         "Keep the last rating, since context does not change in a few months",
         "Let the budget holder decide it"),
        "A",
        ("A spread is a conversation to have. Members, then the team: each side may see part "
         "of the picture, and the reason for the rating matters.",
         "An average hides the disagreement, which is the thing worth talking about.",
         "Context does change, which is why the team re-rates. The spread shows something "
         "has moved for some members.",
         "Resources are more than the budget, such as staff time. One member sees only part "
         "of it.")),
    Question(
        "The review agenda lists a measure with no new value for three months. What should "
        "the team do first?",
        ("Mark the strategy as failed, since there are no new results",
         "Stop the measure, since it must have reached its goal",
         "Wait: values often come in late, so it will sort itself out",
         "Ask the person named to collect it whether the data still arrives"),
        "D",
        ("No value is not a low value. Nothing has been counted, so nothing is known about "
         "the strategy.",
         "A missing value says nothing about the goal. It only shows nobody has recorded one.",
         "Three months is long. A measure nobody collects tells the team nothing when it "
         "needs to decide.",
         "A measure with no new value usually means something in its collection broke. The "
         "person named to collect it is the place to start.")),
), Reflection(
    prompt="Think of your team's reviews so far. Pick one step, measure or strategy that did not "
           "go as planned. What did your records show about it (its status, its values, a "
           "re-rating), and what did the team decide? Then describe your review routine: how "
           "often you meet, who prepares the agenda, and when your leaders see the plan.",
    rubric=(
        "names a step, measure or strategy that did not go as planned, and what the team's own "
        "records showed about it",
        "says what the team decided because of it: who does what by when, or a change recorded "
        "as an adaptation, with its reason",
        "describes the team's review routine: how often, who prepares and logs each review, and "
        "when leaders see the plan",
    ),
    grader_notes="Look for the team's own records, not a summary of the module. A team whose "
                 "plan went well can still earn the first point by naming a step or value it "
                 "checked and what it showed. Reading two or three values, or any change on a "
                 "chart, as proof that a strategy worked should not earn the second point unless "
                 "the team treats its decision as provisional. A routine with no dates or names "
                 "(“we will review regularly”) does not earn the third.",
    model_answer="Referrals did not move. Tom's run chart shows about 6 a month from February "
                 "to June, around its median and far below our goal of 15, and his notes show "
                 "almost none from the front desk. Our front-desk session was dropped after two "
                 "cancelled staff meetings, and in July the team rated Communications worse. "
                 "We recorded the dropped session and the referral guide that replaced it as an "
                 "adaptation, with why. Amara asks the front-desk supervisor to name a new "
                 "champion by 31 July. Five values are too few to call a trend, so we look "
                 "again in September. We review on the first Thursday of each month: the chair "
                 "rotates, Amara prepares the agenda and logs the review, and Dr. Nair comes and "
                 "takes our asks to the board.",
)))
