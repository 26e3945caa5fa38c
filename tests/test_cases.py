"""Case studies: each client's expected screening and model plan, checked against the domain code."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nmt_course import kb, screening, session
from nmt_course.clinical import cases
from nmt_course.errors import ContentError, UnknownNameError

ALL = cases.load_cases()


def test_load_is_cached() -> None:
    assert cases.load_cases() is ALL


def test_there_are_enough_varied_cases() -> None:
    assert len(ALL) >= 12
    decisions = {c.expected.decision for c in ALL.values()}
    assert decisions == {screening.POSTPONE, screening.CONSULT, screening.ADAPT, screening.PROCEED}
    found = {f for c in ALL.values() for f in c.expected.findings}
    # the situations the issue asks for
    assert {"pregnancy", "anticoagulants", "diabetes", "peripheral-neuropathy", "acute-injury", "fever",
            "deep-vein-thrombosis", "osteoporosis", "recent-surgery", "recent-radiation-area", "lymphoedema",
            "oedema-unknown-cause", "heart-failure", "severe-varicose-veins"} <= found
    assert any(c.pregnancy_weeks == 26 for c in ALL.values())
    related = {r for c in ALL.values() for r in c.related_conditions}
    assert {"tension-type-headache", "piriformis-pseudo-sciatica", "tmj-dysfunction", "lateral-epicondylalgia"} <= related


@pytest.mark.parametrize("case_id", list(ALL))
def test_screening_gives_the_expected_outcome(case_id: str) -> None:
    c = ALL[case_id]
    result = c.screen()
    assert result.complete, [u.message for u in result.unknown]
    assert result.decision == c.expected.decision
    assert sorted(result.ids) == sorted(c.expected.findings)
    for cid, site in c.expected.sites.items():
        f = result.finding(cid)
        assert f is not None and f.site == site


@pytest.mark.parametrize("case_id", list(ALL))
def test_model_plan_is_ok_and_fits(case_id: str) -> None:
    c = ALL[case_id]
    review = c.review()
    assert review.ok, [str(f) for f in review.findings]
    assert review.total_minutes <= c.booked_minutes
    assert not review.warnings, [str(f) for f in review.warnings]


@pytest.mark.parametrize("case_id", list(ALL))
def test_case_is_complete(case_id: str) -> None:
    c = ALL[case_id]
    assert " " not in c.name and c.name[0].isupper()  # first name only
    assert c.intake and c.complaint and c.summary and c.teaching_points and c.sources
    assert all(len(p.reason) > 10 for p in c.plan)


@pytest.mark.parametrize("case_id", [c.id for c in ALL.values() if c.expected.decision == screening.POSTPONE])
def test_postponed_clients_are_not_touched(case_id: str) -> None:
    assert not any(session.STEPS[p.step].hands_on for p in ALL[case_id].plan)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Sofia", "pregnant-26-weeks"),  # first name
        ("harold", "warfarin-client"),  # lower case
        ("dvt-calf", "dvt-calf"),  # id
    ],
)
def test_case_lookup(typed: str, expected: str) -> None:
    assert cases.case(typed).id == expected


def test_unknown_case_suggests() -> None:
    with pytest.raises(UnknownNameError) as info:
        cases.case("Sofa")
    assert "Sofia" in info.value.suggestions


def _write(tmp_path: Path, item: dict) -> Path:
    path = tmp_path / "cases.yaml"
    path.write_text(yaml.safe_dump({"cases": [item]}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _first() -> dict:
    return yaml.safe_load(cases.CASES_FILE.read_text(encoding="utf-8"))["cases"][0]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c.update(mood="calm"), "unknown field"),  # a field the model does not have
        (lambda c: c["plan"][0].update(step="intaek"), "no session step with id 'intaek'"),  # misspelt step
        (lambda c: c["plan"][6].update(region="calff"), "no region"),  # misspelt region
        (lambda c: c["expected"].update(findings=["fevr"]), "no contraindication"),  # misspelt finding
        (lambda c: c.update(sources=["travell"]), "no source"),  # unknown source
        (lambda c: c.update(age=3), "age"),  # not a massage client
    ],
)
def test_broken_case_files_name_the_place(tmp_path: Path, change, expected: str) -> None:
    item = _first()
    change(item)
    with pytest.raises(ContentError) as info:
        cases.load_cases_from(_write(tmp_path, item))
    text = str(info.value)
    assert "cases.yaml" in text and "office-tension-headache" in text
    assert expected in text or expected in info.value.place


def test_duplicate_case_ids_are_rejected(tmp_path: Path) -> None:
    item = _first()
    path = tmp_path / "cases.yaml"
    path.write_text(yaml.safe_dump({"cases": [item, item]}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match="used twice"):
        cases.load_cases_from(path)


def test_a_file_without_cases_key_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text("clients: []\n", encoding="utf-8")
    with pytest.raises(ContentError, match="cases:"):
        cases.load_cases_from(path)


def test_cases_cite_known_sources() -> None:
    K = kb.load()
    for c in ALL.values():
        assert set(c.sources) <= set(K.sources), c.id
