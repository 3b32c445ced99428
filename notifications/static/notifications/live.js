/* Live updates over WebSocket, no build step.
 *
 * Mark a region:  <div id="inbox" data-live="/ws/inbox/" data-live-refresh="/url/of/fragment">
 * On every event the region's HTML is fetched again from data-live-refresh (or, without it,
 * the current page is fetched and the element with the same id is swapped in). Events carry
 * an event type and ids only; what is shown always comes from an HTTP request that checks
 * permissions. Reconnects with exponential backoff and jitter; a refused connection
 * (close code 4403 or the handshake refused) is retried slowly.
 * Listen to events in your own code: element.addEventListener("live:event", e => e.detail)
 */
(function () {
  "use strict";

  var MIN_DELAY = 1000, MAX_DELAY = 30000, DEBOUNCE = 300;

  function socketUrl(path) {
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    return scheme + "//" + window.location.host + path;
  }

  function refresh(region) {
    var url = region.getAttribute("data-live-refresh");
    var wholePage = !url;
    url = url || window.location.href;
    return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "live" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        if (!wholePage) { region.innerHTML = html; return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = region.id && doc.getElementById(region.id);
        if (fresh) region.innerHTML = fresh.innerHTML;
      })
      .catch(function () { /* the next event or a reload will show it */ });
  }

  function status(text) {
    var nodes = document.querySelectorAll("[data-live-status]");
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = text;
  }

  function connect(path, onEvent) {
    var delay = MIN_DELAY, socket = null, stopped = false, timer = null;

    function schedule(refused) {
      if (stopped) return;
      var wait = refused ? MAX_DELAY : delay;
      timer = window.setTimeout(open, wait * (0.8 + Math.random() * 0.4));
      delay = Math.min(delay * 2, MAX_DELAY);
    }

    function open() {
      try {
        socket = new WebSocket(socketUrl(path));
      } catch (e) { schedule(false); return; }
      var opened = false;
      socket.onopen = function () { opened = true; delay = MIN_DELAY; status(""); };
      socket.onmessage = function (e) {
        var data;
        try { data = JSON.parse(e.data); } catch (err) { return; }
        onEvent(data);
      };
      socket.onclose = function (e) {
        socket = null;
        if (stopped) return;
        status(document.documentElement.lang === "en" ? "Reconnecting…" : "正在重新连接…");
        schedule(e.code === 4403 || (!opened && e.code === 1006 && delay >= MAX_DELAY));
      };
    }

    open();
    return {
      close: function () {
        stopped = true;
        if (timer) window.clearTimeout(timer);
        if (socket) socket.close();
      }
    };
  }

  function bind(region) {
    var pending = null;
    connect(region.getAttribute("data-live"), function (data) {
      region.dispatchEvent(new CustomEvent("live:event", { detail: data, bubbles: true }));
      if (region.hasAttribute("data-live-manual")) return;
      if (pending) window.clearTimeout(pending);
      pending = window.setTimeout(function () { pending = null; refresh(region); }, DEBOUNCE);
    });
  }

  window.LiveUpdates = { connect: connect, refresh: refresh };

  function start() {
    var regions = document.querySelectorAll("[data-live]");
    for (var i = 0; i < regions.length; i++) bind(regions[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
