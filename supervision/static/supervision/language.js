// Choosing a language submits the language form (the button is there without JavaScript).
document.querySelectorAll("form.language select").forEach(function (select) {
  "use strict";
  select.addEventListener("change", function () { select.form.submit(); });
});
