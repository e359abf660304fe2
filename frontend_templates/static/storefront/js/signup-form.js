// Create an account: the password rules tick as the shopper types; the terms of use must be
// agreed to before the form is sent to /user/create-account (which records the agreement
// with the latest version); then on to data-next (the account page by default).
import { clearErrors, showFieldErrors, submitForm } from "./account-forms.js";
import { setUpPasswordRules } from "./password-rules.js";

const form = document.querySelector("[data-signup-form]");
setUpPasswordRules(form.querySelector("[data-password-rules]"));

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  if (!form.elements.agree_terms.checked) {
    showFieldErrors(form, {
      agree_terms: [{ type: "required", description: "Please agree to the terms of use to create an account." }],
    });
    return;
  }
  const fields = {
    firstname: form.elements.firstname.value,
    lastname: form.elements.lastname.value,
    username: form.elements.username.value,
    email_address: form.elements.email_address.value,
    password: form.elements.password.value,
    confirm_password: form.elements.confirm_password.value,
    newsletter: form.elements.newsletter.checked ? "true" : "false",
    remember_me: form.elements.remember_me.checked ? "true" : "false",
  };
  const body = await submitForm(form, { endpoint: "/user/create-account", key: "create_account", ok: ["true"], fields });
  if (body === null) return;
  window.location.assign(form.dataset.next || "/account");
});
