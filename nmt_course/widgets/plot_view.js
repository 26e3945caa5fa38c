// The body-map plot in the browser (nmt-course). One synced value, `figure`
// (the whole plotly figure), is drawn with Plotly.react each time it changes,
// so a view never depends on earlier messages: a re-run cell, a reloaded page
// or a second view of the same widget all draw the current figure.
//
// - Below `narrow_below` px the views are stacked (layout.meta.stacked, made
//   by the Python figure builder, scaled to the real width).
// - A click on a view sends {kind: "click", view, x, y} in body-map units
//   (computed from the pointer position, so a click anywhere counts).
// - plotly.js is asked for once per page ({kind: "need-plotly"}), not sent
//   with every widget; it arrives as a binary buffer.
// - After each draw, the element's data-nmt-revision is set to the figure's
//   revision (tests and the browser benchmark wait for it).

const PENDING_MS = 30000;

function plotlyFromBuffer(buffer) {
  const code = new TextDecoder().decode(buffer);
  const source = "const module = { exports: {} }; const exports = module.exports;\n" + code + "\nexport default module.exports;";
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  return import(/* webpackIgnore: true */ url).then((mod) => {
    URL.revokeObjectURL(url);
    return mod.default;
  });
}

function loadPlotly(model) {
  const shared = globalThis.__nmtCoursePlotly;
  if (shared && (shared.ready || Date.now() - shared.asked < PENDING_MS)) {
    return shared.promise;
  }
  const entry = { asked: Date.now(), ready: false };
  entry.promise = new Promise((resolve, reject) => {
    const onMessage = (msg, buffers) => {
      if (!msg || msg.kind !== "plotly") return;
      model.off("msg:custom", onMessage);
      plotlyFromBuffer(buffers[0]).then((Plotly) => {
        entry.ready = true;
        resolve(Plotly);
      }, reject);
    };
    model.on("msg:custom", onMessage);
    model.send({ kind: "need-plotly" });
  });
  globalThis.__nmtCoursePlotly = entry;
  return entry.promise;
}

function layoutFor(figure, width, narrowBelow) {
  const layout = Object.assign({}, figure.layout || {});
  const meta = layout.meta || {};
  const stacked = meta.stacked;
  const views = meta.views || [];
  layout.autosize = true;
  delete layout.width;
  if (stacked && views.length > 0 && width && width < narrowBelow) {
    // the same steps as narrow_layout() in nmt_course/figures/bodymap_frame.py
    const scale = width / (stacked.width_px || 360);
    for (const [key, value] of Object.entries(stacked)) {
      if (key !== "height" && key !== "width_px" && key !== "annotations") layout[key] = value;
    }
    const others = (layout.annotations || []).filter((a) => !String(a.name || "").startsWith("view-title-"));
    layout.annotations = (stacked.annotations || []).concat(others);
    layout.height = Math.round(stacked.height * Math.max(0.8, Math.min(scale, 1.6)));
  }
  return layout;
}

function subplotAt(gd, event) {
  const full = gd._fullLayout;
  if (!full || !full._subplots) return null;
  const box = gd.getBoundingClientRect();
  const px = event.clientX - box.left;
  const py = event.clientY - box.top;
  const views = (full.meta && full.meta.views) || [];
  const ids = full._subplots.cartesian || [];
  for (let i = 0; i < ids.length; i++) {
    const xa = full[ids[i].replace(/y.*$/, "").replace("x", "xaxis")];
    const ya = full[ids[i].replace(/^x\d*/, "").replace("y", "yaxis")];
    if (!xa || !ya) continue;
    const lx = px - xa._offset;
    const ly = py - ya._offset;
    if (lx < 0 || ly < 0 || lx > xa._length || ly > ya._length) continue;
    const index = ids[i] === "xy" ? 0 : parseInt(ids[i].slice(1), 10) - 1;
    return { view: views[index], x: xa.p2d(lx), y: ya.p2d(ly) };
  }
  return null;
}

async function render({ model, el }) {
  el.classList.add("nmt-plot-view");
  const gd = document.createElement("div");
  gd.className = "nmt-plot";
  gd.setAttribute("role", "img");
  el.appendChild(gd);
  const status = document.createElement("div");
  status.className = "nmt-plot-loading";
  status.textContent = "Drawing the map…";
  el.appendChild(status);
  let Plotly;
  try {
    Plotly = await loadPlotly(model);
  } catch (err) {
    status.textContent = "The map could not be drawn in this browser (" + err + "). The text below it says what it shows.";
    return () => {};
  }
  status.remove();
  let width = el.clientWidth || 0;
  let drawnNarrow = null;
  const draw = () => {
    const figure = model.get("figure") || {};
    const narrowBelow = model.get("narrow_below");
    const narrow = Boolean(width && width < narrowBelow);
    const layout = layoutFor(figure, width, narrowBelow);
    const label = (layout.meta && layout.meta.description) || "Body map";
    gd.setAttribute("aria-label", label.slice(0, 300));
    drawnNarrow = narrow;
    const revision = model.get("revision");
    return Plotly.react(gd, figure.data || [], layout, { displayModeBar: false, responsive: true, scrollZoom: false }).then(() => {
      el.dataset.nmtRevision = String(revision);
      el.dataset.nmtLayout = narrow ? "stacked" : "wide";
    });
  };
  // every draw() in Python bumps the revision, with or without a new figure (sent together)
  const onFigure = () => { draw(); };
  model.on("change:revision", onFigure);
  const observer = new ResizeObserver((entries) => {
    const next = Math.round(entries[0].contentRect.width);
    if (!next || next === width) return;
    width = next;
    const narrow = width < model.get("narrow_below");
    if (narrow !== drawnNarrow) draw();
    else Plotly.Plots.resize(gd);
  });
  observer.observe(el);
  const onClick = (event) => {
    const hit = subplotAt(gd, event);
    if (hit && hit.view) model.send({ kind: "click", view: hit.view, x: hit.x, y: hit.y });
  };
  gd.addEventListener("click", onClick);
  await draw();
  return () => {
    model.off("change:revision", onFigure);
    observer.disconnect();
    gd.removeEventListener("click", onClick);
    Plotly.purge(gd);
  };
}

export default { render };
