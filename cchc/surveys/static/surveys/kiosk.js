// Kiosk at a counter: the browser's Back button stays on the current page (no way back to the previous answer).
(function () {
  "use strict";
  history.pushState(null, "", location.href);
  window.addEventListener("popstate", function () { history.pushState(null, "", location.href); });
})();
