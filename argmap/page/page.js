(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("argmap-data").textContent);
  var nodes = {}, args = {}, rels = {}, outgoing = {}, incoming = {}, undercutters = {}, byElement = {};
  DATA.nodes.forEach(function (n) { nodes[n.id] = n; outgoing[n.id] = []; incoming[n.id] = []; });
  DATA.arguments.forEach(function (a) { args[a.id] = a; });
  DATA.relations.forEach(function (r) {
    rels[r.id] = r;
    r.sources.forEach(function (s) { if (outgoing[s]) outgoing[s].push(r); });
    if (r.target_type === "node") { if (incoming[r.target]) incoming[r.target].push(r); }
    else (undercutters[r.target] = undercutters[r.target] || []).push(r);
    byElement["edge-" + r.element] = r.id;
    byElement["junction-" + r.element] = r.id;
    r.sources.forEach(function (s) { byElement["edge-" + r.element + "~" + s] = r.id; });
  });
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
  /* A relation's drawing: its junction when it has one, else the line that reaches its target. */
  function relationEl(id) {
    var r = rels[id];
    return r ? document.getElementById("junction-" + r.element) || document.getElementById("edge-" + r.element) : null;
  }
  function relationParts(r) {
    var ids = ["edge-" + r.element, "junction-" + r.element].concat(r.sources.map(function (s) { return "edge-" + r.element + "~" + s; }));
    return ids.map(function (i) { return document.getElementById(i); }).filter(Boolean);
  }
  function marksOf(id) { return document.querySelectorAll('mark.q[data-nodes~="' + CSS.escape(id) + '"]'); }
  function marksOfArgument(id) { return document.querySelectorAll('mark.q[data-arguments~="' + CSS.escape(id) + '"]'); }
  var STATUS = { accepted: "✓ accepted", rejected: "✗ rejected", undecided: "? undecided" };
  function statusWords(status) { return STATUS[status] || "not evaluated"; }
  function relationWords(r) {
    if (!r.argument) return r.id;
    return "argument " + r.argument + ": " + r.sources.join(", ") + " together " + r.type.slice(0, -1) + " " + r.target;
  }
  function itemText(id) {
    if (nodes[id]) return nodes[id].text;
    var a = args[id];
    if (a) return a.text || (a.scheme ? a.scheme + " (" + id + ")" : "argument " + id);
    return rels[id] ? relationWords(rels[id]) : id;
  }
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

  function centerNode(g, ensureReadable) {
    if (!g) return;
    if (ensureReadable && zoom < READABLE) {
      var r0 = g.getBoundingClientRect();
      setZoom(READABLE, r0.left + r0.width / 2, r0.top + r0.height / 2);
    }
    var r = g.getBoundingClientRect(), box = diagram.getBoundingClientRect();
    diagram.scrollBy({ left: r.left + r.width / 2 - (box.left + diagram.clientWidth / 2),
                       top: r.top + r.height / 2 - (box.top + diagram.clientHeight / 2), behavior: behavior });
  }

  function keepInView(g) {
    // The details panel takes room from the diagram: keep the selected node on screen.
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
    var n = nodes[id] || args[id];
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
  function remember(hash) {
    try { history.replaceState(null, "", "#" + hash); } catch (err) { /* file: URLs may refuse */ }
  }
  function select(ids, how, others) {
    ids = ids.filter(function (id) { return nodes[id]; });
    if (!ids.length) return;
    clearActive();
    selected = ids;
    ids.forEach(function (id) {
      var g = nodeEl(id);
      if (g) g.classList.add("active");
      marksOf(id).forEach(function (m) { m.classList.add("active"); });
    });
    renderDetails(ids[0], others === undefined ? ids.slice(1) : others.filter(function (id) { return id !== ids[0]; }));
    if (how.text) showPassage(ids[0]);
    if (how.diagram) centerNode(nodeEl(ids[0]), how.readable);
    else keepInView(nodeEl(ids[0]));
    remember("node-" + ids[0]);
    announce("Selected " + typeLabel(nodes[ids[0]]) + " " + ids[0] + ": " + nodes[ids[0]].text);
  }
  function selectRelation(id, how, others) {
    var r = rels[id] || (args[id] && { id: id, type: args[id].kind, sources: args[id].premises, target: args[id].target, target_type: args[id].target_type, argument: id, status: args[id].status, element: null });
    if (!r) return;
    clearActive();
    selected = [id];
    if (r.element) relationParts(r).forEach(function (g) { g.classList.add("active"); });
    if (r.argument) marksOfArgument(r.argument).forEach(function (m) { m.classList.add("active"); });
    renderRelationDetails(r, (others || []).filter(function (o) { return o !== id; }));
    if (how.text && r.argument) showPassage(r.argument);
    var g = r.element ? relationEl(id) : null;
    if (how.diagram) centerNode(g, how.readable);
    else keepInView(g);
    if (g) remember(g.id);
    announce("Selected " + (r.argument ? "argument " + r.argument : "inference " + r.id) + ": " + itemText(r.argument || r.id));
  }
  function clearSelection() {
    if (!selected.length) return;
    selected = [];
    clearActive();
    details.innerHTML = emptyDetails;
    try { history.replaceState(null, "", location.pathname + location.search); } catch (err) { /* ignore */ }
    announce("Selection cleared");
  }

  /* ---- details ---- */
  function chip(id, title) {
    var n = nodes[id];
    if (!n && (args[id] || rels[id])) return relationChip(id, title);
    var b = el("button", { type: "button", className: "chip " + (n ? n.type : ""), title: title || (n ? n.text : id), text: n ? n.text : id });
    b.addEventListener("click", function () { select([id], { text: true, diagram: true, readable: true }); });
    return b;
  }
  function relationChip(id, title) {
    var a = args[id];
    var b = el("button", { type: "button", className: "chip " + (a ? "argument" : "relation"), title: title || (a ? "Argument " + id + ": " + itemText(id) : id),
      text: a ? itemText(id) : id });
    b.addEventListener("click", function () { selectRelation(id, { text: true, diagram: true, readable: true }); });
    return b;
  }
  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }
  function statusBadge(status) {
    return el("span", { className: "badge status " + (status || "none"), title: "Grounded label (argmap evaluate)", text: statusWords(status) });
  }
  function head(badges, id) {
    var close = el("button", { type: "button", className: "d-close", "aria-label": "Clear the selection (Escape)", title: "Clear the selection (Escape)", text: "×" });
    close.addEventListener("click", clearSelection);
    details.appendChild(el("div", { className: "d-head" }, badges.concat([el("span", { className: "d-id", text: id }), close])));
  }
  /* A passage's link to the original page: an http(s) URL only, else none. Navigating is allowed;
     the page itself still fetches nothing. */
  function originLink(link) {
    if (typeof link !== "string" || !/^https?:\/\/[^\s"<>\\`]+$/i.test(link)) return null;
    var url;
    try { url = new URL(link); } catch (err) { return null; }
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname ? link : null;
  }
  function quotesSection(id, quotes, type) {
    var qs = el("div", { className: "d-section" }, [el("h3", { text: quotes.length > 1 ? "Quotes" : "Quote" })]);
    quotes.forEach(function (q, i) {
      var where = q.anchored
        ? "Line " + q.line + " · sentence " + q.sentence + (DATA.sources.length > 1 ? " · " + (sourceTitles[q.source] || q.source) : "")
        : "Not found in " + (sourceTitles[q.source] || q.source || "the source");
      var b = el("button", { type: "button", className: "d-quote " + type + (q.anchored ? "" : " missing") },
        [el("q", { text: q.quote }), el("span", { className: "d-where", text: where + (q.anchored ? " — show in text" : "") })]);
      if (q.anchored) b.addEventListener("click", function () { showPassage(id, i); });
      else b.disabled = true;
      qs.appendChild(b);
      var href = originLink(q.link);
      if (href) {
        qs.appendChild(el("p", { className: "d-where d-origin", style: "margin: -3px 0 8px 12px" }, [
          el("a", { href: href, target: "_blank", rel: "noopener noreferrer", title: "Open the original page at this passage (a text-fragment link)",
            text: "Show on the original page ↗" })]));
      }
    });
    details.appendChild(qs);
  }
  function relationRows(rows) {
    rows = rows.filter(function (row) { return row[1].length; });
    if (!rows.length) return;
    var rel = el("div", { className: "d-section" }, [el("h3", { text: "Relations" })]);
    rows.forEach(function (row) {
      rel.appendChild(el("div", { className: "d-rel" }, [el("span", { text: row[0] }), el("div", { className: "d-chips" }, row[1].map(function (c) {
        return typeof c === "string" ? chip(c) : chip(c[0], c[1]);
      }))]));
    });
    details.appendChild(rel);
  }
  function tail(item) {
    if (item.note) details.appendChild(el("p", { className: "d-note" }, [el("strong", { text: "Note: " }), item.note]));
    if (item.tags.length) details.appendChild(el("div", { className: "d-tags" }, item.tags.map(function (t) { return el("span", { className: "tag", text: "#" + t }); })));
    details.scrollTop = 0;
  }
  /* Whoever draws a relation: the node, or the argument. */
  function drawer(r) { return r.argument || r.sources[0]; }
  function renderDetails(id, others) {
    var n = nodes[id];
    details.innerHTML = "";
    var badges = [el("span", { className: "badge " + (n.thesis ? "thesis" : n.type), text: typeLabel(n) })];
    if (n.kind) badges.push(el("span", { className: "badge soft", text: n.kind }));
    if (n.implicit) badges.push(el("span", { className: "badge soft", text: "implicit" }));
    badges.push(statusBadge(n.status));
    head(badges, id);
    details.appendChild(el("p", { className: "d-text", text: n.text }));
    var by = n.asserted_by;
    details.appendChild(el("p", { className: "d-by" }, by
      ? ["Asserted by ", el("strong", { text: by.name }), by.type ? " (" + by.type + ")" : ""]
      : ["Asserted by ", el("strong", { text: "the author" })]));
    if (!nodeEl(id)) details.appendChild(el("p", { className: "d-note", text: "Not drawn in this diagram." }));
    if (n.quotes.length) quotesSection(id, n.quotes, n.type);
    else if (n.implicit) details.appendChild(el("p", { className: "d-note", text: "Implicit premise: reconstructed, not stated in the text." }));
    var out = outgoing[id], into = incoming[id];
    function targets(kind) { return unique(out.filter(function (r) { return r.type === kind; }).map(function (r) { return r.target; })); }
    function from(kind) { return unique(into.filter(function (r) { return r.type === kind; }).map(drawer)); }
    var undercutBy = [];
    out.forEach(function (r) {
      (undercutters[r.id] || []).forEach(function (u) { undercutBy.push([drawer(u), drawer(u) + " undercuts " + relationWords(r)]); });
    });
    relationRows([
      ["Supports", targets("supports")],
      ["Attacks", targets("attacks")],
      ["Undercuts", targets("undercuts")],
      ["Premise of", unique(out.filter(function (r) { return r.argument; }).map(function (r) { return r.argument; }))],
      ["Supported by", from("supports")],
      ["Attacked by", from("attacks")],
      ["Undercut by", undercutBy],
      ["Same passage", others]
    ]);
    tail(n);
  }
  function renderRelationDetails(r, others) {
    var a = r.argument ? args[r.argument] : null;
    details.innerHTML = "";
    var badges = [el("span", { className: "badge " + (a ? "argument" : "inference"), text: a ? "argument" : "inference" }),
      el("span", { className: "badge soft", text: r.type })];
    if (a && a.scheme) badges.push(el("span", { className: "badge soft scheme", text: a.scheme }));
    badges.push(statusBadge(r.status));
    head(badges, r.argument || r.id);
    var said = r.sources.map(function (s) { return "“" + itemText(s) + "”"; }).join(" and ") + (r.argument ? " together " + r.type.slice(0, -1) + " " : " " + r.type + " ") +
      (r.target_type === "node" ? "“" + itemText(r.target) + "”" : "the inference " + r.target);
    details.appendChild(el("p", { className: "d-text", text: a && a.text ? a.text : said }));
    if (a && a.text) details.appendChild(el("p", { className: "d-by", text: said }));
    if (!r.element || !relationParts(r).length) details.appendChild(el("p", { className: "d-note", text: "Not drawn in this diagram." }));
    if (a && a.quotes.length) quotesSection(a.id, a.quotes, "argument");
    var conclusion = r.type === "supports" ? "Supports" : r.type === "attacks" ? "Attacks" : "Undercuts";
    relationRows([
      [r.argument ? "Premises" : "From", r.sources],
      [conclusion, r.target ? [r.target] : []],
      ["Undercut by", (undercutters[r.id] || []).map(function (u) { return [drawer(u), drawer(u) + " undercuts " + relationWords(r)]; })],
      ["Same passage", others]
    ]);
    if (a) tail(a);
    else details.scrollTop = 0;
  }

  /* ---- diagram clicks ---- */
  svg.addEventListener("click", function (e) {
    var a = e.target.closest("a");
    if (a) e.preventDefault();
    if (suppressClick) return;
    var g = e.target.closest("g.node, g.edge");
    if (g && g.id.indexOf("node-") === 0) select([g.id.slice(5)], { text: true });
    else if (g && byElement[g.id]) selectRelation(byElement[g.id], { text: true });
  });
  svg.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" && e.key !== " ") return;
    var g = e.target.closest && e.target.closest("g.node");
    if (g && g.id.indexOf("node-") === 0) { e.preventDefault(); select([g.id.slice(5)], { text: true }); }
    else if (g && byElement[g.id]) { e.preventDefault(); selectRelation(byElement[g.id], { text: true }); }
  });

  /* ---- passages ---- */
  function activateMark(m) {
    // The most specific passage decides what is shown: a node (with the others that quote it) or an argument.
    var ids = m.dataset.passages.split(" ").map(function (key) { return key.slice(0, key.lastIndexOf("/")); });
    ids = ids.filter(function (id, i) { return ids.indexOf(id) === i; });
    var how = { diagram: true, readable: true };
    if (args[ids[0]] && !nodes[ids[0]]) selectRelation(ids[0], how, ids.slice(1));
    else select(ids.filter(function (id) { return nodes[id]; }), how, ids.slice(1));
  }
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
    // A relation stays lit while its sources and its target (a node, or the relation it undercuts) match.
    var lit = {};
    function isLit(r) {
      if (!(r.id in lit)) {
        lit[r.id] = false;  // a ring of undercuts stays dim
        lit[r.id] = r.sources.every(function (s) { return hit[s]; }) && (r.target_type === "node" ? !!hit[r.target] : !!rels[r.target] && isLit(rels[r.target]));
      }
      return lit[r.id];
    }
    DATA.relations.forEach(function (r) {
      var dim = !!q && !isLit(r);
      relationParts(r).forEach(function (g) { g.classList.toggle("dim", dim); });
    });
    document.querySelectorAll("mark.q").forEach(function (m) {
      var quoted = m.dataset.nodes.split(" ").concat((m.dataset.arguments || "").split(" ").reduce(function (all, id) {
        return all.concat(args[id] ? args[id].premises : []);
      }, []));
      m.classList.toggle("dim", !!q && !quoted.some(function (id) { return hit[id]; }));
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
  var start = /^#node-(.+)$/.exec(location.hash), hash = decodeURIComponent(location.hash.slice(1));
  if (start && nodes[decodeURIComponent(start[1])]) select([decodeURIComponent(start[1])], { text: true, diagram: true });
  else if (byElement[hash]) selectRelation(byElement[hash], { text: true, diagram: true });
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { if (zoom < READABLE) fit(); }, 120);
  });
  document.documentElement.dataset.ready = "true";
})();
