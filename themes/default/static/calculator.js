// The recognition calculator: what ticked credentials are worth to one state or district and to its state.
// It follows CONTENT.md "What a portfolio earns" (sitegen/recognition.py) and words results as portfolio pages
// do (sitegen/wording.py); tests compare both on generated holdings. Data: calculator/credentials.json (shared)
// and calculator/recognizers/<id>.json (one recognizer's rules). Holdings live in the address:
// ?r=<recognizer>&c=<credential>[:<YYYY-MM-DD>]...
"use strict";

const root = document.getElementById("calculator");
const SHOWN_CREDENTIALS = 40;
const SHOWN_STACKS = 12;
const UNIT_WORDS = {
  "clock-hours": ["clock hour", "clock hours", "h"], "ceus": ["CEU", "CEUs", "CEU"],
  "renewal-credits": ["renewal credit", "renewal credits", "RC"], "pdps": ["PDP", "PDPs", "PDP"],
  "cpd-credits": ["CPD credit", "CPD credits", "CPD"], "contact-units": ["contact unit", "contact units", "CU"],
  "graduate-credits": ["graduate credit", "graduate credits", "GC"],
};
const NOT_SPECIFIED = "value not specified";
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// ---------------------------------------------------------------------------------------------------------
// Numbers and words (sitegen/wording.py)

export function tidy(amount) {
  if (amount === null || amount === undefined) { return null; }
  return Math.round(amount * 10000) / 10000;
}

export function numberWords(amount) {
  return tidy(amount).toLocaleString("en-US", { maximumFractionDigits: 4 });
}

function plural(count, singular, pluralForm) {
  const word = tidy(count) === 1 ? singular : (pluralForm || singular + "s");
  return numberWords(count) + " " + word;
}

function quantityWords(amount, unit, permanent) {
  const kind = permanent === true ? 0 : permanent === false ? 1 : 2;
  if (unit === "usd") {
    return "$" + numberWords(amount) + [" permanent raise", " one-time payment", ""][kind];
  }
  if (unit === "percent-salary") {
    return numberWords(amount) + "%" + [" permanent salary increase", " one-time salary payment",
      " salary increase"][kind];
  }
  if (unit === "eligibility") { return "eligibility"; }
  if (UNIT_WORDS[unit]) { return plural(amount, UNIT_WORDS[unit][0], UNIT_WORDS[unit][1]); }
  return numberWords(amount);
}

function shortQuantity(amount, unit) {
  if (unit === "usd") { return "$" + numberWords(amount); }
  if (unit === "percent-salary") { return numberWords(amount) + "%"; }
  if (UNIT_WORDS[unit]) { return numberWords(amount) + " " + UNIT_WORDS[unit][2]; }
  return numberWords(amount);
}

function bareAmount(amount, unit) {
  return unit === "usd" || unit === "percent-salary" ? shortQuantity(amount, unit) : numberWords(amount);
}

function credentialsWords(count) { return plural(count, "credential"); }

function cappedWords(result, rule) {
  return result.capped && rule.max_total !== null ? "capped at " + bareAmount(rule.max_total, rule.unit) + " in all" : "";
}

export function resultWords(result, rule) {
  if (rule.basis === "stack-completion") { return stackWords(result, rule); }
  if (rule.basis === "threshold") { return thresholdWords(result, rule); }
  return perCredentialWords(result, rule);
}

