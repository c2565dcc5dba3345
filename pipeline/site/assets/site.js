// The website's script: theme toggle, sidebar, keyboard navigation and
// search. No dependency, no request to another host; the search index is a
// script beside the pages, loaded on the first search.
(function () {
  "use strict";
  var doc = document, html = doc.documentElement;
  var root = html.getAttribute("data-root") || "";
  // The site's root, remembered for the 404 page, which cannot tell it
  // from its own path under a sub-path (rootScript in site.go).
  if (/^https?:$/.test(location.protocol) && !doc.querySelector("base")) {
    try {
      var bt = doc.querySelector(".book-title");
      if (bt) localStorage.setItem("ebook-root:" + bt.textContent, new URL(root || "./", location.href).pathname);
    } catch (e) { /* no storage */ }
  }

  // Theme: the reader's choice is remembered; without one the system's.
  var themeButton = doc.getElementById("theme");
  function dark() {
    var t = html.dataset.theme;
    if (t) return t === "dark";
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function showTheme() { if (themeButton) themeButton.setAttribute("aria-pressed", dark() ? "true" : "false"); }
  if (themeButton) {
    showTheme();
    themeButton.addEventListener("click", function () {
      var t = dark() ? "light" : "dark";
      html.dataset.theme = t;
      try { localStorage.setItem("ebook-theme", t); } catch (e) { /* private mode */ }
      showTheme();
    });
  }

  // Sidebar: a toggle; the current chapter scrolled into view.
  var menu = doc.getElementById("menu"), sidebar = doc.getElementById("sidebar");
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 60rem)") : { matches: false };
  function sidebarShown() { return narrow.matches ? html.classList.contains("nav-open") : !html.classList.contains("nav-hidden"); }
  if (menu && sidebar) {
    menu.setAttribute("aria-expanded", sidebarShown() ? "true" : "false");
    menu.addEventListener("click", function () {
      html.classList.toggle(narrow.matches ? "nav-open" : "nav-hidden");
      menu.setAttribute("aria-expanded", sidebarShown() ? "true" : "false");
    });
    var cur = sidebar.querySelector("[aria-current=page]");
    if (cur) {
      var r = cur.getBoundingClientRect(), s = sidebar.getBoundingClientRect();
      if (r.top < s.top || r.bottom > s.bottom) sidebar.scrollTop += r.top - s.top - s.height / 3;
    }
  }

  // Keyboard: left and right arrows turn the page.
  doc.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var rel = e.key === "ArrowLeft" ? "prev" : e.key === "ArrowRight" ? "next" : "";
    var a = rel && doc.querySelector(".pager a[rel=" + rel + "]");
    if (a) { e.preventDefault(); location.href = a.href; }
  });

  // Search. tokens() is the twin of pipeline/site/search.go's.
  var input = doc.getElementById("search"), results = doc.getElementById("results");
  var index = null, loading = null, lower = null;
  function isHan(c) { return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(c); }
  function isWord(c) { return /[\p{L}\p{N}_]/u.test(c) && !isHan(c); }
  // query splits a query into runs of Han text and words.
  function query(q) {
    var cs = Array.from(q.toLowerCase()), out = [], i = 0;
    while (i < cs.length) {
      var j = i;
      if (isHan(cs[i])) {
        while (j < cs.length && isHan(cs[j])) j++;
        out.push({ han: true, text: cs.slice(i, j).join("") });
      } else if (isWord(cs[i])) {
        while (j < cs.length && (isWord(cs[j]) || cs[j] === "." && j + 1 < cs.length && isWord(cs[j + 1]))) j++;
        out.push({ han: false, text: cs.slice(i, j).join("") });
      } else j++;
      i = Math.max(j, i + 1);
    }
    return out;
  }
  function postings(k) {
    var p = index.post[k], out = [], last = 0;
    if (typeof p !== "string") return p;
    p.split(",").forEach(function (d) { last += +d; out.push(last); });
    index.post[k] = out;
    return out;
  }
  function find(t) { // first term >= t
    var lo = 0, hi = index.terms.length;
    while (lo < hi) { var m = (lo + hi) >> 1; if (index.terms[m] < t) lo = m + 1; else hi = m; }
    return lo;
  }
  function docsOf(term, prefix) {
    var i = find(term), set = null;
    if (!prefix) return index.terms[i] === term ? postings(i) : [];
    set = {};
    for (; i < index.terms.length && index.terms[i].lastIndexOf(term, 0) === 0; i++) postings(i).forEach(function (d) { set[d] = 1; });
    return Object.keys(set).map(Number);
  }
  function intersect(a, b) {
    var s = {}, out = [];
    a.forEach(function (d) { s[d] = 1; });
    b.forEach(function (d) { if (s[d]) out.push(d); });
    return out;
  }
  // search returns the documents that hold every part of q, best first.
  function search(q) {
    var parts = query(q);
    if (!index || !parts.length) return [];
    var cand = null;
    parts.forEach(function (p, n) {
      var terms = [];
      if (p.han) {
        var cs = Array.from(p.text);
        if (cs.length === 1) terms.push(cs[0]);
        for (var i = 1; i < cs.length; i++) terms.push(cs[i - 1] + cs[i]);
      } else terms.push(p.text);
      terms.forEach(function (t) {
        var d = docsOf(t, !p.han && n === parts.length - 1);
        cand = cand === null ? d.slice() : intersect(cand, d);
      });
    });
    var hits = [];
    (cand || []).forEach(function (d) {
      var text = lower[d] || (lower[d] = (index.docs[d][2] + "\n" + index.docs[d][3]).toLowerCase());
      var score = 0, at = -1;
      for (var i = 0; i < parts.length; i++) {
        var k = text.indexOf(parts[i].text);
        if (k < 0) return;
        if (at < 0 || k < at) at = k;
        score += text.split(parts[i].text).length - 1;
      }
      if (index.docs[d][2].toLowerCase().indexOf(parts[0].text) >= 0) score += 100;
      hits.push({ doc: d, score: score, at: at });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return hits;
  }
  function esc(s) { return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c]; }); }
  function snippet(d, parts) {
    var text = index.docs[d][3], low = text.toLowerCase(), at = -1, len = 0;
    parts.forEach(function (p) { var k = low.indexOf(p.text); if (k >= 0 && (at < 0 || k < at)) { at = k; len = p.text.length; } });
    if (at < 0) return esc(text.slice(0, 120));
    var from = Math.max(0, at - 40), to = Math.min(text.length, at + len + 80);
    var out = (from > 0 ? "…" : "") + esc(text.slice(from, at)) + "<mark>" + esc(text.slice(at, at + len)) + "</mark>" + esc(text.slice(at + len, to)) + (to < text.length ? "…" : "");
    return out;
  }
  function chapterTitle(d) {
    var p = index.docs[d][0];
    while (d > 0 && index.docs[d - 1][0] === p) d--;
    return index.docs[d][2];
  }
  function show(q) {
    if (!results) return;
    if (!q.trim()) { results.hidden = true; results.innerHTML = ""; return; }
    var t0 = performance.now(), hits = search(q), ms = performance.now() - t0, parts = query(q);
    results.setAttribute("data-ms", ms.toFixed(2));
    var h = "<h2 class=\"sr\">" + esc(input.placeholder) + "</h2><p class=\"where\">" + hits.length + " ✓</p><ol>";
    hits.slice(0, 50).forEach(function (hit) {
      var d = index.docs[hit.doc], href = root + index.pages[d[0]].split("/").map(encodeURIComponent).join("/") + (d[1] ? "#" + encodeURIComponent(d[1]) : "");
      var chap = chapterTitle(hit.doc);
      h += "<li><a href=\"" + esc(href) + "\">" + esc(d[2] || chap) + "</a>" + (chap && chap !== d[2] ? " <span class=\"where\">" + esc(chap) + "</span>" : "") + "<p>" + snippet(hit.doc, parts) + "</p></li>";
    });
    results.innerHTML = h + "</ol>";
    results.hidden = false;
  }
  function load(then) {
    if (index) { then(); return; }
    if (!loading) {
      loading = [];
      window.ebookSearchLoaded = function (ix) {
        index = ix; lower = [];
        var l = loading; loading = null;
        l.forEach(function (f) { f(); });
      };
      var s = doc.createElement("script");
      s.src = root + "search-index.js";
      doc.head.appendChild(s);
    }
    loading.push(then);
  }
  // For tests and the curious: ebookSearch(q, callback(hits)).
  window.ebookSearch = function (q, cb) { load(function () { var hits = search(q); cb(hits.map(function (h) { var d = index.docs[h.doc]; return { page: index.pages[d[0]], anchor: d[1], title: d[2] }; })); }); };
  if (input) {
    var timer = 0;
    input.addEventListener("focus", function () { load(function () {}); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { load(function () { show(input.value); }); }, 60);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { input.value = ""; show(""); }
    });
  }
})();
