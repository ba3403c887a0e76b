// The recognition calculator's page: choose a state or district, tick credentials (with earned dates or not), see
// every rule of that recognizer and of its state, computed and worded by calculator-rules.js as portfolio pages
// show them. Data: calculator/credentials.json (shared) and calculator/recognizers/<id>.json (one recognizer's
// rules; on a page of another language than the default one, <lang>/calculator/recognizers/<id>.json, with the
// rules' words in that language). Holdings live in the address: ?r=<recognizer>&c=<credential>[:<YYYY-MM-DD>]...
// Its words are English msgids, translated by t() and tn() (calculator-rules.js) on pages in another language.
import { credentialsWords, earnedOrder, evaluate, numberWords, resultWords, t, tn } from "./calculator-rules.js";

const root = document.getElementById("calculator");
const SHOWN_CREDENTIALS = 40;
const SHOWN_STACKS = 12;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// A rule's status, shown after its words when it is not active (the words of STATUS_LABELS, in a sentence).
const STATUS_WORDS = { pilot: t("pilot"), proposed: t("proposed"), ended: t("ended"), retired: t("retired"),
  draft: t("draft") };

// ---------------------------------------------------------------------------------------------------------
// The page

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) { continue; }
    if (name === "className") { node.className = value; } else { node.setAttribute(name, value === true ? "" : value); }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === "") { continue; }
    node.append(child);
  }
  return node;
}

function citation(source) {
  const title = source.url ? element("a", { href: source.url, rel: "noopener" }, source.title) : source.title;
  const parts = [element("cite", null, title)];
  if (source.publisher) { parts.push(", " + source.publisher); }
  if (source.year) { parts.push(" (" + source.year + ")"); }
  if (source.locator) { parts.push(", " + source.locator); }
  return parts;
}

function readAddress(index) {
  const params = new URLSearchParams(window.location.search);
  const position = new Map(index.credentials.map((c, i) => [c[0], i]));
  const held = new Map();
  const unknown = [];
  for (const value of params.getAll("c")) {
    const [id, day] = value.split(":");
    if (!position.has(id)) { unknown.push(id); continue; }
    held.set(position.get(id), day && DATE.test(day) ? day : null);
  }
  return { recognizer: params.get("r") || "", held: held, unknown: unknown };
}

function writeAddress(state, index) {
  const params = new URLSearchParams();
  if (state.recognizer) { params.set("r", state.recognizer); }
  const positions = Array.from(state.held.keys()).sort((a, b) => a - b);
  for (const p of positions) {
    const day = state.held.get(p);
    params.append("c", index.credentials[p][0] + (day ? ":" + day : ""));
  }
  const query = params.toString();
  const url = window.location.pathname + (query ? "?" + query : "");
  if (url !== window.location.pathname + window.location.search) { window.history.replaceState(null, "", url); }
}

function yamlText(state, index, recognizers, siteTitle) {
  // The keys are YAML's (English in every language); the comments and the name to replace are in the page's.
  const lines = [
    "# " + t("A portfolio started from the recognition calculator of %(site)s.",
      { site: siteTitle.replace(/[\r\n]/g, " ") }),
    "# " + t("Save it as content/portfolios/<your-id>/portfolio.yaml, write your name, and run `sitegen check`."),
    "name: " + t("Your name"),
    "public: false            # " + t("true publishes this portfolio on the site"),
  ];
  const chosen = recognizers.get(state.recognizer);
  if (chosen && chosen.kind === "district") { lines.push("district: " + chosen.id); }
  if (chosen && chosen.kind === "state") { lines.push("state: " + chosen.id); }
  const positions = earnedOrder(Array.from(state.held.keys()), state.held, index.credentials.map((c) => c[0]));
  const dated = positions.filter((p) => state.held.get(p) !== null);
  const undated = positions.filter((p) => state.held.get(p) === null);
  lines.push(dated.length ? "earned:" : "earned: []");
  for (const p of dated) {
    lines.push("  - credential: " + index.credentials[p][0], "    earned: " + state.held.get(p));
  }
  if (undated.length) {
    lines.push("# " + t("Earned on a date not given yet: write the date, then move each into `earned` above."));
    for (const p of undated) { lines.push("#  - credential: " + index.credentials[p][0], "#    earned: YYYY-MM-DD"); }
  }
  return lines.join("\n") + "\n";
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) { throw new Error(t("%(url)s answered %(status)s", { url: url, status: response.status })); }
  return response.json();
}

