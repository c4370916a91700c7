// Small behaviours on top of htmx; the pages work without this file.
(function () {
  "use strict";
  // When the session has expired, an htmx request is redirected to the log-in page:
  // show that page in full instead of swapping it into a fragment.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/accounts/login/") !== -1) {
      event.detail.shouldSwap = false;
      window.location.href = xhr.responseURL;
    }
  });
  // Show error pages returned to htmx requests (4xx/5xx are not swapped by default).
  document.body.addEventListener("htmx:responseError", function (event) {
    var target = event.detail.target;
    if (target) {
      var p = document.createElement("p");
      p.className = "msg msg-error";
      p.textContent = "加载失败（" + event.detail.xhr.status + "），请刷新页面后重试。";
      target.replaceChildren(p);
    }
  });
  // Confirm dangerous submits: <button data-confirm="…">.
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
