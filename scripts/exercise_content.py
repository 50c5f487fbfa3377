"""What each graded exercise asks: knowledge-check questions (with their answers and the hint a
team sees when its answer is not the best one) and the reflection, its rubric and the
grader-only notes.

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
    """A multiple-choice question a non-programmer answers with one letter."""

    text: str
    options: tuple[str, ...]
    answer: str
    hint: str  # shown when the answer is not the best one; never gives the letter away


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
        ("Manager, because that is her job title",
         "Implementer, because a perspective is the view she brings to this team",
         "Leader, because managers make decisions",
         "Leave it empty until the team agrees"),
        "B",
        "Re-read “Roles and perspectives” in Module 0: a role and a perspective are not always "
        "the same thing."),
    Question(
        "Which working agreement would be easiest to check at the end of a meeting?",
        ("“Respect each other.”",
         "“Be positive.”",
         "“Communicate well.”",
         "“Everyone speaks once before anyone speaks twice.”"),
        "D",
        "Good agreements are short, specific and easy to check. Ask: which one could someone "
        "watching the meeting tick off?"),
    Question(
        "Who is best placed to facilitate your team's sessions?",
        ("A member who has taken the course before, who keeps time and makes sure every voice "
         "is heard",
         "The most senior leader, who makes the final decisions",
         "Whoever knows the most implementation science",
         "Nobody: a team this size does not need a facilitator"),
        "A",
        "Re-read “Meetings, facilitation, and leaders”: the facilitator is not the boss, and "
        "does not have to be the expert."),
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
        "Keep the thing being put in place apart from the actions that help it get used. Re-read "
        "“What the team does, and why it should work” in Module 1."),
    Question(
        "A teammate says: “A factor is either a barrier or a facilitator, never both.” What does "
        "the course say?",
        ("The same factor can be both at once, depending on who is looking and from where",
         "That is right: each factor is one or the other",
         "Only leaders decide which one it is",
         "Facilitators are people, so factors can only be barriers"),
        "A",
        "Re-read “What helps or hinders” in Module 1, and remember the two meanings of "
        "“facilitator”."),
    Question(
        "Why does each member write their own understanding of a term before the team agrees a "
        "definition?",
        ("To find out who understands the term best",
         "So that differences come into the open, where the team can talk about them",
         "Because the team definition must copy the course's wording",
         "To give the facilitator a score for each member"),
        "B",
        "Re-read “Why write your own first?” in Module 1: differences are not mistakes."),
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
        "The factor is the clinic's own computer system. Re-read the part of Module 2 about the "
        "organization where the work happens."),
    Question(
        "A community health worker on your team says: “Patients already trust the peer "
        "supporters, because they come from the same neighborhood.” How should she rate this "
        "factor for a peer-support initiative?",
        ("As a barrier, because it is about how patients feel",
         "As a facilitator, because it makes the work easier",
         "Not at all, because only leaders rate factors",
         "Not yet: she should wait until the whole team agrees on a rating"),
        "B",
        "Ask: does this make the work easier or harder? And remember that each member rates on "
        "their own first, then the team compares."),
    Question(
        "Your team has named twelve barriers. Which ones should become priority barriers?",
        ("All twelve, so nothing is left out",
         "Only the ones every member rated the same way",
         "The quickest ones to fix, however much they matter",
         "The ones that matter most and that the team can change"),
        "D",
        "Re-read how Module 2 rates priorities: two questions are asked about each barrier."),
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
        ("“Reminders are one of the ERIC strategies.”",
         "“Other clinics use reminders.”",
         "“Staff like reminders.”",
         "“A prompt in the health record appears during the visit, so staff are reminded at "
         "the moment they can offer the screening.”"),
        "D",
        "A mechanism says how the strategy weakens the barrier, step by step. Which reason "
        "describes what happens between the action and the change?"),
    Question(
        "Your priority barrier is that nurses have no protected time for the program. A member "
        "suggests training the nurses. What should the team ask first?",
        ("Whether a lack of knowledge or skill is really what causes this barrier",
         "Which training provider is cheapest",
         "How many nurses can come to the training",
         "Nothing: training always helps"),
        "A",
        "Re-read the facilitator's warning about reaching for training first: does it act on "
        "the cause of this barrier?"),
    Question(
        "How many strategies should a team keep for one priority barrier?",
        ("As many as it can find, to be safe",
         "Exactly one, always",
         "Two or three that it can actually carry out, each with a reason",
         "Whichever strategies reached Level 1 in the expert study"),
        "C",
        "Re-read the task at the end of Module 3: a long list is hard to carry out."),
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
         "How many sessions there will be",
         "The person who carries out the action"),
        "B",
        "Re-read the seven dimensions in Module 4. Which one answers “who or what should "
        "change?”"),
    Question(
        "The team writes “ongoing” for the dose of its champions strategy. What should it do?",
        ("Leave it: “ongoing” means it never stops",
         "Delete the dose, since it is optional",
         "Write the actor's name there instead",
         "Say how much and how often, for example a one-hour briefing, then a 30-minute "
         "check-in once a month"),
        "D",
        "Re-read “What makes a specification vague?”: a dose with no number or frequency "
        "cannot be checked."),
    Question(
        "After the front-desk session, referrals do not go up. How does the causal pathway "
        "help the team?",
        ("It shows the strategy failed, so the team should drop it at once",
         "It lets the team check each link: did the session happen, did staff learn how to "
         "refer, did the barrier shrink, did the outcome move",
         "It tells the team to choose a different outcome",
         "It does not help: pathways are only for planning"),
        "B",
        "Re-read “Why trace the pathway?” in Module 4."),
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
        "Re-read “Four roles for each task”: which role is asked before, and which is told "
        "after?"),
    Question(
        "Staff badly want the program, but nobody has time to run it. Which part of readiness "
        "(R = MC²) is weakest?",
        ("General capacity",
         "Motivation",
         "None: strong motivation makes up for it",
         "Readiness cannot be judged before the program starts"),
        "A",
        "Re-read “Why look at all three?” in Module 5: a strength in one part does not make up "
        "for a gap in another."),
    Question(
        "Which request gives a leader something to act on?",
        ("“Please consider our plan.”",
         "“We need your backing.”",
         "“Approve moving matching into Grace's job description by 1 March.”",
         "“Let us know what you think sometime.”"),
        "C",
        "Re-read “Decisions to ask for”: a good request names the decision and when it is "
        "needed."),
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
        ("Acceptability",
         "Penetration",
         "Fidelity",
         "Implementation cost"),
        "B",
        "Re-read “Is it done well, and how widely?” in Module 6."),
    Question(
        "A team tracks the share of planned monthly peer-support meetings that actually took "
        "place. Which implementation outcome is this?",
        ("Fidelity",
         "Adoption",
         "Appropriateness",
         "Sustainability"),
        "A",
        "Ask: is this about whether the program is delivered as intended, or about whether "
        "people start using it?"),
    Question(
        "Why track implementation outcomes as well as the program's effects on the people it "
        "serves?",
        ("Because they are easier to publish",
         "Because funders always ask for them",
         "To tell a program that does not work from one that was never really delivered",
         "Because a program's effects cannot be measured"),
        "C",
        "Re-read “Why the difference matters” at the start of Module 6."),
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
        ("It has a place in next year's plan",
         "Partners would notice if it stopped",
         "Its results are reported to the board every quarter",
         "The work is not part of anyone's job description"),
        "D",
        "Re-read “Why plan for it now?” in Module 7: programs often end for ordinary reasons."),
    Question(
        "What are the course's sustainability ratings (one rating from 1 to 7 per domain)?",
        ("A quick self-check to start a conversation, not the published tool's score",
         "The published PSAT score",
         "A test the program passes or fails",
         "A rating the funder gives the team"),
        "A",
        "Re-read “The Program Sustainability Assessment Tool” in Module 7: the course uses a "
        "short version."),
    Question(
        "A nearby clinic wants to start your program. What should happen first?",
        ("Copy your plan exactly, so nothing changes",
         "Treat it as a new implementation in a new context, and be clear which parts must "
         "stay the same",
         "Wait until your program has run for ten years",
         "Nothing: a program that works in one place works everywhere"),
        "B",
        "Re-read “Spreading” in Module 7."),
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
         "A blocked step, since the check-ins cannot happen now",
         "Drift: the team should talk about it, decide, and record its decision",
         "Nothing to record, since the champion still does her other work"),
        "C",
        "Re-read “Adaptations: changing a strategy on purpose” in Module 8: what makes a change "
        "an adaptation?"),
    Question(
        "A run chart's median is 45%, and the team's goal is 60%. The last three values are "
        "50%, 52% and 55%. Which reading is fair?",
        ("Above the usual level so far but below the goal; too few values to call a change",
         "The goal is reached, because the last values are above the median",
         "The strategy has failed, because no value has reached the goal yet",
         "The median is too low, so the team should set it at the goal"),
        "A",
        "Re-read “Run charts” and “Reading a run chart plainly” in Module 8: the median and the "
        "goal are two different lines."),
    Question(
        "The step “Add a peer-support field to the health record” must wait for the supplier's "
        "yearly upgrade in September. The team still wants the field. How should the team "
        "record the step?",
        ("Dropped, with the reason, so that it leaves the plan",
         "Done, because the rest is now in the supplier's hands",
         "Not started, with no note, until the update arrives",
         "Blocked, with what stands in the way and who could clear it"),
        "D",
        "Re-read “Late, blocked and dropped steps” in Module 8: does the team still want this "
        "step?"),
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
