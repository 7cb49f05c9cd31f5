/* Progressive enhancements of the playbook's pages; without this script every page still works.
   Table sorting: tables marked data-pb-sortable get a button in each column header; a cell's
   data-sort value (or its text) is the sort key, numbers compare as numbers. Without it the
   tables keep the order the page was built in.
   Search dialog name: Material's search box is a dialog without an accessible name; it gets
   the name of its input ("Search"), so screen readers announce what opened. */
(function () {
  "use strict";
  function key(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim().toLowerCase();
  }
  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) return x - y;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function sort(table, index, header) {
    var body = table.tBodies[0];
    var descending = header.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(body.rows).map(function (row, i) { return [key(row, index), i, row]; });
    rows.sort(function (a, b) { return (descending ? -1 : 1) * compare(a[0], b[0]) || a[1] - b[1]; });
    rows.forEach(function (r) { body.appendChild(r[2]); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.setAttribute("aria-sort", "none"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  function enhance() {
    document.querySelectorAll("table[data-pb-sortable]:not([data-pb-ready])").forEach(function (table) {
      table.setAttribute("data-pb-ready", "");
      if (!table.tHead || !table.tBodies.length) return;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        th.setAttribute("aria-sort", "none");
        button.addEventListener("click", function () { sort(table, index, th); });
      });
    });
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(enhance);
  else document.addEventListener("DOMContentLoaded", enhance);
})();

(function () {
  "use strict";
  var dialog = document.querySelector(".md-search[role='dialog']:not([aria-label])");
  var input = dialog && dialog.querySelector("input[aria-label]");
  if (input) dialog.setAttribute("aria-label", input.getAttribute("aria-label"));
})();
