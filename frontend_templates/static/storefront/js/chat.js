// The chat widget: a button that opens a small form posting /user/put-chat-message (name,
// email address, message). Escape or Close shuts it and gives the focus back to the button.
import { setStatus, submitForm } from "./account-forms.js";

export function setUpChat(chat) {
  if (!chat) return;
  const toggle = chat.querySelector("[data-chat-toggle]");
  const panel = chat.querySelector("[data-chat-panel]");
  const form = chat.querySelector("[data-chat-form]");

  function open() {
    panel.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    const first = [...form.elements].find((element) => element.name && !element.value);
    (first || form.elements.namedItem("message")).focus();
  }

  function close() {
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  }

  toggle.addEventListener("click", () => (panel.hidden ? open() : close()));
  chat.querySelector("[data-chat-close]").addEventListener("click", close);
  chat.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) {
      event.preventDefault();
      close();
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = await submitForm(form, {
      endpoint: "/user/put-chat-message",
      key: "put_chat_message",
      ok: ["true"],
    });
    if (body === null) return;
    form.elements.namedItem("message").value = "";
    setStatus(form, "Thank you: your message was sent. We will answer by email.");
  });
}
