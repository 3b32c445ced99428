// Live counters: listens on /ws/supervision/ and re-fetches the counters fragment over HTTP.
// Events carry no figures, only a nudge. Without the channel (or without WebSocket) the page
// simply stays as rendered: nothing is shown and nothing is logged.
(function () {
  "use strict";
  var region = document.getElementById("counters");
  if (!region || !region.dataset.src || !("WebSocket" in window)) return;
  var delay = 1000, failures = 0, pending = null, followUp = null;

  function refresh() {
    pending = null;
    fetch(region.dataset.src, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) region.innerHTML = html; })
      .catch(function () {});
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try { socket = new WebSocket(scheme + location.host + "/ws/supervision/"); } catch (e) { return; }
    socket.onopen = function () { delay = 1000; failures = 0; };
    socket.onmessage = function (message) {
      if (!pending) pending = setTimeout(refresh, 1500);  // many events, one fetch
      // A case event comes before the worker has refreshed the figures it changed; the worker's
      // own "figures.changed" follows, but cannot reach this page without a shared channel
      // layer (the embedded default): fetch once more when the burst has settled, unless it came.
      clearTimeout(followUp);
      var event = "";
      try { event = JSON.parse(message.data).event; } catch (e) {}
      if (event !== "figures.changed") followUp = setTimeout(refresh, 8000);
    };
    socket.onclose = function () {
      failures += 1;
      if (failures > 8) return;  // the channel is not there: stay quiet
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 60000);
    };
    socket.onerror = function () {};
  }
  connect();
})();
