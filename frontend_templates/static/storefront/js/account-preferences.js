// Communication preferences: the optional "why" questions appear (and are sent) only while
// "Unsubscribe me from all marketing email" is ticked; newsletter and unsubscribe-from-all
// exclude each other, so ticking one unticks the other (the API refuses both).
import "./account-simple-forms.js";

const form = document.querySelector("[data-preferences-form]");
const newsletter = form.elements.newsletter;
const unsubscribe = form.elements.email_unsubscribe;
const reasons = form.querySelector("[data-reasons]");

function showReasons() {
  reasons.hidden = !unsubscribe.checked;
  reasons.disabled = !unsubscribe.checked;
}

unsubscribe.addEventListener("change", () => {
  if (unsubscribe.checked) newsletter.checked = false;
  showReasons();
});
newsletter.addEventListener("change", () => {
  if (newsletter.checked && unsubscribe.checked) {
    unsubscribe.checked = false;
    showReasons();
  }
});
