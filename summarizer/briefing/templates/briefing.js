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
})();
