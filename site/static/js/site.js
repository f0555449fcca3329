/* The site's only script (no framework). Without it everything works: the menu stays open
   and printed links show their path. */
(function () {
  "use strict";
  var toggle = document.querySelector(".main-nav__toggle");
  var list = document.getElementById("main-nav-list");
  if (toggle && list && window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 40rem)");
    var apply = function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.hidden = !narrow.matches;
      list.hidden = narrow.matches && !open;
    };
    toggle.addEventListener("click", function () {
      toggle.setAttribute("aria-expanded", toggle.getAttribute("aria-expanded") === "true" ? "false" : "true");
      apply();
    });
    list.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches) {
        toggle.setAttribute("aria-expanded", "false");
        apply();
        toggle.focus();
      }
    });
    if (narrow.addEventListener) { narrow.addEventListener("change", apply); }
    apply();
  }
  /* Printed pages show full addresses, which a reader can type. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".site-main a[href^='/']").forEach(function (link) {
      link.setAttribute("data-print-href", link.href);
    });
  });
})();
