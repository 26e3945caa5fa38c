"""Small helpers for the welcome notebook: look a muscle up by typing its name.

``describe("SCM")`` prints a short card; a typo prints a friendly hint instead
of a traceback. ``muscle_lookup()`` is the same as a widget: a text box with
suggestions and a card that updates as you choose.
"""

from __future__ import annotations

import html
from typing import Any

from .. import knowledge as kb
from ..errors import UnknownNameError

__all__ = ["describe", "card_text", "muscle_lookup"]


def card_text(name: str) -> str:
    """A muscle's short card as plain text, or a friendly message for an unknown name."""
    K = kb.load()
    try:
        m = K.muscle(name)
    except UnknownNameError as err:
        return f"{err}\nTip: type the name in quotes, like describe(\"upper trapezius\")."
    essential = ", ".join(K.regions[r].label.lower() for r in m.referral.essential)
    lines = [m.name, f"  Action: {m.action}", f"  Refers pain mainly to: {essential}"]
    if m.referral.spillover:
        lines.append("  Sometimes also to: " + ", ".join(K.regions[r].label.lower() for r in m.referral.spillover))
    lines.append("  Sources: " + ", ".join(m.sources))
    return "\n".join(lines)


def describe(name: str) -> None:
    """Print a muscle's short card (or a hint if the name is not known)."""
    print(card_text(name))


def muscle_lookup() -> Any:
    """A combobox of muscle names and a card below it (ipywidgets)."""
    import ipywidgets as w

    K = kb.load()
    names = sorted(m.name for m in K.muscles.values())
    box = w.Combobox(placeholder="Start typing a muscle, e.g. masseter", options=names, ensure_option=False, continuous_update=False, description="Muscle:")
    card = w.HTML(value="<i>Choose a muscle to see where it refers pain.</i>")

    def show(change: dict) -> None:
        text = change["new"].strip()
        if not text:
            return
        card.value = "<pre style='white-space:pre-wrap'>" + html.escape(card_text(text)) + "</pre>"

    box.observe(show, names="value")
    lookup = w.VBox([box, card], layout=w.Layout(max_width="720px"))
    lookup.add_class("nmt-muscle-lookup")
    return lookup
