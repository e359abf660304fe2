// On every storefront page: the header's Sign out, the chat widget and, for a member who has
// not agreed to the latest terms of use, the banner asking them to.
import { postForm } from "./api.js";
import { setUpChat } from "./chat.js";
import { setUpTermsBanner } from "./terms-banner.js";

const signOut = document.querySelector("[data-sign-out]");
if (signOut) {
  signOut.addEventListener("submit", async (event) => {
    event.preventDefault();
    await postForm("/user/logout", {});
    // Signed out (or already signed out elsewhere): either way, start again at the home page.
    window.location.assign("/");
  });
}

setUpChat(document.querySelector("[data-chat]"));
setUpTermsBanner(document.querySelector("[data-terms-banner]"));
