// Unsubscribing from a mail link: confirm (POST /user/email-unsubscribe-confirm), which
// rotates the token: the link that was used stops working, and the optional "why" form
// goes on with the new token the API returned.
import { setStatus, submitForm } from "./account-forms.js";

const root = document.querySelector("[data-unsubscribe]");
const confirmForm = root.querySelector("[data-unsubscribe-confirm]");
const done = root.querySelector("[data-unsubscribe-done]");
const whyForm = root.querySelector("[data-unsubscribe-why]");

confirmForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = await submitForm(confirmForm, {
    endpoint: "/user/email-unsubscribe-confirm",
    key: "email_unsubscribe_confirm",
  });
  if (body === null) return;
  whyForm.querySelector("[data-rotated-token]").value = body.token;
  const text = done.querySelector("[data-unsubscribe-done-text]");
  text.textContent = `You are unsubscribed: ${body.email_address} will get no more marketing email from us.`;
  confirmForm.hidden = true;
  done.hidden = false;
  text.focus();
});

whyForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = await submitForm(whyForm, {
    endpoint: "/user/email-unsubscribe-why",
    key: "email_unsubscribe_why",
  });
  if (body === null) return;
  whyForm.querySelector("fieldset").hidden = true;
  whyForm.querySelector('button[type="submit"]').hidden = true;
  setStatus(whyForm, "Thank you for telling us.");
  // The button that had the focus is gone: the focus moves to what replaced it.
  const status = whyForm.querySelector("[data-form-status]");
  status.tabIndex = -1;
  status.focus();
});
