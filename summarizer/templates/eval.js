// The eval report: filter the cases by name, open or close them all.
(function () {
  "use strict";
  const cases = () => document.querySelectorAll("details.case");
  document.getElementById("filter").addEventListener("input", (ev) => {
    const v = ev.target.value.toLowerCase();
    cases().forEach((d) => { d.style.display = d.dataset.id.includes(v) ? "" : "none"; });
  });
  document.getElementById("open-all").onclick = () => cases().forEach((d) => { d.open = true; });
  document.getElementById("close-all").onclick = () => cases().forEach((d) => { d.open = false; });
})();
