// The batch index: sort by any column, filter by text or by items to check. Plain DOM, no framework.
(function () {
  "use strict";
  const body = document.querySelector("#articles tbody");
  const rows = Array.from(body.rows);
  const filter = document.getElementById("filter");
  const onlyCheck = document.getElementById("only-check");
  const shown = document.getElementById("shown");

  function apply() {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    let n = 0;
    rows.forEach((row) => {
      const hit = words.every((w) => row.dataset.text.includes(w)) &&
        (!onlyCheck.checked || Number(row.dataset.checks) > 0);
      row.hidden = !hit;
      n += hit ? 1 : 0;
    });
    shown.textContent = n === rows.length ? "" : n + " of " + rows.length + " shown";
  }
  filter.addEventListener("input", apply);
  onlyCheck.addEventListener("change", apply);

  document.querySelectorAll("#articles th[data-key]").forEach((th) => {
    th.querySelector("button").addEventListener("click", () => {
      const key = th.dataset.key;
      const up = th.getAttribute("aria-sort") !== "ascending";
      document.querySelectorAll("#articles th").forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      const value = (row) => th.dataset.numeric ? Number(row.dataset[key]) : row.dataset[key].toLowerCase();
      rows.sort((a, b) => {
        const x = value(a), y = value(b);
        return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1);
      });
      rows.forEach((row) => body.appendChild(row));
    });
  });
  apply();
})();
