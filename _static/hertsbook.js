// The book's own script, added to every page (jupyter-book links every .js under _static/).
// The theme's colour mode starts empty on a first visit, and its script then logs an error ("Got invalid
// theme mode") before falling back to "auto": start at "auto" so that nothing is logged.
if (!document.documentElement.dataset.mode) {
  document.documentElement.dataset.mode = "auto";
}

// The search page (Sphinx's searchtools.js, loaded after this file, runs its search once the page is
// parsed; this runs just before it). Three changes, so that a figure is found however it is typed and each
// result reads as text:
// - "26,362" typed in the box is searched as 26362: the index holds the unformatted form of every figure
//   (src/hertsbook/publish/sphinx_search.py), beside the pieces Sphinx splits it into;
// - words made only of digits are searched for (Sphinx skips them);
// - the snippet under each result is the page's text with a space between cells, items and paragraphs
//   (Sphinx runs them together: "7.56.8missed"), and it shows the figure as the page prints it.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined") return;
  const unformatted = (query) => query.replace(/(\d),(?=\d{3}(?!\d))/g, "$1");
  const grouped = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

  const parseQuery = Search._parseQuery;
  Search._parseQuery = (query) => {
    const parsed = parseQuery(unformatted(query));
    const [plain, searchTerms, , highlightTerms] = parsed;
    for (const term of splitQuery(plain.trim())) {
      if (/^\d+$/.test(term)) {
        searchTerms.add(term);
        highlightTerms.add(term);
      }
    }
    return parsed;
  };

  const blocks = "p, li, dt, dd, td, th, caption, figcaption, h1, h2, h3, h4, h5, h6, div, section, tr, br, summary";
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".headerlink, script, style, svg").forEach((e) => e.remove());
    const main = (anchor && page.querySelector(`[role="main"] ${anchor}`)) || page.querySelector('[role="main"]');
    if (!main) return "";
    main.querySelectorAll(blocks).forEach((e) => e.after(" "));
    return main.textContent.replace(/\s+/g, " ").trim();
  };

  const summary = Search.makeSearchSummary;
  Search.makeSearchSummary = (htmlText, keywords, anchor) => {
    const forms = [...keywords].flatMap((k) => (/^\d{4,}$/.test(k) ? [k, grouped(k)] : [k]));
    return summary(htmlText, forms, anchor);
  };
});

// The councils' index (councils/index.html): a box that filters the list as one types. Without this
// script the page is the plain list; the box exists only where the script runs.
document.addEventListener("DOMContentLoaded", () => {
  const place = document.getElementById("hb-council-filter");
  const list = document.querySelector("ul.hb-councils");
  if (!place || !list) return;
  const label = document.createElement("label");
  label.textContent = "Filter the councils by name, type or region ";
  const box = document.createElement("input");
  box.type = "search";
  box.id = "hb-council-filter-box";
  label.htmlFor = box.id;
  const count = document.createElement("p");
  count.setAttribute("aria-live", "polite");
  place.append(label, box, count);
  const items = Array.from(list.children);
  box.addEventListener("input", () => {
    const words = box.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const match = words.every((w) => item.dataset.council.includes(w));
      item.hidden = !match;
      if (match) shown += 1;
    }
    count.textContent = `${shown} of ${items.length} councils`;
  });
});
