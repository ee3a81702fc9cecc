// Progressive enhancement for self-checks: submit in the background and show the feedback in place.
// Without JavaScript the form posts normally and the page comes back with the same feedback.
(function () {
  "use strict";
  document.querySelectorAll("form[data-check]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.DOMParser) { return; }
      event.preventDefault();
      var target = form.querySelector(".feedback");
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.querySelector("#" + CSS.escape(form.querySelector("fieldset").id));
          var feedback = fresh && fresh.closest("form").querySelector(".feedback");
          if (feedback && target) { target.innerHTML = feedback.innerHTML; } else { form.submit(); }
        })
        .catch(function () { form.submit(); });
    });
  });
})();
