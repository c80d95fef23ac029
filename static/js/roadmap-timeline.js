// Road-map timeline: open scrolled so that today's line is in view (handy on a phone), and keep the
// label column (outputs and milestone names) on screen while the bars scroll sideways: a copy of the
// chart's first `data-label-width` pixels is pinned at the left edge of the box (issue 16, item 2).
(function () {
  "use strict";
  document.querySelectorAll(".timeline-scroll[data-today-x]").forEach(function (box) {
    var todayX = parseFloat(box.getAttribute("data-today-x"));
    var labelWidth = parseFloat(box.getAttribute("data-label-width")) || 0;
    var svg = box.querySelector("svg.timeline");
    if (svg && labelWidth > 0) {
      var inner = document.createElement("div");
      inner.className = "tl-inner";
      var pin = document.createElement("div");
      pin.className = "tl-pin";
      pin.setAttribute("aria-hidden", "true"); // the chart itself carries the names for assistive technology
      pin.setAttribute("data-testid", "timeline-labels");
      var copy = svg.cloneNode(true);
      copy.removeAttribute("role");
      copy.removeAttribute("aria-label");
      copy.querySelectorAll("defs, .tl-today, .tl-dep, .tl-month").forEach(function (el) { el.remove(); });
      copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
      copy.querySelectorAll("a").forEach(function (a) { a.setAttribute("tabindex", "-1"); });
      // As wide as the longest name needs (at most the label column), so a phone keeps room for the bars.
      var right = 0;
      svg.querySelectorAll("text.tl-label, text.tl-group").forEach(function (text) {
        try { var b = text.getBBox(); right = Math.max(right, b.x + b.width); } catch (e) { right = labelWidth; }
      });
      var pinWidth = right > 0 ? Math.min(labelWidth, Math.ceil(right) + 8) : labelWidth;
      var height = svg.getAttribute("height");
      copy.setAttribute("width", pinWidth);
      copy.setAttribute("viewBox", "0 0 " + pinWidth + " " + height);
      pin.appendChild(copy);
      box.insertBefore(inner, svg);
      inner.appendChild(pin);
      inner.appendChild(svg);
    }
    if (!isNaN(todayX) && todayX > box.clientWidth * 0.6) {
      box.scrollLeft = Math.max(0, todayX - labelWidth - Math.max(box.clientWidth - labelWidth, 0) * 0.3);
    }
  });
})();
