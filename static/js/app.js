// Behaviour every page shares, bound from data- attributes so that no template needs inline code
// (the Content-Security-Policy allows scripts from this site only). Listeners sit on the document,
// so content that htmx swaps in later works too.
(function () {
  "use strict";

  // <select data-autosubmit>: choosing an option submits its form (the unit switcher).
  document.addEventListener("change", function (event) {
    const select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });

  // <form data-confirm="question">: ask before submitting; cancelling sends nothing.
  document.addEventListener("submit", function (event) {
    const form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });

  // <select data-unit-picker>: a search box before the list keeps only the units whose name (or parent's
  // name) contains what is typed, accents and case aside. The list stays a plain <select>: keyboard and
  // screen readers work as before, and without JavaScript every unit is still there.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function addUnitSearch(select) {
    if (select.dataset.unitSearch) return;
    select.dataset.unitSearch = "on";
    const input = document.createElement("input");
    input.type = "search";
    input.className = "unit-search";
    input.setAttribute("aria-label", select.dataset.searchLabel || "");
    input.placeholder = select.dataset.searchLabel || "";
    if (select.id) {
      input.id = select.id + "-search";
      input.setAttribute("aria-controls", select.id);
    }
    input.addEventListener("input", function () {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(select.options, function (option) {
        const text = fold(option.textContent);
        option.hidden = !option.selected && option.value !== "" && !words.every(function (w) { return text.indexOf(w) !== -1; });
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        const first = Array.prototype.find.call(select.options, function (o) { return !o.hidden && o.value !== ""; });
        if (first && !select.multiple) { select.value = first.value; select.dispatchEvent(new Event("change", { bubbles: true })); }
        select.focus();
      }
    });
    select.parentNode.insertBefore(input, select);
  }
  function initUnitPickers(root) {
    (root || document).querySelectorAll("select[data-unit-picker]").forEach(addUnitSearch);
  }
  document.addEventListener("DOMContentLoaded", function () { initUnitPickers(document); });
  document.addEventListener("htmx:afterSwap", function (event) { initUnitPickers(event.target); });

  // <button data-open-details="#tree"> / data-close-details: open or close every <details> inside.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-open-details], [data-close-details]");
    if (!button) return;
    const open = button.hasAttribute("data-open-details");
    const selector = open ? button.dataset.openDetails : button.dataset.closeDetails;
    document.querySelectorAll(selector + " details").forEach(function (details) {
      details.open = open;
    });
  });
})();
