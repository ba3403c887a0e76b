// The search page: Pagefind's JS API with facet checkboxes; the query and filters live in the URL.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) { return; }
  var base = root.getAttribute("data-base");
  var form = root.querySelector("[data-search-form]");
  var input = form.querySelector("input[name=q]");
  var filtersBox = root.querySelector("[data-filters]");
  var statusBox = root.querySelector("[data-status]");
  var resultsBox = root.querySelector("[data-results]");
  // The page's words: the strings given to t() and tn() are English msgids; on a page in another language, the
  // layout gives their translations in <script id="sitegen-words"> (sitegen/plan/scriptwords.py lists them). A
  // string it does not give stays in English; English pages have no table.
  var WORDS = (function () {
    var block = document.getElementById("sitegen-words");
    try { return block ? JSON.parse(block.textContent) : {}; } catch (e) { return {}; }
  }());
  function fill(text, values) {
    if (!values) { return text; }
    return text.replace(/%\((\w+)\)s|%%/g, function (match, name) { return name ? String(values[name]) : "%"; });
  }
  function t(english, values) {
    return fill(typeof WORDS[english] === "string" ? WORDS[english] : english, values);
  }
  // The singular for n === 1, else the plural: English's and Spanish's rule (gettext's "n != 1"); a language with
  // other plural forms would need its gettext plural formula here.
  function tn(singular, plural, n, values) {
    var forms = WORDS[singular];
    var text = Array.isArray(forms) ? forms[n === 1 ? 0 : 1] : (n === 1 ? singular : plural);
    var all = { num: n };
    Object.keys(values || {}).forEach(function (key) { all[key] = values[key]; });
    return fill(text, all);
  }
  // Excerpts can hold long runs without spaces (Pagefind joins adjacent table cells): let them wrap anywhere,
  // or they widen the one-column layout of narrow screens (set through the CSSOM, which the CSP allows).
  var FACETS = ["state", "purpose", "issuer", "topic", "role", "grade band", "basis", "type"];
  // The filters' names are Pagefind's keys and the address's parameters, the same in every language; their
  // values are written in the page's language (sitegen/plan/facets.py), and their legends here.
  var LABELS = { "state": t("Named by rules in"), "purpose": t("Recognized for"), "issuer": t("Issuer"),
    "topic": t("Topic"), "role": t("Role"), "grade band": t("Grade band"), "basis": t("How it counts"),
    "type": t("Page type") };
  // States where some recognizer accepts any credential of the catalog: not a filter (it would hold every
  // credential), but said beside the results when such a state is chosen.
  var anyNote = root.querySelector("[data-any-note]");
  var anyStates = {};
  Array.prototype.forEach.call(document.querySelectorAll("[data-any-state]"), function (li) {
    anyStates[li.getAttribute("data-any-state")] = li;
  });
  var pagefind = null;
  var counter = 0;
  var timer = null;

  function paramName(facet) { return facet.replace(/ /g, "-"); }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    var chosen = {};
    FACETS.forEach(function (facet) {
      var values = params.getAll(paramName(facet));
      if (values.length) { chosen[facet] = values; }
    });
    return { q: params.get("q") || "", filters: chosen };
  }

  function currentState() {
    var chosen = {};
    Array.prototype.forEach.call(filtersBox.querySelectorAll("input[type=checkbox]:checked"), function (box) {
      var facet = box.getAttribute("data-facet");
      (chosen[facet] = chosen[facet] || []).push(box.value);
    });
    return { q: input.value.trim(), filters: chosen };
  }

  function writeUrl(state, push) {
    var params = new URLSearchParams();
    if (state.q) { params.set("q", state.q); }
    FACETS.forEach(function (facet) {
      (state.filters[facet] || []).forEach(function (v) { params.append(paramName(facet), v); });
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "");
    if (url === window.location.pathname + window.location.search) { return; }
    if (push) { window.history.pushState(null, "", url); } else { window.history.replaceState(null, "", url); }
  }

  function text(tag, className, content) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (content !== undefined) { el.textContent = content; }
    return el;
  }

  function renderFilters(available, state) {
    filtersBox.textContent = "";
    FACETS.forEach(function (facet) {
      var values = available[facet];
      if (!values || !Object.keys(values).length) { return; }
      var fieldset = text("fieldset");
      fieldset.appendChild(text("legend", "", LABELS[facet] || facet));
      Object.keys(values).sort(function (a, b) { return a.localeCompare(b); }).forEach(function (value, i) {
        var id = "f-" + paramName(facet) + "-" + i;
        var label = document.createElement("label");
        label.setAttribute("for", id);
        var box = document.createElement("input");
        box.type = "checkbox"; box.id = id; box.value = value;
        box.setAttribute("data-facet", facet);
        box.checked = (state.filters[facet] || []).indexOf(value) >= 0;
        label.appendChild(box);
        label.appendChild(text("span", "", value));
        var count = text("span", "filter-count", String(values[value]));
        count.setAttribute("data-count-for", facet + "\u0000" + value);
        label.appendChild(count);
        fieldset.appendChild(label);
      });
      filtersBox.appendChild(fieldset);
    });
  }

  function updateCounts(counts) {
    Array.prototype.forEach.call(filtersBox.querySelectorAll("[data-count-for]"), function (el) {
      var key = el.getAttribute("data-count-for").split("\u0000");
      var n = counts && counts[key[0]] && counts[key[0]][key[1]];
      el.textContent = String(n || 0);
    });
  }

  function pagefindFilters(state) {
    var filters = {};
    Object.keys(state.filters).forEach(function (facet) { filters[facet] = { any: state.filters[facet] }; });
    return filters;
  }

  function plain(html) {
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    return doc.body.textContent || "";
  }

  function noteAnyStates(state) {
    if (!anyNote) { return; }
    anyNote.textContent = "";
    (state.filters.state || []).forEach(function (name) {
      var li = anyStates[name];
      if (!li) { return; }
      var link = li.querySelector("a");
      // one sentence, with the link where the translation puts %(rules)s
      var sentence = t("In %(state)s, %(count)s any credential of this catalog, whatever the other filters: " +
        "%(rules)s.").split("%(rules)s");
      var p = text("p", "any-note", fill(sentence[0], { state: name, count: li.getAttribute("data-count") }));
      var a = text("a", "", t("their rules"));
      a.href = link.href;
      p.appendChild(a);
      p.appendChild(document.createTextNode(fill(sentence.slice(1).join(""), {})));
      anyNote.appendChild(p);
    });
  }

  function run(state) {
    var ticket = ++counter;
    noteAnyStates(state);
    var hasFilters = Object.keys(state.filters).length > 0;
    if (!state.q && !hasFilters) {
      resultsBox.textContent = "";
      statusBox.textContent = t("Type a word, or choose filters, to see matching credentials.");
      return;
    }
    statusBox.textContent = t("Searching…");
    var options = { filters: pagefindFilters(state) };
    if (!state.q) { options.sort = { title: "asc" }; }
    pagefind.search(state.q || null, options).then(function (search) {
      if (ticket !== counter) { return null; }
      updateCounts(search.filters);
      return Promise.all(search.results.slice(0, 50).map(function (r) { return r.data(); })).then(function (items) {
        if (ticket !== counter) { return; }
        resultsBox.textContent = "";
        items.forEach(function (item) {
          var li = text("li");
          var h = text("h2");
          var a = text("a", "", (item.meta && item.meta.title) || item.url);
          a.href = item.url;
          h.appendChild(a);
          li.appendChild(h);
          var meta = item.meta || {};
          var line = [];
          if (meta.issuer) { line.push(meta.issuer); }
          if (meta.states !== undefined) {
            line.push(tn("named by rules in %(num)s state", "named by rules in %(num)s states", Number(meta.states),
              { num: meta.states }));
          }
          if (line.length) { li.appendChild(text("p", "muted", line.join(" · "))); }
          li.appendChild(text("p", "", meta.summary || plain(item.excerpt || "")));
          resultsBox.appendChild(li);
        });
        var n = search.results.length;
        var found;
        if (n > 50) {
          found = state.q ? t("%(num)s results for “%(query)s” (showing the first 50).", { num: n, query: state.q })
            : t("%(num)s results (showing the first 50).", { num: n });
        } else {
          found = state.q ? tn("%(num)s result for “%(query)s”.", "%(num)s results for “%(query)s”.", n,
            { query: state.q }) : tn("%(num)s result.", "%(num)s results.", n);
        }
        statusBox.textContent = found;
      });
    }).catch(function () {
      statusBox.textContent = t("Search is not available: the search index is missing.");
    });
  }

  function apply(push) {
    var state = currentState();
    writeUrl(state, push);
    run(state);
  }

  function restore() {
    var state = readUrl();
    input.value = state.q;
    Array.prototype.forEach.call(filtersBox.querySelectorAll("input[type=checkbox]"), function (box) {
      box.checked = (state.filters[box.getAttribute("data-facet")] || []).indexOf(box.value) >= 0;
    });
    run(state);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { apply(false); }, 250);
  });
  filtersBox.addEventListener("change", function () { apply(true); });
  window.addEventListener("popstate", restore);

  statusBox.textContent = t("Loading search…");
  import(root.getAttribute("data-pagefind")).then(function (module) {
    pagefind = module;
    return pagefind.options({ baseUrl: base }).then(function () { return pagefind.filters(); });
  }).then(function (available) {
    var state = readUrl();
    input.value = state.q;
    renderFilters(available, state);
    run(state);
  }).catch(function () {
    statusBox.textContent = t("Search is not available: the search index is missing. Browse all credentials instead.");
  });
}());
