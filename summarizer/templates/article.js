// The review page: items in the panel <-> their passages in the article. Plain DOM, no framework.
(function () {
  "use strict";
  const body = document.body;
  const items = Array.from(document.querySelectorAll(".item[data-key]"));
  const byKey = new Map(items.map((el) => [el.dataset.key, el]));
  const usedBy = document.getElementById("used-by");
  const marks = (key) => Array.from(document.querySelectorAll("#article mark")).filter(
    (m) => m.dataset.refs.split(" ").includes(key));

  function clear(cls) {
    document.querySelectorAll("." + cls).forEach((el) => el.classList.remove(cls));
  }

  // Open an item: show its details and mark its passages, scrolled into view.
  // A second click on an open item closes it again (toggle); going to an item always opens it.
  function open(item, toggle) {
    const wasOpen = item.getAttribute("aria-expanded") === "true";
    items.forEach((el) => el.setAttribute("aria-expanded", "false"));
    clear("sel");
    if (wasOpen && toggle) return;
    item.setAttribute("aria-expanded", "true");
    item.classList.add("sel");
    const found = marks(item.dataset.key);
    found.forEach((m) => m.classList.add("sel"));
    if (found.length) found[0].scrollIntoView({ block: "center" });
  }

  items.forEach((item) => {
    // Clicks inside the open details (selecting a quote to copy) leave the item open.
    item.addEventListener("click", (ev) => { if (!ev.target.closest("a, .details")) open(item, true); });
    item.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); open(item, true); }
    });
    // A party's mentions show while it is pointed at or focused.
    if (item.classList.contains("party")) {
      const on = () => marks(item.dataset.key).forEach((m) => m.classList.add("hl"));
      const off = () => clear("hl");
      item.addEventListener("mouseenter", on);
      item.addEventListener("focus", on);
      item.addEventListener("mouseleave", off);
      item.addEventListener("blur", off);
    }
  });

  function goTo(key) {
    const item = byKey.get(key);
    if (!item) return;
    item.scrollIntoView({ block: "nearest" });
    item.focus({ preventScroll: true });
    open(item, false);
  }

  document.querySelectorAll("[data-goto]").forEach((link) => link.addEventListener("click", (ev) => {
    ev.preventDefault();
    goTo(link.dataset.goto);
  }));

  // Click a passage: list (and light up) the items that use it.
  document.getElementById("article").addEventListener("click", (ev) => {
    const mark = ev.target.closest("mark");
    clear("hit");
    if (!mark) { usedBy.hidden = true; return; }
    const keys = mark.dataset.refs.split(" ").filter((k) => byKey.has(k));
    usedBy.replaceChildren();
    const head = document.createElement("b");
    head.textContent = "This passage is used by: ";
    usedBy.append(head);
    keys.forEach((key) => {
      const item = byKey.get(key);
      item.classList.add("hit");
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = item.dataset.label;
      b.addEventListener("click", () => goTo(key));
      usedBy.append(b);
    });
    usedBy.hidden = false;
    if (keys.length) byKey.get(keys[0]).scrollIntoView({ block: "nearest" });
  });

  const toggle = (id, cls) => {
    const box = document.getElementById(id);
    if (box) box.addEventListener("change", () => body.classList.toggle(cls, box.checked));
  };
  toggle("show-mentions", "show-mentions");
  toggle("only-check", "only-check");
})();
