"""The session sequencer, the screener and the timeline figure, driven without a browser."""

from __future__ import annotations

import pytest

from nmt_course import screening, session
from nmt_course.clinical import cases
from nmt_course.figures import describe
from nmt_course.figures.timeline import PHASE_STYLE, session_timeline
from nmt_course.widgets import Screener, SessionSequencer

GOOD = [
    "intake", "consent", "screening", "postural-assessment", "palpation-assessment", "warming", "nmt-gliding",
    "trigger-point-release", "met", "referral-zone-work", "reassessment", "home-care", "documentation",
]


# timeline figure --------------------------------------------------------------------------

def test_timeline_has_one_bar_per_step_grouped_by_phase() -> None:
    fig = session_timeline(session.check_plan(GOOD, minutes=60))
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(len(t.y) for t in bars) == len(GOOD)
    assert [t.meta["phase"] for t in bars] == [p for p in PHASE_STYLE if any(t.meta["phase"] == p for t in bars)]
    treatment = next(t for t in bars if t.meta["phase"] == "treatment")
    assert list(treatment.meta["steps"]) == ["nmt-gliding", "trigger-point-release", "referral-zone-work"]
    assert list(treatment.x) == [8, 8, 3] and list(treatment.base) == [26, 34, 47]
    patterns = {t.marker.pattern.shape for t in bars}
    assert len(patterns) == len(bars)  # a pattern per phase, not colour alone
    assert fig.layout.title.text == "Session timeline: 13 steps, 60 of 60 booked minutes"
    assert "7. NMT gliding strokes, minute 26 to 34 (treatment)" in describe(fig)


def test_timeline_marks_the_booked_time_and_overrun() -> None:
    fig = session_timeline(GOOD, minutes=50)
    assert any(s.type == "line" and s.x0 == 50 for s in fig.layout.shapes)
    assert any(s.type == "rect" and s.x0 == 50 and s.x1 == 60 for s in fig.layout.shapes)
    assert "10 minutes over the 50 booked" in describe(fig)
    assert any("10 min over" in a.text for a in fig.layout.annotations)


def test_empty_timeline_says_what_to_do() -> None:
    fig = session_timeline([])
    assert not [t for t in fig.data if t.type == "bar"]
    assert "Add steps" in fig.layout.annotations[0].text and "no steps" in describe(fig)


def test_timeline_phases_cover_every_step_phase() -> None:
    assert {s.phase for s in session.STEPS.values()} <= set(PHASE_STYLE) == set(session.PHASES)


# session sequencer ------------------------------------------------------------------------

@pytest.fixture
def seq() -> SessionSequencer:
    return SessionSequencer()


def _feedback(app: SessionSequencer) -> str:
    return app.feedback.value


def test_starts_empty_with_guidance(seq: SessionSequencer) -> None:
    assert seq.steps == [] and "No steps yet" in seq.rows.children[0].value
    assert seq.review.rules == {"empty-plan"}
    assert "✖ Error:" in _feedback(seq) and "starting with intake" in _feedback(seq)


def test_palette_and_add_button(seq: SessionSequencer) -> None:
    seq.add_button.click()  # nothing chosen yet
    assert "Choose a step" in seq.message.value and seq.steps == []
    seq.palette.value = "intake"
    seq.add_button.click()
    assert seq.steps == ["intake"] and "Added" in seq.message.value
    assert "1. Intake and health history" in seq.rows.children[0].children[0].value


def test_building_the_good_plan_clears_every_finding(seq: SessionSequencer) -> None:
    for s in GOOD:
        assert seq.add(s)
    assert seq.review.ok and seq.review.findings == ()
    assert "follows every rule" in _feedback(seq)
    assert seq.chart.layout.title.text == seq.figure.layout.title.text
    assert "What the chart shows:" in seq.chart_caption.value and "13. Documentation" in seq.chart_caption.value


def test_unknown_step_is_a_message(seq: SessionSequencer) -> None:
    assert seq.add("warmng") is False
    assert "Did you mean" in seq.message.value and seq.steps == []


def test_buttons_reorder_and_remove() -> None:
    app = SessionSequencer(["intake", "warming", "consent"])
    up = app.rows.children[2].children[2]
    up.click()
    assert app.steps == ["intake", "consent", "warming"]
    app.rows.children[0].children[3].click()  # Down
    assert app.steps == ["consent", "intake", "warming"]
    app.rows.children[0].children[4].click()  # Remove
    assert app.steps == ["intake", "warming"]
    assert app.move_up(0) is False and "already at the top" in app.message.value
    assert app.move_down(1) is False and "already at the bottom" in app.message.value


@pytest.mark.parametrize("index", [5, -1, "2", None])  # out of range, negative, text, nothing
def test_bad_indexes_are_messages(index: object) -> None:
    app = SessionSequencer(["intake", "consent"])
    assert app.remove(index) is False and app.move_up(index) is False  # type: ignore[arg-type]
    assert "no step number" in app.message.value and app.steps == ["intake", "consent"]


def test_minutes_and_booked_time_update_review_and_figure() -> None:
    app = SessionSequencer(GOOD, minutes=60)
    app.rows.children[6].children[1].value = 20  # NMT gliding: 8 -> 20 minutes
    assert app.review.total_minutes == 72 and "fits-booked-time" in app.review.rules
    assert "✖ Error:" in _feedback(app) and "72 minutes" in _feedback(app)
    assert "72 of 60" in app.chart.layout.title.text
    assert sum(len(t.y) for t in app.chart.data if t.type == "bar") == len(GOOD)
    app.booked.value = 75
    assert app.review.ok and app.state.minutes == 75
    app.booked.value = 500  # clamped by the control
    assert app.state.minutes == 180 and "session-length" in app.review.rules


