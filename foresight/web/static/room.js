// A page of a workshop's room follows the room: it waits on the room's status address until the
// live step changes (postcards, vote, closed, a new round), then replaces itself with the room's
// address, which leads on to the new step. The phone never has to reload or scan again.
(function () {
  "use strict";
  var room = document.getElementById("room");
  if (!room || !window.fetch) return;
  var data = room.dataset;
  var since = data.since;
  function wait() {
    var url = data.statusUrl + (data.statusUrl.indexOf("?") < 0 ? "?" : "&") + "since=" + encodeURIComponent(since);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (answer) {
        if (answer.signature !== since) { location.replace(data.roomUrl); return; }
        if (answer.retry) setTimeout(wait, answer.retry * 1000 * (0.5 + Math.random()));  // the server is full: later
        else wait();
      })
      .catch(function () { setTimeout(wait, 1500); });
  }
  wait();
})();
