"""The words for the zones are defined once (figures/zone_style.py); the notebooks and the cards say the same."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from nmt_course import kb
from nmt_course.figures.zone_style import ZONES, zone_phrase
from nmt_course.widgets.cards import muscle_card

NOTEBOOKS = sorted(p for p in (Path(__file__).resolve().parents[2] / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
LOOKS = {style.look for style in ZONES.values()} | {"stippled", "hatched", "shaded", "striped"}


def _prose(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown").replace("*", "")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_name_each_zone_with_its_defined_look(path: Path) -> None:
    text = _prose(path)
    for zone, style in ZONES.items():
        for look in re.findall(rf"{zone} zone \((\w+)\)", text, flags=re.IGNORECASE):
            assert look == style.look, f"{path.name}: '{zone} zone ({look})' - the map calls it '{zone_phrase(zone)}'"
    for sentence in re.split(r"(?<=[.;:])\s", text):
        if "stippl" in sentence.lower():  # the manual's word may be quoted as the manual's, never as the map's look
            assert "manual" in sentence.lower(), f"{path.name}: {sentence.strip()[:120]}"


def test_the_card_uses_the_same_words() -> None:
    K = kb.load()
    card = muscle_card(K.muscles["upper-trapezius"], K)
    assert zone_phrase("essential").capitalize() in card and zone_phrase("spillover").capitalize() in card
    assert not (LOOKS - {s.look for s in ZONES.values()}) & set(re.findall(r"\((\w+)\)", card))
