// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
  // On a phone a list table (table.table-stack) is shown as cards: each cell is labelled with its
  // column's header (kemitraan.css shows data-label above the value). A label written in the
  // template wins; help links ("?") and visually hidden text in the header are left out.
  document.querySelectorAll("table.table-stack").forEach(function (table) {
    var headRows = table.tHead ? table.tHead.rows : [];
    if (!headRows.length) return;
    var labels = [];
    Array.prototype.forEach.call(headRows[headRows.length - 1].cells, function (th) {
      var copy = th.cloneNode(true);
      copy.querySelectorAll(".definition-link, .visually-hidden, [aria-hidden='true']").forEach(function (el) { el.remove(); });
      var text = (th.getAttribute("data-label") || copy.textContent).replace(/\s+/g, " ").trim();
      for (var i = 0; i < (th.colSpan || 1); i++) labels.push(text);
    });
    var sections = Array.prototype.slice.call(table.tBodies);
    if (table.tFoot) sections.push(table.tFoot);
    sections.forEach(function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && (cell.colSpan || 1) === 1 && labels[column]) {
            cell.setAttribute("data-label", labels[column]);
          }
          column += cell.colSpan || 1;
        });
      });
    });
  });
  // A table that scrolls sideways (on a phone) can be scrolled from the keyboard too (WCAG 2.1.1).
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
  });
  // The program page's section links (plain anchors without JavaScript) mark the section in view.
  var sections = document.getElementById("program-sections");
  if (sections && window.bootstrap && bootstrap.ScrollSpy) {
    new bootstrap.ScrollSpy(document.body, { target: "#program-sections", rootMargin: "0px 0px -60%" });
  }
  // After a failed submit, move focus to the first field in error (or the form's error summary),
  // so keyboard and screen-reader users land on what needs fixing (WCAG 3.3.1).
  var invalid = document.querySelector(
    "main form .is-invalid, main form [aria-invalid='true'], main form .alert-danger, main form .errorlist"
  );
  if (invalid) {
    var target = invalid;
    if (!target.matches("input, select, textarea, button, a")) target.setAttribute("tabindex", "-1");
    target.focus();
    if (target.scrollIntoView) target.scrollIntoView({ block: "center" });
  }
});

// A <details data-open-wide> (the report's table of contents) starts open on a wide screen and
// stays folded on a phone, where it would push the report a screen down.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.matchMedia || !window.matchMedia("(min-width: 992px)").matches) return;
  document.querySelectorAll("details[data-open-wide]").forEach(function (el) { el.open = true; });
});
