"""The muscle explorer: find a muscle, read its card, see its trigger points and zones.

    from nmt_course.widgets import MuscleExplorer
    MuscleExplorer()                      # in a notebook cell
    ex = MuscleExplorer(); ex.select("SCM")

Type-ahead search (names and aliases such as "SCM"), a body-area filter, a
list you can move through with the arrow keys, a choice of one trigger point
or all, and an endangerment-site overlay. A name it does not know gets a
short message with suggestions, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as w

from .. import knowledge as kb
from ..errors import NmtCourseError
from ..figures.bodymap import body_map_json
from .bodymap_view import BodyMapView
from .cards import message_html, muscle_card
from .fluid import column, fluid
from .quiet import QuietUpdates

__all__ = ["MuscleExplorer", "ExplorerState", "AREAS"]

AREAS = {"all": "All body areas", "head-neck": "Head and neck", "shoulder-arm": "Shoulder and arm", "trunk": "Trunk", "hip-leg": "Hip and leg"}
ALL_POINTS = "all"


@dataclass
class ExplorerState:
    muscle_id: str
    trigger_point: str = ALL_POINTS
    area: str = "all"
    endangerment: bool = False


class MuscleExplorer(QuietUpdates, w.VBox):
    """Search muscles; the card and the body map follow the selection."""

    def __init__(self, muscle: str = "upper-trapezius"):
        self.K = kb.load()
        first = self.K.muscle(muscle)
        self.state = ExplorerState(first.id)
        self._updating = False

        self.search = w.Combobox(
            placeholder="Type a muscle (e.g. SCM, soleus) and press Enter", options=self._names(), ensure_option=False, continuous_update=False,
            description="Find:", layout=fluid(460),
        )
        self.area = w.Dropdown(options=[(label, key) for key, label in AREAS.items()], value="all", description="Body area:", layout=fluid(460))
        self.muscle_list = w.Select(options=self._list_options(), value=first.id, rows=8, description="Muscles:", layout=fluid(460))
        self.trigger_point = w.Dropdown(description="Show:", layout=fluid(460))
        self.endangerment = w.Checkbox(value=False, description="Show endangerment sites", indent=False)
        self.message = w.HTML()
        self.card = w.HTML(layout=w.Layout(width="100%", min_width="0"))
        self.view = BodyMapView(self._figure())
        for control in (self.search, self.area, self.muscle_list, self.trigger_point, self.endangerment):
            control.add_class("nmt-control")

        self.search.observe(self._on_search, names="value")
        self.area.observe(self._on_area, names="value")
        self.muscle_list.observe(self._on_list, names="value")
        self.trigger_point.observe(self._on_trigger_point, names="value")
        self.endangerment.observe(self._on_endangerment, names="value")

        controls = column([self.search, self.area, self.muscle_list, self.trigger_point, self.endangerment, self.message])
        super().__init__([w.HTML("<h3 style='margin:0'>Muscle explorer</h3>"), controls, self.view.widget, self.card],
                         layout=w.Layout(width="100%", min_width="0"))
        self.add_class("nmt-muscle-explorer")
        self._refresh()

    # public API ----------------------------------------------------------------
    @property
    def figure(self):
        """The plotly FigureWidget on screen."""
        return self.view.figure

    @property
    def muscle(self):
        return self.K.muscles[self.state.muscle_id]

    def select(self, muscle: str) -> bool:
        """Show a muscle by id, name or alias; on an unknown name, say so and return False."""
        try:
            found = self.K.muscle(muscle)
        except NmtCourseError as err:
            self.message.value = message_html(str(err), "warning")
            return False
        self.message.value = ""
        if self.state.area != "all" and found.area != self.state.area:
            self.state.area = "all"
            self._set(self.area, "all")
            self._set_list_options()
        self.state.muscle_id = found.id
        self.state.trigger_point = ALL_POINTS
        self._set(self.muscle_list, found.id)
        self._refresh()
        return True

    def show_trigger_point(self, tp_id: str) -> None:
        """Show one trigger point (and its own zones), or ``"all"``."""
        ids = {tp.id for tp in self.muscle.trigger_points} | {ALL_POINTS}
        if tp_id not in ids:
            self.message.value = message_html(f"{self.muscle.name} has no trigger point {tp_id!r}; choose one of {', '.join(sorted(ids))}.", "warning")
            return
        self.state.trigger_point = tp_id
        self._set(self.trigger_point, tp_id)
        self._draw()

    # callbacks -----------------------------------------------------------------
    def _on_search(self, change: dict) -> None:
        text = (change["new"] or "").strip()
        if text and not self._updating and self.select(text):
            self._set(self.search, "")

    def _on_area(self, change: dict) -> None:
        if self._updating:
            return
        self.state.area = change["new"]
        self._set_list_options()

    def _on_list(self, change: dict) -> None:
        if not self._updating and change["new"]:
            self.select(change["new"])

    def _on_trigger_point(self, change: dict) -> None:
        if not self._updating and change["new"]:
            self.show_trigger_point(change["new"])

    def _on_endangerment(self, change: dict) -> None:
        self.state.endangerment = bool(change["new"])
        self._draw()

    # helpers -------------------------------------------------------------------
    def _names(self) -> list[str]:
        names = set()
        for m in self.K.muscles.values():
            names.add(m.name)
            names.update(a for a in m.aliases if len(a) <= 24)
        return sorted(names, key=str.lower)

    def _list_options(self) -> list[tuple[str, str]]:
        muscles = self.K.muscles.values() if self.state.area == "all" else self.K.muscles_in_area(self.state.area)
        return sorted(((m.name, m.id) for m in muscles), key=lambda o: o[0].lower())

    def _set_list_options(self) -> None:
        options = self._list_options()
        self._updating = True
        try:
            self.muscle_list.options = options
            ids = [o[1] for o in options]
            self.muscle_list.value = self.state.muscle_id if self.state.muscle_id in ids else None
        finally:
            self._updating = False

    def _figure(self):
        m = self.K.muscles[self.state.muscle_id]
        tp = None if self.state.trigger_point == ALL_POINTS else self.state.trigger_point
        return body_map_json(muscles=[m.id], trigger_point=tp, endangerment=self.state.endangerment, zoom=True, title=m.name)

    def _draw(self) -> None:
        self.view.show(self._figure())

    def _refresh(self) -> None:
        m = self.muscle
        options = [("All trigger points", ALL_POINTS)] + [(f"{tp.id}: {tp.description[:60]}", tp.id) for tp in m.trigger_points]
        self._updating = True
        try:
            self.trigger_point.options = options
            self.trigger_point.value = self.state.trigger_point
            self.trigger_point.disabled = len(m.trigger_points) == 1
        finally:
            self._updating = False
        self.card.value = muscle_card(m, self.K)
        self._draw()
