/* The site's only script (no framework). Without it everything works: the menu stays open
   and printed links show their path.

   It is loaded in the head, before the body is parsed, only to mark the page as scripted:
   the stylesheet then folds the menu behind its button on narrow screens from the first
   paint, so nothing moves once the page is shown. The rest waits for the document. */
(function () {
  "use strict";
  var root = document.documentElement;
  if (!root.classList || !document.addEventListener) { return; }
  root.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    /* The menu's state is its button's aria-expanded: the stylesheet hides the list while it
       is "false", on narrow screens only (wide screens never show the button). */
    var toggle = document.querySelector(".main-nav__toggle");
    var list = document.getElementById("main-nav-list");
    if (toggle && list) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") === "true";
        toggle.setAttribute("aria-expanded", open ? "false" : "true");
      });
      list.addEventListener("keydown", function (event) {
        var folding = toggle.offsetParent !== null;  /* the button shows: a narrow screen */
        if (event.key === "Escape" && folding) {
          toggle.setAttribute("aria-expanded", "false");
          toggle.focus();
        }
      });
    }
    /* Printed pages show full addresses, which a reader can type. */
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll(".site-main a[href^='/']").forEach(function (link) {
        link.setAttribute("data-print-href", link.href);
      });
    });
  });
})();
