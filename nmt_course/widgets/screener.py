"""The screener: fill in a client's intake, press Screen, read what to do and why.

    from nmt_course.widgets import Screener
    app = Screener()
    app.conditions.value = "diabetes, sprained ankle"
    app.medications.value = "warfarin"
    app.screen().decision

Findings are listed by kind (✖ systemic, ⚠ local, ℹ caution: icon and word,
never colour alone), with guidance, the reason, notes on anything not settled
and the sources. Names the screener does not recognise are listed with
suggestions, never dropped. Local sites are outlined on the body map, and a
draft SOAP note is ready to copy. The reasoning lives in
:mod:`nmt_course.screening` and :mod:`nmt_course.clinical.soap`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from .. import knowledge as kb
from ..clinical import screening
from ..errors import NmtCourseError
from ..figures.bodymap import body_map
from ..clinical.screening.names import BROAD_AREAS
from ..clinical.soap import soap_note
from .bodymap_view import BodyMapView
from .cards import message_html

__all__ = ["Screener", "ScreenerState"]

# symbols every common font has (emoji fonts are often missing); the words say the same
_DECISION_ICON = {"postpone": "✖", "undecided": "?", "consult": "☎", "adapt": "⚠", "proceed": "✔"}


@dataclass
class ScreenerState:
    result: screening.ScreeningResult | None = None
    soap: str = ""
    error: str = ""


class Screener(w.VBox):
    """Intake form -> screening findings, unknown names, body map of sites, SOAP draft."""

    def __init__(self) -> None:
        self.K = kb.load()
        self.state = ScreenerState()
        wide = w.Layout(width="100%", max_width="520px")
        sites = sorted({*BROAD_AREAS, *(r.label for r in self.K.regions.values())}, key=str.lower)
        self.client = w.Text(description="First name:", placeholder="e.g. Sofia", layout=wide)
        self.complaint = w.Text(description="Complaint:", placeholder="The main complaint, in the client's words", layout=wide)
        self.conditions = w.Textarea(description="Conditions:", placeholder="Separate with commas, e.g. diabetes, "
                                     "sprained ankle, high blood pressure", rows=3, layout=wide)
        self.medications = w.Textarea(description="Medicines:", placeholder="Separate with commas, e.g. warfarin, "
                                      "metformin 500 mg", rows=2, layout=wide)
        self.pregnancy_weeks = w.BoundedIntText(value=0, min=0, max=42, description="Pregnant:",
                                                layout=w.Layout(width="220px"))
        self.surgery_site = w.Combobox(description="Surgery at:", options=sites, ensure_option=False,
                                       placeholder="Recent surgery: where? (e.g. shoulder)", layout=wide)
        self.injury_site = w.Combobox(description="Injury at:", options=sites, ensure_option=False,
                                      placeholder="Recent injury: where? (e.g. left ankle)", layout=wide)
        self.screen_button = w.Button(description="Screen", icon="check", button_style="primary",
                                      tooltip="Check the intake for contraindications")
        self.message = w.HTML()
        self.decision = w.HTML()
        self.findings_panel = w.HTML()
        self.soap = w.Textarea(rows=14, layout=w.Layout(width="100%"), description="")
        self.view = BodyMapView(body_map(title="Areas to avoid"))
        for control in (self.client, self.complaint, self.conditions, self.medications, self.pregnancy_weeks,
                        self.surgery_site, self.injury_site, self.screen_button):
            control.add_class("nmt-control")
        self.screen_button.on_click(lambda _b: self.screen())
        form = w.VBox([
            self.client, self.complaint, self.conditions, self.medications,
            w.HBox([self.pregnancy_weeks, w.HTML("<small>&nbsp;weeks (0 = not pregnant)</small>")]),
            self.surgery_site, self.injury_site, self.screen_button,
        ])
        super().__init__([
            w.HTML("<h3 style='margin:0'>Screen a client before you touch them</h3>"), form, self.message,
            self.decision, self.findings_panel, self.view.widget,
            w.HTML("<b>Draft SOAP note</b> (Markdown; complete it after the session):"), self.soap,
        ])
        self.add_class("nmt-screener")

    # public API ----------------------------------------------------------------
    @property
    def result(self) -> screening.ScreeningResult | None:
        return self.state.result

    @property
    def figure(self) -> Any:
        return self.view.figure

    def screen(self) -> screening.ScreeningResult | None:
        """Screen what the form holds; a mistake gives a message and None, never a traceback."""
        try:
            result = screening.screen(
                self.conditions.value, self.medications.value, pregnancy_weeks=self.pregnancy_weeks.value or None,
                recent_surgery_site=self.surgery_site.value, recent_injury_site=self.injury_site.value,
            )
        except NmtCourseError as err:
            self.state.error = str(err)
            self.message.value = message_html(str(err), "error")
            return None
        self.state.error = ""
        self.state.result = result
        if result.intake.pregnancy_weeks and not self.pregnancy_weeks.value:
            self.pregnancy_weeks.value = result.intake.pregnancy_weeks  # weeks read from "pregnant 30 wks"
        self.state.soap = soap_note(result, client=self.client.value, complaint=self.complaint.value)
        self._show(result)
        return result

    def load_case(self, name: str) -> bool:
        """Fill the form from a case study (id or first name) and screen it."""
        from ..clinical import cases

        try:
            c = cases.case(name)
        except NmtCourseError as err:
            self.message.value = message_html(str(err), "warning")
            return False
        self.client.value, self.complaint.value = c.name, c.complaint
        self.conditions.value = ", ".join(c.conditions)
        self.medications.value = ", ".join(c.medications)
        self.pregnancy_weeks.value = c.pregnancy_weeks or 0
        self.surgery_site.value = c.recent_surgery_site or ""
        self.injury_site.value = c.recent_injury_site or ""
        return self.screen() is not None

    # helpers -------------------------------------------------------------------
    def _show(self, result: screening.ScreeningResult) -> None:
        e = html.escape
        icon = _DECISION_ICON[result.level]
        self.decision.value = f"<h4 role='status' aria-live='polite' style='margin:6px 0'>{icon} Decision: {e(result.decision)}</h4>"
        if not result.complete:
            listed = "; ".join(u.message for u in result.unknown)
            self.message.value = message_html(f"Not recognised, so no decision yet: {listed} Correct the spelling "
                                              "or ask the client what it is, then press Screen again.", "warning")
        elif not result.intake.conditions and not result.intake.medications and not result.findings:
            self.message.value = message_html("The form is empty: nothing was screened. Fill in what the client "
                                              "wrote, or 'none'.", "info")
        else:
            self.message.value = message_html("Screening done.", "ok")
        items = [f"<li>⚠ <b>Together:</b> {e(c.message)}<br><small>Findings: {e(', '.join(c.findings))}. "
                 f"Sources: {e(', '.join(c.sources))}</small></li>" for c in result.combined]
        for f in result.findings:
            site = f" ({e(f.site_label.lower())})" if f.site_label else ""
            caveats = "".join(f"<br>? <b>Not settled:</b> {e(c)}" for c in f.caveats)
            items.append(
                f"<li><b>{e(f.label)}:</b> {e(f.name)}{site}<br>{e(f.guidance)}<br><i>Why:</i> {e(f.rationale)}"
                f"{caveats}<br><small>From: {e(', '.join(f.matched))}. Sources: {e(', '.join(f.sources))}</small></li>"
            )
        items += [f"<li>? <b>Not recognised:</b> {e(u.message)}</li>" for u in result.unknown]
        items += [f"<li>ℹ <b>Noted:</b> {e(n.label)} is a condition this course covers, not a contraindication.</li>"
                  for n in result.noted]
        body = "".join(items) or "<li>✔ Nothing on the form is a contraindication.</li>"
        self.findings_panel.value = f"<ul style='margin:2px 0 6px 18px;padding:0'>{body}</ul>"
        regions = list(dict.fromkeys(r for f in result.findings for r in f.regions))
        title = "Areas to avoid: " + ", ".join(self.K.regions[r].label.lower() for r in regions) if regions else "Areas to avoid: none marked"
        self.view.show(body_map(regions=regions, title=title))
        self.soap.value = self.state.soap