def test_feedback_uses_icons_and_words() -> None:
    app = SessionSequencer(["intake", "consent", "screening", "warming", "nmt-gliding", "nmt-gliding",
                            "trigger-point-release", "documentation"], minutes=60)
    text = _feedback(app)
    for icon in ("✖ Error:", "⚠ Warning:", "💡 Tip:"):
        assert icon in text
    assert "[chaitow-delany]" in text  # the source of each rule


def test_export_markdown() -> None:
    app = SessionSequencer(GOOD)
    assert app.export_text.layout.display == "none"
    app.export_button.click()
    assert app.export_text.layout.display == "" and app.export_text.value == app.markdown()
    assert "| 13 | Documentation (SOAP note) | closing | 4 | 56 |" in app.markdown()
    app.remove(0)
    assert "intake-first" not in app.export_text.value and "Intake and health history" not in app.export_text.value.split("### Review")[0]


def test_screening_findings_shape_the_feedback() -> None:
    result = screening.screen(medications=["warfarin"])
    app = SessionSequencer(GOOD, findings=result)
    assert "screening-no-deep-work" in app.review.rules and not app.review.ok
    assert "Anticoagulant medication" in _feedback(app)


def test_bad_initial_plan_starts_empty_with_a_message() -> None:
    app = SessionSequencer(["intake", "stretchy"])
    assert app.steps == [] and "Did you mean" in app.message.value


@pytest.mark.parametrize(
    ("minutes", "booked", "warned"),
    [
        (45, 45, False),  # a normal length
        (400, 180, False),  # clamped to the control's maximum
        ("sixty", 60, True),  # words: the default, with a message
    ],
)
def test_booked_minutes_at_start(minutes: object, booked: int, warned: bool) -> None:
    app = SessionSequencer(GOOD, minutes=minutes)  # type: ignore[arg-type]
    assert app.state.minutes == app.booked.value == booked
    assert ("whole number" in app.message.value) == warned


@pytest.mark.parametrize("case_id", ["warfarin-client", "ankle-sprain", "fever"])  # three kinds of client
def test_a_case_plan_in_the_sequencer(case_id: str) -> None:
    c = cases.case(case_id)
    app = SessionSequencer(c.plan_steps(), minutes=c.booked_minutes, findings=c.screen())
    assert app.review.ok and app.steps == [p.step for p in c.plan]


# screener -----------------------------------------------------------------------------------

@pytest.fixture
def scr() -> Screener:
    return Screener()


def test_screen_button_runs_the_screening(scr: Screener) -> None:
    scr.client.value = "Harold"
    scr.conditions.value = "stiff neck, history of DVT in the right calf"
    scr.medications.value = "warfarin 5 mg"
    scr.screen_button.click()
    assert scr.result is not None and scr.result.decision == screening.POSTPONE
    assert "✖ Decision: postpone and refer" in scr.decision.value
    assert "✖ Systemic contraindication:" in scr.findings_panel.value and "ℹ Caution:" in scr.findings_panel.value
    assert "Why:" in scr.findings_panel.value and "werner" in scr.findings_panel.value
    assert "Noted:" in scr.findings_panel.value  # stiff neck: a course condition
    assert scr.soap.value.startswith("## SOAP note (draft): Harold")


def test_unknown_names_are_listed_with_suggestions(scr: Screener) -> None:
    scr.conditions.value = "diabtes"
    scr.medications.value = "warfrin"
    result = scr.screen()
    assert result is not None and len(result.unknown) == 2
    assert scr.findings_panel.value.count("Not recognised") == 2 and "warfarin" in scr.findings_panel.value
    assert "Not recognised, so no decision yet" in scr.message.value and "Did you mean" in scr.message.value
    assert "cannot decide yet: check 2 names" in scr.decision.value


def test_pregnancy_and_sites_on_the_body_map(scr: Screener) -> None:
    scr.pregnancy_weeks.value = 26
    scr.surgery_site.value = "right shoulder"
    scr.injury_site.value = "Calf"
    result = scr.screen()
    assert result is not None and set(result.ids) == {"pregnancy", "recent-surgery", "acute-injury"}
    assert "side-lying" in scr.findings_panel.value
    marked: set[str] = set()
    for t in scr.figure.data:
        meta = t.meta or {}
        if meta.get("role") == "selected-region":  # one trace per region, or per view with "regions"
            marked |= set(meta.get("regions") or [meta.get("region")])
    assert {"calf", "acromion", "anterior-deltoid"} <= marked
    assert "calf" in scr.figure.layout.title.text.lower()


def test_empty_form_says_so(scr: Screener) -> None:
    result = scr.screen()
    assert result is not None and result.decision == screening.PROCEED
    assert "form is empty" in scr.message.value and "✔ Decision" in scr.decision.value


def test_load_case_fills_the_form(scr: Screener) -> None:
    assert scr.load_case("Linda")
    assert scr.conditions.value == "breast cancer, radiotherapy to the left chest, sentinel node biopsy in the left axilla"
    assert set(scr.result.ids) == {"recent-radiation-area", "lymphoedema", "cancer"}
    assert scr.load_case("Lindy") is False and "Did you mean" in scr.message.value


def test_domain_errors_become_messages(scr: Screener, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_a: object, **_k: object) -> None:
        raise screening.ScreeningInputError("Pregnancy weeks must be a whole number from 1 to 42.")

    monkeypatch.setattr(screening, "screen", broken)
    assert scr.screen() is None
    assert "Problem:" in scr.message.value and "1 to 42" in scr.state.error
