// The account pages whose forms each post to one /user/* endpoint (the form's action) and,
// on success, either go on to data-next or say data-done in the form's status region:
// forgot username, reset password, set a new password, edit my information, change password.
import { setStatus, submitForm } from "./account-forms.js";
import { setUpPasswordRules } from "./password-rules.js";

for (const form of document.querySelectorAll("[data-api-form]")) {
  // A result said for the form's old values goes once the shopper changes one.
  form.addEventListener("change", () => setStatus(form, ""));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = await submitForm(form, {
      endpoint: form.getAttribute("action"),
      key: form.dataset.key,
      ok: (form.dataset.ok || "success").split(" "),
    });
    if (body === null) return;
    if (form.dataset.next) {
      window.location.assign(form.dataset.next);
      return;
    }
    for (const input of form.querySelectorAll('input[type="password"], [data-clear-on-success]')) {
      input.value = "";
      input.dispatchEvent(new Event("input")); // the password rules untick
    }
    setStatus(form, form.dataset.done);
    // The header greets the member by first name: say the new one at once.
    const firstName = form.querySelector('[name="firstname"]');
    const accountLink = document.querySelector(".account-link");
    if (firstName && accountLink) accountLink.lastChild.textContent = firstName.value.trim() || "Account";
    const after = document.getElementById(form.dataset.showOnSuccess || "");
    if (after) after.hidden = false;
  });
}

for (const list of document.querySelectorAll("[data-password-rules]")) setUpPasswordRules(list);
