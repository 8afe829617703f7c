// Small progressive enhancements; every page also works without JavaScript.
"use strict";

function renumberItems(goods) {
  goods.querySelectorAll("[data-item]").forEach((item, index) => {
    item.querySelectorAll("[name^='goods_items[']").forEach((input) => {
      input.name = input.name.replace(/^goods_items\[\d+\]/, `goods_items[${index}]`);
    });
  });
}

function setUpGoodsItems() {
  const goods = document.getElementById("goods");
  const add = document.getElementById("add-item");
  if (!goods || !add) return;
  add.addEventListener("click", () => {
    const items = goods.querySelectorAll("[data-item]");
    const copy = items[items.length - 1].cloneNode(true);
    copy.querySelectorAll("input").forEach((input) => { input.value = ""; input.removeAttribute("aria-invalid"); });
    copy.querySelectorAll(".error").forEach((error) => error.remove());
    copy.querySelectorAll("[data-suggestions]").forEach((list) => { list.innerHTML = ""; });
    add.before(copy);
    renumberItems(goods);
    copy.querySelector("[data-describe]").focus();
  });
  goods.addEventListener("click", (event) => {
    const remove = event.target.closest("[data-remove-item]");
    if (!remove) return;
    if (goods.querySelectorAll("[data-item]").length === 1) return;  // a declaration has at least one item
    remove.closest("[data-item]").remove();
    renumberItems(goods);
  });
}

function showSuggestions(item, answer) {
  const list = item.querySelector("[data-suggestions]");
  list.innerHTML = "";
  if (!answer.available) {
    const note = document.createElement("li");
    note.className = "hint";
    note.textContent = answer.message;
    list.append(note);
    return;
  }
  answer.candidates.forEach((candidate) => {
    const entry = document.createElement("li");
    const pick = document.createElement("button");
    pick.type = "button";
    pick.className = "suggestion";
    pick.textContent = `${candidate.code} · ${Math.round(candidate.probability * 100)}% · ${candidate.description}`;
    pick.addEventListener("click", () => {
      item.querySelector("[data-hs]").value = candidate.hs6;
      list.innerHTML = "";
    });
    entry.append(pick);
    list.append(entry);
  });
}

function setUpHsSuggestions() {
  const goods = document.getElementById("goods");
  if (!goods) return;
  let timer = null;
  let latest = 0;
  goods.addEventListener("input", (event) => {
    const input = event.target.closest("[data-describe]");
    if (!input) return;
    clearTimeout(timer);
    const item = input.closest("[data-item]");
    timer = setTimeout(async () => {
      const text = input.value.trim();
      if (text.length < 3) return;
      const ticket = ++latest;
      const response = await fetch(`/hs-suggestions?q=${encodeURIComponent(text)}`, { credentials: "same-origin" });
      if (!response.ok || ticket !== latest) return;
      showSuggestions(item, await response.json());
    }, 350);
  });
}

function setUpKeyboardLists() {
  const table = document.querySelector("[data-keyboard-list]");
  if (!table) return;
  const rows = Array.from(table.querySelectorAll("tbody tr[data-href]"));
  let current = -1;
  const select = (index) => {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach((row, i) => row.classList.toggle("selected", i === current));
    rows[current].scrollIntoView({ block: "nearest" });
  };
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, select, textarea") || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "j") select(current + 1);
    else if (event.key === "k") select(current - 1);
    else if (event.key === "Enter" && current >= 0) window.location.href = rows[current].dataset.href;
  });
}

function drawCharts() {
  if (typeof Plotly === "undefined") return;
  document.querySelectorAll("[data-chart]").forEach((element) => {
    const figure = JSON.parse(document.getElementById(element.dataset.chart).textContent);
    Plotly.newPlot(element, figure.data, figure.layout, { displaylogo: false, responsive: true });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setUpGoodsItems();
  setUpHsSuggestions();
  setUpKeyboardLists();
  drawCharts();
});
