// The phones' page, improved: counts the dots as you tap, sends without a page load, and follows
// the facilitator (open, close, new round) by waiting on the status address. Works without it.
(function () {
  "use strict";
  var form = document.getElementById("ballot");
  if (!form || !window.fetch) return;
  var data = form.dataset;
  var options = document.getElementById("options");
  var send = document.getElementById("send");
  var left = document.getElementById("left");
  var notice = document.getElementById("notice");
  var stored = document.getElementById("stored");
  var budget = +data.budget;
  var changes = data.changes;
  var round = data.round;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }
  function spent() {
    var total = 0;
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      total += input.name === "choice" ? 1 : +input.value;
    });
    return total;
  }
  function update() {
    var used = spent();
    var rest = budget - used;
    left.textContent = fill(rest < 0 ? data.overText : data.leftText, { left: rest, over: -rest, budget: budget });
    left.className = rest < 0 ? "over" : "";
    send.disabled = options.disabled || rest < 0 || used === 0;
  }
  function show(text, kind) {
    notice.textContent = text;
    notice.className = "notice " + kind;
  }
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (send.disabled) return;
    send.disabled = true;
    show(data.sendingText, "");
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        show(answer.message, answer.ok ? "ok" : "error");
        if (answer.stored) stored.textContent = answer.stored;
      })
      .catch(function () { show(data.offlineText, "error"); })
      .then(update);
  });

  function follow(answer) {
    if (String(answer.round) !== round) { location.reload(); return; }  // a new round: a fresh ballot
    changes = String(answer.changes);
    if (options.disabled === !answer.open) return;  // e.g. results shown on the screen: nothing for the phone
    options.disabled = !answer.open;
    show(answer.message, answer.open ? "" : "paused");
    update();
  }
  function wait() {
    var url = data.statusUrl + (data.statusUrl.indexOf("?") < 0 ? "?" : "&") + "since=" + encodeURIComponent(changes);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (answer) {
        if (String(answer.changes) !== changes) follow(answer);
        if (answer.retry) setTimeout(wait, answer.retry * 1000 * (0.5 + Math.random()));  // the server is full: later
        else wait();
      })
      .catch(function () { setTimeout(wait, 1500); });
  }
  update();
  wait();
})();
