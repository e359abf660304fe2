// The account pages' forms: each posts its fields to one /user/* endpoint (api.js does the
// CSRF token) and reads the reference's answer: {"<key>": "<status>", "errors": {...}}.
// Field errors go next to their field: the element marked data-error-for="<API error key>"
// (the input it describes gets aria-invalid); anything else goes to the form's status region.
import { postForm, showFieldError, withBusy } from "./api.js";

// What a shopper reads for the /user API's statuses and error codes.
const MESSAGES = {
  "rate-limited": "Too many tries. Please wait a while before you try again.",
  "network-error": "We could not reach the store. Check your connection and try again.",
  user_not_authenticated: "You are signed out. Please sign in again.",
  "login:false": "That username and password do not match. Check both and try again.",
  created_but_login_failed: "Your account was created, but we could not sign you in. Please sign in.",
  "code-doesnt-match": "This link is no longer valid: a newer one was sent, or it was already used. Please ask for a new one.",
  "signature-invalid": "This link is not valid. Please copy the whole link from the email, or ask for a new one.",
  "signature-expired": "This link has expired. Please ask for a new one.",
  "username-not-found": "No account has that username. Check the spelling.",
  "password_reset_code-required": "This link is incomplete. Please copy the whole link from the email, or ask for a new one.",
  "password-reset-code-required": "This link is incomplete. Please copy the whole link from the email, or ask for a new one.",
  invalid_data: "You cannot receive the newsletter and be unsubscribed from all email at once.",
  data_missing: "Please choose your preferences.",
  "token-required": "This unsubscribe link is incomplete. Please copy the whole link from the email.",
  "token-invalid": "This unsubscribe link is not valid. Please copy the whole link from the email.",
  "token-altered": "This unsubscribe link is not valid. Please copy the whole link from the email.",
  "member-not-found": "This unsubscribe link is no longer valid (it was already used, or it belongs to another store).",
  "email-address-already-unsubscribed": "This address is already unsubscribed: you will get no more marketing email.",
  "version-already-agreed": "You already agreed to these terms.",
  "version-provided-not-most-recent": "There is a newer version of the terms. Please reload the page.",
  "version-not-found": "These terms no longer exist. Please reload the page.",
  email_failed: "We could not send your message right now. Please try again later.",
  "method-not-allowed": "Something went wrong. Please reload the page.",
  "malformed-request": "Something went wrong. Please reload the page.",
};
export const FALLBACK = "Something went wrong. Please try again.";

export function messageFor(key, code) {
  return MESSAGES[`${key}:${code}`] || MESSAGES[code] || FALLBACK;
}

// The form's fields as the API reads them: a checkbox is "true" / "false".
export function formFields(form) {
  const fields = {};
  for (const element of form.elements) {
    if (!element.name || element.matches(":disabled")) continue; // also inside a disabled fieldset
    if (element.type === "checkbox") fields[element.name] = element.checked ? "true" : "false";
    else if (element.type === "radio") {
      if (element.checked) fields[element.name] = element.value;
    } else if (element.type !== "submit" && element.type !== "button") {
      fields[element.name] = element.value;
    }
  }
  return fields;
}

function describedInput(form, errorElement) {
  return form.querySelector(`[aria-describedby~="${errorElement.id}"]`);
}

export function setStatus(form, text, { error = false } = {}) {
  const region = form.querySelector("[data-form-status]");
  if (!region) return;
  region.textContent = text;
  region.classList.toggle("form-status--error", error);
}

export function clearErrors(form) {
  for (const element of form.querySelectorAll("[data-error-for]")) {
    showFieldError(describedInput(form, element), element, "");
  }
  setStatus(form, "");
}

// Show each field's errors next to it; true when at least one field had an error. The API
// answers a valid field with `true` and an invalid one with [{type, description}, ...].
export function showFieldErrors(form, errors) {
  let first = null;
  const unplaced = [];
  for (const [field, detail] of Object.entries(errors || {})) {
    if (detail === true || detail === false) continue;
    const items = [detail].flat(3);
    // A list of {type, description}, or (communication preferences) one plain sentence.
    const text = items
      .map((item) => (item && typeof item === "object" ? item.description : MESSAGES[field] || String(item)))
      .filter(Boolean)
      .join(" ");
    const element = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    if (!element) {
      unplaced.push(MESSAGES[field] || text || FALLBACK);
      continue;
    }
    const input = describedInput(form, element);
    showFieldError(input, element, text || FALLBACK);
    first = first || input;
  }
  if (unplaced.length) setStatus(form, unplaced.join(" "), { error: true });
  if (first) first.focus();
  return first !== null || unplaced.length > 0;
}

// Post `form` to `endpoint`; resolves to the body when `body[key]` is one of `ok`, else shows
// the errors and resolves to null. `fields` replaces the form's own fields if given.
export async function submitForm(form, { endpoint, key, ok = ["success"], fields = null }) {
  clearErrors(form);
  const body = await withBusy(form, () => postForm(endpoint, fields || formFields(form)));
  if (body === null) return null;
  const status = body[key];
  if (ok.includes(status)) return body;
  if (status === "user_not_authenticated") {
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    return null;
  }
  const errors = body.errors || {};
  if (typeof errors.error === "string") {
    // "<field>-required": said next to that field when the form has it.
    const field = errors.error.endsWith("-required") ? errors.error.slice(0, -9) : null;
    const element = field && form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    if (element) {
      showFieldErrors(form, { [field]: [{ type: "required", description: element.dataset.required || "Please fill this in." }] });
    } else {
      setStatus(form, messageFor(key, errors.error), { error: true });
    }
    return null;
  }
  if (showFieldErrors(form, errors)) return null;
  setStatus(form, messageFor(key, status), { error: true });
  return null;
}
