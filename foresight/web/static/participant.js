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
  var storedText = data.storedText;
  var inRoom = !!document.getElementById("room");  // the room's script follows new rounds and steps

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
  function state() {
    return new URLSearchParams(new FormData(form)).toString();
  }
  var saved = storedText ? state() : null;  // the options as stored: the bar says what is stored
  function update() {
    var used = spent();
    var rest = budget - used;
    if (saved !== null && state() === saved) {
      left.textContent = storedText;
      left.className = "ok";
      send.textContent = data.sentLabel;
      send.disabled = true;
      return;
    }
    left.textContent = fill(rest < 0 ? data.overText : data.leftText, { left: rest, over: -rest, budget: budget });
    left.className = rest < 0 ? "over" : "";
    send.textContent = data.sendLabel;
    send.disabled = options.disabled || rest < 0 || used === 0;
  }
  function say(text, kind) {  // in the send bar, where the thumb is (the bar is a live region)
    left.textContent = text;
    left.className = kind;
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
    say(data.sendingText, "");
    var sending = state();
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer.stored) stored.textContent = answer.stored;
        if (answer.ok) {
          saved = sending;
          storedText = answer.bar || answer.message;
          show("", "");
          update();
        } else {
          update();
          say(answer.message, "error");
        }
      })
      .catch(function () { update(); say(data.offlineText, "error"); });
  });

  function follow(answer) {
    changes = String(answer.changes);
    if (String(answer.round) !== round) {  // a new round: a fresh ballot
      if (!inRoom) location.reload();
      return;
    }
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
