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
