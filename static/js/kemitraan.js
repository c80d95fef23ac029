// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
  // A table that scrolls sideways (on a phone) can be scrolled from the keyboard too (WCAG 2.1.1).
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
  });
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
