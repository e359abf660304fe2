// The store's JSON API (/order/*, /user/*) for the storefront's pages: same-origin fetches,
// the CSRF token from the csrftoken cookie in X-CSRFToken, one retry after a fresh token.
// Responses keep the reference's shape: {"<endpoint>": "success" | "error", "errors": {...}}.

const CSRF_COOKIE = "csrftoken";

export function readCookie(name) {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return "";
}

async function fetchToken() {
  await fetch("/user/token", { credentials: "same-origin", headers: { Accept: "application/json" } });
}

async function readJSON(response) {
  const type = response.headers.get("content-type") || "";
  if (!type.includes("application/json")) {
    return { errors: { error: "unexpected-response" } };
  }
  return response.json();
}

export async function getJSON(path) {
  try {
    const response = await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" } });
    return await readJSON(response);
  } catch {
    return { errors: { error: "network-error" } };
  }
}

export async function postForm(path, fields, retried = false) {
  if (!readCookie(CSRF_COOKIE)) await fetchToken();
  let response;
  try {
    response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRFToken": readCookie(CSRF_COOKIE),
      },
      body: new URLSearchParams(fields),
    });
  } catch {
    return { errors: { error: "network-error" } };
  }
  if (response.status === 403 && !retried) {
    await fetchToken();
    return postForm(path, fields, true);
  }
  return readJSON(response);
}

// What a shopper reads for each of the API's error codes.
const MESSAGES = {
  "sku-not-available": "Sorry, this option cannot be bought right now.",
  "sku-not-found": "Sorry, this option is no longer sold.",
  "sku-id-required": "Choose an option first.",
  "cart-not-found": "Your cart has expired. Reload the page to start again.",
  "cart-sku-not-found": "That item is no longer in your cart. Reload the page.",
  "error-setting-cart-shipping-method": "That shipping method is not available. Choose another.",
  "shipping-method-identifier-required": "Choose a shipping method.",
  "discount-code-required": "Enter a discount code.",
  "cart-discount-code-not-found": "We do not know that code. Check the spelling.",
  "cart-discount-code-not-active": "That code is not valid right now.",
  "cart-discount-code-already-applied": "That code is already applied to your cart.",
  "cart-discount-code-not-combinable": "That code cannot be combined with the codes in your cart.",
  "rate-limited": "Too many tries. Wait a moment and try again.",
  "network-error": "We could not reach the store. Check your connection and try again.",
};
const FALLBACK = "Something went wrong. Please try again.";

// The error of a response for `key`, as {field, code, message}; null on success.
export function errorOf(body, key) {
  if (body && body[key] === "success") return null;
  const errors = (body && body.errors) || {};
  if (typeof errors.error === "string") {
    return { field: null, code: errors.error, message: MESSAGES[errors.error] || FALLBACK };
  }
  for (const [field, detail] of Object.entries(errors)) {
    // Field errors: [{type, description}] (the quantity's list is nested one level deeper).
    const first = [detail].flat(3).find((item) => item && typeof item === "object");
    if (first) return { field, code: first.type, message: first.description || FALLBACK };
  }
  return { field: null, code: "unknown", message: FALLBACK };
}

// Show `message` in the error element next to `input` (its aria-describedby), or clear it.
export function showFieldError(input, errorElement, message) {
  if (message) {
    errorElement.textContent = message;
    errorElement.hidden = false;
    if (input) input.setAttribute("aria-invalid", "true");
  } else {
    errorElement.textContent = "";
    errorElement.hidden = true;
    if (input) input.removeAttribute("aria-invalid");
  }
}

// "3.50" -> "$3.50", "-1.05" -> "−$1.05", 0 -> "$0.00"; money stays a string (never a float).
export function formatMoney(value) {
  let text = String(value ?? "0").trim();
  let sign = "";
  if (text.startsWith("-")) {
    sign = "\u2212";
    text = text.slice(1);
  }
  const [whole, fraction = ""] = text.split(".");
  return `${sign}$${whole || "0"}.${(fraction + "00").slice(0, 2)}`;
}

function isZero(value) {
  return !/[1-9]/.test(String(value ?? "0"));
}

// A discount, shown subtracted: "1.05" -> "−$1.05"; zero -> "$0.00".
export function formatDiscount(value) {
  return isZero(value) ? formatMoney("0") : `\u2212${formatMoney(value)}`;
}

export function setCartCount(count) {
  for (const element of document.querySelectorAll("[data-cart-count]")) {
    element.textContent = String(count);
    const unit = element.nextElementSibling;
    if (unit && unit.classList.contains("visually-hidden")) {
      unit.textContent = count === 1 ? " item" : " items";
    }
  }
}

// One request per form at a time. Buttons are not disabled meanwhile: a disabled button
// would drop the keyboard focus of whoever just pressed it.
export async function withBusy(element, work) {
  if (element.getAttribute("aria-busy") === "true") return null;
  element.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    element.removeAttribute("aria-busy");
  }
}
