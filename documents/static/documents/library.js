/* The library's filters, applied as soon as they change (documents/library_page.html).

   Without this script the library is a plain GET form: « Appliquer les filtres » sends it,
   each chip is a link to the same search without its filter, and on a phone the filters
   follow the results. With it, a ticked box, a chip or « Tout effacer » fetches the page at
   its new address, redraws the form in place, puts that address in the bar (a shareable
   state, as without script), keeps the focus where it was and says the new number of
   results through a status line. On a phone « Filtrer (n) » opens the filters above the
   results. Anything unexpected (an error, no answer) falls back to a plain navigation.

   site.js has already marked the page as scripted (a `js` class on <html>, from the head):
   the stylesheet gives the phone layout its final shape from the first paint. */
(function () {
  "use strict";
  var form = document.getElementById("library-form");
  var status = document.getElementById("library-status");
  if (!form || !status || !window.fetch || !window.DOMParser || !window.URLSearchParams ||
      !window.FormData || !window.history || !window.history.replaceState) {
    return;
  }
  var open = false;  /* the phone's drawer of filters */
  var pending = null;

  function drawer() {
    var layout = document.getElementById("library-layout");
    var toggle = form.querySelector(".library__filter-toggle");
    if (layout) { layout.classList.toggle("library__layout--open", open); }
    if (toggle) { toggle.setAttribute("aria-expanded", open ? "true" : "false"); }
    return toggle;
  }

  function address() {
    var params = new URLSearchParams(new FormData(form));
    if (!params.get("q")) { params.delete("q"); }
    var query = params.toString();
    return form.action.split("?")[0] + (query ? "?" + query : "");
  }

  function announce(text) {
    /* Emptied first, so that the same number twice is said twice. */
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 100);
  }

  function load(url, focusId) {
    url = url.replace(/\?$/, "");  /* no filter left: the library's own address */
    if (pending && pending.abort) { pending.abort(); }
    var controller = window.AbortController ? new AbortController() : null;
    pending = controller;
    form.setAttribute("aria-busy", "true");
    window.fetch(url, {
      credentials: "same-origin",
      headers: {"Accept": "text/html"},
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("library-form");
      if (!fresh) { throw new Error("no library"); }
      form.innerHTML = fresh.innerHTML;
      form.removeAttribute("aria-busy");
      window.history.replaceState(null, "", url);
      drawer();
      var count = document.getElementById("library-count");
      var target = (focusId && document.getElementById(focusId)) || count;
      if (target) { target.focus({preventScroll: target !== count}); }
      if (count) { announce(count.textContent.replace(/\s+/g, " ").trim()); }
    }).catch(function (error) {
      if (error && error.name === "AbortError") { return; }
      window.location.assign(url);
    });
  }

  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type === "checkbox" && box.closest(".library__facets")) {
      load(address(), box.id);
    }
  });

  form.addEventListener("click", function (event) {
    var toggle = event.target.closest(".library__filter-toggle");
    if (toggle) {
      open = !open;
      drawer();
      return;
    }
    var link = event.target.closest(".chip, .library__clear");
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
      event.preventDefault();
      load(link.href, "library-count");
    }
  });

  /* A box ticked before this script ran (it is deferred: a slow connection, a quick finger)
     or restored by the browser on coming back: the results follow the boxes now. */
  var boxes = form.querySelectorAll(".library__facets input[type=checkbox]");
  var changed = Array.prototype.some.call(boxes, function (box) {
    return box.checked !== box.defaultChecked;
  });
  if (changed) { load(address(), null); }

  /* Escape closes the drawer and gives the focus back to its button. */
  form.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open && event.target.closest(".library__facets")) {
      open = false;
      var toggle = drawer();
      if (toggle && toggle.offsetParent !== null) { toggle.focus(); }
    }
  });
})();
