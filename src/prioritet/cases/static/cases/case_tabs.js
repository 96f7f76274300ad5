// The case page's sections as tabs (the ARIA tabs pattern). Without this file the list of links is an
// in-page navigation and every section is on the page; with it one section shows at a time.
// Keys: Left/Right move between the tabs (and open them), Home/End go to the first/last; Tab leaves
// the list for the open panel. A link to anything inside a hidden section (the checklist's, say, or
// #history) opens that section first. It also measures the header's bar for phones (cases.css) and
// folds the phase's panel there.
// Loaded from /static (the Content-Security-Policy allows only 'self').
(function () {
  "use strict";

  function setUp(nav) {
    var list = nav.querySelector("ul");
    var tabs = Array.prototype.slice.call(nav.querySelectorAll("a[data-tab]"));
    if (!list || !tabs.length) {
      return;
    }
    var panels = {};
    tabs.forEach(function (tab) {
      var panel = document.getElementById(tab.getAttribute("href").slice(1));
      if (!panel) {
        return;
      }
      panels[tab.dataset.tab] = panel;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panel.id);
      tab.removeAttribute("aria-current");
      tab.parentElement.setAttribute("role", "presentation");
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.setAttribute("tabindex", "0");
    });
    list.setAttribute("role", "tablist");
    list.setAttribute("aria-label", nav.getAttribute("aria-label") || "");
    nav.classList.add("pri-casetabs--enhanced");

    // The section last opened on this case's page, for this browser tab's session: coming back from
    // a form (an assessment, the decision) reopens it.
    var memory = "pri-case-tab:" + window.location.pathname;

    function remember(key) {
      try {
        window.sessionStorage.setItem(memory, key);
      } catch (error) {
        // Storage may be unavailable (private mode, disabled): the page opens on its own choice.
      }
    }

    function remembered() {
      try {
        return window.sessionStorage.getItem(memory);
      } catch (error) {
        return null;
      }
    }

    function select(key, focus) {
      if (!panels[key]) {
        return;
      }
      tabs.forEach(function (tab) {
        var on = tab.dataset.tab === key;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.setAttribute("tabindex", on ? "0" : "-1");
        panels[tab.dataset.tab].hidden = !on;
        if (on && focus) {
          tab.focus();
        }
        if (on) {
          // Parts that load only when their section opens (the history, with htmx).
          Array.prototype.forEach.call(panels[key].querySelectorAll("[data-load-on-open]"), function (part) {
            part.dispatchEvent(new CustomEvent("case-tab-open"));
          });
        }
      });
    }

    // The panel holding an element of the page, if any.
    function panelOf(element) {
      var panel = element && element.closest && element.closest("[data-panel]");
      return panel ? panel.dataset.panel : null;
    }

    // Open the section that holds the target of a #fragment; true if the fragment names one.
    function openFragment(hash) {
      if (!hash || hash.length < 2) {
        return false;
      }
      var target = document.getElementById(decodeURIComponent(hash.slice(1)));
      var key = panelOf(target);
      if (!key) {
        return false;
      }
      select(key, false);
      remember(key);
      if (target !== panels[key]) {
        target.scrollIntoView();
      }
      return true;
    }

    nav.addEventListener("click", function (event) {
      var tab = event.target.closest("a[data-tab]");
      if (!tab) {
        return;
      }
      event.preventDefault();
      select(tab.dataset.tab, true);
      remember(tab.dataset.tab);
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", "#" + panels[tab.dataset.tab].id);
      }
    });

    nav.addEventListener("keydown", function (event) {
      var index = tabs.indexOf(event.target);
      if (index < 0) {
        return;
      }
      var next = null;
      if (event.key === "ArrowRight" || event.key === "ArrowDown") {
        next = (index + 1) % tabs.length;
      } else if (event.key === "ArrowLeft" || event.key === "ArrowUp") {
        next = (index - 1 + tabs.length) % tabs.length;
      } else if (event.key === "Home") {
        next = 0;
      } else if (event.key === "End") {
        next = tabs.length - 1;
      }
      if (next !== null) {
        event.preventDefault();
        select(tabs[next].dataset.tab, true);
        remember(tabs[next].dataset.tab);
      }
    });

    // Links elsewhere on the page (the checklist, the header's next action) to a part in a hidden
    // section: open it before the browser scrolls there.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href*='#']");
      if (!link || nav.contains(link) || link.pathname !== window.location.pathname) {
        return;
      }
      openFragment(link.hash);
    });
    window.addEventListener("hashchange", function () {
      openFragment(window.location.hash);
    });

    // The page opens on the part a link names (#…), else on the section asked for (?tab=), else on
    // the one last opened here, else on the server's choice (where the phase's next item is fixed).
    if (!openFragment(window.location.hash)) {
      var asked = new URLSearchParams(window.location.search).has("tab");
      var last = remembered();
      select(!asked && last && panels[last] ? last : nav.dataset.active || tabs[0].dataset.tab, false);
    }
  }

  // Phones: the header's bar sticks with where the case is scrolled away above the title (cases.css
  // uses the height measured here); until it is measured, the bar does not stick there.
  function measureBar(bar) {
    var top = bar.querySelector(".pri-casehead__top");
    if (!top) {
      return;
    }
    function measure() {
      var above = Math.max(0, top.getBoundingClientRect().top - bar.getBoundingClientRect().top - 4);
      bar.style.setProperty("--pri-casehead-meta", above + "px");
      bar.setAttribute("data-meta-height", String(Math.round(above)));
    }
    measure();
    if (window.ResizeObserver) {
      new window.ResizeObserver(measure).observe(bar);
    } else {
      window.addEventListener("resize", measure);
    }
  }

  // Phones: the phase's panel (its checklist) folds to its summary line, the phase and what is
  // missing, so the sections start near the top; the server sends it open (all there without scripts).
  function foldOnPhones(details) {
    if (window.matchMedia && window.matchMedia("(max-width: 40rem)").matches) {
      details.open = false;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-phase-details]"), foldOnPhones);
    Array.prototype.forEach.call(document.querySelectorAll("[data-case-tabs]"), setUp);
    Array.prototype.forEach.call(document.querySelectorAll(".pri-casehead__bar"), measureBar);
  });
})();
