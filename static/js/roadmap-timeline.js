// Road-map timeline: open scrolled so that today's line is in view (handy on a phone).
(function () {
  "use strict";
  document.querySelectorAll(".timeline-scroll[data-today-x]").forEach(function (box) {
    var todayX = parseFloat(box.getAttribute("data-today-x"));
    var labelWidth = parseFloat(box.getAttribute("data-label-width")) || 0;
    if (!isNaN(todayX) && todayX > box.clientWidth * 0.6) {
      box.scrollLeft = Math.max(0, todayX - labelWidth - box.clientWidth * 0.3);
    }
  });
})();
