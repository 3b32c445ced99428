/* Report form: when the resident has chosen no area, ask the suggestion API about the
   description and offer the likeliest area ("this sounds like 拖欠工资: is that right?").
   Nothing is chosen without the resident's click; the form works the same without it. */
(function () {
  "use strict";
  var box = document.getElementById("area-suggestion");
  var area = document.getElementById("id_area");
  var description = document.getElementById("id_description");
  if (!box || !area || !description || !window.fetch) { return; }
  var text = box.querySelector(".area-suggestion-text");
  var MIN_SCORE = 0.3;
  var MAX_OUT_OF_SCOPE = 0.4;
  var asked = "";
  var declined = {};
  var offered = "";

  function label(code) {
    for (var i = 0; i < area.options.length; i++) {
      if (area.options[i].value === code) { return area.options[i].text; }
    }
    return "";
  }

  function hide() { box.hidden = true; offered = ""; }

  function offer(code) {
    var name = label(code);
    if (!name || declined[code]) { hide(); return; }
    offered = code;
    text.textContent = box.getAttribute("data-question").replace("%(area)s", name);
    box.hidden = false;
  }

  function ask() {
    var value = description.value.trim();
    if (area.value || value.length < 10 || value === asked) { return; }
    asked = value;
    fetch(box.getAttribute("data-url"), {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      credentials: "omit",
      body: JSON.stringify({ text: value })
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (!answer || area.value || !answer.suggestions || !answer.suggestions.length) { hide(); return; }
      var best = answer.suggestions[0];
      if (best.score < MIN_SCORE || answer.out_of_scope >= MAX_OUT_OF_SCOPE) { hide(); return; }
      offer(best.area);
    }).catch(hide);
  }

  box.addEventListener("click", function (event) {
    var answer = event.target.getAttribute && event.target.getAttribute("data-answer");
    if (!answer || !offered) { return; }
    if (answer === "yes") {
      area.value = offered;
      area.dispatchEvent(new Event("change"));
    } else {
      declined[offered] = true;
    }
    hide();
  });
  description.addEventListener("change", ask);
  area.addEventListener("change", function () { if (area.value) { hide(); } });
})();
