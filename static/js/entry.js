/* Data entry, progressive enhancement only: the form works without this file.
   - checks a typed number with the server's own parser as you type (one rule, in Python);
   - warns before leaving the page with unsaved changes. */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) { return; }
  var checkUrl = form.getAttribute("data-check-url");
  var dirty = false;
  var timers = {};

  function showError(input, message) {
    var box = document.getElementById(input.getAttribute("aria-describedby"));
    if (!box) { return; }
    box.textContent = "";
    if (message) {
      var p = document.createElement("p");
      p.textContent = message;
      box.appendChild(p);
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
  }

  function check(input) {
    var url = checkUrl + "?indicator=" + encodeURIComponent(input.getAttribute("data-indicator")) +
      "&text=" + encodeURIComponent(input.value);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { showError(input, data.ok ? "" : data.message); } })
      .catch(function () { /* offline: the server checks again on save */ });
  }

  form.addEventListener("input", function (event) {
    dirty = true;
    var input = event.target;
    if (!input.classList || !input.classList.contains("value-input")) { return; }
    var key = input.name;
    clearTimeout(timers[key]);
    timers[key] = setTimeout(function () { check(input); }, 400);
  });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) { return; }
    event.preventDefault();
    event.returnValue = form.getAttribute("data-unsaved-message") || "";
    return event.returnValue;
  });
})();
