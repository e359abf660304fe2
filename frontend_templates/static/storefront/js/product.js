// The product page: the SKU picker shows the chosen option's price and availability, and
// "Add to cart" posts it to /order/cart-add-product-sku.
import { errorOf, postForm, setCartCount, showFieldError } from "./api.js";

const form = document.querySelector("[data-add-to-cart]");

function chosen() {
  return form.querySelector('input[name="sku_id"]:checked');
}

function showOption(radio) {
  const price = form.querySelector("[data-sku-price]");
  const availability = form.querySelector("[data-sku-availability]");
  const button = form.querySelector("[data-add-button]");
  price.textContent = radio.dataset.price || "No price";
  availability.className = `availability availability--${radio.dataset.status}`;
  availability.querySelector("[data-availability-title]").textContent = radio.dataset.statusTitle;
  availability.querySelector("[data-availability-description]").textContent = radio.dataset.statusDescription;
  button.disabled = radio.dataset.purchasable !== "true";

  const image = document.querySelector("[data-product-image]");
  if (image) {
    image.src = radio.dataset.image || image.dataset.defaultSrc;
    image.alt = radio.dataset.image ? radio.dataset.imageAlt : image.dataset.defaultAlt;
  }
  showFieldError(null, document.getElementById("sku_id-error"), "");
  form.querySelector("[data-add-status]").textContent = "";
}

async function addToCart(event) {
  event.preventDefault();
  const radio = chosen();
  const quantity = form.querySelector("#quantity");
  const quantityError = document.getElementById("quantity-error");
  const skuError = document.getElementById("sku_id-error");
  const status = form.querySelector("[data-add-status]");
  showFieldError(quantity, quantityError, "");
  showFieldError(null, skuError, "");
  status.textContent = "";
  if (!radio) {
    showFieldError(null, skuError, "Choose an option first.");
    return;
  }
  // One add at a time (the button stays enabled so that it keeps the keyboard focus).
  if (form.getAttribute("aria-busy") === "true") return;
  form.setAttribute("aria-busy", "true");
  const body = await postForm("/order/cart-add-product-sku", {
    sku_id: radio.value,
    quantity: quantity.value.trim(),
  }).finally(() => form.removeAttribute("aria-busy"));
  const error = errorOf(body, "cart_add_product_sku");
  if (error) {
    if (error.field === "quantity") {
      showFieldError(quantity, quantityError, error.message);
      quantity.focus();
    } else {
      showFieldError(null, skuError, error.message);
    }
    return;
  }
  setCartCount(body.cart_item_count);
  status.textContent = "";
  const link = document.createElement("a");
  link.href = "/cart";
  link.textContent = "View your cart";
  status.append(`Added ${quantity.value.trim()} to your cart. `, link);
}

if (form) {
  form.addEventListener("change", (event) => {
    if (event.target.name === "sku_id") showOption(event.target);
  });
  form.addEventListener("submit", addToCart);
}
