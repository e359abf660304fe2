// The checkout confirm page: a guest's confirmation address (anonymous-email-address-payment-lookup,
// change-confirmation-email-address), the terms of sale, then create-checkout-session and off
// to Stripe's hosted page. The page's items and totals are the server's first paint.
import { errorOf, postForm, showFieldError, withBusy } from "./api.js";

const MESSAGES = {
  "anonymous-email-address-required": "Enter your email address: we send your order confirmation there.",
  "anonymous-email-address-invalid": "Enter an email address like name@example.com.",
  "agree-to-terms-of-sale-must-be-checked": "Please agree to the terms of sale to pay.",
  "agree-to-terms-of-sale-required": "Please agree to the terms of sale to pay.",
  "checkout-not-allowed": "This cart cannot be checked out now: an item may be out of stock. Review your cart.",
  "cart-is-empty": "Your cart is empty. Add something before you check out.",
  "cart-not-found": "Your cart has expired. Add your items again to check out.",
  "cart-already-paid": "This cart has just been paid for (in another tab?). Its order confirmation is on its way by email.",
  "stripe-error": "We could not reach the payment service. Please try again in a moment.",
};

const form = document.querySelector("[data-pay-form]");
const statusRegion = document.querySelector("[data-pay-status]");
const terms = document.getElementById("agree-terms");
const termsError = document.getElementById("agree-terms-error");
const newsletter = document.getElementById("newsletter");
const emailForm = document.querySelector("[data-email-form]");
const emailInput = document.getElementById("anonymous-email");
const emailError = document.getElementById("anonymous-email-error");
const emailChosen = document.querySelector("[data-email-chosen]");

let chosenEmail = null; // a guest's address, once the store accepted it

function messageOf(problem) {
  return MESSAGES[problem.code] || problem.message;
}

// The store's Stripe errors carry a description safe to show ("This store does not take
// payments yet.", "Stripe could not be reached; please try again.").
function stripeMessage(body) {
  return body.description || MESSAGES["stripe-error"];
}

// A member's address belongs to an account: say so, with a way to log in.
function showMemberEmailError() {
  showFieldError(emailInput, emailError, "This email address belongs to an account. ");
  const link = document.createElement("a");
  link.href = "/login?next=/checkout/confirm";
  link.textContent = "Log in to check out with it.";
  emailError.append(link);
}

function showEmailProblem(problem) {
  if (problem.code === "email-address-is-associated-with-member") showMemberEmailError();
  else showFieldError(emailInput, emailError, messageOf(problem));
  emailForm.hidden = false;
  emailChosen.hidden = true;
  emailInput.focus();
}

// The guest's address, checked by the store; null (with the error shown) when refused.
async function lookUpEmail() {
  showFieldError(emailInput, emailError, "");
  const email = emailInput.value.trim();
  if (!email) {
    showEmailProblem({ code: "anonymous-email-address-required" });
    return null;
  }
  const body = await postForm("/order/anonymous-email-address-payment-lookup", {
    anonymous_email_address: email,
  });
  if (body.checkout_allowed === false) {
    statusRegion.textContent = MESSAGES["checkout-not-allowed"];
    return null;
  }
  const problem = errorOf(body, "anonymous_email_address_payment_lookup");
  if (problem) {
    if (problem.code === "stripe-error") statusRegion.textContent = stripeMessage(body);
    else showEmailProblem(problem);
    return null;
  }
  chosenEmail = email;
  emailChosen.querySelector("[data-confirmation-email]").textContent = email;
  emailForm.hidden = true;
  emailChosen.hidden = false;
  return email;
}

async function chooseEmail() {
  const email = await withBusy(emailForm, lookUpEmail);
  if (email) {
    statusRegion.textContent = `Your confirmation will go to ${email}.`;
    terms.focus();
  }
}

async function changeEmail(button) {
  const body = await withBusy(button, () => postForm("/order/change-confirmation-email-address", {}));
  if (body === null) return;
  const problem = errorOf(body, "change_confirmation_email_address");
  if (problem) {
    statusRegion.textContent = messageOf(problem);
    return;
  }
  chosenEmail = null;
  emailChosen.hidden = true;
  emailForm.hidden = false;
  emailInput.focus();
  emailInput.select();
  statusRegion.textContent = "Enter the address for your confirmation.";
}

async function pay() {
  showFieldError(terms, termsError, "");
  statusRegion.textContent = "";
  const fields = { agree_to_terms_of_sale: "true" };
  if (emailForm) {
    const email = chosenEmail || (await lookUpEmail());
    if (!email) return;
    fields.anonymous_email_address = email;
    fields.newsletter = newsletter && newsletter.checked ? "true" : "false";
  }
  if (!terms.checked) {
    showFieldError(terms, termsError, MESSAGES["agree-to-terms-of-sale-must-be-checked"]);
    terms.focus();
    return;
  }
  statusRegion.textContent = "Taking you to Stripe to pay…";
  const body = await postForm("/order/create-checkout-session", fields);
  const problem = errorOf(body, "create_checkout_session");
  if (problem) {
    if (problem.code.startsWith("agree-to-terms")) {
      statusRegion.textContent = "";
      showFieldError(terms, termsError, messageOf(problem));
      terms.focus();
    } else if (problem.code.startsWith("anonymous-email") || problem.code === "email-address-is-associated-with-member") {
      statusRegion.textContent = "";
      showEmailProblem(problem);
    } else if (problem.code === "stripe-error") {
      statusRegion.textContent = stripeMessage(body);
    } else {
      statusRegion.textContent = messageOf(problem);
    }
    return;
  }
  window.location.assign(body.checkout_url);
}

if (form) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    withBusy(form, pay);
  });
  terms.addEventListener("change", () => {
    if (terms.checked) showFieldError(terms, termsError, "");
  });
}
if (emailForm) {
  emailForm.addEventListener("submit", (event) => {
    event.preventDefault();
    chooseEmail();
  });
  emailChosen.querySelector("[data-change-email]").addEventListener("click", (event) => {
    changeEmail(event.currentTarget);
  });
}
