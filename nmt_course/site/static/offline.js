// nmt-course: saves the course on this device for use without a connection, and says how far it got.
//
// The site's service worker (service-worker.js) keeps every file it serves; this
// script asks it to fetch the rest of the site, and shows its progress:
// - on a notebook page, a few seconds after Python has started (so the first
//   start is not slowed), in a note at the bottom of the page;
// - on the welcome page, in its "Use it without a connection" section, with a
//   button to save the course straight away.
(function () {
  "use strict";
  const script = document.currentScript;
  const SIZE_MB = Number((script && script.dataset.sizeMb) || 0);
  const WORKER = (script && script.dataset.worker) || "../service-worker.js?enableCache=false";
  const PREFIX = "nmt-course-offline-";
  const MANIFEST_KEY = "__nmt-course-offline-manifest__.json";
  const welcome = document.getElementById("nmt-offline");
  let note = null;
  let showing = false;
  let hideTimer = null;
  let lastText = "";

  function supported() {
    return "serviceWorker" in navigator && "caches" in window && window.isSecureContext;
  }

  function target() {
    if (welcome) {
      return document.getElementById("nmt-offline-state");
    }
    if (!note) {
      note = document.createElement("div");
      note.id = "nmt-offline-status";
      note.setAttribute("role", "status");
      note.setAttribute("aria-live", "polite");
      document.body.appendChild(note);
    }
    return note;
  }

  function say(kind, html) {
    const el = target();
    if (!el || html === lastText) {
      return;
    }
    lastText = html;
    el.className = welcome ? "offline-state offline-state--" + kind
      : "nmt-kernel-status nmt-offline nmt-kernel-status--" + kind;
    el.innerHTML = html;
    el.hidden = false;
    clearTimeout(hideTimer);
    if (!welcome && kind !== "starting") {
      hideTimer = setTimeout(function () { el.hidden = true; }, 8000);
    }
  }

  function percent(m) {
    return Math.floor((100 * m.done) / Math.max(1, m.total));
  }

  function onMessage(event) {
    const m = event.data;
    if (!m || m.type !== "nmt-course:offline") {
      return;
    }
    if (m.state === "saving") {
      if (m.done >= m.total) {
        return; // already whole: nothing to say on a notebook page
      }
      showing = true;
      say("starting", "<span class='nmt-kernel-status__icon' aria-hidden='true'>⇩</span> <b>Saving the course " +
        "on this device</b> for use without a connection: " + percent(m) + " %" +
        (SIZE_MB ? " of about " + SIZE_MB + " MB" : "") + ". You can go on working.");
    } else if (m.state === "saved") {
      if (showing || welcome) {
        say("ready", "<span class='nmt-kernel-status__icon' aria-hidden='true'>✔</span> <b>The whole course is " +
          "saved on this device</b>: it opens and runs without an internet connection, in this browser.");
      }
      showing = false;
      if (welcome) {
        const button = document.getElementById("nmt-offline-save");
        if (button) {
          button.hidden = true;
        }
      }
    } else if (m.state === "incomplete") {
      showing = false;
      say("failed", "<span class='nmt-kernel-status__icon' aria-hidden='true'>⚠</span> <b>Part of the course " +
        "could not be saved on this device</b> (" + m.failed + " files: the connection dropped, or the device " +
        "is out of space). It still works online; saving goes on the next time you open a chapter.");
    }
  }

  function save() {
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) {
        registration.active.postMessage({ type: "nmt-course:save-offline" });
      }
    });
  }

  // Is a whole copy of the course (this build's or an earlier one's) on this device?
  async function savedCopy() {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX)) {
        const cache = await caches.open(name);
        const keys = await cache.keys();
        if (keys.some(function (r) { return r.url.endsWith("/" + MANIFEST_KEY); })) {
          return true;
        }
      }
    }
    return false;
  }

  if (!supported()) {
    if (welcome) {
      say("failed", "This browser cannot keep the course for use without a connection (it needs a recent " +
        "Chrome, Edge, Firefox or Safari, and the site served over https). It works while you are online.");
    }
    return;
  }
  navigator.serviceWorker.addEventListener("message", onMessage);
  if (typeof navigator.serviceWorker.startMessages === "function") {
    navigator.serviceWorker.startMessages();
  }

  // A new version of the site: its worker takes over this page, and is asked to save its own copy (it fetches
  // only the files that changed). On a notebook page, not before Python has started the first time.
  let started = Boolean(welcome);
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (started) {
      save();
    }
  });
  if (!welcome) {
    document.addEventListener("nmt-course:python-ready", function () {
      started = true;
      setTimeout(save, 5000);
    }, { once: true });
    return;
  }
  const button = document.getElementById("nmt-offline-save");
  savedCopy().then(function (saved) {
    if (saved) {
      say("ready", "<span class='nmt-kernel-status__icon' aria-hidden='true'>✔</span> <b>The course is saved on " +
        "this device</b>: it opens and runs without an internet connection, in this browser.");
      if (button) {
        button.hidden = true;
      }
    } else {
      say("starting", "<b>Not saved on this device yet.</b> It is saved the first time you open a chapter " +
        "(about " + SIZE_MB + " MB, while you work), or now with the button.");
    }
    return navigator.serviceWorker.getRegistration();
  }).then(function (registration) {
    if (registration) {
      save(); // finishes an interrupted save, or takes in a new version of the course
    }
  });
  if (button) {
    button.addEventListener("click", function () {
      button.disabled = true;
      navigator.serviceWorker.register(WORKER).then(save, function () {
        button.disabled = false;
        say("failed", "The browser refused to save the course (private window, or storage turned off). " +
          "It works while you are online.");
      });
    });
  }
})();
