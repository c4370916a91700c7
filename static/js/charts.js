// Draw the Plotly figures that the server embedded as JSON (<script type="application/json">).
// Each chart sits next to a table with the same numbers, so the page works without this file.
(function () {
  "use strict";
  function draw(root) {
    if (!window.Plotly) { return; }
    (root || document).querySelectorAll("[data-plotly]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-plotly"));
      if (!source) { return; }
      var figure = JSON.parse(source.textContent);
      el.hidden = false;
      window.Plotly.react(el, figure.data, figure.layout, { displayModeBar: false, responsive: true });
      el.setAttribute("data-drawn", "1");
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.body.addEventListener("htmx:afterSwap", function (event) { draw(event.detail.target); });
})();