async function start() {
  if (!root) { return; }
  const index = await fetchJson(root.getAttribute("data-index"));
  const base = root.getAttribute("data-recognizers");
  const recognizers = new Map(index.recognizers.map((r) => [r[0], { id: r[0], name: r[1], kind: r[2], state: r[3] }]));
  const loaded = new Map();
  const fromAddress = readAddress(index);
  const state = { recognizer: recognizers.has(fromAddress.recognizer) ? fromAddress.recognizer : "",
    held: fromAddress.held };
  const placeFilter = root.querySelector("[data-calc-place-filter]");
  const place = root.querySelector("[data-calc-place]");
  const find = root.querySelector("[data-calc-find]");
  const choices = root.querySelector("[data-calc-choices]");
  const heldList = root.querySelector("[data-calc-held]");
  const heldLegend = root.querySelector("[data-calc-held-legend]");
  const status = root.querySelector("[data-calc-status]");
  const stackOf = new Map();
  index.stacks.forEach((s, i) => s.credentials.forEach((p) => {
    if (!stackOf.has(p)) { stackOf.set(p, []); }
    stackOf.get(p).push(i);
  }));
  const lowerTitles = index.credentials.map((c) => c[1].toLowerCase());

  function load(id) {
    if (!loaded.has(id)) {
      loaded.set(id, fetchJson(base + encodeURIComponent(id) + ".json").then((data) => {
        data.rules.forEach((rule) => { rule.selection = new Set(rule.select || []); });
        return data;
      }));
    }
    return loaded.get(id);
  }

  // 1. The recognizers, by state, filtered by name.
  function fillPlaces() {
    const words = placeFilter.value.trim().toLowerCase();
    const groups = new Map();
    for (const r of recognizers.values()) {
      const stateName = index.states[r.state] || r.state;
      if (words && !r.name.toLowerCase().includes(words) && !stateName.toLowerCase().includes(words)) { continue; }
      if (!groups.has(stateName)) { groups.set(stateName, []); }
      groups.get(stateName).push(r);
    }
    const fragment = document.createDocumentFragment();
    for (const [stateName, list] of groups) {
      const group = element("optgroup", { label: stateName });
      for (const r of list) {
        group.append(element("option", { value: r.id, selected: r.id === state.recognizer },
          r.kind === "state" ? t("%(name)s (the state)", { name: r.name }) : r.name));
      }
      fragment.append(group);
    }
    place.replaceChildren(fragment);
  }

  // 2. Credentials: the ticked ones with their dates, then stacks and credentials matching the search.
  function heldRow(p) {
    const id = index.credentials[p][0];
    const box = element("input", { type: "checkbox", id: "held-" + id, "data-credential": p, checked: true });
    const day = element("input", { type: "date", id: "date-" + id, "data-date": p, value: state.held.get(p) || null,
      min: "1990-01-01", max: "2100-12-31" });
    return element("li", { className: "calc-held-row", "data-held-row": p },
      element("span", { className: "calc-check" }, box, " ", element("label", { for: "held-" + id }, index.credentials[p][1])),
      element("span", { className: "calc-date" }, element("label", { for: "date-" + id }, t("Earned on")), " ", day));
  }

  function fillHeld() {
    const ordered = Array.from(state.held.keys()).sort((a, b) => lowerTitles[a] < lowerTitles[b] ? -1 : 1);
    heldList.replaceChildren(...ordered.map(heldRow));
    updateHeldLegend();
  }

  function updateHeldLegend() {
    const count = state.held.size;
    heldLegend.textContent = count ? t("Ticked: %(credentials)s", { credentials: credentialsWords(count) })
      : t("Ticked: none yet");
  }

  function choiceBox(p, prefix) {
    const id = prefix + "-" + index.credentials[p][0];
    return element("li", null, element("input", { type: "checkbox", id: id, "data-credential": p, checked: state.held.has(p) }),
      " ", element("label", { for: id }, index.credentials[p][1]));
  }

  function fillChoices() {
    const words = find.value.trim().toLowerCase();
    const fragment = document.createDocumentFragment();
    let stacksShown = 0;
    const stackMatches = [];
    index.stacks.forEach((s, i) => {
      if (!words || s.title.toLowerCase().includes(words) || s.credentials.some((p) => lowerTitles[p].includes(words))) {
        stackMatches.push(i);
      }
    });
    for (const i of stackMatches.slice(0, SHOWN_STACKS)) {
      const s = index.stacks[i];
      const whole = s.credentials.length > 0 && s.credentials.every((p) => state.held.has(p));
      const size = s.credentials.length;
      const legend = s.need < size
        ? tn("Stack: %(title)s (%(size)s credentials, any %(num)s complete it)",
          "Stack: %(title)s (%(size)s credentials, any %(num)s complete it)", s.need, { title: s.title, size: size })
        : tn("Stack: %(title)s (%(num)s credential)", "Stack: %(title)s (%(num)s credentials)", size, { title: s.title });
      fragment.append(element("fieldset", { className: "calc-stack" },
        element("legend", null, legend),
        element("p", null, element("input", { type: "checkbox", id: "stack-" + s.id, "data-stack": i, checked: whole }),
          " ", element("label", { for: "stack-" + s.id }, t("Tick the whole stack"))),
        element("details", { open: words !== "" && !s.title.toLowerCase().includes(words) },
          element("summary", null, t("Its credentials, one by one")),
          element("ul", { className: "plain calc-list" }, ...s.credentials.map((p) => choiceBox(p, "s" + i))))));
      stacksShown += 1;
    }
    const matches = [];
    for (let p = 0; p < lowerTitles.length; p += 1) {
      if (!words || lowerTitles[p].includes(words)) { matches.push(p); }
    }
    matches.sort((a, b) => lowerTitles[a] < lowerTitles[b] ? -1 : lowerTitles[a] > lowerTitles[b] ? 1 : 0);
    const shown = matches.slice(0, SHOWN_CREDENTIALS);
    const more = matches.length - shown.length;
    const moreStacks = stackMatches.length - stacksShown;
    fragment.append(element("fieldset", { className: "calc-credentials" },
      element("legend", null, words ? t("Credentials matching “%(words)s” (%(num)s)",
        { words: find.value.trim(), num: matches.length }) : t("Credentials (%(num)s)", { num: matches.length })),
      shown.length ? element("ul", { className: "plain calc-list" }, ...shown.map((p) => choiceBox(p, "c")))
        : element("p", null, t("No credential title holds these words.")),
      more > 0 ? element("p", { className: "muted" },
        tn("The first %(shown)s by title; %(num)s more match: type more of a title to find them.",
          "The first %(shown)s by title; %(num)s more match: type more of a title to find them.", more,
          { shown: shown.length })) : null));
    if (moreStacks > 0) {
      fragment.append(element("p", { className: "muted" }, tn("%(num)s more stack matches: type more of a title.",
        "%(num)s more stacks match: type more of a title.", moreStacks)));
    }
    choices.replaceChildren(fragment);
  }

  function syncBoxes() {
    for (const box of root.querySelectorAll("input[data-credential]")) {
      if (!box.closest("[data-calc-held]")) { box.checked = state.held.has(Number(box.getAttribute("data-credential"))); }
    }
    for (const box of root.querySelectorAll("input[data-stack]")) {
      const s = index.stacks[Number(box.getAttribute("data-stack"))];
      box.checked = s.credentials.length > 0 && s.credentials.every((p) => state.held.has(p));
    }
  }

  // 3. The results: every rule of the recognizer and of its state.
  function ruleItem(recognizer, rule) {
    const result = evaluate(rule, state.held, index, rule.selection);
    const title = (p) => index.credentials[p][1];
    const ids = (list) => list.map((p) => index.credentials[p][0]).join(" ");
    const words = result.computed ? resultWords(result, rule) : result.why;
    const item = element("li", {
      className: "worth-rule", "data-recognizer": recognizer.id, "data-rule": rule.id,
      "data-computed": result.computed ? "true" : "false",
      "data-amount": result.computed && result.amount !== null ? String(result.amount) : null,
      "data-reached": result.computed ? String(result.reached) : null,
      "data-have": result.computed ? String(result.have) : null,
      "data-need": result.computed && result.need !== null ? String(result.need) : null,
      "data-counted": result.computed ? ids(result.counted) : null,
      "data-held-back": result.computed ? ids(result.held_back) : null,
      "data-completed-on": result.computed && result.completed_on ? result.completed_on : null,
    }, element("p", null, element("strong", null, t("%(label)s:", { label: rule.purpose_label })), " ",
      element("span", { "data-words": "" }, words)));
    if (result.computed && result.need !== null && result.have < result.need) {
      item.append(element("p", null, element("progress", { className: "progress", max: result.need, value: result.have,
        "aria-label": t("%(label)s: %(have)s of %(need)s", { label: rule.purpose_label, have: result.have,
          need: result.need }) },
      result.have + " / " + result.need), " ", element("span", { className: "muted" }, result.have + " / " + result.need)));
    }
    item.append(element("p", { className: "muted" }, t("Rule:"), " ", element("a", { href: rule.href }, rule.rule_words),
      rule.status !== "active" ? " (" + (STATUS_WORDS[rule.status] || rule.status) + ")" : ""));
    if (result.computed && result.counted.length) {
      item.append(element("p", { className: "muted" },
        t("Counted: %(credentials)s", { credentials: result.counted.map(title).join(", ") })));
    }
    if (result.computed && result.held_back.length) {
      item.append(element("p", { className: "muted" },
        t("Held back by a cap: %(credentials)s", { credentials: result.held_back.map(title).join(", ") })));
    }
    const cites = element("p", { className: "cites" }, t("Source:"), " ");
    rule.sources.forEach((s, i) => { cites.append(...citation(s)); if (i < rule.sources.length - 1) { cites.append("; "); } });
    item.append(cites);
    return { item: item, result: result };
  }

  function groupSection(data) {
    const list = element("ul", { className: "plain" });
    let reached = 0, uncomputed = 0;
    for (const rule of data.rules) {
      const made = ruleItem(data, rule);
      list.append(made.item);
      if (!made.result.computed) { uncomputed += 1; } else if (made.result.reached) { reached += 1; }
    }
    const section = element("section", { className: "calc-group", "data-group": data.id },
      element("h3", null, element("a", { href: data.href }, data.name), " ",
        element("span", { className: "muted" }, data.kind === "state" ? t("State")
          : t("District, %(state)s", { state: data.state_name }))),
      data.rules.length ? list : element("p", null, t("This catalog records no rule of %(name)s yet.", { name: data.name })));
    return { section: section, rules: data.rules.length, reached: reached, uncomputed: uncomputed };
  }

  let drawn = 0;
  async function showResults() {
    const ticket = ++drawn;
    const started = performance.now();
    const chosen = recognizers.get(state.recognizer);
    if (!chosen) {
      const count = state.held.size;
      status.replaceChildren(element("p", null, count
        ? tn("%(num)s credential ticked. Choose a state or district to see what it is worth there.",
          "%(num)s credentials ticked. Choose a state or district to see what they are worth there.", count,
          { num: numberWords(count) })
        : t("Choose a state or district, then tick the credentials you hold.")));
      root.setAttribute("data-calc-ready", String(ticket));
      return;
    }
    const wanted = [chosen.id];
    if (chosen.kind === "district" && recognizers.has(chosen.state)) { wanted.push(chosen.state); }
    const groups = await Promise.all(wanted.map(load));
    if (ticket !== drawn) { return; }
    const made = groups.map(groupSection);
    const rules = made.reduce((s, g) => s + g.rules, 0);
    const reached = made.reduce((s, g) => s + g.reached, 0);
    const uncomputed = made.reduce((s, g) => s + g.uncomputed, 0);
    const held = state.held.size;
    const parts = {
      ticked: tn("%(num)s credential ticked", "%(num)s credentials ticked", held, { num: numberWords(held) }),
      who: wanted.length > 1 ? t("%(district)s and %(state)s", { district: chosen.name,
        state: recognizers.get(chosen.state).name }) : chosen.name,
      rules: tn("%(num)s rule", "%(num)s rules", rules, { num: numberWords(rules) }),
      reached: tn("%(num)s reached", "%(num)s reached", reached),
      uncomputed: tn("%(num)s not computed without earned dates", "%(num)s not computed without earned dates",
        uncomputed),
    };
    const summary = uncomputed ? t("%(ticked)s; %(who)s: %(rules)s, %(reached)s, %(uncomputed)s.", parts)
      : t("%(ticked)s; %(who)s: %(rules)s, %(reached)s.", parts);
    const notes = fromAddress.unknown.length ? element("p", { className: "notice" },
      t("Not in this catalog, so left out: %(ids)s", { ids: fromAddress.unknown.join(", ") })) : null;
    const shown = [element("p", { className: "calc-summary" }, summary)];
    if (notes) { shown.push(notes); }
    status.replaceChildren(...shown, ...made.map((g) => g.section));
    root.setAttribute("data-calc-ms", String(Math.round((performance.now() - started) * 100) / 100));
    root.setAttribute("data-calc-ready", String(ticket));
  }

  function changed() {
    writeAddress(state, index);
    updateHeldLegend();
    syncBoxes();
    return showResults();
  }

  place.addEventListener("change", () => { state.recognizer = place.value; changed(); });
  placeFilter.addEventListener("input", fillPlaces);
  find.addEventListener("input", fillChoices);
  root.querySelector("[data-calc-form]").addEventListener("submit", (event) => event.preventDefault());
  function ensureRow(p) {
    if (!heldList.querySelector("[data-held-row='" + p + "']")) { heldList.append(heldRow(p)); }
  }

  root.addEventListener("change", (event) => {
    const target = event.target;
    if (target.hasAttribute("data-credential")) {
      const p = Number(target.getAttribute("data-credential"));
      const inHeldList = target.closest("[data-calc-held]");
      if (target.checked) {
        if (!state.held.has(p)) { state.held.set(p, null); ensureRow(p); }
        if (inHeldList) { const row = inHeldList.querySelector("[data-date='" + p + "']"); if (row) { state.held.set(p, row.value || null); } }
      } else {
        state.held.delete(p);
        if (!inHeldList) { const row = heldList.querySelector("[data-held-row='" + p + "']"); if (row) { row.remove(); } }
      }
      changed();
    } else if (target.hasAttribute("data-stack")) {
      const s = index.stacks[Number(target.getAttribute("data-stack"))];
      for (const p of s.credentials) {
        if (target.checked && !state.held.has(p)) { state.held.set(p, null); ensureRow(p); }
        if (!target.checked && state.held.has(p)) {
          state.held.delete(p);
          const row = heldList.querySelector("[data-held-row='" + p + "']");
          if (row) { row.remove(); }
        }
      }
      changed();
    } else if (target.hasAttribute("data-date")) {
      const p = Number(target.getAttribute("data-date"));
      if (state.held.has(p)) { state.held.set(p, DATE.test(target.value) ? target.value : null); changed(); }
    }
  });
  root.querySelector("[data-calc-download]").addEventListener("click", () => {
    const text = yamlText(state, index, recognizers, root.getAttribute("data-site-title") || t("this catalog"));
    const link = element("a", { href: URL.createObjectURL(new Blob([text], { type: "application/yaml" })),
      download: "portfolio.yaml", hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  });

  fillPlaces();
  fillHeld();
  fillChoices();
  root.hidden = false;
  await changed();
}

start().catch((error) => {
  if (!root) { return; }
  root.hidden = false;
  root.replaceChildren(element("p", { className: "notice", role: "alert" },
    t("The calculator could not load its data (%(error)s). Each state's and district's page lists its rules.",
      { error: error.message })));
});
