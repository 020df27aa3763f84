/* Review page, progressive enhancement only: a "select all" box in the selection column's
   header (the page works without it: "accept all submitted" is a plain button). */
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) { return; }
  var head = form.querySelector("thead .select-col");
  var boxes = form.querySelectorAll("input[name='selected']");
  if (!head || !boxes.length) { return; }
  var all = document.createElement("input");
  all.type = "checkbox";
  all.id = "select-all";
  all.setAttribute("aria-label", head.textContent.trim() || "all");
  head.textContent = "";
  head.appendChild(all);
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
})();