function perCredentialWords(result, rule) {
  if (!result.counted.length && !result.held_back.length) {
    return rule.unit === "eligibility" ? "Not yet eligible: no matching credential earned"
      : "No matching credential earned yet";
  }
  const notes = [credentialsWords(result.counted.length) + " counted"];
  if (result.held_back.length && rule.max_per_year !== null) {
    notes.push(numberWords(result.held_back.length) + " held back by the " + numberWords(rule.max_per_year) +
      "-a-year cap");
  }
  const capped = cappedWords(result, rule);
  if (capped) { notes.push(capped); }
  const detail = notes.join("; ");
  if (rule.unit === "eligibility") {
    return (result.reached ? "Eligible for " + rule.purpose_words : "Not yet eligible") + " (" + detail + ")";
  }
  if (result.amount === null) { return "Recognized, " + NOT_SPECIFIED + " (" + detail + ")"; }
  if (result.unit === "usd" && rule.permanent === false && result.counted.length > 1) {
    return "$" + numberWords(result.amount) + " in one-time payments (" + detail + ")";
  }
  return quantityWords(result.amount, result.unit, rule.permanent) + " (" + detail + ")";
}

function stackWords(result, rule) {
  if (result.need !== null && result.have < result.need) {
    return numberWords(result.have) + " / " + numberWords(result.need) + " credentials of the stack";
  }
  const when = result.completed_on ? " on " + result.completed_on : "";
  if (!result.reached && !result.completed_on && (rule.from !== null || rule.until !== null)) {
    let window;
    if (rule.from !== null && rule.until !== null) {
      window = "outside " + rule.from + " to " + rule.until + ", the dates this rule counts";
    } else {
      window = rule.from !== null ? "before the rule took effect on " + rule.from : "after the rule ended on " + rule.until;
    }
    return "Stack complete " + window + ": not recognized under this rule";
  }
  if (!result.reached && result.completed_on) {
    if (rule.until !== null && result.completed_on > rule.until) {
      return "Stack complete" + when + ", after the rule ended on " + rule.until + ": not recognized under this rule";
    }
    if (rule.from !== null) {
      return "Stack complete" + when + ", before the rule took effect on " + rule.from +
        ": not recognized under this rule";
    }
  }
  let value;
  if (rule.unit === "eligibility") {
    value = "eligible for " + rule.purpose_words;
  } else if (result.amount === null) {
    value = "recognized, " + NOT_SPECIFIED;
  } else {
    value = quantityWords(result.amount, result.unit, rule.permanent);
    const capped = cappedWords(result, rule);
    if (capped) { value += " (" + capped + ")"; }
  }
  return "Stack complete" + when + ": " + value;
}

function thresholdWords(result, rule) {
  const lead = credentialsWords(result.have) + ": ";
  const upcoming = result.next_tier;
  const toNext = result.to_next !== null ? numberWords(result.to_next) : "";
  let reached;
  if (rule.unit === "eligibility") {
    if (!result.reached && upcoming) { return lead + toNext + " more to reach eligibility for " + rule.purpose_words; }
    reached = "eligible for " + rule.purpose_words;
  } else if (result.amount === null) {
    if (!result.reached && upcoming) {
      return lead + toNext + " more to reach recognition at " + credentialsWords(upcoming.at);
    }
    reached = "recognized, " + NOT_SPECIFIED;
  } else {
    if (!result.reached && upcoming) {
      if (upcoming.amount === null) { return lead + toNext + " more to reach the first tier"; }
      return lead + toNext + " more to reach " + quantityWords(upcoming.amount, result.unit, null);
    }
    reached = quantityWords(result.amount, result.unit, null) + " reached";
    const capped = cappedWords(result, rule);
    if (capped) { reached += " (" + capped + ")"; }
  }
  if (!upcoming) { return rule.tiers.length > 1 ? lead + reached + "; every tier reached" : lead + reached; }
  let goal;
  if (upcoming.amount === null || rule.unit === "eligibility" || result.amount === null) {
    goal = "the next tier";
  } else if (rule.unit === "usd" || rule.unit === "percent-salary") {
    goal = "the next " + bareAmount(upcoming.amount, rule.unit);
  } else {
    goal = "the next " + quantityWords(upcoming.amount, rule.unit, null);
  }
  return lead + reached + "; " + toNext + " more to reach " + goal;
}

// ---------------------------------------------------------------------------------------------------------
// The computation (sitegen/recognition.py). `held` maps a credential's position in the index to its earned
// date ("YYYY-MM-DD") or null when no date was given.

