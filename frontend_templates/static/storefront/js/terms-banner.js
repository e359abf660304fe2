// The banner asking a signed-in member to agree to the latest terms of use
// (POST /user/terms-of-use-agree with the version the page was rendered with).
import { postForm } from "./api.js";
import { messageFor } from "./account-forms.js";

export function setUpTermsBanner(banner) {
  if (!banner) return;
  const form = banner.querySelector("[data-terms-agree]");
  const status = banner.querySelector("[data-terms-status]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return;
    form.setAttribute("aria-busy", "true");
    const body = await postForm("/user/terms-of-use-agree", { version: form.dataset.version });
    form.removeAttribute("aria-busy");
    const code = body.errors && body.errors.error;
    if (body.terms_of_use_agree === "success" || code === "version-already-agreed") {
      form.hidden = true;
      status.classList.remove("form-status--error");
      status.textContent = `Thank you: you agreed to version ${form.dataset.version} of the terms of use.`;
      return;
    }
    status.classList.add("form-status--error");
    status.textContent = messageFor("terms_of_use_agree", code || body.terms_of_use_agree);
  });
}
