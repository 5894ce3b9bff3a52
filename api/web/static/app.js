// Partial updates in the manner of htmx's hx-select, with no library: a form or link marked
// data-swap="#part" is fetched as a whole page and only #part of the answer replaces #part of
// this page. Without JavaScript the same form or link loads the whole page, so every page
// works either way; the server stays the one source of truth.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-swap]");
  if (!form) return;
  event.preventDefault();
  const body = new FormData(form);
  if (event.submitter && event.submitter.name) body.append(event.submitter.name, event.submitter.value);
  const get = (form.method || "get").toLowerCase() === "get";
  const url = get ? form.action.split("?")[0] + "?" + new URLSearchParams(body) : form.action;
  await swap(url, get ? {} : { method: "POST", body }, form.dataset.swap);
});
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-swap]");
  if (!link) return;
  event.preventDefault();
  await swap(link.href, {}, link.dataset.swap);
});
async function swap(url, options, selector) {
  const answer = await fetch(url, { ...options, credentials: "same-origin" });
  if (answer.redirected) history.replaceState(null, "", answer.url);
  const html = new DOMParser().parseFromString(await answer.text(), "text/html");
  const fresh = html.querySelector(selector), here = document.querySelector(selector);
  if (fresh && here) here.replaceWith(fresh); else window.location.assign(answer.url);
}
