// The budget slider: shows the amount of the chosen budget level at once, for eyes and screen
// readers, while htmx fetches that level's (precomputed) selection. Without this file, or without
// JavaScript, the slider is part of a GET form whose button shows the level.
// Loaded from /static: the Content-Security-Policy allows no inline scripts.
(function () {
  "use strict";

  function labelsFor(input) {
    var source = document.getElementById(input.getAttribute("data-labels-id"));
    if (!source) {
      return [];
    }
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return [];
    }
  }

  function update(input) {
    var text = labelsFor(input)[Number(input.value)];
    if (text === undefined) {
      return;
    }
    var output = document.getElementById("budget-slider-value");
    if (output) {
      output.textContent = text;
    }
    var unit = input.getAttribute("data-unit");
    input.setAttribute("aria-valuetext", unit ? text + " " + unit : text);
  }

  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === "budget-slider") {
      update(event.target);
    }
  });

  // Keep the address in step with the slider, so a reload or a shared link shows the same level.
  document.addEventListener("htmx:afterSwap", function (event) {
    var form = document.getElementById("slider-form");
    if (!form || !event.target || event.target.id !== "frontier-point") {
      return;
    }
    var query = new URLSearchParams(new FormData(form)).toString();
    window.history.replaceState(null, "", window.location.pathname + "?" + query + "#answer");
  });

  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("budget-slider");
    if (input) {
      update(input);
    }
  });
})();
