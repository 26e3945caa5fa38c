"""The knowledge-base API that notebooks, widgets and quizzes rely on (contract)."""

from __future__ import annotations

import pytest

from nmt_course import kb
from nmt_course.errors import NmtCourseError, UnknownNameError


@pytest.fixture(scope="module")
def K() -> kb.KnowledgeBase:
    return kb.load()


def test_load_is_cached(K: kb.KnowledgeBase) -> None:
    assert kb.load() is K


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("upper-trapezius", "upper-trapezius"),  # id
        ("Upper Trapezius", "upper-trapezius"),  # name, other case
        ("UPPER   trapezius", "upper-trapezius"),  # shouting, extra spaces
        ("SCM", "sternocleidomastoid"),  # abbreviation alias
        ("scm", "sternocleidomastoid"),  # alias, lower case
        ("QL", "quadratus-lumborum"),  # trunk abbreviation
        ("TFL", "tensor-fasciae-latae"),  # hip abbreviation
        ("pec major", "pectoralis-major"),  # lay short name
    ],
)
def test_muscle_lookup_by_id_name_or_alias(K: kb.KnowledgeBase, typed: str, expected: str) -> None:
    assert K.muscle(typed).id == expected


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("upper trapezus", "trapezius"),  # missing letter
        ("sternocleidomastiod", "sternocleidomastoid"),  # swapped letters
        ("masseterr", "masseter"),  # extra letter
    ],
)
def test_unknown_muscle_suggests_close_matches(K: kb.KnowledgeBase, typed: str, suggestion: str) -> None:
    with pytest.raises(UnknownNameError) as info:
        K.muscle(typed)
    err = info.value
    assert isinstance(err, NmtCourseError) and isinstance(err, LookupError)
    assert any(suggestion in s.lower() for s in err.suggestions), err.suggestions
    assert "Did you mean" in str(err) and typed in str(err)


def test_unknown_name_without_close_match_says_what_to_do(K: kb.KnowledgeBase) -> None:
    with pytest.raises(UnknownNameError) as info:
        K.muscle("zzzz")
    assert info.value.suggestions == []
    assert "Check the spelling" in str(info.value)


@pytest.mark.parametrize("bad", [None, 42, ["masseter"]])  # not text at all
def test_muscle_lookup_with_non_text_is_a_friendly_error(K: kb.KnowledgeBase, bad: object) -> None:
    with pytest.raises(UnknownNameError):
        K.muscle(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("temple", "temple"),  # id
        ("Temple", "temple"),  # label
        ("Back of the knee", "popliteal-fossa"),  # label
        ("Behind the knee", "popliteal-fossa"),  # alias
    ],
)
def test_region_lookup(K: kb.KnowledgeBase, typed: str, expected: str) -> None:
    assert K.region(typed).id == expected


def test_refers_to_lists_essential_before_spillover(K: kb.KnowledgeBase) -> None:
    matches = K.refers_to("temple")
    zones = [m.zone for m in matches]
    assert zones == sorted(zones, key=lambda z: z != "essential")
    assert {"essential"} <= set(zones)
    essential = {m.muscle.id for m in matches if m.zone == "essential"}
    assert "upper-trapezius" in essential  # DOMAIN.md: upper trapezius refers to the temple
    assert "temporalis" in essential


def test_refers_to_accepts_label_and_id_alike(K: kb.KnowledgeBase) -> None:
    by_id = [(m.muscle.id, m.zone) for m in K.refers_to("heel")]
    by_label = [(m.muscle.id, m.zone) for m in K.refers_to(K.regions["heel"].label)]
    assert by_id == by_label
    assert ("soleus", "essential") in by_id


def test_refers_to_zone_matches_the_muscle_data(K: kb.KnowledgeBase) -> None:
    for rid in K.regions:
        for match in K.refers_to(rid):
            zone_list = getattr(match.muscle.referral, match.zone)
            assert rid in zone_list


def test_refers_to_unknown_region_suggests(K: kb.KnowledgeBase) -> None:
    with pytest.raises(UnknownNameError) as info:
        K.refers_to("temprle")
    assert "Temple" in info.value.suggestions


def test_contraindication_kinds(K: kb.KnowledgeBase) -> None:
    kinds = {c.kind for c in K.contraindications.values()}
    assert kinds == {"systemic", "local", "caution"}


def test_cite_gives_full_citations(K: kb.KnowledgeBase) -> None:
    (citation,) = K.cite(["barbero2013"])
    assert "Barbero" in citation and "2013" in citation
    with pytest.raises(UnknownNameError):
        K.source("travell")