function schoolYear(day, starts) {
  const year = Number(day.slice(0, 4)), month = Number(day.slice(5, 7)), date = Number(day.slice(8, 10));
  return (month > starts[0] || (month === starts[0] && date >= starts[1])) ? year : year - 1;
}

function inEffect(rule, day) {
  if (rule.from !== null && day < rule.from) { return false; }
  return !(rule.until !== null && day > rule.until);
}

// Earned order: by date, then id; credentials without a date after the dated ones, by id.
function earnedOrder(positions, held, ids) {
  return positions.slice().sort((a, b) => {
    const da = held.get(a), db = held.get(b);
    if (da !== db) {
      if (da === null) { return 1; }
      if (db === null) { return -1; }
      return da < db ? -1 : 1;
    }
    return ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0;
  });
}

function capAmount(rule, amount) {
  if (rule.max_total !== null && amount > rule.max_total) { return [rule.max_total, true]; }
  return [amount, false];
}

function windowWords(rule) {
  if (rule.from !== null && rule.until !== null) { return "between " + rule.from + " and " + rule.until; }
  return rule.from !== null ? "from " + rule.from : "until " + rule.until;
}

function notComputed(missing, index, why) {
  const names = missing.map((p) => index.credentials[p][1]).join(", ");
  return { computed: false, why: "Not computed: " + names + (missing.length > 1 ? " have" : " has") +
    " no earned date, and " + why + ". Add the date to see it." };
}

// A stack's completion: the date the last needed credential was earned. Undated credentials could have been
// earned at any time, so the date lies between `lo` (all of them earliest) and `hi` (all of them latest);
// null stands for "any time before" (lo) or "any time after" (hi).
function stackCompletion(rule, stack, held, index, ids) {
  const ordered = earnedOrder(stack.credentials.filter((p) => held.has(p)), held, ids);
  const need = stack.need;
  const dated = ordered.map((p) => held.get(p)).filter((day) => day !== null).sort();
  const missing = ordered.filter((p) => held.get(p) === null);
  const complete = ordered.length >= need;
  const out = { ordered: ordered, need: need, complete: complete, completed_on: null, reached: complete };
  if (!complete || need === 0) { return out; }
  const lo = missing.length >= need ? null : dated[need - missing.length - 1];
  const hi = dated.length >= need ? dated[need - 1] : null;
  out.completed_on = lo === hi ? hi : null;
  // Recognized for sure when the whole range lies inside the rule's dates; not when it lies before or after.
  const inside = (lo === null ? rule.from === null : rule.from === null || lo >= rule.from) &&
    (hi === null ? rule.until === null : rule.until === null || hi <= rule.until);
  const outside = (hi !== null && rule.from !== null && hi < rule.from) ||
    (lo !== null && rule.until !== null && lo > rule.until);
  if (!inside && !outside) {
    out.unknown = notComputed(missing, index, "the stack is complete, but this rule counts a stack completed " +
      windowWords(rule));
  }
  out.reached = inside;
  return out;
}

