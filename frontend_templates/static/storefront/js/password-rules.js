// The password rules, ticked as the shopper types. The list is the server's
// (AUTH_PASSWORD_VALIDATORS, rendered by shop/pages/account_rules.py): each item says what to
// check in data-kind / data-value; "on-submit" rules (a common password, one too like your
// name) only the server can check, when the form is sent.
const CHECKS = {
  "min-length": (password, value) => [...password].length >= Number(value),
  "max-length": (password, value) => password.length > 0 && [...password].length <= Number(value),
  capital: (password) => /\p{Lu}/u.test(password),
  special: (password, value) => [...password].some((character) => value.includes(character)),
};

export function setUpPasswordRules(list) {
  if (!list) return;
  const password = document.getElementById(list.dataset.password);
  const confirm = document.getElementById(list.dataset.confirm);
  const items = [...list.querySelectorAll("li[data-kind]")];

  function update() {
    for (const item of items) {
      const { kind, value } = item.dataset;
      let met;
      if (kind === "confirm") met = Boolean(confirm && confirm.value) && confirm.value === password.value;
      else if (CHECKS[kind]) met = CHECKS[kind](password.value, value);
      else continue;
      item.dataset.met = String(met);
      item.querySelector("[data-rule-state]").textContent = met ? " (done)" : " (not yet)";
    }
  }

  password.addEventListener("input", update);
  if (confirm) confirm.addEventListener("input", update);
  update();
}
