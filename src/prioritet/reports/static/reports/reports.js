// Progressive enhancement for the report pages: a print button and a copy button.
// Both buttons are hidden in the HTML and shown only when this script runs; the pages work without it.
(function () {
  "use strict";
  // Tables that other apps add to the saksframlegg (the portfolio, the economic plan) scroll in a box
  // of their own on a narrow screen, as the report's own tables do ({% scroll_region %}); app.js then
  // names each box after its table and lets it take focus while it scrolls (WCAG 1.4.10, 2.1.1).
  document.querySelectorAll(".pri-report table.ds-table:not(.ds-sr-only)").forEach(function (table) {
    if (table.closest(".pri-table-wrap")) {
      return;
    }
    var box = document.createElement("div");
    box.className = "pri-table-wrap";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.querySelector(".pri-summary__status");
    if (!source || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        if (status) {
          status.textContent = button.getAttribute("data-copied") || "";
        }
      }, function () {
        source.focus();
        source.select();
      });
    });
  });
})();
