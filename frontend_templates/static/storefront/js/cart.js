// The cart page: quantities, removal, shipping method and discount codes, each a POST to the
// /order/cart-* API; totals and codes are redrawn from the API's answer (its
// cart_totals_data and discount_code_data), so the page shows what the server priced.
import {
  errorOf,
  formatDiscount,
  formatMoney,
  getJSON,
  postForm,
  setCartCount,
  showFieldError,
  withBusy,
} from "./api.js";

const cart = document.querySelector("[data-cart]");
const statusRegion = document.querySelector("[data-cart-status]");

function announce(text) {
  statusRegion.textContent = text;
}

function showTotals(totals) {
  if (!totals) return;
  for (const element of document.querySelectorAll("[data-total]")) {
    const value = totals[element.dataset.total];
    element.textContent = element.hasAttribute("data-discount-amount")
      ? formatDiscount(value)
      : formatMoney(value);
  }
}

function discountItem(code) {
  const item = document.createElement("li");
  item.className = "discount";
  item.dataset.discountId = code.discount_code_id;
  const name = document.createElement("span");
  name.className = "discount__code";
  name.textContent = code.code;
  const description = document.createElement("span");
  description.className = "discount__description";
  description.textContent = code.description;
  item.append(name, " ", description, " ");
  if (!code.discount_applied) {
    const note = document.createElement("span");
    note.className = "discount__note";
    note.textContent = "Not applied to this cart yet";
    item.append(note, " ");
  }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button--quiet";
  button.dataset.removeDiscount = code.discount_code_id;
  const hidden = document.createElement("span");
  hidden.className = "visually-hidden";
  hidden.textContent = ` code ${code.code}`;
  button.append("Remove", hidden);
  item.append(button);
  return item;
}

function showState(body) {
  showTotals(body.cart_totals_data);
  if (body.discount_code_data) {
    const list = cart.querySelector("[data-discount-list]");
    list.replaceChildren(...Object.values(body.discount_code_data).map(discountItem));
  }
}

async function updateQuantity(form) {
  const line = form.closest("[data-line]");
  const input = form.querySelector('input[name="quantity"]');
  const error = form.querySelector(".field-error");
  showFieldError(input, error, "");
  const body = await withBusy(form, () =>
    postForm("/order/cart-update-sku-quantity", {
      sku_id: line.dataset.skuId,
      quantity: input.value.trim(),
    }),
  );
  if (body === null) return;
  const problem = errorOf(body, "cart_update_sku_quantity");
  if (problem) {
    showFieldError(input, error, problem.message);
    input.focus();
    return;
  }
  line.querySelector("[data-line-total]").textContent = formatMoney(body.sku_subtotal);
  showState(body);
  announce(`Quantity updated to ${input.value.trim()}. Total ${formatMoney(body.cart_totals_data.cart_total)}.`);
}

async function refreshShipping() {
  // Removing a line clears the shipping choice; this GET gives the cart the default again.
  const methods = await getJSON("/order/cart-shipping-methods");
  const selected = methods.shipping_method_selected;
  for (const radio of cart.querySelectorAll('input[name="shipping_method_identifier"]')) {
    radio.checked = radio.value === selected;
  }
  const totals = await getJSON("/order/cart-totals");
  showTotals(totals.cart_totals_data);
}

function showEmpty(message) {
  cart.hidden = true;
  document.querySelector("[data-cart-empty]").hidden = false;
  const heading = document.querySelector("h1");
  heading.setAttribute("tabindex", "-1");
  heading.focus();
  announce(message);
}

async function deleteCart(form) {
  const body = await withBusy(form, () => postForm("/order/cart-delete-cart", {}));
  if (body === null) return;
  const problem = errorOf(body, "cart_delete_cart");
  if (problem && problem.code !== "cart-not-found") {
    announce(problem.message);
    return;
  }
  setCartCount(0);
  showEmpty("Cart emptied.");
}

async function removeLine(form) {
  const line = form.closest("[data-line]");
  const title = line.querySelector(".cart-line__sku").textContent.trim();
  const body = await withBusy(form, () =>
    postForm("/order/cart-remove-sku", { sku_id: line.dataset.skuId }),
  );
  if (body === null) return;
  const problem = errorOf(body, "cart_remove_sku");
  if (problem) {
    announce(problem.message);
    return;
  }
  const next = line.nextElementSibling || line.previousElementSibling;
  line.remove();
  setCartCount(body.cart_item_count);
  showState(body);
  if (body.cart_item_count === 0) {
    showEmpty(`Removed ${title}. Your cart is empty.`);
    return;
  }
  await refreshShipping();
  (next ? next.querySelector('input[name="quantity"]') : document.getElementById("items-heading"))?.focus();
  announce(`Removed ${title}.`);
}

async function chooseShipping(radio) {
  const form = radio.form;
  const error = document.getElementById("shipping-error");
  showFieldError(null, error, "");
  const body = await postForm("/order/cart-update-shipping-method", {
    shipping_method_identifier: radio.value,
  });
  const problem = errorOf(body, "cart_update_shipping_method");
  if (problem) {
    showFieldError(null, error, problem.message);
    await refreshShipping();
    return;
  }
  showState(body);
  const carrier = form.querySelector(`label[for="${radio.id}"]`).firstChild.textContent.trim();
  announce(`Shipping set to ${carrier}. Total ${formatMoney(body.cart_totals_data.cart_total)}.`);
}

async function applyDiscount(form) {
  const input = form.querySelector('input[name="discount_code_id"]');
  const error = document.getElementById("discount-code-error");
  showFieldError(input, error, "");
  const code = input.value.trim();
  if (!code) {
    showFieldError(input, error, "Enter a discount code.");
    input.focus();
    return;
  }
  const body = await withBusy(form, () =>
    postForm("/order/cart-apply-discount-code", { discount_code_id: code }),
  );
  if (body === null) return;
  const problem = errorOf(body, "cart_apply_discount_code");
  if (problem) {
    showFieldError(input, error, problem.message);
    input.focus();
    return;
  }
  input.value = "";
  showState(body);
  announce(`Code ${code.toUpperCase()} applied. Total ${formatMoney(body.cart_totals_data.cart_total)}.`);
}

async function removeDiscount(button) {
  const body = await postForm("/order/cart-remove-discount-code", {
    discount_code_id: button.dataset.removeDiscount,
  });
  const problem = errorOf(body, "cart_remove_discount_code");
  if (problem) {
    announce(problem.message);
    return;
  }
  showState(body);
  document.getElementById("discount-code").focus();
  announce(`Code removed. Total ${formatMoney(body.cart_totals_data.cart_total)}.`);
}

if (cart) {
  cart.addEventListener("submit", (event) => {
    const form = event.target;
    event.preventDefault();
    if (form.matches("[data-quantity-form]")) updateQuantity(form);
    else if (form.matches("[data-remove-form]")) removeLine(form);
    else if (form.matches("[data-discount-form]")) applyDiscount(form);
    else if (form.matches("[data-delete-cart-form]")) deleteCart(form);
  });
  cart.addEventListener("change", (event) => {
    if (event.target.name === "shipping_method_identifier") chooseShipping(event.target);
  });
  cart.addEventListener("click", (event) => {
    const button = event.target.closest("[data-remove-discount]");
    if (button) removeDiscount(button);
  });
}
