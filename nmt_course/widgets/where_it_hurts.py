"""Where does it hurt? Pick a pain region, get the muscles that may refer there.

    from nmt_course.widgets import WhereDoesItHurt
    app = WhereDoesItHurt()
    app.select_region("temple")
    app.candidates          # essential matches first, each with its zone

Choose a region from the list, type it, or click it on the body map. The
candidates are ranked essential before spillover (the Trigger Point Manual's
convention) and labelled with their zone; choosing one shows its pattern.
A symptom search ("headache", "can't reach back pocket") lists muscles whose
typical symptoms match.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import ipywidgets as w

from .. import knowledge as kb
from ..errors import NmtCourseError
from ..figures.bodymap import body_map_json, region_at
from ..knowledge import ReferralMatch
from ..knowledge.symptoms import SymptomMatch, search_symptoms
from .bodymap_view import BodyMapView
from .cards import message_html
from .fluid import column, fluid, wrap_row
from .quiet import QuietUpdates

__all__ = ["WhereDoesItHurt", "WhereState"]


@dataclass
class WhereState:
    region_id: str | None = None
    muscle_id: str | None = None
    endangerment: bool = False
    zoom: bool = True
    candidates: list[ReferralMatch] = field(default_factory=list)
    symptom_matches: list[SymptomMatch] = field(default_factory=list)


class WhereDoesItHurt(QuietUpdates, w.VBox):
    """Region (list, typing or click) -> ranked candidate muscles -> their pattern."""

    def __init__(self) -> None:
        self.K = kb.load()
        self.state = WhereState()
        self._updating = False
        regions = sorted(self.K.regions.values(), key=lambda r: r.label.lower())
        self.region_list = w.Dropdown(
            options=[("Choose where it hurts…", "")] + [(r.label, r.id) for r in regions],
            value="", description="Pain region:", layout=fluid(460),
        )
        self.region_text = w.Combobox(
            placeholder="…or type it (e.g. temple, heel) and press Enter", options=[r.label for r in regions],
            ensure_option=False, continuous_update=False, layout=fluid(460),
        )
        self.candidate_list = w.Select(options=[], rows=8, description="Muscles:", layout=fluid(460))
        self.symptom_text = w.Text(placeholder='A symptom, e.g. "headache", "pain sitting"', description="Symptom:", layout=fluid(460), continuous_update=False)
        self.symptom_button = w.Button(description="Search symptoms", icon="search", tooltip="List muscles whose typical symptoms match")
        self.symptom_results = w.HTML()
        self.endangerment = w.Checkbox(value=False, description="Show endangerment sites", indent=False)
        self.zoom = w.Checkbox(value=True, description="Zoom in on the pattern (untick to see and click the whole body)", indent=False, layout=w.Layout(width="auto", max_width="100%"))
        self.message = w.HTML(message_html("Choose a region, type one, or click on the body map.", "info"))
        self.view = BodyMapView(self._figure(), on_click=self._on_map_click)
        for control in (self.region_list, self.region_text, self.candidate_list, self.symptom_text, self.symptom_button, self.endangerment, self.zoom):
            control.add_class("nmt-control")

        self.region_list.observe(self._on_region_list, names="value")
        self.region_text.observe(self._on_region_text, names="value")
        self.candidate_list.observe(self._on_candidate, names="value")
        self.symptom_button.on_click(lambda _b: self.search_symptoms(self.symptom_text.value))
        self.symptom_text.observe(lambda ch: self.search_symptoms(ch["new"]) if ch["new"] else None, names="value")
        self.endangerment.observe(self._on_endangerment, names="value")
        self.zoom.observe(self._on_zoom, names="value")

        region_box = column([self.region_list, self.region_text, self.message, self.candidate_list, wrap_row([self.endangerment, self.zoom])])
        symptom_box = column([wrap_row([self.symptom_text, self.symptom_button]), self.symptom_results])
        super().__init__([w.HTML("<h3 style='margin:0'>Where does it hurt?</h3>"), region_box, self.view.widget, symptom_box],
                         layout=w.Layout(width="100%", min_width="0"))
        self.add_class("nmt-where-it-hurts")

    # public API ----------------------------------------------------------------
    @property
    def figure(self):
        return self.view.figure

    @property
    def candidates(self) -> list[ReferralMatch]:
        """Muscles that may refer to the chosen region: essential zones first."""
        return list(self.state.candidates)

    def select_region(self, region: str) -> bool:
        """Choose a pain region by id or label; an unknown name gets a message and False."""
        try:
            found = self.K.region(region)
        except NmtCourseError as err:
            self.message.value = message_html(str(err), "warning")
            return False
        self.state.region_id = found.id
        self.state.candidates = self.K.refers_to(found.id)
        self.state.muscle_id = self.state.candidates[0].muscle.id if self.state.candidates else None
        self._set(self.region_list, found.id)
        n = len(self.state.candidates)
        if n == 0:
            self.message.value = message_html(
                f"No muscle in this course refers pain to {found.label.lower()}. Try a neighbouring region, "
                "and remember that pain there can have other causes: if in doubt, refer the client.", "info")
        else:
            essential = sum(1 for c in self.state.candidates if c.zone == "essential")
            self.message.value = message_html(
                f"{n} muscle{'s' if n != 1 else ''} can refer pain to {found.label.lower()}: "
                f"{essential} through their essential zone (listed first), {n - essential} through spillover.", "ok")
        self._updating = True
        try:
            self.candidate_list.options = [(self._label(c), c.muscle.id) for c in self.state.candidates]
            self.candidate_list.value = self.state.muscle_id
        finally:
            self._updating = False
        self._draw()
        return True

    def choose(self, muscle: str) -> bool:
        """Show one candidate's pattern (by id, name or alias)."""
        found = self.K.find_muscle(muscle)
        ids = [c.muscle.id for c in self.state.candidates]
        if found is None or found.id not in ids:
            names = ", ".join(c.muscle.name for c in self.state.candidates) or "none yet: choose a region first"
            self.message.value = message_html(f"{muscle!r} is not among the candidates ({names}).", "warning")
            return False
        self.state.muscle_id = found.id
        self._set(self.candidate_list, found.id)
        self._draw()
        return True

    def search_symptoms(self, query: str) -> list[SymptomMatch]:
        """List muscles whose typical symptoms match the words typed."""
        matches = search_symptoms(query, self.K)
        self.state.symptom_matches = matches
        if not (query or "").strip():
            self.symptom_results.value = message_html("Type a symptom first, for example: headache.", "info")
        elif not matches:
            self.symptom_results.value = message_html(f"No muscle's typical symptoms match {query.strip()!r}. Try fewer or simpler words.", "info")
        else:
            rows = "".join(f"<li><b>{html.escape(s.muscle_name)}</b>: {html.escape(s.symptom)}</li>" for s in matches)
            self.symptom_results.value = f"<div role='status'>Muscles with matching symptoms:<ul>{rows}</ul></div>"
        return matches

    # callbacks -----------------------------------------------------------------
    def _on_region_list(self, change: dict) -> None:
        if not self._updating and change["new"]:
            self.select_region(change["new"])

    def _on_region_text(self, change: dict) -> None:
        text = (change["new"] or "").strip()
        if text and not self._updating and self.select_region(text):
            self._set(self.region_text, "")

    def _on_candidate(self, change: dict) -> None:
        if not self._updating and change["new"]:
            self.choose(change["new"])

    def _on_endangerment(self, change: dict) -> None:
        self.state.endangerment = bool(change["new"])
        self._draw()

    def _on_zoom(self, change: dict) -> None:
        self.state.zoom = bool(change["new"])
        self._draw()

    def _on_map_click(self, view: str, x: float, y: float) -> None:
        region = region_at(view, x, y, K=self.K)
        if region is None:
            self.message.value = message_html("That spot is not one of the course's pain regions; try clicking a little closer to the body part.", "info")
            return
        self.select_region(region.id)

    # helpers -------------------------------------------------------------------
    @staticmethod
    def _label(match: ReferralMatch) -> str:
        return f"{match.muscle.name} ({'essential zone' if match.zone == 'essential' else 'spillover zone'})"

    def _figure(self):
        regions = [self.state.region_id] if self.state.region_id else []
        muscles = [self.state.muscle_id] if self.state.muscle_id else []
        title = None
        if self.state.muscle_id and self.state.region_id:
            title = f"{self.K.muscles[self.state.muscle_id].name} → {self.K.regions[self.state.region_id].label}"
        zoom = self.state.zoom and bool(muscles or regions)
        return body_map_json(  # the whole body shows every view, so any part can be clicked
            muscles=muscles, regions=regions, view="auto" if zoom else "all", endangerment=self.state.endangerment,
            clickable=True, title=title, zoom=zoom,
        )

    def _draw(self) -> None:
        self.view.show(self._figure())
