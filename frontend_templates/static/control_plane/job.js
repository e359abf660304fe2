// The founder's job page: poll the job's JSON status (/signup/jobs/<token>/status) and show
// each step as it advances, then the store's links. Loaded as a file (the platform's CSP
// forbids inline scripts).
(function () {
  "use strict";
  var root = document.getElementById("job");
  if (!root) { return; }
  var url = root.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var percent = document.getElementById("job-percent");
  var message = document.getElementById("job-message");
  var links = document.getElementById("job-links");
  var failed = document.getElementById("job-failed");
  var FAST = 400;
  var SLOW = 5000;  // a failed job waits for an operator: keep looking, gently
  var delay = FAST;
  var STATES = { succeeded: "Done", running: "In progress", failed: "Failed", pending: "Waiting" };
  var MESSAGES = {
    live: "Your store is live.",
    failed: "Something went wrong while setting up your store. " +
      "Our team has been told and will finish it for you.",
    working: "Your store is being set up. This takes a few seconds."
  };

  function setMessage(kind, status) {
    // Only a change is written, so a screen reader announces each news once.
    if (message.textContent !== MESSAGES[kind]) { message.textContent = MESSAGES[kind]; }
    message.setAttribute("data-status", status);
    root.setAttribute("data-status", status);
  }

  function renderStep(step) {
    var item = root.querySelector('li[data-step="' + step.name + '"]');
    if (!item) { return; }
    item.setAttribute("data-state", step.state);
    var state = STATES[step.state] || step.state;
    var stateNode = item.querySelector(".step__state");
    if (stateNode.textContent.trim() !== state) { stateNode.textContent = state; }
    item.querySelector(".step__time").textContent =
      step.duration_ms === null || step.duration_ms === undefined ? "" : step.duration_ms + " ms";
  }

  // Render one status; true when nothing more will change without an operator.
  function render(status) {
    bar.value = status.progress;
    bar.textContent = status.progress + "%";
    percent.textContent = status.progress + "%";
    status.steps.forEach(renderStep);
    if (status.live && status.links) {
      document.getElementById("store-link").href = status.links.home;
      document.getElementById("admin-link").href = status.links.admin;
      links.hidden = false;
      failed.hidden = true;
      setMessage("live", status.status);
      return "done";
    }
    if (status.status === "failed") {
      failed.hidden = false;
      setMessage("failed", status.status);
      return "failed";
    }
    failed.hidden = true;
    setMessage("working", status.status);
    return "working";
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (status) {
        var outcome = render(status);
        if (outcome === "done") { return; }
        delay = outcome === "failed" ? SLOW : FAST;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, SLOW);
        window.setTimeout(poll, delay);
      });
  }

  if (root.getAttribute("data-status") !== "succeeded" || links.hidden) { poll(); }
})();
