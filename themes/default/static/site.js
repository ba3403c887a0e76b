// Recognition matrix: filter columns by state, sort rows by a column. The table works without it.
(function () {
  "use strict";
  var table = document.querySelector("[data-matrix]");
  if (!table) { return; }
  var tools = document.querySelector("[data-matrix-tools]");
  var select = document.querySelector("[data-matrix-state]");
  var headCells = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var states = [];
  headCells.forEach(function (th) {
    var s = th.getAttribute("data-state");
    if (s && states.indexOf(s) < 0) { states.push(s); }
  });
  states.sort().forEach(function (s) {
    var option = document.createElement("option");
    option.value = s; option.textContent = s; select.appendChild(option);
  });
  tools.hidden = false;
  function applyFilter() {
    var wanted = select.value;
    headCells.forEach(function (th, i) {
      var s = th.getAttribute("data-state");
      var hide = Boolean(wanted && s && s !== wanted);
      th.hidden = hide;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) { row.cells[i].hidden = hide; });
    });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      if (!wanted) { row.hidden = false; return; }
      var any = false;
      headCells.forEach(function (th, i) {
        if (th.getAttribute("data-state") === wanted && row.cells[i].textContent.trim()) { any = true; }
      });
      row.hidden = !any;
    });
  }
  select.addEventListener("change", applyFilter);
  headCells.forEach(function (th, index) {
    var button = document.createElement("button");
    button.type = "button"; button.className = "sort-button";
    while (th.firstChild) {
      if (th.firstChild.nodeName === "A") { break; }
      button.appendChild(th.firstChild);
    }
    if (!button.childNodes.length) { button.textContent = "Sort"; button.setAttribute("aria-label", "Sort by " + th.textContent.trim()); }
    th.insertBefore(button, th.firstChild);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headCells.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      rows.sort(function (a, b) {
        var x = a.cells[index].textContent.trim(), y = b.cells[index].textContent.trim();
        var nx = parseFloat(x.replace(/[^0-9.\-]/g, "")), ny = parseFloat(y.replace(/[^0-9.\-]/g, ""));
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : (x === "" ? 1 : y === "" ? -1 : x.localeCompare(y));
        return ascending ? c : -c;
      });
      rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
    });
  });
}());
