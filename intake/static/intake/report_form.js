// The report form: show the chosen area's questions and the real-name fields; send once.
(function () {
  "use strict";
  var area = document.getElementById("id_area");
  var groups = document.querySelectorAll("fieldset[data-area]");
  function showArea() {
    for (var i = 0; i < groups.length; i++) {
      var chosen = groups[i].getAttribute("data-area") === area.value;
      groups[i].hidden = !chosen;
      groups[i].disabled = !chosen;
    }
  }
  var realName = document.getElementById("real-name");
  var modes = document.querySelectorAll('input[name="anonymous"]');
  function showRealName() {
    var checked = document.querySelector('input[name="anonymous"]:checked');
    var on = !!checked && checked.value === "real_name";
    realName.hidden = !on;
    realName.disabled = !on;
  }
  area.addEventListener("change", showArea);
  for (var i = 0; i < modes.length; i++) { modes[i].addEventListener("change", showRealName); }
  showArea();
  showRealName();
  var form = document.querySelector("form.report-form");
  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.name === "show_questions") { return; }
    if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
    form.setAttribute("data-sent", "1");
  });
})();
