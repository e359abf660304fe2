// The founder's job page: poll the job's JSON status and show its progress live.
// Loaded as a file (the platform's CSP forbids inline scripts).
(function () {
  "use strict";
  var root = document.getElementById("job");
  if (!root) { return; }
  var url = root.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var message = document.getElementById("job-message");
  var links = document.getElementById("job-links");
  var delay = 400;

  function render(status) {
    bar.value = status.progress;
    bar.textContent = status.progress + "%";
    status.steps.forEach(function (step) {
      var item = root.querySelector('li[data-step="' + step.name + '"]');
      if (item) {
        item.setAttribute("data-state", step.state);
        item.querySelector(".state").textContent = step.state;
      }
    });
    if (status.live && status.links) {
      document.getElementById("store-link").href = status.links.home;
      document.getElementById("admin-link").href = status.links.admin;
      links.hidden = false;
      message.textContent = "Your store is live.";
      return true;
    }
    if (status.status === "failed") {
      message.textContent = "Something went wrong while setting up your store. " +
        "Our team has been told and will finish it for you.";
      return true;
    }
    return false;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (status) {
        if (!render(status)) { window.setTimeout(poll, delay); }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 5000);
        window.setTimeout(poll, delay);
      });
  }

  poll();
})();
