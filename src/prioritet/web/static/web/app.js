// Small progressive enhancements; every page works without this file.
// Loaded from /static (no inline scripts: the Content-Security-Policy allows only 'self').
(function () {
  "use strict";

  // Move focus to a form's error summary after a failed submit, so screen readers announce it.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
  }

  // Skip links: move focus to the target too (browsers only move the caret position), so screen
  // readers start reading there.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.ds-skip-link[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      target.focus();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    focusErrorSummary(event.target);
  });
})();
