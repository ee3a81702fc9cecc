/* Autosave for the week form of the training record (progressive enhancement).
   Saves the draft after a pause in typing; on failure the text stays in the form and in
   localStorage, and is restored after a reload. Without JavaScript the form saves normally. */
(function () {
  "use strict";
  var form = document.getElementById("week-form");
  if (!form || !window.fetch) { return; }
  var url = form.getAttribute("data-autosave-url");
  var key = form.getAttribute("data-draft-key");
  var status = document.getElementById("autosave-status");
  var timer = null;
  var inFlight = false;
  var pending = false;
  var DELAY = 1200;
  var MSG_SAVED = "Gespeichert";
  var MSG_SAVING = "Wird gespeichert …";
  var MSG_FAILED = "Nicht gespeichert – Ihr Text bleibt erhalten";
  var MSG_RESTORED = "Ein nicht gespeicherter Entwurf wurde wiederhergestellt.";

  function show(text, kind) {
    status.textContent = text;
    status.className = "rec-save-status" + (kind ? " is-" + kind : "");
  }

  function snapshot() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.name !== "csrf_token" && el.name !== "action") { data[el.name] = el.value; }
    });
    return data;
  }

  function keep() {
    try { localStorage.setItem(key, JSON.stringify({ saved: Date.now(), fields: snapshot() })); } catch (e) { /* full or blocked */ }
  }

  function forget() {
    try { localStorage.removeItem(key); } catch (e) { /* blocked */ }
  }

  function restore() {
    var raw = null;
    try { raw = localStorage.getItem(key); } catch (e) { return false; }
    if (!raw) { return false; }
    var stored;
    try { stored = JSON.parse(raw); } catch (e) { forget(); return false; }
    var changed = false;
    Object.keys(stored.fields || {}).forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (el && typeof el.value === "string" && el.value !== stored.fields[name]) {
        el.value = stored.fields[name];
        changed = true;
      }
    });
    return changed;
  }

  function save() {
    if (inFlight) { pending = true; return; }
    inFlight = true;
    show(MSG_SAVING);
    var body = new FormData(form);
    body.delete("action");
    var token = form.elements.namedItem("csrf_token");
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok || !data.ok) {
          var failure = new Error(data.message || "");
          failure.fromServer = true;
          throw failure;
        }
        forget();
        show(MSG_SAVED, "ok");
      });
    }).catch(function (error) {
      keep();
      var detail = error && error.fromServer && error.message ? " (" + error.message + ")" : "";
      show(MSG_FAILED + detail, "error");
    }).then(function () {
      inFlight = false;
      if (pending) { pending = false; save(); }
    });
  }

  function schedule() {
    keep();
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, DELAY);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function () { forget(); if (timer) { clearTimeout(timer); } });
  window.addEventListener("online", function () { if (localStorage.getItem(key)) { save(); } });

  if (restore()) {
    show(MSG_RESTORED);
    save();
  }
}());
