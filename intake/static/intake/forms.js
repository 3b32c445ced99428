/* Forms sent back with errors: on a phone the first thing the reader meets is the list of
 * what to correct. Focus moves to the error summary (or else the first field in error), and a
 * link in the summary puts the cursor into its field. */
(function () {
  "use strict";
  var control = "input:not([type=hidden]), select, textarea, button";

  function focusField(container) {
    var field = container.matches && container.matches(control) ? container : container.querySelector(control);
    if (field) { field.focus(); }
    container.scrollIntoView({ block: "center" });
  }

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.scrollIntoView({ block: "start" });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      focusField(target);
    });
  } else {
    var first = document.querySelector(".has-error");
    if (first) { focusField(first); }
  }
})();
