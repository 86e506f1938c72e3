(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("passages").textContent);
  var panel = document.getElementById("panel");
  var title = document.getElementById("panel-title");
  var meta = document.getElementById("panel-meta");
  var note = document.getElementById("panel-note");
  var body = document.getElementById("panel-text");
  var empty = document.getElementById("panel-empty");
  var active = null;

  function show(el) {
    var p = data[Number(el.getAttribute("data-ref"))];
    if (!p) {
      return;
    }
    if (active) {
      active.classList.remove("active");
    }
    active = el;
    el.classList.add("active");
    title.textContent = "[" + p.s + "] " + p.t;
    meta.textContent = p.o;
    note.textContent = p.n;
    note.hidden = !p.n;
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    body.appendChild(document.createTextNode(p.b));
    var mark = null;
    if (p.m) {
      mark = document.createElement("mark");
      mark.textContent = p.m;
      body.appendChild(mark);
    }
    body.appendChild(document.createTextNode(p.a));
    empty.hidden = true;
    body.hidden = false;
    panel.classList.add("open");
    body.scrollTop = mark ? Math.max(0, mark.offsetTop - body.clientHeight / 3) : 0;
  }

  function target(ev) {
    var el = ev.target;
    return el && el.closest ? el.closest("[data-ref]") : null;
  }

  document.addEventListener("click", function (ev) {
    var el = target(ev);
    if (el) {
      ev.preventDefault();
      show(el);
    }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" && ev.key !== " ") {
      return;
    }
    var el = target(ev);
    if (el && el.tagName !== "BUTTON") {
      ev.preventDefault();
      show(el);
    }
  });
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.classList.remove("open");
    if (active) {
      active.classList.remove("active");
      active = null;
    }
  });

  // Filters, the events-per-day chart and the places table. The controls start hidden, so a
  // page without JavaScript shows every event; report text reaches the page only as textContent.
  var info = JSON.parse(document.getElementById("events-data").textContent);
  var events = info.events;
  var filters = document.getElementById("filters");
  if (!events.length || !filters) {
    return;
  }
  var SVG = "http://www.w3.org/2000/svg";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var ctl = {};
  ["text", "type", "actor", "country", "place", "from", "to"].forEach(function (k) {
    ctl[k] = document.getElementById("f-" + k);
  });
  var clear = document.getElementById("f-clear");
  var countLine = document.getElementById("f-count");
  var none = document.getElementById("f-none");
  var listed = document.querySelectorAll("[data-event]");
  var haystack = events.map(function (e) {
    return e.s.toLowerCase();
  });
  var shown = events.map(function () {
    return true;
  });

  function current() {
    var f = {};
    Object.keys(ctl).forEach(function (k) {
      f[k] = ctl[k].value;
    });
    f.words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
    return f;
  }

  function matches(e, i, f) {
    if (f.type && e.t !== f.type) {
      return false;
    }
    if (f.actor && e.a.indexOf(f.actor) < 0) {
      return false;
    }
    if (f.country && (f.country === "-" ? e.c !== null : e.c !== f.country)) {
      return false;
    }
    if (f.place && String(e.p) !== f.place) {
      return false;
    }
    if ((f.from || f.to) && !e.d) {
      return false;
    }
    if ((f.from && e.d < f.from) || (f.to && e.d > f.to)) {
      return false;
    }
    return f.words.every(function (w) {
      return haystack[i].indexOf(w) >= 0;
    });
  }

  function apply() {
    var f = current();
    var n = 0;
    events.forEach(function (e, i) {
      shown[i] = matches(e, i, f);
      n += shown[i] ? 1 : 0;
    });
    Array.prototype.forEach.call(listed, function (el) {
      el.hidden = !shown[Number(el.getAttribute("data-event"))];
    });
    countLine.textContent = n + " of " + events.length + " events shown";
    none.hidden = n > 0;
    clear.disabled = !Object.keys(ctl).some(function (k) {
      return ctl[k].value !== "";
    });
    markPlace(f.place);
    draw();
    drawMap(f.place);
  }

  Object.keys(ctl).forEach(function (k) {
    ctl[k].addEventListener(k === "text" ? "input" : "change", apply);
    if (k === "from" || k === "to") {
      ctl[k].addEventListener("input", apply);
    }
  });
  clear.addEventListener("click", function () {
    Object.keys(ctl).forEach(function (k) {
      ctl[k].value = "";
    });
    apply();
  });

  // The chart: a bar per day with events shown, over the briefing's event span, in front of a
  // pale bar of all that day's events.
  var chart = document.getElementById("chart");
  var box = document.getElementById("chart-box");
  var caption = document.getElementById("chart-caption");

  function dayNumber(iso) {
    return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000;
  }

  function dayIso(n) {
    return new Date(n * 86400000).toISOString().slice(0, 10);
  }

  function dayText(iso, year) {
    var d = new Date(dayNumber(iso) * 86400000);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + (year ? " " + d.getUTCFullYear() : "");
  }

  function svg(name, attrs, parent) {
    var el = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) {
      el.setAttribute(k, String(attrs[k]));
    });
    parent.appendChild(el);
    return el;
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  var first = info.start ? dayNumber(info.start) : NaN;
  var last = info.end ? dayNumber(info.end) : NaN;
  var days = last - first + 1;

  function draw() {
    if (!(days > 0)) {
      return;
    }
    var all = {};
    var some = {};
    var outside = 0;
    var charted = 0;
    events.forEach(function (e, i) {
      var n = e.d ? dayNumber(e.d) : NaN;
      if (!(n >= first && n <= last)) {
        outside += shown[i] ? 1 : 0;
        return;
      }
      all[n] = (all[n] || 0) + 1;
      if (shown[i]) {
        some[n] = (some[n] || 0) + 1;
        charted += 1;
      }
    });
    var top = Math.max.apply(null, [1].concat(Object.keys(all).map(function (k) {
      return all[k];
    })));
    var W = 720, H = 150, L = 26, R = 6, T = 8, B = 22;
    var step = (W - L - R) / days;
    var gap = step > 6 ? Math.min(3, step * 0.2) : 0;
    while (box.firstChild) {
      box.removeChild(box.firstChild);
    }
    var root = svg("svg", {
      id: "chart-svg", viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-labelledby": "chart-caption", preserveAspectRatio: "xMinYMin meet"
    }, box);
    function y(v) {
      return T + (H - T - B) * (1 - v / top);
    }
    svg("line", { x1: L, x2: W - R, y1: y(0), y2: y(0), "class": "axis" }, root);
    [0, top].forEach(function (v) {
      var label = svg("text", { x: L - 5, y: y(v) + 4, "text-anchor": "end", "class": "tick" }, root);
      label.textContent = String(v);
    });
    var every = Math.max(1, Math.ceil(days / 8));
    for (var k = 0; k < days; k += every) {
      var tick = svg("text", {
        x: L + (k + 0.5) * step, y: H - 6, "text-anchor": "middle", "class": "tick"
      }, root);
      tick.textContent = dayText(dayIso(first + k), false);
    }
    Object.keys(all).forEach(function (key) {
      var n = Number(key);
      var x = L + (n - first) * step + gap / 2;
      var w = Math.max(step - gap, 1);
      svg("rect", {
        x: x, y: y(all[n]), width: w, height: y(0) - y(all[n]), "class": "all", "aria-hidden": "true"
      }, root);
      var c = some[n] || 0;
      if (!c) {
        return;
      }
      var bar = svg("rect", {
        x: x, y: y(c), width: w, height: y(0) - y(c), "class": "bar", "data-day": dayIso(n)
      }, root);
      var title = svg("title", {}, bar);
      title.textContent = dayIso(n) + ": " + plural(c, "event") + (c < all[n] ? " shown of " + all[n] : "");
    });
    caption.textContent = "Events per day, " + dayText(dayIso(first), true) + " to " +
      dayText(dayIso(last), true) + ": " + plural(charted, "event") + " charted" +
      (outside ? "; " + plural(outside, "event") + " undated or outside these days not charted" : "") +
      ". Choose a bar to show that day only.";
  }

  box.addEventListener("click", function (ev) {
    var bar = ev.target.closest ? ev.target.closest("rect.bar") : null;
    if (!bar) {
      return;
    }
    var day = bar.getAttribute("data-day");
    var again = ctl.from.value === day && ctl.to.value === day;
    ctl.from.value = again ? "" : day;
    ctl.to.value = again ? "" : day;
    apply();
  });

  // The places table: sortable by any column, and a place's name filters the events to it.
  var placeRows = document.querySelectorAll("#places tr[data-place]");
  var placeBody = placeRows.length ? placeRows[0].parentNode : null;
  Array.prototype.forEach.call(placeRows, function (tr) {
    var cell = tr.querySelector(".place-name");
    var pick = document.createElement("button");
    pick.type = "button";
    pick.className = "place-pick";
    pick.textContent = cell.textContent;
    pick.setAttribute("aria-pressed", "false");
    pick.title = "Show only the events at this place";
    cell.textContent = "";
    cell.appendChild(pick);
    pick.addEventListener("click", function () {
      var p = tr.getAttribute("data-place");
      ctl.place.value = ctl.place.value === p ? "" : p;
      apply();
      filters.scrollIntoView({ block: "start" });
    });
  });

  function markPlace(p) {
    Array.prototype.forEach.call(placeRows, function (tr) {
      var on = tr.getAttribute("data-place") === p;
      tr.classList.toggle("selected", on);
      tr.querySelector(".place-pick").setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function sortKey(place, key) {
    var v = place[key];
    if (key === "k" || key === "lat") {
      return v === null ? -Infinity : v;
    }
    return (v === null ? "" : v).toLowerCase();
  }

  var heads = document.querySelectorAll("#places th[data-sort]");
  Array.prototype.forEach.call(heads, function (th) {
    var key = th.getAttribute("data-sort");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    th.setAttribute("aria-sort", key === "k" ? "descending" : "none");
    button.addEventListener("click", function () {
      var down = th.getAttribute("aria-sort") === "ascending";
      Array.prototype.forEach.call(heads, function (h) {
        h.setAttribute("aria-sort", "none");
      });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      var rows = Array.prototype.slice.call(placeRows);
      rows.sort(function (a, b) {
        var i = Number(a.getAttribute("data-place"));
        var j = Number(b.getAttribute("data-place"));
        var x = sortKey(info.places[i], key);
        var y = sortKey(info.places[j], key);
        var order = x < y ? -1 : x > y ? 1 : i - j;
        return down && (x < y || x > y) ? -order : order;
      });
      rows.forEach(function (tr) {
        placeBody.appendChild(tr);
      });
    });
  });

  // The map: the countries' outlines (in tenths of a degree, drawn at scale 0.1, so the map's
  // units are degrees: x the longitude, y minus the latitude), the countries of the events
  // shaded (darker: some event shown), and a dot per place with coordinates and events shown,
  // its area by their number. A dot is a filter for its place, as in the places table.
  var world = JSON.parse(document.getElementById("map-data").textContent);
  var mapFigure = document.getElementById("map");
  var mapBox = document.getElementById("map-box");
  var mapCaption = document.getElementById("map-caption");
  var countryPaths = {};
  var mapSvg = null;
  var dots = null;
  var located = 0;
  var placeEvents = info.places.map(function () {
    return [];
  });
  events.forEach(function (e, i) {
    if (e.p !== null) {
      placeEvents[e.p].push(i);
    }
  });
  info.places.forEach(function (p) {
    located += p.lat !== null && p.lon !== null ? p.k : 0;
  });

  // The view: around the events' places, or the whole world (x, y, width, height in degrees).
  var mapWorld = document.getElementById("map-world");
  var WHOLE_WORLD = [-180, -90, 360, 180];
  var sea = null;

  function mapView() {
    return mapWorld.getAttribute("aria-pressed") === "true" ? WHOLE_WORLD : world.view;
  }

  function buildMap() {
    var v = mapView();
    var root = mapSvg = svg("svg", {
      id: "map-svg", viewBox: v.join(" "), role: "img", "aria-labelledby": "map-caption",
      preserveAspectRatio: "xMidYMid meet"
    }, mapBox);
    sea = svg("rect", { x: v[0], y: v[1], width: v[2], height: v[3], "class": "sea" }, root);
    var land = svg("g", { "class": "land", transform: "scale(" + 1 / world.scale + ")" }, root);
    world.countries.forEach(function (c) {
      var path = svg("path", { d: c[2], "data-iso": c[0] }, land);
      svg("title", {}, path).textContent = c[1];
      (countryPaths[c[0]] = countryPaths[c[0]] || []).push(path);
    });
    info.places.forEach(function (p) {
      (countryPaths[p.i] || []).forEach(function (path) {
        path.classList.add("has");
      });
    });
    dots = svg("g", { "class": "dots" }, root);
  }

  function datesText(list) {
    var ds = [];
    var undated = 0;
    list.forEach(function (i) {
      if (!events[i].d) {
        undated += 1;
      } else if (ds.indexOf(events[i].d) < 0) {
        ds.push(events[i].d);
      }
    });
    ds.sort();
    var text = ds.length > 3 ? dayText(ds[0], true) + " to " + dayText(ds[ds.length - 1], true)
      : ds.map(function (d) { return dayText(d, true); }).join(", ");
    if (undated) {
      text += (text ? "; " : "") + undated + " undated";
    }
    return text;
  }

  function drawMap(selected) {
    if (!dots) {
      return;
    }
    var v = mapView();
    // Degrees per pixel of the map as drawn, so dots keep their size in pixels.
    var unit = v[2] / (mapSvg.getBoundingClientRect().width || 720);
    var hit = {};
    var mapped = 0;
    var ring = [];
    info.places.forEach(function (p, j) {
      var list = placeEvents[j].filter(function (i) {
        return shown[i];
      });
      if (list.length && p.i) {
        hit[p.i] = true;
      }
      if (list.length && p.lat !== null && p.lon !== null) {
        mapped += list.length;
        ring.push({ j: j, p: p, list: list });
      }
    });
    Object.keys(countryPaths).forEach(function (iso) {
      countryPaths[iso].forEach(function (path) {
        path.classList.toggle("hit", !!hit[iso]);
      });
    });
    while (dots.firstChild) {
      dots.removeChild(dots.firstChild);
    }
    // Bigger dots first, so a smaller one at the same point stays on top, clickable.
    ring.sort(function (a, b) {
      return b.list.length - a.list.length || a.j - b.j;
    });
    ring.forEach(function (r) {
      var p = r.p;
      var n = r.list.length;
      var dot = svg("circle", {
        cx: p.lon, cy: -p.lat, r: (3 + 2.5 * Math.sqrt(n)) * unit, tabindex: 0,
        "class": "dot" + (p.g > 1 ? " approx" : "") + (String(r.j) === selected ? " selected" : ""),
        "data-place": r.j, "data-count": n
      }, dots);
      var where = p.n + (p.c && p.c !== p.n ? ", " + p.c : "");
      svg("title", {}, dot).textContent = where + ": " + plural(n, "event") +
        (n < p.k ? " shown of " + p.k : "") + (datesText(r.list) ? "; " + datesText(r.list) : "") +
        (p.g === 3 ? " (approximate: a larger region, at its capital or centre)" :
          p.g === 2 ? " (approximate: near or part of the place)" : "");
    });
    var off = located - mapped;
    mapCaption.textContent = "Where the events happened: " + plural(mapped, "event") + " at " +
      plural(ring.length, "place") + " on the map" +
      (events.length - located ? "; " + plural(events.length - located, "event") +
        " without coordinates not mapped" : "") +
      (off ? "; " + plural(off, "event") + " filtered out" : "") +
      ". Choose a dot to show that place only.";
  }

  function pickDot(ev) {
    var dot = ev.target.closest ? ev.target.closest("circle.dot") : null;
    if (!dot) {
      return;
    }
    ev.preventDefault();
    var p = dot.getAttribute("data-place");
    ctl.place.value = ctl.place.value === p ? "" : p;
    apply();
  }

  mapWorld.addEventListener("click", function () {
    var whole = mapWorld.getAttribute("aria-pressed") !== "true";
    mapWorld.setAttribute("aria-pressed", String(whole));
    mapWorld.textContent = whole ? "Back to the events" : "Whole world";
    var v = mapView();
    mapSvg.setAttribute("viewBox", v.join(" "));
    ["x", "y", "width", "height"].forEach(function (k, i) {
      sea.setAttribute(k, v[i]);
    });
    drawMap(ctl.place.value);
  });

  mapBox.addEventListener("click", pickDot);
  mapBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" || ev.key === " ") {
      pickDot(ev);
    }
  });

  filters.hidden = false;
  chart.hidden = !(days > 0);
  if (world) {
    mapFigure.hidden = false;
    buildMap();
  }
  apply();
})();
