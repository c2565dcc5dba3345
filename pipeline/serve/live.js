// ebook serve's live reload: the page reloads when the book is built
// again, at the same scroll position, and shows a failed build's messages
// over itself until a build succeeds.
(function () {
  "use strict";
  var key = "ebook-scroll:" + location.pathname;
  try {
    var y = sessionStorage.getItem(key);
    if (y !== null) { sessionStorage.removeItem(key); window.scrollTo(0, +y); addEventListener("load", function () { window.scrollTo(0, +y); }); }
  } catch (e) { /* no storage */ }
  function reload() {
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) { /* no storage */ }
    location.reload();
  }
  var failed = false;
  var es = new EventSource("/_ebook/events");
  es.addEventListener("reload", reload);
  es.addEventListener("ok", function () { if (failed) reload(); });
  es.addEventListener("failed", function (e) {
    failed = true;
    var o = document.getElementById("ebook-overlay");
    if (!o) {
      o = document.createElement("div");
      o.id = "ebook-overlay";
      o.setAttribute("role", "alert");
      document.body.appendChild(o);
    }
    var h = document.createElement("h2");
    h.textContent = "The build failed; the page shows the last good build.";
    o.textContent = "";
    o.appendChild(h);
    o.appendChild(document.createTextNode(JSON.parse(e.data)));
  });
})();
