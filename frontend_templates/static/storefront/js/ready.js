// The last module script of every store page (modules run in document order): every page
// script has attached its handlers, so its forms' buttons may be pressed now. Until then a
// press would submit the form natively, past the script (store.css keeps buttons inert).
document.documentElement.removeAttribute("data-js-pending");
