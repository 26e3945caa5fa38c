"""Session planning: the step catalogue, every rule of check_plan, scores and Markdown."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT
from nmt_course import kb, screening, session
from nmt_course.errors import NmtCourseError, UnknownNameError

# A plan that follows every rule in 60 minutes (the order in DOMAIN.md "Session flow").
GOOD = [
    "intake", "consent", "screening", "postural-assessment", "palpation-assessment", "warming", "nmt-gliding",
    "trigger-point-release", "met", "referral-zone-work", "reassessment", "home-care", "documentation",
]


def _without(*ids: str) -> list[str]:
    return [s for s in GOOD if s not in ids]


def _move(step: str, before: str) -> list[str]:
    plan = _without(step)
    plan.insert(plan.index(before), step)
    return plan


def _with_region(step: str, region: str) -> list[object]:
    return [session.PlanStep(s, None, region) if s == step else s for s in GOOD]


@pytest.fixture(scope="module")
def K() -> kb.KnowledgeBase:
    return kb.load()


def test_the_good_plan_follows_every_rule() -> None:
    review = session.check_plan(GOOD, minutes=60)
    assert review.findings == () and review.ok and review.score == 1.0
    assert review.total_minutes == 60


def test_steps_are_in_session_order_with_the_issue_ids() -> None:
    assert list(session.STEPS) == [
        "intake", "consent", "screening", "postural-assessment", "palpation-assessment", "warming",
        "myofascial-release", "nmt-gliding", "trigger-point-release", "ischemic-compression", "positional-release",
        "met", "stretching", "referral-zone-work", "cross-fibre-friction", "reassessment", "home-care", "documentation",
    ]
    phases = list(session.PHASES)
    order = [phases.index(s.phase) for s in session.STEPS.values() if s.id not in ("referral-zone-work", "cross-fibre-friction")]
    assert order == sorted(order)


def test_steps_cite_real_sources_and_techniques(K: kb.KnowledgeBase) -> None:
    for s in session.STEPS.values():
        assert s.sources and set(s.sources) <= set(K.sources), s.id
        assert s.technique is None or s.technique in K.techniques, s.id
        assert s.typical_minutes > 0 and s.description and s.name
        assert not s.deep or s.hands_on, s.id  # deep work is hands-on
        assert not s.forceful or s.deep, s.id


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("met", "met"),  # id
        ("MET", "met"),  # id, upper case
        ("post-isometric relaxation", "met"),  # alias
        ("Muscle Energy Technique (post-isometric relaxation)", "met"),  # full name
        ("SOAP note", "documentation"),  # alias
        ("effleurage", "warming"),  # the technique behind the step
        ("  Informed   CONSENT ", "consent"),  # spaces and case
        ("strain-counterstrain", "positional-release"),  # another name for it
        ("cross fiber friction", "cross-fibre-friction"),  # US spelling
        ("range of motion", "palpation-assessment"),  # alias
    ],
)
def test_step_lookup_is_forgiving(typed: str, expected: str) -> None:
    assert session.step(typed).id == expected


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("warmng", "Warming"),  # missing letter
        ("reasessment", "Reassessment"),  # missing letter
        ("trigger point", "Trigger point"),  # a part of the name
    ],
)
def test_unknown_step_suggests(typed: str, suggestion: str) -> None:
    with pytest.raises(UnknownNameError) as info:
        session.check_plan(["intake", typed])
    assert info.value.kind == "session step"
    assert any(suggestion in s for s in info.value.suggestions), info.value.suggestions
    assert "Did you mean" in str(info.value)


@pytest.mark.parametrize("bad", [None, 3, ["met"]])  # not text
def test_step_lookup_with_non_text_is_friendly(bad: object) -> None:
    with pytest.raises(UnknownNameError):
        session.step(bad)  # type: ignore[arg-type]


# Every rule, triggered by the smallest change to the good plan: (plan, booked minutes, screening, rule).
RULE_CASES = [
    ([], 60, None, "empty-plan"),  # nothing planned
    (_without("intake"), 60, None, "intake-first"),  # no health history
    (_move("screening", "intake"), 60, None, "intake-first"),  # screening before the history it relies on
    (_without("consent"), 60, None, "consent-before-touch"),  # touch without consent
    (_move("consent", "nmt-gliding"), 60, None, "consent-before-touch"),  # consent after the palpation
    (_without("screening"), 60, None, "screening-before-hands-on"),  # never screened
    (_move("screening", "warming"), 60, None, "screening-before-hands-on"),  # screened after palpating
    (_without("postural-assessment", "palpation-assessment"), 60, None, "assessment-before-treatment"),  # no assessment
    (_move("palpation-assessment", "met")[:3] + _move("palpation-assessment", "met")[4:], 60, None,
     "assessment-before-treatment"),  # the only assessment comes after treatment started
    (_without("warming"), 60, None, "warming-before-deep"),  # deep work on cold tissue
    (_move("warming", "met"), 60, None, "warming-before-deep"),  # warming too late
    (_without("met"), 60, None, "lengthen-after-trigger-point"),  # trigger point work, no lengthening
    (_move("met", "nmt-gliding"), 60, None, "lengthen-after-trigger-point"),  # lengthening before the release
    (_move("referral-zone-work", "warming"), 60, None, "referral-zone-after-trigger-point"),  # zone first
    (_without("reassessment"), 60, None, "reassess-after-treatment"),  # no reassessment
    (_move("reassessment", "met"), 60, None, "reassess-after-treatment"),  # reassessed mid-treatment
    (_without("home-care"), 60, None, "home-care-at-end"),  # no home care
    (_move("home-care", "warming"), 60, None, "home-care-at-end"),  # advice before the work
    (_without("documentation"), 60, None, "documentation-at-end"),  # no SOAP note
    (_move("documentation", "reassessment"), 60, None, "documentation-at-end"),  # notes before the last touch
    (["intake", "consent", "screening", "postural-assessment", "home-care", "documentation"], 30, None,
     "no-treatment"),  # a plan without any treatment
    (GOOD, 45, None, "fits-booked-time"),  # 60 minutes of steps in 45
    (GOOD, 120, None, "session-length"),  # longer than sessions usually are
    (GOOD, 20, None, "session-length"),  # shorter than sessions usually are
    (GOOD, 90, None, "unused-time"),  # 30 minutes not planned
    (GOOD[:3] + ["screening"] + GOOD[3:], 60, None, "duplicate-step"),  # screening twice
    (GOOD[:7] + ["nmt-gliding"] + GOOD[7:], 70, None, "repeated-step"),  # the same step twice in a row
    (GOOD, 60, {"conditions": ["fever"]}, "screening-postpone"),  # systemic contraindication
    (GOOD, 60, {"conditions": ["feaver"]}, "screening-not-cleared"),  # a name the screener could not read
    (GOOD, 60, {"medications": ["heparin"], "pregnancy_weeks": 28}, "screening-not-cleared"),  # combined risks: consult
    (_with_region("nmt-gliding", "calf"), 60, {"recent_injury_site": "calf"}, "screening-avoid-area"),  # deep work on the injury
    (GOOD, 60, {"recent_injury_site": "ankle"}, "screening-site-reminder"),  # a site to avoid, regions not given
    (GOOD, 60, {"medications": ["warfarin"]}, "screening-no-deep-work"),  # deep work on a client on blood thinners
    (GOOD[:8] + ["ischemic-compression"] + GOOD[8:], 64, {"conditions": ["osteoporosis"]},
     "screening-gentle-pressure"),  # forceful work on fragile bones
]


@pytest.mark.parametrize(("plan", "minutes", "screen", "rule"), RULE_CASES)
def test_each_rule_is_triggered_with_its_severity_and_source(
    K: kb.KnowledgeBase, plan: list, minutes: int, screen: dict | None, rule: str
) -> None:
    findings = screening.screen(**screen) if screen else None
    review = session.check_plan(plan, minutes=minutes, findings=findings)
    hits = [f for f in review.findings if f.rule == rule]
    assert hits, [f.rule for f in review.findings]
    expected = session.RULES[rule]
    for f in hits:
        assert f.severity == expected.severity and f.source == expected.source in K.sources
        assert len(f.message) > 30 and str(f).startswith(session.ICONS[f.severity])
        assert f.step is None or 0 <= f.step < len(plan)
    assert review.ok == (not any(f.severity == "error" for f in review.findings))


def test_every_rule_has_a_case_and_a_valid_severity() -> None:
    assert {case[3] for case in RULE_CASES} == set(session.RULES)
    assert {r.severity for r in session.RULES.values()} == {"error", "warning", "tip"}


@pytest.mark.parametrize(
    ("plan", "rule", "index"),
    [
        (_move("screening", "warming"), "screening-before-hands-on", 4),  # points at the misplaced screening
        (_move("warming", "met"), "warming-before-deep", 5),  # points at the first deep step
        (_without("met"), "lengthen-after-trigger-point", 7),  # points at the trigger point step
    ],
)
def test_findings_point_at_the_step(plan: list, rule: str, index: int) -> None:
    (f,) = [f for f in session.check_plan(plan).findings if f.rule == rule]
    assert f.step == index and f"step {index + 1}:" in str(f)


def test_empty_plan_is_a_friendly_error_with_score_zero() -> None:
    review = session.check_plan([])
    assert not review.ok and review.score == 0.0
    assert [f.rule for f in review.findings] == ["empty-plan"]
    assert "starting with intake" in review.findings[0].message


def test_postponed_session_without_touch_is_a_good_plan() -> None:
    result = screening.screen(["fever"])
    review = session.check_plan(["intake", "screening", "documentation"], minutes=60, findings=result)
    assert review.ok and review.findings == ()


def test_regions_away_from_the_site_pass() -> None:
    plan = [session.PlanStep(s, None, "lumbar-paraspinal") if session.STEPS[s].deep else s for s in GOOD]
    review = session.check_plan(plan, findings=screening.screen(recent_injury_site="calf"))
    assert review.findings == ()


def test_score_formula() -> None:
    review = session.check_plan(_without("home-care", "reassessment"), minutes=60)  # two warnings
    assert [f.severity for f in review.findings] == ["warning", "warning"]
    assert review.score == pytest.approx(0.8)
    bad = session.check_plan(["warming", "ischemic-compression"], minutes=60)
    assert bad.score == 0.0  # many errors: floored at 0


def test_findings_come_errors_first() -> None:
    review = session.check_plan(["nmt-gliding", "nmt-gliding", "intake"], minutes=60)
    order = [f.severity for f in review.findings]
    assert order == sorted(order, key=["error", "warning", "tip"].index)
    assert "error" in order and "tip" in order


@pytest.mark.parametrize(
    ("entry", "minutes"),
    [
        ("warming", 5),  # a name: the typical minutes
        (("warming", 12), 12),  # a (step, minutes) pair
        (["Effleurage", 7], 7),  # a list pair with an alias
        (session.PlanStep("warming", 9), 9),  # a PlanStep
        ({"step": "warming", "minutes": 4}, 4),  # a dict, as in cases.yaml
        (("warming", 8.0), 8),  # a whole float
    ],
)
def test_plan_entries_set_minutes(entry: object, minutes: int) -> None:
    (p,) = session.check_plan([entry]).plan
    assert p.step == "warming" and p.minutes == minutes


@pytest.mark.parametrize(
    "entry",
    [
        ("warming", 0),  # no time at all
        ("warming", 500),  # longer than any session
        ("warming", "ten"),  # words
        ("warming", 2.5),  # not whole minutes
        ("warming", True),  # a checkbox value
        42,  # not a step
        ("warming", 5, "extra"),  # a triple
    ],
)
def test_bad_entries_are_friendly_errors(entry: object) -> None:
    with pytest.raises(session.PlanError) as info:
        session.check_plan([entry])
    assert isinstance(info.value, NmtCourseError)
    assert "warming" in str(info.value).lower() or "plan step" in str(info.value)


@pytest.mark.parametrize("minutes", [0, -30, "sixty", None])  # impossible booked lengths
def test_bad_booked_minutes(minutes: object) -> None:
    with pytest.raises(session.PlanError):
        session.check_plan(GOOD, minutes=minutes)  # type: ignore[arg-type]


def test_a_plan_can_be_one_comma_separated_string() -> None:
    review = session.check_plan(", ".join(GOOD))
    assert [p.step for p in review.plan] == GOOD and review.ok


def test_plan_regions_are_looked_up_forgivingly() -> None:
    (p,) = session.plan_steps([session.PlanStep("nmt-gliding", 5, "Calf")])
    assert p.region == "calf"
    with pytest.raises(UnknownNameError):
        session.plan_steps([{"step": "nmt-gliding", "region": "calff knee"}])


def test_plan_markdown_has_the_table_and_the_review() -> None:
    text = session.plan_markdown(_without("met"), title="Priya, week 1")
    assert text.startswith("## Priya, week 1")
    assert "| 1 | Intake and health history | intake | 7 | 0 |" in text
    assert "⚠ Warning:" in text and "MET or stretching" in text
    review = session.check_plan(GOOD)
    assert session.plan_markdown(review) == session.plan_markdown(GOOD, review)
    assert "_No steps yet._" in session.plan_markdown([])


def test_review_summary_and_text() -> None:
    review = session.check_plan(_without("consent"))
    assert review.summary().startswith("✖") and "1 error" in review.summary()
    assert "✖ Error:" in str(review)
    assert review.rules == {"consent-before-touch"}


@pytest.mark.parametrize("module", ["session", "screening", "clinical.cases", "clinical.soap"])  # the pure domain modules
def test_domain_modules_import_no_front_end(module: str) -> None:
    code = f"import sys; import nmt_course.{module}; print(','.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    loaded = {name.split(".")[0] for name in out.strip().split(",")}
    assert not loaded & {"plotly", "ipywidgets", "IPython", "nbformat", "traitlets"}
