// The account page: the email link's `?email_verification_code=` is posted to
// /user/verify-email-address-response on arrival (then dropped from the address bar), and
// "Send verification email" posts /user/verify-email-address.
import { postForm } from "./api.js";
import { messageFor, setStatus, submitForm } from "./account-forms.js";

const status = document.querySelector("[data-account-status]");
const request = document.querySelector("[data-verify-request]");
const state = document.querySelector("[data-email-state]");

function showVerified() {
  const badge = document.createElement("span");
  badge.className = "email-state--verified";
  badge.textContent = "Yes, verified";
  state.replaceChildren(badge);
  request.hidden = true;
}

async function verifyFromLink(code) {
  const body = await postForm("/user/verify-email-address-response", { email_verification_code: code });
  const result = body.verify_email_address_response;
  window.history.replaceState(null, "", window.location.pathname);
  if (result === "success") {
    showVerified();
    status.classList.remove("form-status--error");
    status.textContent = "Thank you: your email address is verified.";
    return;
  }
  status.classList.add("form-status--error");
  const code_ = (body.errors && body.errors.error) || result;
  status.textContent = `We could not verify your email address. ${messageFor("verify_email_address_response", code_)}`;
}

if (status.dataset.verificationCode) verifyFromLink(status.dataset.verificationCode);

request.addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = await submitForm(request, {
    endpoint: "/user/verify-email-address",
    key: "verify_email_address",
    ok: ["verification_email_sent"],
  });
  if (body === null) return;
  setStatus(request, "We sent you an email: open its link within 24 hours to verify your address.");
});
