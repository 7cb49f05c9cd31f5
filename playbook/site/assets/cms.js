/* The CMS page's own part: the playbook-csv format (a KPI's measurements: date,value,note),
   registered before the CMS starts (CMS_MANUAL_INIT is set in the page). */
(function () {
  "use strict";

  function parseCsv(text) {
    var rows = [], row = [], cell = "", quoted = false, i = 0;
    text = text.replace(/^\ufeff/, "");
    for (; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
        else if (c === '"') { quoted = false; }
        else { cell += c; }
      } else if (c === '"') { quoted = true; }
      else if (c === ",") { row.push(cell); cell = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") { i++; }
        row.push(cell); rows.push(row); row = []; cell = "";
      } else { cell += c; }
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows.filter(function (r) { return r.length > 1 || r[0] !== ""; });
  }

  function quote(value) {
    var text = value === undefined || value === null ? "" : String(value);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  var format = {
    fromFile: function (text) {
      var table = parseCsv(text || "");
      var head = (table.shift() || ["date", "value", "note"]).map(function (h) { return h.trim().toLowerCase(); });
      return {
        rows: table.map(function (cells) {
          var row = {};
          head.forEach(function (name, n) { row[name] = cells[n] === undefined ? "" : cells[n]; });
          row.value = row.value === "" ? "" : Number(row.value);
          return row;
        })
      };
    },
    toFile: function (data) {
      var lines = ["date,value,note"];
      (data.rows || []).forEach(function (row) {
        lines.push([row.date, row.value, row.note].map(quote).join(","));
      });
      return lines.join("\n") + "\n";
    }
  };

  window.CMS.registerCustomFormat("playbook-csv", "csv", format);
  window.CMS.init();
})();
