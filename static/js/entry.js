/* Data entry, progressive enhancement only: the form works without this file.
   - checks a typed number with the server's own parser as you type (one rule, in Python);
   - warns before leaving the page with unsaved changes;
   - shows "Reason for no data" only while "No data" is ticked (without this file it stays
     visible);
   - moves the focus to the error summary, when there is one, so it is read first. */
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
      "&text=" + encodeURIComponent(input.value) +
      (input.hasAttribute("data-part") ? "&part=" + encodeURIComponent(input.getAttribute("data-part")) : "");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { showError(input, data.ok ? "" : data.message); } })
      .catch(function () { /* offline: the server checks again on save */ });
  }

  function toggleReason(box) {
    var reason = document.getElementById(box.getAttribute("aria-controls"));
    if (!reason) { return; }
    var hasError = reason.querySelector("[aria-invalid='true']");
    reason.hidden = !box.checked && !hasError;
    box.setAttribute("aria-expanded", reason.hidden ? "false" : "true");
  }
  form.querySelectorAll("input.no-data-box").forEach(toggleReason);
  form.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("no-data-box")) {
      toggleReason(event.target);
    }
  });
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

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
