// Recognition matrix: the state picker goes to a state's matrix; tables marked data-sortable sort their rows by
// a column (buttons in the column headers, with aria-sort). The pages work without it: the picker stays
// hidden (the pages link every state) and the tables keep their order.
(function () {
  "use strict";
  // The page's words: on a page in another language, the layout gives the translations of these English strings
  // in <script id="sitegen-words"> (sitegen/plan/scriptwords.py); a string it does not give stays in English.
  var WORDS = (function () {
    var block = document.getElementById("sitegen-words");
    try { return block ? JSON.parse(block.textContent) : {}; } catch (e) { return {}; }
  }());
  function t(english, values) {
    var text = typeof WORDS[english] === "string" ? WORDS[english] : english;
    return values ? text.replace(/%\((\w+)\)s|%%/g, function (match, name) { return name ? String(values[name]) : "%"; })
      : text;
  }
  var picker = document.querySelector("[data-matrix-picker]");
  if (picker) {
    var select = picker.querySelector("[data-matrix-state]");
    picker.hidden = false;
    picker.addEventListener("submit", function (event) {
      event.preventDefault();
      if (select.value) { window.location.assign(select.value); }
    });
  }

  function cellKey(cell) {
    return cell ? cell.textContent.trim() : "";
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    var body = table.tBodies[0];
    var headCells = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headCells.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button"; button.className = "sort-button";
      while (th.firstChild) {
        if (th.firstChild.nodeName === "A") { break; }
        button.appendChild(th.firstChild);
      }
      if (!button.childNodes.length) {
        button.textContent = t("Sort");
        button.setAttribute("aria-label", t("Sort by %(column)s", { column: th.textContent.trim() }));
      }
      th.insertBefore(button, th.firstChild);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headCells.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellKey(a.cells[index]), y = cellKey(b.cells[index]);
          if (x === "" || y === "") { return (x === "") - (y === ""); }  // empty cells last either way
          var nx = parseFloat(x.replace(/[^0-9.\-]/g, "")), ny = parseFloat(y.replace(/[^0-9.\-]/g, ""));
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return ascending ? c : -c;
        });
        var fragment = document.createDocumentFragment();
        rows.forEach(function (row) { fragment.appendChild(row); });
        body.appendChild(fragment);
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), makeSortable);
}());
