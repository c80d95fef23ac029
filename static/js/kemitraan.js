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
  // The people and organisation pickers (partners/widgets.py SearchPicker): with JavaScript, Enter in
  // the search box searches in place instead of leaving for the search page (the no-JS path).
  document.querySelectorAll("[data-search-picker] input[type=search]").forEach(function (box) {
    box.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      if (window.htmx) htmx.trigger(box, "search");
    });
  });
  // Formsets with "add another" (the meeting's action items): the next row is the formset's empty form
  // from a <template>, numbered by TOTAL_FORMS. Without JavaScript, "Add more rows" posts the form
  // back with more empty rows instead.
  document.querySelectorAll("[data-formset]").forEach(function (box) {
    var prefix = box.dataset.formset;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var template = document.getElementById(box.dataset.template);
    var add = document.querySelector("[data-add-row='" + prefix + "']");
    var more = document.querySelector("[data-more-rows='" + prefix + "']");
    if (!total || !template || !add) return;
    add.hidden = false;
    if (more) more.hidden = true;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) return;
      var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
      box.insertAdjacentHTML("beforeend", html);
      total.value = index + 1;
      var first = box.lastElementChild.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  });
  // The assessment forms' counter, "12 of 40 questions answered" (server-rendered, right without
  // JavaScript), follows the answers as they are chosen.
  document.querySelectorAll("[data-answer-progress]").forEach(function (box) {
    var form = box.closest("form");
    var text = box.querySelector("[data-answer-progress-text]");
    var bar = box.querySelector("[data-answer-progress-bar]");
    var total = parseInt(box.dataset.total, 10) || 0;
    if (!form || !text) return;
    function update() {
      var names = new Set();
      form.querySelectorAll("input[type=radio][name^='score_']:checked").forEach(function (radio) {
        if (radio.value !== "") names.add(radio.name);
      });
      var answered = names.size;
      var message = box.dataset.format.replace("__answered__", String(answered));
      if (text.textContent !== message) text.textContent = message;
      if (bar) {
        bar.setAttribute("aria-valuenow", String(answered));
        bar.firstElementChild.style.width = (total ? Math.round((100 * answered) / total) : 0) + "%";
      }
    }
    form.addEventListener("change", update);
  });
  // Checkbox lists (core.forms.CheckboxList): the filter box hides the choices that do not match;
  // ticked ones stay visible.
  document.querySelectorAll("[data-checkbox-list]").forEach(function (list) {
    var filter = list.querySelector("[data-checkbox-filter]");
    if (!filter) return;
    filter.hidden = false;
    filter.addEventListener("input", function () {
      var q = filter.value.trim().toLowerCase();
      list.querySelectorAll("[data-checkbox-item]").forEach(function (item) {
        var box = item.querySelector("input");
        item.hidden = q !== "" && !box.checked && item.textContent.toLowerCase().indexOf(q) === -1;
      });
    });
    filter.addEventListener("keydown", function (event) { if (event.key === "Enter") event.preventDefault(); });
  });
  // A text field with a limit (maxlength) shows "12 of 200 characters" under it, so nothing is cut
  // without the writer seeing it (issue 16, item 15); the server refuses longer text with a message.
  var charsFormat = document.body.dataset.charsFormat || "__count__ / __limit__";
  document.querySelectorAll("main form input[maxlength], main form textarea[maxlength]").forEach(function (field) {
    if (field.type !== "text" && field.tagName !== "TEXTAREA") return;
    if (field.closest("[data-search-picker], [data-checkbox-list]")) return;
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    if (!limit || !field.id) return;
    var counter = document.createElement("div");
    counter.className = "form-text text-end";
    counter.id = field.id + "_chars";
    counter.setAttribute("data-char-count", "");
    field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + counter.id).trim());
    field.insertAdjacentElement("afterend", counter);
    function update() {
      var count = field.value.length;
      counter.textContent = charsFormat.replace("__count__", String(count)).replace("__limit__", String(limit));
      counter.classList.toggle("text-danger", count >= limit);
    }
    field.addEventListener("input", update);
    update();
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
