/* Task forms, progressively: show only the fields of the chosen decision. Without this
   script every field shows and the form works the same; the services decide what counts. */
(function () {
  "use strict";

  // The values chosen in the field `name`: checked radios or boxes, or a select's value.
  function chosen(form, name) {
    var checked = form.querySelectorAll('input[name="' + name + '"]:checked');
    if (checked.length) {
      return Array.prototype.map.call(checked, function (input) { return input.value; });
    }
    var select = form.querySelector('select[name="' + name + '"]');
    if (select) return [select.value];
    var element = form.querySelector('[name="' + name + '"][value]');
    return element ? [element.getAttribute("value")] : [];
  }

  function apply(form) {
    form.querySelectorAll("[data-shown-when]").forEach(function (group) {
      var values = group.getAttribute("data-shown-values").split(" ");
      var shown = chosen(form, group.getAttribute("data-shown-when")).some(function (value) {
        return values.indexOf(value) !== -1;
      });
      group.parentElement.hidden = !shown;
      group.querySelectorAll("input, select, textarea").forEach(function (input) {
        input.disabled = !shown; // a hidden field sends nothing
      });
    });
  }

  // A case's flow chart opens scrolled to the step the case is at.
  function scrollCharts() {
    document.querySelectorAll(".wb-chart").forEach(function (box) {
      var current = box.querySelector(".wb-chart__current");
      if (!current || box.dataset.scrolled) return;
      var at = current.getBoundingClientRect(), frame = box.getBoundingClientRect();
      box.scrollLeft += at.left - frame.left - frame.width / 3;
      box.scrollTop += at.top - frame.top - frame.height / 3;
      box.dataset.scrolled = "1";
    });
  }

  function applyAll() {
    document.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("[data-shown-when]")) apply(form);
    });
    scrollCharts();
  }

  document.addEventListener("change", function (event) {
    var form = event.target && event.target.closest ? event.target.closest("form") : null;
    if (form && form.querySelector("[data-shown-when]")) apply(form);
  });
  document.addEventListener("turbo:load", applyAll);
  document.addEventListener("turbo:render", applyAll);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", applyAll);
  } else {
    applyAll();
  }
  window.setTimeout(applyAll, 0); // after the form's elements have drawn their inputs
})();
