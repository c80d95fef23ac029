// The print button on the meeting minutes page (CSP: no inline script).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print-minutes]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
