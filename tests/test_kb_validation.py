"""Broken knowledge-base files give one clear message naming the file and the place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run_cli
from nmt_course import kb
from nmt_course.errors import ContentError


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def yaml_syntax_error(d: Path) -> None:
    _replace_once(d / "regions.yaml", "regions:\n", "regions:\n  - id: [unclosed\n")


def unknown_field(d: Path) -> None:
    _replace_once(d / "muscles" / "head_neck.yaml", "    origin:", "    orgin: typo here\n    origin:")


def dangling_region(d: Path) -> None:
    _replace_once(d / "muscles" / "trunk_hip_leg.yaml", "essential: [", "essential: [no-such-region, ")


def dangling_source(d: Path) -> None:
    _replace_once(d / "techniques.yaml", "sources: [", "sources: [travell-1999, ")


def duplicate_id(d: Path) -> None:
    _replace_once(d / "conditions.yaml", "- id: tmj-dysfunction", "- id: tension-type-headache")


def out_of_frame(d: Path) -> None:
    path = d / "muscles" / "shoulder_arm.yaml"
    text = path.read_text()
    i = text.index("      x: ")
    j = text.index("\n", i)
    path.write_text(text[:i] + "      x: 500" + text[j:])


def missing_file(d: Path) -> None:
    (d / "conditions.yaml").unlink()


def wrong_kind(d: Path) -> None:
    _replace_once(d / "contraindications.yaml", "kind: local", "kind: sometimes")


def bad_id(d: Path) -> None:
    _replace_once(d / "regions.yaml", "- id: temple", "- id: Temple Region")


CASES: list[tuple[Callable[[Path], None], str, str]] = [
    # (how to break the copy, file named in the message, words the message must contain)
    (yaml_syntax_error, "regions.yaml", "not valid YAML"),
    (unknown_field, "muscles/head_neck.yaml", "unknown field 'orgin'"),
    (dangling_region, "muscles/trunk_hip_leg.yaml", "no region with id 'no-such-region'"),
    (dangling_source, "techniques.yaml", "no source with id 'travell-1999'"),
    (duplicate_id, "conditions.yaml", "used twice"),
    (out_of_frame, "muscles/shoulder_arm.yaml", "outside the body-map frame"),
    (missing_file, "conditions.yaml", "missing"),
    (wrong_kind, "contraindications.yaml", "'systemic', 'local' or 'caution'"),
    (bad_id, "regions.yaml", "lower-case words joined by hyphens"),
]


@pytest.mark.parametrize(("breaker", "file", "words"), CASES, ids=[c[0].__name__ for c in CASES])
def test_broken_file_gives_one_clear_message(data_copy: Path, breaker, file: str, words: str) -> None:
    breaker(data_copy)
    with pytest.raises(ContentError) as info:
        kb.load_from(data_copy)
    message = str(info.value)
    assert info.value.file == file
    assert message.startswith(file)
    assert words in message
    if breaker is not missing_file:
        assert info.value.line is not None and info.value.line > 1
        assert "line" in message


def test_place_names_the_item_and_field(data_copy: Path) -> None:
    unknown_field(data_copy)
    with pytest.raises(ContentError) as info:
        kb.load_from(data_copy)
    assert info.value.place.startswith("muscles[0] (")
    assert info.value.place.endswith("> orgin")


def test_line_number_points_at_the_problem(data_copy: Path) -> None:
    dangling_region(data_copy)
    with pytest.raises(ContentError) as info:
        kb.load_from(data_copy)
    line = (data_copy / "muscles" / "trunk_hip_leg.yaml").read_text().splitlines()[info.value.line - 1]
    assert "no-such-region" in line or "essential" in line


def test_intact_copy_loads(data_copy: Path) -> None:
    K = kb.load_from(data_copy)
    assert len(K.muscles) == len(kb.load().muscles)


@pytest.mark.parametrize(("breaker", "file", "words"), CASES[:4], ids=[c[0].__name__ for c in CASES[:4]])
def test_cli_validate_exits_1_without_traceback(data_copy: Path, breaker, file: str, words: str) -> None:
    breaker(data_copy)
    result = run_cli("kb", "validate", "--data", str(data_copy))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith("error: " + file)
    assert words in result.stderr


def test_cli_validate_ok() -> None:
    result = run_cli("kb", "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Knowledge base OK:")


def test_every_problem_is_listed_not_only_the_first(data_copy: Path) -> None:
    for breaker in (unknown_field, dangling_region, dangling_source, duplicate_id, wrong_kind, bad_id):
        breaker(data_copy)
    K, problems = kb.check_kb(data_copy)
    assert K is None
    files = [p.file for p in problems]
    for expected in ("muscles/head_neck.yaml", "muscles/trunk_hip_leg.yaml", "techniques.yaml", "conditions.yaml", "contraindications.yaml", "regions.yaml"):
        assert expected in files, (expected, [str(p) for p in problems])
    with pytest.raises(ContentError, match=r"and \d+ more; run `nmt-course kb validate`"):
        kb.load_from(data_copy)
    result = run_cli("kb", "validate", "--data", str(data_copy))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\nerror: ") + result.stderr.startswith("error: ") == len(problems)
    assert f"{len(problems)} problems found in the knowledge base." in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "words", "not_words"),
    [
        # a misspelt field is named with the field it resembles, and the "missing" report it causes is folded in
        ("    innervation:", "    innervaton:", "unknown field 'innervaton': did you mean 'innervation'?", "the field is missing"),
        # a misspelt optional field: the suggestion comes from the model's own fields
        ("    origin:", "    aliasses: [x]\n    origin:", "unknown field 'aliasses': did you mean 'aliases'?", "check its spelling"),
        # nothing close: the message says where the allowed fields are listed
        ("    origin:", "    colour: red\n    origin:", "unknown field 'colour' (check its spelling; docs/content-format.md lists", "did you mean"),
    ],
)
def test_an_unknown_key_is_named_with_a_suggestion(data_copy: Path, old: str, new: str, words: str, not_words: str) -> None:
    _replace_once(data_copy / "muscles" / "head_neck.yaml", old, new)
    _, problems = kb.check_kb(data_copy)
    messages = [str(p) for p in problems]
    assert len(messages) == 1, messages
    assert words in messages[0] and not_words not in messages[0]
    assert messages[0].startswith("muscles/head_neck.yaml, line")
