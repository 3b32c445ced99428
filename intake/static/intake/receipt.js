/* The receipt page: copy the receipt, and warn before leaving until it is saved.
 * The receipt is shown once; nothing here sends it anywhere. */
(function () {
  "use strict";
  var box = document.querySelector("[data-receipt-box]");
  if (!box) return;
  var receipt = box.querySelector("[data-receipt]").getAttribute("data-receipt");
  var copyButton = box.querySelector("[data-receipt-copy]");
  var download = box.querySelector("[data-receipt-download]");
  var saved = box.querySelector("[data-receipt-saved]");
  var status = box.querySelector("[data-receipt-status]");
  var text = { copied: box.dataset.copied, failed: box.dataset.copyFailed, saved: box.dataset.saved };

  function say(message) { status.textContent = message; }

  function copyBySelection() {
    var field = document.createElement("textarea");
    field.value = receipt;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(field);
    return done;
  }

  copyButton.hidden = false;
  copyButton.addEventListener("click", function () {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(receipt).then(
        function () { say(text.copied); },
        function () { say(copyBySelection() ? text.copied : text.failed); }
      );
    } else {
      say(copyBySelection() ? text.copied : text.failed);
    }
  });

  function warn(event) {
    if (saved.checked) return undefined;
    event.preventDefault();
    event.returnValue = "";  // older browsers need a value to show their "leave page?" dialog
    return "";
  }
  window.addEventListener("beforeunload", warn);
  download.addEventListener("click", function () {
    saved.checked = true;
    say(text.saved);
  });
})();