export function evaluate(rule, held, index, selection) {
  const ids = index.credentials.map((c) => c[0]);
  const selectedHeld = [];
  held.forEach((_, position) => { if (rule.all || selection.has(position)) { selectedHeld.push(position); } });
  const missing = selectedHeld.filter((p) => held.get(p) === null);
  const bounded = rule.from !== null || rule.until !== null;
  const base = { computed: true, unit: rule.unit, counted: [], held_back: [], amount: null, capped: false,
    reached: false, have: 0, need: null, completed_on: null, next_tier: null, to_next: null };
  const additive = rule.unit !== "eligibility";
  if (rule.basis === "stack-completion") {
    const done = stackCompletion(rule, index.stacks[rule.stack], held, index, ids);
    if (done.unknown) { return done.unknown; }
    const result = Object.assign(base, { counted: done.ordered, reached: done.reached, have: done.ordered.length,
      need: done.need, completed_on: done.completed_on });
    if (rule.amount !== null && additive) {
      [result.amount, result.capped] = capAmount(rule, tidy(done.reached ? rule.amount : 0));
      result.amount = tidy(result.amount);
    }
    return result;
  }
  if (missing.length && bounded) {
    return notComputed(missing, index, "this rule counts credentials earned " + windowWords(rule));
  }
  const matching = earnedOrder(selectedHeld.filter((p) => held.get(p) === null || inEffect(rule, held.get(p))), held, ids);
  if (rule.basis === "threshold") {
    const count = matching.length;
    const reachedTiers = rule.tiers.filter((t) => t.at <= count);
    const upcoming = rule.tiers.filter((t) => t.at > count);
    const next = upcoming.length ? upcoming.reduce((a, b) => (b.at < a.at ? b : a)) : null;
    const result = Object.assign(base, { counted: matching, reached: reachedTiers.length > 0, have: count,
      need: next ? next.at : null, next_tier: next, to_next: next ? next.at - count : null });
    if (rule.tiers.some((t) => t.amount !== null) && additive) {
      [result.amount, result.capped] = capAmount(rule, tidy(reachedTiers.reduce((s, t) => s + (t.amount || 0), 0)));
      result.amount = tidy(result.amount);
    }
    return result;
  }
  const perYear = new Map();
  const yearOf = (p) => held.get(p) === null ? "undated" : schoolYear(held.get(p), index.school_year_starts);
  if (rule.max_per_year !== null && missing.length) {
    // Undated credentials change nothing unless, all earned in the busiest year, they would pass the cap.
    const counts = new Map();
    matching.filter((p) => held.get(p) !== null).forEach((p) => counts.set(yearOf(p), (counts.get(yearOf(p)) || 0) + 1));
    const busiest = Math.max(0, ...counts.values());
    if (busiest + missing.length > rule.max_per_year) {
      return notComputed(missing, index, "this rule counts at most " + numberWords(rule.max_per_year) + " a school year");
    }
  }
  for (const position of matching) {
    const year = yearOf(position);
    if (rule.max_per_year !== null && (perYear.get(year) || 0) >= rule.max_per_year) {
      base.held_back.push(position);
      continue;
    }
    perYear.set(year, (perYear.get(year) || 0) + 1);
    base.counted.push(position);
  }
  base.reached = base.counted.length > 0;
  base.have = base.counted.length;
  if (rule.amount !== null && additive) {
    [base.amount, base.capped] = capAmount(rule, tidy(rule.amount * base.counted.length));
    base.amount = tidy(base.amount);
  }
  return base;
}

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
  const lines = [
    "# A portfolio started from the recognition calculator of " + siteTitle.replace(/[\r\n]/g, " ") + ".",
    "# Save it as content/portfolios/<your-id>/portfolio.yaml, write your name, and run `sitegen check`.",
    "name: Your name",
    "public: false            # true publishes this portfolio on the site",
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
    lines.push("# Earned on a date not given yet: write the date, then move each into `earned` above.");
    for (const p of undated) { lines.push("#  - credential: " + index.credentials[p][0], "#    earned: YYYY-MM-DD"); }
  }
  return lines.join("\n") + "\n";
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) { throw new Error(url + " answered " + response.status); }
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
          r.kind === "state" ? r.name + " (the state)" : r.name));
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
      element("span", { className: "calc-date" }, element("label", { for: "date-" + id }, "Earned on "), day));
  }

  function fillHeld() {
    const ordered = Array.from(state.held.keys()).sort((a, b) => lowerTitles[a] < lowerTitles[b] ? -1 : 1);
    heldList.replaceChildren(...ordered.map(heldRow));
    updateHeldLegend();
  }

  function updateHeldLegend() {
    const count = state.held.size;
    heldLegend.textContent = count ? "Ticked: " + credentialsWords(count) : "Ticked: none yet";
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
      const need = s.need < s.credentials.length ? ", any " + s.need + " complete it" : "";
      fragment.append(element("fieldset", { className: "calc-stack" },
        element("legend", null, "Stack: " + s.title + " (" + s.credentials.length + " credentials" + need + ")"),
        element("p", null, element("input", { type: "checkbox", id: "stack-" + s.id, "data-stack": i, checked: whole }),
          " ", element("label", { for: "stack-" + s.id }, "Tick the whole stack")),
        element("details", { open: words !== "" && !s.title.toLowerCase().includes(words) },
          element("summary", null, "Its credentials, one by one"),
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
      element("legend", null, words ? "Credentials matching “" + find.value.trim() + "” (" + matches.length + ")"
        : "Credentials (" + matches.length + ")"),
      shown.length ? element("ul", { className: "plain calc-list" }, ...shown.map((p) => choiceBox(p, "c")))
        : element("p", null, "No credential title holds these words."),
      more > 0 ? element("p", { className: "muted" }, "The first " + shown.length + " by title; " + more +
        " more match: type more of a title to find them.") : null));
    if (moreStacks > 0) {
      fragment.append(element("p", { className: "muted" }, moreStacks + " more stacks match: type more of a title."));
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
    }, element("p", null, element("strong", null, rule.purpose_label + ":"), " ", element("span", { "data-words": "" }, words)));
    if (result.computed && result.need !== null && result.have < result.need) {
      item.append(element("p", null, element("progress", { className: "progress", max: result.need, value: result.have,
        "aria-label": rule.purpose_label + ": " + result.have + " of " + result.need },
      result.have + " / " + result.need), " ", element("span", { className: "muted" }, result.have + " / " + result.need)));
    }
    item.append(element("p", { className: "muted" }, "Rule: ", element("a", { href: rule.href }, rule.rule_words),
      rule.status !== "active" ? " (" + rule.status + ")" : ""));
    if (result.computed && result.counted.length) {
      item.append(element("p", { className: "muted" }, "Counted: " + result.counted.map(title).join(", ")));
    }
    if (result.computed && result.held_back.length) {
      item.append(element("p", { className: "muted" }, "Held back by a cap: " + result.held_back.map(title).join(", ")));
    }
    const cites = element("p", { className: "cites" }, "Source: ");
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
        element("span", { className: "muted" }, data.kind === "state" ? "State" : "District, " + data.state_name)),
      data.rules.length ? list : element("p", null, "This catalog records no rule of " + data.name + " yet."));
    return { section: section, rules: data.rules.length, reached: reached, uncomputed: uncomputed };
  }

  let drawn = 0;
  async function showResults() {
    const ticket = ++drawn;
    const started = performance.now();
    const chosen = recognizers.get(state.recognizer);
    if (!chosen) {
      status.replaceChildren(element("p", null, state.held.size
        ? credentialsWords(state.held.size) + " ticked. Choose a state or district to see what they are worth there."
        : "Choose a state or district, then tick the credentials you hold."));
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
    let summary = credentialsWords(state.held.size) + " ticked; " + chosen.name +
      (wanted.length > 1 ? " and " + recognizers.get(chosen.state).name : "") + ": " + plural(rules, "rule") + ", " +
      reached + " reached";
    if (uncomputed) { summary += ", " + uncomputed + " not computed without earned dates"; }
    const notes = fromAddress.unknown.length ? element("p", { className: "notice" }, "Not in this catalog, so left out: " +
      fromAddress.unknown.join(", ")) : null;
    const parts = [element("p", { className: "calc-summary" }, summary + ".")];
    if (notes) { parts.push(notes); }
    status.replaceChildren(...parts, ...made.map((g) => g.section));
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
    const text = yamlText(state, index, recognizers, root.getAttribute("data-site-title") || "this catalog");
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
    "The calculator could not load its data (" + error.message + "). Each state's and district's page lists its rules."));
});
