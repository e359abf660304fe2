// Signup form: tell the founder whether the store address is free while they type.
// Loaded as a file (the platform's CSP forbids inline scripts).
(function () {
  "use strict";
  var form = document.getElementById("signup-form");
  if (!form) { return; }
  var url = form.getAttribute("data-check-url");
  var name = form.querySelector('[name="store_name"]');
  var slug = form.querySelector('[name="slug"]');
  var status = document.getElementById("slug-status");
  var edited = slug.value !== "";
  var timer = null;
  var latest = 0;

  function suggest(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
  }

  function check() {
    var value = slug.value.trim();
    if (!value) { status.textContent = ""; status.removeAttribute("data-available"); return; }
    var ticket = ++latest;
    fetch(url + "?slug=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (ticket !== latest) { return; }  // an answer to an older keystroke
        status.textContent = body.message || "";
        status.setAttribute("data-available", body.available ? "true" : "false");
        slug.setAttribute("aria-invalid", body.available ? "false" : "true");
      })
      .catch(function () { status.textContent = ""; status.removeAttribute("data-available"); });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 250);
  }

  // Say that something is happening while the server creates the store and its job.
  form.addEventListener("submit", function () {
    var progress = document.getElementById("signup-status");
    if (progress) { progress.textContent = "Creating your store\u2026"; }
  });

  slug.addEventListener("input", function () { edited = true; later(); });
  name.addEventListener("input", function () {
    if (!edited) { slug.value = suggest(name.value); later(); }
  });
})();
