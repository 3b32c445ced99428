/* Live workbench, the supervision dashboard's pattern: a socket carries only a nudge (an
   event type and ids); the page fetches itself again over HTTP, which checks who may see
   what, and swaps in the regions marked data-live-swap (lists, counters, a case's history
   and next actions). Forms are never swapped. Sockets come from data-live-socket attributes.
   Without WebSocket or the channel the page simply stays as rendered. */
(function () {
  "use strict";
  if (!("WebSocket" in window)) return;
  var sockets = {}, pending = null;

  function swap() {
    pending = null;
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "live" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live-swap]").forEach(function (region) {
          var next = region.id && fresh.getElementById(region.id);
          if (next && next.innerHTML !== region.innerHTML) region.innerHTML = next.innerHTML;
        });
      })
      .catch(function () {});
  }

  function nudge() {
    if (!pending) pending = window.setTimeout(swap, 800); // many events, one fetch
  }

  function open(path) {
    var entry = sockets[path] || (sockets[path] = { delay: 1000, failures: 0, closing: false });
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    try { entry.socket = new WebSocket(scheme + window.location.host + path); } catch (e) { return; }
    entry.socket.onopen = function () { entry.delay = 1000; entry.failures = 0; };
    entry.socket.onmessage = nudge;
    entry.socket.onerror = function () {};
    entry.socket.onclose = function () {
      if (entry.closing) return;
      entry.failures += 1;
      if (entry.failures > 8) return; // the channel is not there: stay quiet
      window.setTimeout(function () { if (sockets[path] === entry) open(path); }, entry.delay);
      entry.delay = Math.min(entry.delay * 2, 60000);
    };
  }

  function bind() {
    var wanted = {};
    document.querySelectorAll("[data-live-socket]").forEach(function (element) {
      wanted[element.getAttribute("data-live-socket")] = true;
    });
    Object.keys(sockets).forEach(function (path) {
      if (wanted[path]) return;
      sockets[path].closing = true;
      if (sockets[path].socket) sockets[path].socket.close();
      delete sockets[path];
    });
    Object.keys(wanted).forEach(function (path) { if (!sockets[path]) open(path); });
  }

  document.addEventListener("turbo:load", bind);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bind);
  else bind();
})();
