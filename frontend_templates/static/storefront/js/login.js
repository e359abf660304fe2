// The sign-in page: POST /user/login, then on to the page the shopper came for (data-next,
// which the server already checked is a path on this store).
import { clearErrors, showFieldErrors, submitForm } from "./account-forms.js";

const form = document.querySelector("[data-login-form]");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  // Both fields are required: say so next to them before asking the server.
  const missing = {};
  if (!form.elements.username.value.trim()) {
    missing.username = [{ type: "required", description: "Please enter your username." }];
  }
  if (!form.elements.password.value) {
    missing.password = [{ type: "required", description: "Please enter your password." }];
  }
  if (Object.keys(missing).length) {
    showFieldErrors(form, missing);
    return;
  }
  const body = await submitForm(form, { endpoint: "/user/login", key: "login", ok: ["true"] });
  if (body === null) {
    if (!form.querySelector('[aria-invalid="true"]')) form.elements.password.focus();
    return;
  }
  window.location.assign(form.dataset.next || "/account");
});
