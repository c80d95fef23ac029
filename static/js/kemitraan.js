// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    var button = select.form.querySelector("[data-lang-submit]");
    if (button) button.classList.add("visually-hidden");
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
});
