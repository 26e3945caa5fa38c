// nmt-course: says "Starting Python in your browser" while a notebook's Python (Pyodide) starts.
//
// JupyterLite starts Python inside the page: the first time it downloads it,
// later it comes from the browser's cache. Until it has run one (silent,
// empty) request, a note at the bottom of the page says what is happening and
// about how long it takes; then it says "Python is ready" and goes away. The
// estimate is the site's measured time, or this device's own last start.
(function () {
  "use strict";
  const script = document.currentScript;
  const FIRST = Number((script && script.dataset.firstSeconds) || 40);
  const LATER = Number((script && script.dataset.laterSeconds) || 10);
  const KEY = "nmt-course:last-python-start-seconds";
  const probed = new WeakSet();
  let waiting = 0;
  let since = null;
  let note = null;
  let hideTimer = null;

  function lastStart() {
    try {
      const value = Number(window.localStorage.getItem(KEY));
      return value > 0 ? value : null;
    } catch (e) {
      return null;
    }
  }

  function remember(seconds) {
    try {
      window.localStorage.setItem(KEY, String(Math.round(seconds)));
    } catch (e) {
      /* private windows may refuse: the estimate stays the site's */
    }
  }

  function box() {
    if (!note) {
      note = document.createElement("div");
      note.id = "nmt-kernel-status";
      note.setAttribute("role", "status");
      note.setAttribute("aria-live", "polite");
      document.body.appendChild(note);
    }
    return note;
  }

  function show(kind, html) {
    const el = box();
    el.className = "nmt-kernel-status nmt-kernel-status--" + kind;
    el.innerHTML = html;
    el.hidden = false;
  }

  function estimate() {
    const last = lastStart();
    if (last) {
      return "about " + Math.max(LATER, last) + " s (" + last + " s last time on this device)";
    }
    return "about " + FIRST + " s the first time, about " + LATER + " s after that";
  }

  function render() {
    if (waiting === 0) {
      return;
    }
    const seconds = Math.round((Date.now() - since) / 1000);
    const slow = seconds > 3 * Math.max(FIRST, lastStart() || 0);
    const text = slow
      ? "<b>Still starting Python in your browser</b> (" + seconds + " s). A slow connection or a busy " +
        "device can take a few minutes: keep this page open."
      : "<b>Starting Python in your browser</b>: " + estimate() + ". You can read while you wait; a cell " +
        "you run now runs as soon as Python is ready. <span class='nmt-kernel-status__time'>" + seconds + " s</span>";
    show("starting", "<span class='nmt-kernel-status__icon' aria-hidden='true'>◷</span> " + text);
  }

  function ready(seconds) {
    remember(seconds);
    document.dispatchEvent(new CustomEvent("nmt-course:python-ready", { detail: { seconds: seconds } }));
    show("ready", "<span class='nmt-kernel-status__icon' aria-hidden='true'>✔</span> <b>Python is ready</b> " +
      "(started in " + Math.round(seconds) + " s).");
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (waiting === 0 && note) {
        note.hidden = true;
      }
    }, 4000);
  }

  function failed() {
    show("failed", "<span class='nmt-kernel-status__icon' aria-hidden='true'>⚠</span> <b>Python could not start " +
      "in this browser.</b> Reload the page. If it fails again, try a recent Chrome, Edge, Firefox or Safari.");
  }

  function probe(kernel) {
    if (!kernel || probed.has(kernel)) {
      return;
    }
    probed.add(kernel);
    if (kernel.statusChanged && typeof kernel.statusChanged.connect === "function") {
      kernel.statusChanged.connect(function (_sender, status) {
        if (status === "restarting" || status === "autorestarting") {
          probed.delete(kernel); // the next round probes the restarted Python
        }
      });
    }
    waiting += 1;
    if (waiting === 1) {
      since = Date.now();
    }
    const start = since;
    render();
    let future;
    try {
      future = kernel.requestExecute({ code: "", silent: true, store_history: false, allow_stdin: false });
    } catch (e) {
      waiting -= 1;
      failed();
      return;
    }
    future.done.then(
      function () {
        waiting -= 1;
        if (waiting === 0) {
          ready((Date.now() - start) / 1000);
        }
      },
      function () {
        waiting -= 1;
        failed();
      }
    );
  }

  function kernels(app) {
    const found = [];
    const shell = app && app.shell;
    if (!shell) {
      return found;
    }
    const seen = new Set();
    const widgets = typeof shell.widgets === "function" ? Array.from(shell.widgets("main")) : [];
    if (shell.currentWidget) {
      widgets.push(shell.currentWidget);
    }
    for (const widget of widgets) {
      const context = widget && widget.sessionContext;
      const kernel = context && context.session && context.session.kernel;
      if (kernel && !seen.has(kernel)) {
        seen.add(kernel);
        found.push(kernel);
      }
    }
    return found;
  }

  setInterval(function () {
    for (const kernel of kernels(window.jupyterapp)) {
      probe(kernel);
    }
    render();
  }, 500);
})();
