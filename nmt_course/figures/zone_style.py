"""How the body map draws things, and the words it uses for them: defined once.

The Trigger Point Manual draws a trigger point as an X, the *essential* zone
(felt by nearly everyone with that trigger point) solid, and the *spillover*
zone (felt by some) stippled. The course keeps that convention and names it
with the words below; the figures, the muscle cards and the notebooks all use
these, so a student reads the same words everywhere:

- :data:`ZONES` gives, per zone, its role word ("essential", "spillover"), its
  look ("solid", "dotted") and the phrase for legends and descriptions
  (:func:`zone_phrase`: "spillover zone (dotted)");
- :data:`DEEP_WORD` marks a muscle drawn dashed because it lies under others;
- the colours are checked for contrast against the skin (WCAG 1.4.11 asks 3:1
  for graphics): zone colours, outlines and the trigger-point marks all pass,
  and every cue also has a form that is not colour (fill, dash, marker, words).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Zone", "ZoneStyle", "ZONES", "zone_phrase", "DEEP_WORD", "TRIGGER_POINT_MARK",
    "PALETTE", "SKIN", "OUTLINE", "MUSCLE_FILL", "MUSCLE_LINE", "MUSCLE_FIBRE",
    "LANDMARK", "REGION_BLUE", "ENDANGER", "rgba", "contrast_ratio", "over_skin",
]

Zone = Literal["essential", "spillover"]


@dataclass(frozen=True)
class ZoneStyle:
    """A referral zone's role word, its look on the map, and what it means."""

    role: Zone
    look: str
    meaning: str
    fill_alpha: float

    @property
    def phrase(self) -> str:
        """"essential zone (solid)": the words legends, cards and descriptions use."""
        return f"{self.role} zone ({self.look})"


ZONES: dict[str, ZoneStyle] = {
    "essential": ZoneStyle("essential", "solid", "felt by nearly everyone with this trigger point", 0.8),
    "spillover": ZoneStyle("spillover", "dotted", "felt by some people, not all", 0.2),
}

DEEP_WORD = "deep"
"""Added to the name of a muscle that lies under others (it is drawn with a dashed outline)."""

TRIGGER_POINT_MARK = "X"


def zone_phrase(zone: str) -> str:
    """The phrase for a zone: ``zone_phrase("spillover") == "spillover zone (dotted)"``."""
    return ZONES[zone].phrase


# Colours -----------------------------------------------------------------------
# Zone colours: the Okabe & Ito (2008) colour-blind-safe hues, darkened so that
# even at the essential zone's fill opacity they keep 3:1 against the skin.
PALETTE = ["#C0392B", "#005A8C", "#00785A", "#A0457A", "#9A6400", "#5E3C99"]
SKIN = "#F3EEE8"
OUTLINE = "#4D4D4D"
MUSCLE_FILL = "#DCC8BF"
MUSCLE_LINE = "#6B4A3F"
MUSCLE_FIBRE = "#6E5045"
LANDMARK = "#A39C96"
REGION_BLUE = "#0072B2"
ENDANGER = "#7A3E9D"


def rgba(hex_colour: str, alpha: float) -> str:
    """``"#C0392B"``, 0.5 -> ``"rgba(192,57,43,0.5)"``."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def over_skin(hex_colour: str, alpha: float) -> str:
    """The colour seen when ``hex_colour`` at ``alpha`` is drawn over the skin."""
    top = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    skin = [int(SKIN[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(alpha * a + (1 - alpha) * b):02X}" for a, b in zip(top, skin, strict=True))


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(hex_colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
