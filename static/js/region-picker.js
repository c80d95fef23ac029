// Search-as-you-type region picker (partners/widgets.py). Without JavaScript the chosen regions
// still show as ticked boxes; this adds search: at most 20 matches from /regions/search.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-region-picker]").forEach(function (root) {
    var input = root.querySelector("input[type=search]");
    var results = root.querySelector("[data-region-results]");
    var chosen = root.querySelector("[data-region-chosen]");
    var multiple = root.dataset.multiple === "1";
    var timer = null;
    var latest = 0;

    function clear() { results.replaceChildren(); }

    function choose(item) {
      var existing = chosen.querySelector('input[value="' + item.id + '"]');
      if (!existing) {
        var id = root.id + "_" + item.id;
        var row = document.createElement("div");
        row.className = "form-check";
        var box = document.createElement("input");
        box.className = "form-check-input";
        box.type = multiple ? "checkbox" : "radio";
        box.name = root.dataset.name;
        box.value = item.id;
        box.id = id;
        var label = document.createElement("label");
        label.className = "form-check-label";
        label.htmlFor = id;
        label.textContent = item.label + " ";
        var code = document.createElement("span");
        code.className = "text-muted small";
        code.textContent = item.code;
        label.appendChild(code);
        row.append(box, label);
        chosen.prepend(row);
        existing = box;
      }
      existing.checked = true;
      input.value = "";
      clear();
    }

    function search() {
      var q = input.value.trim();
      if (q.length < 2) { clear(); return; }
      var ticket = ++latest;
      var params = new URLSearchParams({ q: q, level: root.dataset.level });
      fetch(root.dataset.url + "?" + params.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (ticket !== latest) return;  // an older answer arriving late
          clear();
          data.results.forEach(function (item) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "list-group-item list-group-item-action py-1 small";
            button.textContent = item.label + " · " + item.code;
            button.addEventListener("click", function () { choose(item); });
            results.appendChild(button);
          });
        });
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 250); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // never submit the form from the search box
        event.preventDefault();
        var first = results.querySelector("button");
        if (first) first.click();
      }
    });
  });
});
