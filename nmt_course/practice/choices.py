"""A list of options with native radio buttons or checkboxes whose long text wraps beside its button.

ipywidgets' ``RadioButtons`` lays long options out badly: the text runs under
the next option and the button disappears, and since keys tend to be the
longest option, the broken-looking one gives the answer away. This widget
(an anywidget, so it needs no front-end build of its own) draws each option
as ``<label><input type=radio> A  text</label>`` in a grid: the button keeps
its place at the top left and the text wraps in its own column, at any width.

Native inputs mean the keyboard works as on any web page: Tab into the list,
↑/↓ move the radio choice, Space ticks a checkbox (in JupyterLab and Notebook 7
the ``nmt-course-quiz`` extension keeps those keys away from the notebook's
shortcuts). Each input's accessible name is its option's letter and text; the
focus ring is 3 px, 6.4:1 against white.

    box = ChoiceList(options=[["A", "Upper trapezius"], ["B", "Soleus"]])
    box.value = "A"                # or None; a list of letters when multiple=True
"""

from __future__ import annotations

import anywidget
import traitlets

__all__ = ["ChoiceList"]

_ESM = """
let count = 0;
function render({ model, el }) {
  const box = document.createElement("fieldset");
  box.className = "nmt-choices";
  const legend = document.createElement("legend");
  legend.className = "nmt-choices-legend";
  const name = `nmt-choice-${++count}-${Date.now()}`;
  const chosen = () => {
    const v = model.get("value");
    return new Set(Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]);
  };
  const draw = () => {
    const multiple = model.get("multiple");
    legend.textContent = model.get("label");
    const picked = chosen();
    const rows = model.get("options").map(([id, text]) => {
      const row = document.createElement("label");
      row.className = "nmt-choice";
      const input = document.createElement("input");
      input.type = multiple ? "checkbox" : "radio";
      input.name = name;
      input.value = id;
      input.checked = picked.has(id);
      input.disabled = model.get("disabled");
      const letter = document.createElement("span");
      letter.className = "nmt-choice-letter";
      letter.textContent = id;
      const words = document.createElement("span");
      words.className = "nmt-choice-text";
      words.textContent = text;
      row.append(input, letter, words);
      return row;
    });
    box.replaceChildren(legend, ...rows);
  };
  box.addEventListener("change", () => {
    const ids = [...box.querySelectorAll("input")].filter(i => i.checked).map(i => i.value);
    model.set("value", model.get("multiple") ? ids : (ids[0] ?? null));
    model.save_changes();
  });
  // a new value or state only updates the inputs, so the focused one keeps the focus
  const sync = () => {
    const picked = chosen();
    legend.textContent = model.get("label");
    for (const input of box.querySelectorAll("input")) {
      input.checked = picked.has(input.value);
      input.disabled = model.get("disabled");
    }
  };
  model.on("change:value", sync);
  model.on("change:disabled", sync);
  model.on("change:label", sync);
  model.on("change:options", draw);
  model.on("change:multiple", draw);
  draw();
  el.append(box);
}
export default { render };
"""

_CSS = """
.nmt-choices { margin: 2px 0; padding: 0; border: 0; min-width: 0; max-width: 760px; }
.nmt-choices-legend { margin: 0 0 4px; padding: 0; font-size: 0.95em; color: var(--jp-ui-font-color1, #374151); }
.nmt-choice {
  display: grid; grid-template-columns: auto auto minmax(0, 1fr); align-items: start; gap: 8px;
  margin: 2px 0; padding: 6px 8px; border: 1px solid transparent; border-radius: 4px; cursor: pointer;
  line-height: 1.45; color: var(--jp-ui-font-color0, #111);
}
.nmt-choice:hover { border-color: #6b7280; }
.nmt-choice:has(input:checked) { border-color: #1a56db; background: rgba(26, 86, 219, 0.09); }
.nmt-choice input { width: 18px; height: 18px; margin: 2px 0 0; accent-color: #1a56db; }
.nmt-choice input:focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }
.nmt-choice-letter { font-weight: 700; min-width: 1.2em; }
.nmt-choice-text { overflow-wrap: anywhere; }
[data-jp-theme-light='false'] .nmt-choice input:focus-visible { outline-color: #8ab4f8; }
"""


class ChoiceList(anywidget.AnyWidget):
    """Options as radio buttons (one answer) or checkboxes (``multiple=True``); ``value`` is the chosen id(s)."""

    _esm = _ESM
    _css = _CSS
    options = traitlets.List(traitlets.List(traitlets.Unicode()), help="[[id, text], ...]").tag(sync=True)
    multiple = traitlets.Bool(False).tag(sync=True)
    value = traitlets.Any(None, allow_none=True, help="an id or None; with multiple, a list of ids").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)

    @traitlets.validate("value")
    def _known(self, proposal: dict) -> object:
        ids = {o[0] for o in self.options}
        value = proposal["value"]
        if self.multiple:
            picked = [v for v in (value or []) if v in ids]
            return [o[0] for o in self.options if o[0] in picked]  # in option order, once each
        return value if value in ids else None
