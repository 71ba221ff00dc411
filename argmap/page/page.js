(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("argmap-data").textContent);
  var nodes = {}, outgoing = {}, incoming = {};
  DATA.nodes.forEach(function (n) { nodes[n.id] = n; outgoing[n.id] = []; incoming[n.id] = []; });
  DATA.relations.forEach(function (r) { outgoing[r.from].push(r); incoming[r.to].push(r); });
  var sourceTitles = {};
  DATA.sources.forEach(function (s) { sourceTitles[s.id] = s.title; });

  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var behavior = reduceMotion ? "auto" : "smooth";
  var diagram = document.getElementById("diagram");
  var svg = diagram.querySelector("svg.map");
  var textPane = document.getElementById("text");
  var details = document.getElementById("details");
  var search = document.getElementById("search");
  var results = document.getElementById("results");
  var live = document.getElementById("live");
  var emptyDetails = details.innerHTML;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "className") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function nodeEl(id) { return document.getElementById("node-" + id); }
  function marksOf(id) { return document.querySelectorAll('mark.q[data-nodes~="' + CSS.escape(id) + '"]'); }
  function marksOfPassage(key) { return document.querySelectorAll('mark.q[data-passages~="' + CSS.escape(key) + '"]'); }
  function announce(message) { live.textContent = message; }
  function typeLabel(n) { return n.thesis ? "thesis" : n.type; }

  /* ---- zoom and pan ---- */
  var vb = svg.viewBox.baseVal;
  var zoom = 1, MIN_ZOOM = 0.08, MAX_ZOOM = 4, READABLE = 0.85;
  var zoomLabel = document.getElementById("zoom-level");
  function setZoom(z, clientX, clientY) {
    z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
    var box = diagram.getBoundingClientRect();
    if (clientX === undefined) { clientX = box.left + diagram.clientWidth / 2; clientY = box.top + diagram.clientHeight / 2; }
    var before = svg.getBoundingClientRect();
    var ux = (clientX - before.left) / zoom, uy = (clientY - before.top) / zoom;
    zoom = z;
    svg.style.width = (vb.width * z) + "px";
    svg.style.height = (vb.height * z) + "px";
    var after = svg.getBoundingClientRect();
    diagram.scrollLeft += after.left + ux * z - clientX;
    diagram.scrollTop += after.top + uy * z - clientY;
    zoomLabel.textContent = Math.round(z * 100) + "%";
  }
  function fit() {
    var z = Math.min(1, (diagram.clientWidth - 28) / vb.width, (diagram.clientHeight - 28) / vb.height);
    setZoom(z);
    diagram.scrollLeft = 0; diagram.scrollTop = 0;
  }
  document.getElementById("zoom-in").addEventListener("click", function () { setZoom(zoom * 1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { setZoom(zoom / 1.25); });
  document.getElementById("zoom-fit").addEventListener("click", fit);
  diagram.addEventListener("wheel", function (e) {
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    setZoom(zoom * Math.exp(-e.deltaY * 0.0025), e.clientX, e.clientY);
  }, { passive: false });
  diagram.addEventListener("keydown", function (e) {
    if (e.target !== diagram) return;
    if (e.key === "+" || e.key === "=") { setZoom(zoom * 1.25); e.preventDefault(); }
    else if (e.key === "-" || e.key === "_") { setZoom(zoom / 1.25); e.preventDefault(); }
    else if (e.key === "0") { fit(); e.preventDefault(); }
  });
  var drag = null, suppressClick = false;
  diagram.addEventListener("pointerdown", function (e) {
    if (e.button !== 0 || e.pointerType === "touch") return;
    drag = { x: e.clientX, y: e.clientY, left: diagram.scrollLeft, top: diagram.scrollTop, moved: false, id: e.pointerId };
  });
  diagram.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 5) return;
    if (!drag.moved) { drag.moved = true; diagram.classList.add("dragging"); diagram.setPointerCapture(drag.id); }
    diagram.scrollLeft = drag.left - dx; diagram.scrollTop = drag.top - dy;
  });
  function endDrag() {
    if (drag && drag.moved) { suppressClick = true; setTimeout(function () { suppressClick = false; }, 0); }
    drag = null; diagram.classList.remove("dragging");
  }
  diagram.addEventListener("pointerup", endDrag);
  diagram.addEventListener("pointercancel", endDrag);

  function centerNode(id, ensureReadable) {
    var g = nodeEl(id);
    if (!g) return;
    if (ensureReadable && zoom < READABLE) {
      var r0 = g.getBoundingClientRect();
      setZoom(READABLE, r0.left + r0.width / 2, r0.top + r0.height / 2);
    }
    var r = g.getBoundingClientRect(), box = diagram.getBoundingClientRect();
    diagram.scrollBy({ left: r.left + r.width / 2 - (box.left + diagram.clientWidth / 2),
                       top: r.top + r.height / 2 - (box.top + diagram.clientHeight / 2), behavior: behavior });
  }

  function keepInView(id) {
    // The details panel takes room from the diagram: keep the selected node on screen.
    var g = nodeEl(id);
    if (!g) return;
    var r = g.getBoundingClientRect(), box = diagram.getBoundingClientRect(), m = 12;
    var bottom = box.top + diagram.clientHeight, right = box.left + diagram.clientWidth;
    var dy = r.bottom + m > bottom ? Math.min(r.bottom + m - bottom, r.top - m - box.top) : r.top - m < box.top ? r.top - m - box.top : 0;
    var dx = r.right + m > right ? Math.min(r.right + m - right, r.left - m - box.left) : r.left - m < box.left ? r.left - m - box.left : 0;
    if (dx || dy) diagram.scrollBy({ left: dx, top: dy, behavior: behavior });
  }

  /* ---- sources ---- */
  var tabs = Array.prototype.slice.call(document.querySelectorAll('[role="tab"]'));
  function showSource(id) {
    if (!tabs.length) return;
    tabs.forEach(function (t) {
      var on = t.dataset.source === id;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
    });
    document.querySelectorAll("article.source").forEach(function (a) { a.hidden = a.dataset.source !== id; });
  }
  tabs.forEach(function (t, i) {
    t.addEventListener("click", function () { showSource(t.dataset.source); });
    t.addEventListener("keydown", function (e) {
      var step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      var next = tabs[(i + step + tabs.length) % tabs.length];
      showSource(next.dataset.source); next.focus(); e.preventDefault();
    });
  });
  function scrollToMark(mark) {
    var article = mark.closest("article.source");
    if (article && article.hidden) showSource(article.dataset.source);
    var r = mark.getBoundingClientRect(), box = textPane.getBoundingClientRect();
    var top = textPane.scrollTop + r.top - box.top - textPane.clientHeight * 0.3;
    textPane.scrollTo({ top: Math.max(0, top), behavior: behavior });
    mark.classList.remove("flash"); void mark.offsetWidth; mark.classList.add("flash");
  }
  function showPassage(id, index) {
    var n = nodes[id];
    if (!n) return false;
    var order = index === undefined ? n.quotes.map(function (_, i) { return i; }) : [index];
    for (var k = 0; k < order.length; k++) {
      var marks = marksOfPassage(id + "/" + order[k]);
      if (marks.length) { scrollToMark(marks[0]); return true; }
    }
    return false;
  }

  /* ---- selection ---- */
  var selected = [];
  function clearActive() {
    document.querySelectorAll(".active").forEach(function (e) { e.classList.remove("active"); });
  }
  function select(ids, how) {
    ids = ids.filter(function (id) { return nodes[id]; });
    if (!ids.length) return;
    clearActive();
    selected = ids;
    ids.forEach(function (id) {
      var g = nodeEl(id);
      if (g) g.classList.add("active");
      marksOf(id).forEach(function (m) { m.classList.add("active"); });
    });
    renderDetails(ids[0], ids.slice(1));
    if (how.text) showPassage(ids[0]);
    if (how.diagram) centerNode(ids[0], how.readable);
    else keepInView(ids[0]);
    try { history.replaceState(null, "", "#node-" + ids[0]); } catch (err) { /* file: URLs may refuse */ }
    announce("Selected " + typeLabel(nodes[ids[0]]) + " " + ids[0] + ": " + nodes[ids[0]].text);
  }
  function clearSelection() {
    if (!selected.length) return;
    selected = [];
    clearActive();
    details.innerHTML = emptyDetails;
    try { history.replaceState(null, "", location.pathname + location.search); } catch (err) { /* ignore */ }
    announce("Selection cleared");
  }

  function chip(id) {
    var n = nodes[id];
    var b = el("button", { type: "button", className: "chip " + (n ? n.type : ""), title: n ? n.text : id, text: n ? n.text : id });
    b.addEventListener("click", function () { select([id], { text: true, diagram: true, readable: true }); });
    return b;
  }
  function renderDetails(id, others) {
    var n = nodes[id];
    details.innerHTML = "";
    var badges = [el("span", { className: "badge " + (n.thesis ? "thesis" : n.type), text: typeLabel(n) })];
    if (n.kind) badges.push(el("span", { className: "badge soft", text: n.kind }));
    if (n.implicit) badges.push(el("span", { className: "badge soft", text: "implicit" }));
    var close = el("button", { type: "button", className: "d-close", "aria-label": "Clear the selection (Escape)", title: "Clear the selection (Escape)", text: "×" });
    close.addEventListener("click", clearSelection);
    details.appendChild(el("div", { className: "d-head" }, badges.concat([el("span", { className: "d-id", text: id }), close])));
    details.appendChild(el("p", { className: "d-text", text: n.text }));
    var by = n.asserted_by;
    details.appendChild(el("p", { className: "d-by" }, by
      ? ["Asserted by ", el("strong", { text: by.name }), by.type ? " (" + by.type + ")" : ""]
      : ["Asserted by ", el("strong", { text: "the author" })]));
    if (!nodeEl(id)) details.appendChild(el("p", { className: "d-note", text: "Not drawn in this diagram." }));
    if (n.quotes.length) {
      var qs = el("div", { className: "d-section" }, [el("h3", { text: n.quotes.length > 1 ? "Quotes" : "Quote" })]);
      n.quotes.forEach(function (q, i) {
        var where = q.anchored
          ? "Line " + q.line + " · sentence " + q.sentence + (DATA.sources.length > 1 ? " · " + (sourceTitles[q.source] || q.source) : "")
          : "Not found in " + (sourceTitles[q.source] || q.source || "the source");
        var b = el("button", { type: "button", className: "d-quote " + n.type + (q.anchored ? "" : " missing") },
          [el("q", { text: q.quote }), el("span", { className: "d-where", text: where + (q.anchored ? " — show in text" : "") })]);
        if (q.anchored) b.addEventListener("click", function () { showPassage(id, i); });
        else b.disabled = true;
        qs.appendChild(b);
      });
      details.appendChild(qs);
    } else if (n.implicit) {
      details.appendChild(el("p", { className: "d-note", text: "Implicit premise: reconstructed, not stated in the text." }));
    }
    var rows = [
      ["Supports", outgoing[id].filter(function (r) { return r.type === "supports"; }).map(function (r) { return r.to; })],
      ["Attacks", outgoing[id].filter(function (r) { return r.type === "attacks"; }).map(function (r) { return r.to; })],
      ["Supported by", incoming[id].filter(function (r) { return r.type === "supports"; }).map(function (r) { return r.from; })],
      ["Attacked by", incoming[id].filter(function (r) { return r.type === "attacks"; }).map(function (r) { return r.from; })],
      ["Same passage", others]
    ].filter(function (row) { return row[1].length; });
    if (rows.length) {
      var rel = el("div", { className: "d-section" }, [el("h3", { text: "Relations" })]);
      rows.forEach(function (row) {
        rel.appendChild(el("div", { className: "d-rel" }, [el("span", { text: row[0] }), el("div", { className: "d-chips" }, row[1].map(chip))]));
      });
      details.appendChild(rel);
    }
    if (n.note) details.appendChild(el("p", { className: "d-note" }, [el("strong", { text: "Note: " }), n.note]));
    if (n.tags.length) details.appendChild(el("div", { className: "d-tags" }, n.tags.map(function (t) { return el("span", { className: "tag", text: "#" + t }); })));
    details.scrollTop = 0;
  }

  /* ---- diagram clicks ---- */
  svg.addEventListener("click", function (e) {
    var a = e.target.closest("a");
    if (a) e.preventDefault();
    if (suppressClick) return;
    var g = e.target.closest("g.node");
    if (g && g.id.indexOf("node-") === 0) select([g.id.slice(5)], { text: true });
  });
  svg.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" && e.key !== " ") return;
    var g = e.target.closest && e.target.closest("g.node");
    if (g && g.id.indexOf("node-") === 0) { e.preventDefault(); select([g.id.slice(5)], { text: true }); }
  });

  /* ---- passages ---- */
  function activateMark(m) { select(m.dataset.nodes.split(" "), { diagram: true, readable: true }); }
  textPane.addEventListener("click", function (e) {
    var m = e.target.closest("mark.q");
    if (m && !(window.getSelection && String(window.getSelection()).length)) activateMark(m);
  });
  textPane.addEventListener("keydown", function (e) {
    var m = e.target.closest && e.target.closest("mark.q");
    if (m && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); activateMark(m); }
  });

  /* ---- search ---- */
  function norm(s) { return String(s).toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"'); }
  function highlight(text, q) {
    var out = el("span", { className: "result-text" }), lower = norm(text), at = 0, i;
    while (q && (i = lower.indexOf(q, at)) !== -1) {
      out.appendChild(document.createTextNode(text.slice(at, i)));
      out.appendChild(el("b", { text: text.slice(i, i + q.length) }));
      at = i + q.length;
    }
    out.appendChild(document.createTextNode(text.slice(at)));
    return out;
  }
  var matches = [];
  function filter() {
    var q = norm(search.value.trim());
    var all = DATA.nodes;
    matches = q ? all.filter(function (n) { return norm(n.text).indexOf(q) !== -1 || norm(n.id).indexOf(q) !== -1; }) : all;
    var hit = {};
    matches.forEach(function (n) { hit[n.id] = true; });
    all.forEach(function (n) { var g = nodeEl(n.id); if (g) g.classList.toggle("dim", !!q && !hit[n.id]); });
    DATA.relations.forEach(function (r) {
      var g = document.getElementById("edge-" + r.from + "-" + r.type + "-" + r.to);
      if (g) g.classList.toggle("dim", !!q && !(hit[r.from] && hit[r.to]));
    });
    document.querySelectorAll("mark.q").forEach(function (m) {
      m.classList.toggle("dim", !!q && !m.dataset.nodes.split(" ").some(function (id) { return hit[id]; }));
    });
    results.innerHTML = "";
    if (!q) { results.hidden = true; return; }
    results.appendChild(el("p", { className: "results-count", role: "presentation",
      text: matches.length ? matches.length + " of " + all.length + " nodes match" : "No node matches “" + search.value.trim() + "”" }));
    matches.forEach(function (n) {
      var item = el("div", { className: "result", role: "option", tabindex: "0", "data-node": n.id, "aria-selected": "false" },
        [el("span", { className: "sw sw-" + (n.thesis ? "thesis" : n.type), "aria-hidden": "true" }), highlight(n.text, q),
         el("span", { className: "result-id", text: n.id + (n.kind ? " · " + n.kind : "") })]);
      results.appendChild(item);
    });
    results.hidden = false;
    announce(matches.length + " nodes match");
  }
  function pick(item) {
    results.querySelectorAll('[aria-selected="true"]').forEach(function (r) { r.setAttribute("aria-selected", "false"); });
    item.setAttribute("aria-selected", "true");
    select([item.dataset.node], { text: true, diagram: true, readable: true });
  }
  search.addEventListener("input", filter);
  search.addEventListener("focus", function () { if (search.value.trim()) results.hidden = false; });
  search.addEventListener("keydown", function (e) {
    var first = results.querySelector(".result");
    if (e.key === "ArrowDown" && first) { first.focus(); e.preventDefault(); }
    else if (e.key === "Enter" && first) { pick(first); e.preventDefault(); }
  });
  results.addEventListener("click", function (e) { var item = e.target.closest(".result"); if (item) pick(item); });
  results.addEventListener("keydown", function (e) {
    var item = e.target.closest(".result");
    if (!item) return;
    if (e.key === "Enter" || e.key === " ") { pick(item); e.preventDefault(); }
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      var next = e.key === "ArrowDown" ? item.nextElementSibling : item.previousElementSibling;
      if (next && next.classList.contains("result")) next.focus(); else if (e.key === "ArrowUp") search.focus();
      e.preventDefault();
    }
  });
  document.addEventListener("pointerdown", function (e) {
    if (!e.target.closest(".search")) results.hidden = true;
  });
  document.addEventListener("focusin", function (e) {
    if (!e.target.closest(".search")) results.hidden = true;
  });

  /* ---- keyboard ---- */
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      if (e.target === search && search.value) { search.value = ""; filter(); }
      results.hidden = true;
      clearSelection();
    } else if (e.key === "/" && !/^(INPUT|TEXTAREA)$/.test(e.target.tagName)) {
      search.focus(); search.select(); e.preventDefault();
    }
  });

  fit();
  var start = /^#node-(.+)$/.exec(location.hash);
  if (start && nodes[decodeURIComponent(start[1])]) select([decodeURIComponent(start[1])], { text: true, diagram: true });
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { if (zoom < READABLE) fit(); }, 120);
  });
  document.documentElement.dataset.ready = "true";
})();
