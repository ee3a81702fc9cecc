/* Progressive enhancement for the plan pages: save a self-assessment without reloading,
   and a print button on the coverage page. Every form works without this script. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-assess]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !window.fetch) { return; }
      event.preventDefault();
      var data = new FormData(form);
      data.append("level", button.value);
      fetch(form.action, { method: "POST", body: data, headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error("save failed"); }
          form.querySelectorAll("button[name=level]").forEach(function (b) {
            b.setAttribute("aria-pressed", b === button ? "true" : "false");
          });
        })
        .catch(function () {
          var hidden = document.createElement("input");
          hidden.type = "hidden"; hidden.name = "level"; hidden.value = button.value;
          form.appendChild(hidden);
          form.submit();
        });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
