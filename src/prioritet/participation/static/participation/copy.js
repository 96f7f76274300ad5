// Copy buttons for consultation links (progressive enhancement): each button is hidden in the HTML
// and shown only where the Clipboard API is available; the result is announced in the polite live
// region #copy-status (and shown in it), so screen-reader users hear that the link was copied.
(function () {
  "use strict";
  function announce(text) {
    var status = document.getElementById("copy-status");
    if (!status) return;
    status.textContent = "";
    // A fresh text node after clearing makes screen readers announce a repeated message too.
    window.setTimeout(function () { status.textContent = text; }, 50);
  }
  function ready() {
    if (!(navigator.clipboard && window.isSecureContext)) return;
    document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (!target) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.textContent.trim()).then(
          function () { announce(button.getAttribute("data-copied")); },
          function () { announce(button.getAttribute("data-copy-failed")); }
        );
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
