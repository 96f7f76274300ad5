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

  // The header menu (Designsystemet's header pattern): on a narrow screen the main menu and the
  // header's tools fold behind the menu button. The button is hidden in the HTML and shown here, so
  // without this file the menu stays open and reachable; on a wide screen CSS hides the button.
  function setUpMenu() {
    var button = document.querySelector("[data-menu-button]");
    var header = button && button.closest(".pri-header");
    if (!header) {
      return;
    }
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("pri-header--open", open);
    }
    header.classList.add("pri-header--menu");
    button.hidden = false;
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && button.offsetParent) {
        setOpen(false);
        button.focus();
      }
    });
  }

  // Tables that scroll sideways in their own box (.pri-table-wrap): a keyboard user must be able to
  // focus the box to scroll it, and a screen reader names it (WCAG 2.1.1). Boxes rendered with the
  // {% scroll_region %} tag carry this already; others get their table's caption as the name, and
  // take focus only while they actually scroll, so a table that fits adds no tab stop.
  function labelScrollRegions(root) {
    (root || document).querySelectorAll(".pri-table-wrap:not([role]):not([tabindex])").forEach(function (box) {
      var table = box.querySelector("table");
      var labelledBy = table && table.getAttribute("aria-labelledby");
      var caption = (labelledBy && document.getElementById(labelledBy)) || box.querySelector("caption");
      var name = caption ? caption.textContent.trim().replace(/\s+/g, " ") : "";
      box.setAttribute("data-scroll-watch", "");
      if (name) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name);
      }
    });
    document.querySelectorAll(".pri-table-wrap[data-scroll-watch]").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
    setUpMenu();
    labelScrollRegions(document);
  });
  window.addEventListener("resize", function () {
    labelScrollRegions(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    focusErrorSummary(event.target);
    labelScrollRegions(event.target);
  });
})();
