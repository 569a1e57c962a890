// Instant search in the header: a list of the first results under the search field.
// Progressive enhancement only: without JavaScript the form opens the search page.
const DELAY_MS = 200;
const LIMIT = 6;

function setUp(input) {
  const form = input.form;
  const list = document.createElement("ul");
  list.id = `${input.id}-results`;
  list.className = "instant-search";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  form.append(list);
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.append(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  let timer = null;
  let controller = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  function show(results) {
    list.replaceChildren();
    results.forEach((result, index) => {
      if (!result.url) return;
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      item.id = `${list.id}-${index}`;
      const link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.title;
      item.append(link);
      list.append(item);
    });
    status.textContent = list.children.length ? `${list.children.length}` : "";
    list.hidden = list.children.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
  }

  async function lookUp() {
    const query = input.value.trim();
    if (query.length < 2) return close();
    controller?.abort();
    controller = new AbortController();
    const url = new URL(input.dataset.instantSearch, window.location.href);
    url.search = new URLSearchParams({ q: query, per_page: LIMIT, facets: "0" }).toString();
    try {
      const response = await fetch(url, {
        signal: controller.signal,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return close();
      const data = await response.json();
      show(data.results || []);
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lookUp, DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
    if (event.key === "ArrowDown" && !list.hidden) {
      event.preventDefault();
      list.querySelector("a")?.focus();
    }
  });
  list.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a")];
    const index = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && index < links.length - 1) {
      event.preventDefault();
      links[index + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (index > 0 ? links[index - 1] : input).focus();
    } else if (event.key === "Escape") {
      close();
      input.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!form.contains(event.target)) close();
  });
}

document.querySelectorAll("input[data-instant-search]").forEach(setUp);
