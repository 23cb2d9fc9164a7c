// SystemCraft's only script of its own: draw charts from embedded JSON, run the mock timer, size the
// bars, ask before a destructive form is sent, and mark the page ready (the browser tests wait for
// body[data-ready="1"]). The Content-Security-Policy allows no inline script or style: behaviour
// lives here, keyed on data- attributes.
(function () {
  "use strict";

  function drawCharts(root) {
    if (typeof Chart === "undefined") return 0;
    var drawn = 0;
    root.querySelectorAll("script.chart-config").forEach(function (node) {
      var canvas = document.getElementById(node.dataset.target);
      if (!canvas || canvas.dataset.drawn) return;
      var config = JSON.parse(node.textContent);
      config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
      new Chart(canvas, config);
      canvas.dataset.drawn = "1";
      drawn += 1;
    });
    return drawn;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(seconds) {
    var s = Math.abs(Math.round(seconds));
    return (seconds < 0 ? "+" : "") + pad(Math.floor(s / 60)) + ":" + pad(s % 60);
  }

  // The mock runner: phases and their minutes come from the page; time runs `speed` times faster
  // when the server was started with a fast clock (tests). Everything is recorded in hidden fields.
  function mockRunner(root) {
    var box = root.querySelector("[data-mock-runner]");
    if (!box) return;
    var speed = parseFloat(box.dataset.speed || "1") || 1;
    var phases = JSON.parse(box.querySelector("script.phases").textContent);
    var items = document.querySelectorAll(".phase-list > li");
    var timer = box.querySelector(".timer");
    var label = box.querySelector(".phase-name");
    var question = box.querySelector(".phase-question");
    var start = box.querySelector("[data-action=start]");
    var next = box.querySelector("[data-action=next]");
    var stop = box.querySelector("[data-action=stop]");
    var markButtons = box.querySelectorAll("[data-mark]");
    var form = document.getElementById("mock-finish");
    var t0 = null, starts = [], marks = [], ended = null, tick = null;

    function now() { return (performance.now() - t0) / 1000 * speed; }
    function current() { return starts.length - 1; }
    function show() {
      var i = current();
      items.forEach(function (li, k) {
        li.classList.toggle("current", k === i && ended === null);
        li.classList.toggle("finished", k < i || (ended !== null && k <= i));
      });
      if (i >= 0 && ended === null) {
        label.textContent = "Round " + phases[i].round + " · " + phases[i].name;
        question.textContent = phases[i].question ? phases[i].question.text : "Open and close the round: introductions, then leave time for your questions.";
        var left = phases[i].minutes * 60 - (now() - starts[i]);
        timer.textContent = clock(left);
        timer.classList.toggle("over", left < 0);
      }
    }
    function finish(status) {
      ended = now();
      clearInterval(tick);
      form.querySelector("[name=phase_starts]").value = JSON.stringify(starts.map(function (s) { return Math.round(s * 10) / 10; }));
      form.querySelector("[name=ended]").value = String(Math.round(ended * 10) / 10);
      form.querySelector("[name=marks]").value = JSON.stringify(marks);
      form.querySelector("[name=status]").value = status;
      [start, next, stop].forEach(function (b) { b.disabled = true; });
      markButtons.forEach(function (b) { b.disabled = true; });
      timer.textContent = clock(ended);
      timer.classList.remove("over");
      show();
      form.hidden = false;
      storeAtStop(status);
      var first = form.querySelector("select, input:not([type=hidden])");
      if (first) first.focus();
    }
    // Store the timing, marks and status the moment the mock stops (POST /mock/stop); the rubric form
    // then scores THAT mock (mock_id). The label says "saved" only once the server has answered; if the
    // store fails, the page says so and the rubric form saves the session itself.
    function storeAtStop(status) {
      var what = status === "complete" ? "Mock complete" : "Stopped early";
      var submit = form.querySelector("button[type=submit]");
      var saved = form.querySelector("[data-stop-saved]");
      var failed = form.querySelector("[data-stop-error]");
      var body = new URLSearchParams();
      ["planned", "phase_starts", "ended", "marks", "status"].forEach(function (name) {
        body.append(name, form.querySelector("[name=" + name + "]").value);
      });
      label.textContent = what + " — saving…";
      submit.disabled = true;         // until the store answers: a rubric sent now would save a second mock
      fetch("/mock/stop", {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRF-Token": form.querySelector("[name=csrf_token]").value, "Accept": "application/json" }
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) {
          if (!r.ok || !data.id) throw new Error(data.error || ("the server answered " + r.status));
          return data;
        });
      }).then(function (data) {
        form.querySelector("[name=mock_id]").value = String(data.id);
        label.textContent = status === "complete" ? "Mock complete — saved" : "Stopped early — saved as partial";
        saved.textContent = "Saved as mock #" + data.id + ": score it below, or later from History.";
        saved.hidden = false;
      }).catch(function (err) {
        label.textContent = what + " — not saved yet";
        failed.textContent = "The timing could not be saved (" + err.message + "). Press Save the mock to save it, " +
          "with or without the rubric.";
        failed.hidden = false;
      }).then(function () { submit.disabled = false; });
    }
    start.addEventListener("click", function () {
      t0 = performance.now();
      starts = [0];
      start.disabled = true; next.disabled = false; stop.disabled = false;
      markButtons.forEach(function (b) { b.disabled = false; });
      tick = setInterval(show, Math.max(50, 250 / speed));
      show();
      next.focus();
    });
    next.addEventListener("click", function () {
      if (current() + 1 >= phases.length) { finish("complete"); return; }
      starts.push(now());
      show();
    });
    stop.addEventListener("click", function () { finish("partial"); });
    markButtons.forEach(function (b) {
      b.addEventListener("click", function () {
        marks.push({ at: Math.round(now() * 10) / 10, phase: current(), label: b.dataset.mark });
        box.querySelector(".marks-count").textContent = String(marks.length);
      });
    });
    document.addEventListener("keydown", function (e) {
      if (e.target.matches("input, textarea, select") || ended !== null || t0 === null) return;
      if (e.key === "n") next.click();
      var m = { s: "S", t: "T", a: "A", r: "R" }[e.key];
      if (m) box.querySelector('[data-mark="' + m + '"]').click();
    });
  }

  function reviewKeys() {
    if (!document.getElementById("review-body")) return;
    document.addEventListener("keydown", function (e) {
      // looked up on each key: an Undo swaps the card in (htmx), and may bring one to a page that had none
      var box = document.querySelector("[data-review]");
      if (!box || e.target.matches("input, textarea, select")) return;
      var details = box.querySelector("details");
      if (e.key === " " && details && !details.open) { e.preventDefault(); details.open = true; return; }
      var button = box.querySelector('[data-key="' + e.key + '"]');
      if (button && details && details.open) button.click();
    });
  }

  // <span data-width="42"> → 42 % wide (set through the DOM, which the policy allows; a style="" would not be)
  function sizeBars(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      var w = parseFloat(el.dataset.width);
      if (!isNaN(w)) el.style.width = Math.max(0, Math.min(100, w)) + "%";
    });
  }

  // <form data-confirm="Delete this story?"> asks before it is sent
  document.addEventListener("submit", function (e) {
    var form = e.target.closest ? e.target.closest("form[data-confirm]") : null;
    if (form && !window.confirm(form.dataset.confirm)) e.preventDefault();
  });

  // Navigation: on a narrow screen the main nav is a popover opened by the Menu button (it works
  // without this script); here its open state is mirrored into the button's aria-expanded.
  function menu() {
    var nav = document.getElementById("main-nav");
    var toggle = document.querySelector(".menu-toggle");
    if (!nav || !toggle) return;
    function mirror() { toggle.setAttribute("aria-expanded", nav.matches(":popover-open") ? "true" : "false"); }
    try { mirror(); } catch (e) { return; }      // a browser without popovers shows the nav as a plain list
    nav.addEventListener("toggle", mirror);
  }

  function ready() {
    menu();
    sizeBars(document);
    drawCharts(document);
    mockRunner(document);
    reviewKeys();
    document.body.dataset.ready = "1";
  }
  document.addEventListener("htmx:afterSwap", function (e) { sizeBars(e.target); drawCharts(e.target); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
