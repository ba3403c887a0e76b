// The computation and wording of the recognition calculator: CONTENT.md "What a portfolio earns" as
// sitegen/recognition.py computes it, in the words of sitegen/wording.py. Pure functions; calculator.js (the page)
// imports them. The browser tests compare both, figure by figure and sentence by sentence, in English and in
// Spanish.

// ---------------------------------------------------------------------------------------------------------
// The page's language. The strings below are English msgids, the same as sitegen/wording.py's; on a page in
// another language, the layout gives their translations in <script id="sitegen-words"> (built by
// sitegen/plan/scriptwords.py, which lists every string t() and tn() are given here and in calculator.js). A
// string the table does not give stays in English, and English pages have no table.

function readWords() {
  const block = typeof document === "undefined" ? null : document.getElementById("sitegen-words");
  try { return block ? JSON.parse(block.textContent) : {}; } catch (error) { return {}; }
}

const WORDS = readWords();
const LANGUAGE = typeof document === "undefined" ? "en" : document.documentElement.lang || "en";

// A date ("YYYY-MM-DD") inside a sentence: as it is on English pages (wording.py writes ISO dates there), else
// the language's long form as spoken in the United States ("27 de abril de 2018", as Babel writes it for
// wording.py).
function dayWords(day) {
  if (!Object.keys(WORDS).length || LANGUAGE === "en") { return day; }
  return new Intl.DateTimeFormat(LANGUAGE + "-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" })
    .format(new Date(day + "T00:00:00Z"));
}

function fill(text, values) {
  if (!values) { return text; }
  return text.replace(/%\((\w+)\)s|%%/g, (match, name) => (name ? String(values[name]) : "%"));
}

// A string in the page's language, its %(name)s placeholders filled from `values` (as Python's `%`).
export function t(english, values) {
  return fill(typeof WORDS[english] === "string" ? WORDS[english] : english, values);
}

// A string with a count: the table gives [singular, plural]. The form is the singular for n === 1 and the
// plural otherwise, which is the rule of English and Spanish alike (gettext's "n != 1"); a language with other
// plural forms would need its gettext plural formula here. %(num)s is n unless `values` gives it (written
// as numberWords does).
export function tn(singular, plural, n, values) {
  const forms = WORDS[singular];
  const text = Array.isArray(forms) ? forms[n === 1 ? 0 : 1] : (n === 1 ? singular : plural);
  return fill(text, Object.assign({ num: n }, values));
}

// What an amount of each unit is called, chosen by the amount as wording.py's UNIT_PHRASES are.
const UNIT_PHRASES = {
  "clock-hours": (n, v) => tn("%(num)s clock hour", "%(num)s clock hours", n, v),
  "ceus": (n, v) => tn("%(num)s CEU", "%(num)s CEUs", n, v),
  "renewal-credits": (n, v) => tn("%(num)s renewal credit", "%(num)s renewal credits", n, v),
  "pdps": (n, v) => tn("%(num)s PDP", "%(num)s PDPs", n, v),
  "cpd-credits": (n, v) => tn("%(num)s CPD credit", "%(num)s CPD credits", n, v),
  "contact-units": (n, v) => tn("%(num)s contact unit", "%(num)s contact units", n, v),
  "graduate-credits": (n, v) => tn("%(num)s graduate credit", "%(num)s graduate credits", n, v),
};
// Their short forms for matrix cells (not translated: wording.py's short_quantity is not either).
const UNIT_SHORT = {
  "clock-hours": "h", "ceus": "CEU", "renewal-credits": "RC", "pdps": "PDP", "cpd-credits": "CPD",
  "contact-units": "CU", "graduate-credits": "GC",
};

// ---------------------------------------------------------------------------------------------------------
// Numbers and words (sitegen/wording.py)

export function tidy(amount) {
  if (amount === null || amount === undefined) { return null; }
  return Math.round(amount * 10000) / 10000;
}

export function numberWords(amount) {
  return tidy(amount).toLocaleString("en-US", { maximumFractionDigits: 4 });
}

function quantityWords(amount, unit, permanent) {
  const number = numberWords(amount);
  if (unit === "usd") {
    if (permanent === true) { return t("$%(amount)s permanent raise", { amount: number }); }
    if (permanent === false) { return t("$%(amount)s one-time payment", { amount: number }); }
    return t("$%(amount)s", { amount: number });
  }
  if (unit === "percent-salary") {
    if (permanent === true) { return t("%(amount)s%% permanent salary increase", { amount: number }); }
    if (permanent === false) { return t("%(amount)s%% one-time salary payment", { amount: number }); }
    return t("%(amount)s%% salary increase", { amount: number });
  }
  if (unit === "eligibility") { return t("eligibility"); }
  if (UNIT_PHRASES[unit]) { return UNIT_PHRASES[unit](tidy(amount) === 1 ? 1 : 2, { num: number }); }
  return number;
}

function shortQuantity(amount, unit) {
  if (unit === "usd") { return "$" + numberWords(amount); }
  if (unit === "percent-salary") { return numberWords(amount) + "%"; }
  if (UNIT_SHORT[unit]) { return numberWords(amount) + " " + UNIT_SHORT[unit]; }
  return numberWords(amount);
}

function bareAmount(amount, unit) {
  return unit === "usd" || unit === "percent-salary" ? shortQuantity(amount, unit) : numberWords(amount);
}

export function credentialsWords(count) {
  return tn("%(num)s credential", "%(num)s credentials", count, { num: numberWords(count) });
}

function cappedWords(result, rule) {
  return result.capped && rule.max_total !== null
    ? t("capped at %(amount)s in all", { amount: bareAmount(rule.max_total, rule.unit) }) : "";
}

export function resultWords(result, rule) {
  if (rule.basis === "stack-completion") { return stackWords(result, rule); }
  if (rule.basis === "threshold") { return thresholdWords(result, rule); }
  return perCredentialWords(result, rule);
}

function perCredentialWords(result, rule) {
  if (!result.counted.length && !result.held_back.length) {
    return rule.unit === "eligibility" ? t("Not yet eligible: no matching credential earned")
      : t("No matching credential earned yet");
  }
  const counted = result.counted.length;
  const notes = [tn("%(num)s credential counted", "%(num)s credentials counted", counted, { num: numberWords(counted) })];
  if (result.held_back.length && rule.max_per_year !== null) {
    notes.push(t("%(num)s held back by the %(cap)s-a-year cap", { num: numberWords(result.held_back.length),
      cap: numberWords(rule.max_per_year) }));
  }
  const capped = cappedWords(result, rule);
  if (capped) { notes.push(capped); }
  const detail = notes.join("; ");
  if (rule.unit === "eligibility") {
    return result.reached ? t("Eligible for %(purpose)s (%(detail)s)", { purpose: rule.purpose_words, detail: detail })
      : t("Not yet eligible (%(detail)s)", { detail: detail });
  }
  if (result.amount === null) { return t("Recognized, value not specified (%(detail)s)", { detail: detail }); }
  if (result.unit === "usd" && rule.permanent === false && result.counted.length > 1) {
    return t("$%(amount)s in one-time payments (%(detail)s)", { amount: numberWords(result.amount), detail: detail });
  }
  return quantityWords(result.amount, result.unit, rule.permanent) + " (" + detail + ")";
}

function ruleWindow(rule) {
  if (rule.from !== null && rule.until !== null) {
    return t("outside %(start)s to %(until)s, the dates this rule counts",
      { start: dayWords(rule.from), until: dayWords(rule.until) });
  }
  return rule.from !== null ? t("before the rule took effect on %(start)s", { start: dayWords(rule.from) })
    : t("after the rule ended on %(until)s", { until: dayWords(rule.until) });
}

function stackWords(result, rule) {
  if (result.need !== null && result.have < result.need) {
    return t("%(have)s / %(need)s credentials of the stack", { have: numberWords(result.have),
      need: numberWords(result.need) });
  }
  const day = result.completed_on;
  if (!result.reached && !day && (rule.from !== null || rule.until !== null)) {
    return t("Stack complete %(window)s: not recognized under this rule", { window: ruleWindow(rule) });
  }
  if (!result.reached && day) {
    if (rule.until !== null && day > rule.until) {
      return t("Stack complete on %(date)s, after the rule ended on %(until)s: not recognized under this rule",
        { date: dayWords(day), until: dayWords(rule.until) });
    }
    if (rule.from !== null) {
      return t("Stack complete on %(date)s, before the rule took effect on %(start)s: not recognized under this rule",
        { date: dayWords(day), start: dayWords(rule.from) });
    }
  }
  let value;
  if (rule.unit === "eligibility") {
    value = t("eligible for %(purpose)s", { purpose: rule.purpose_words });
  } else if (result.amount === null) {
    value = t("recognized, value not specified");
  } else {
    value = quantityWords(result.amount, result.unit, rule.permanent);
    const capped = cappedWords(result, rule);
    if (capped) { value += " (" + capped + ")"; }
  }
  return day ? t("Stack complete on %(date)s: %(value)s", { date: dayWords(day), value: value })
    : t("Stack complete: %(value)s", { value: value });
}

function thresholdWords(result, rule) {
  const have = credentialsWords(result.have);
  const upcoming = result.next_tier;
  const toNext = result.to_next !== null ? numberWords(result.to_next) : "";
  const more = (goal) => t("%(have)s: %(more)s more to reach %(goal)s", { have: have, more: toNext, goal: goal });
  let reached;
  if (rule.unit === "eligibility") {
    if (!result.reached && upcoming) { return more(t("eligibility for %(purpose)s", { purpose: rule.purpose_words })); }
    reached = t("eligible for %(purpose)s", { purpose: rule.purpose_words });
  } else if (result.amount === null) {
    if (!result.reached && upcoming) {
      return more(t("recognition at %(credentials)s", { credentials: credentialsWords(upcoming.at) }));
    }
    reached = t("recognized, value not specified");
  } else {
    if (!result.reached && upcoming) {
      if (upcoming.amount === null) { return more(t("the first tier")); }
      return more(quantityWords(upcoming.amount, result.unit, null));
    }
    reached = t("%(value)s reached", { value: quantityWords(result.amount, result.unit, null) });
    const capped = cappedWords(result, rule);
    if (capped) { reached += " (" + capped + ")"; }
  }
  if (!upcoming) {
    return rule.tiers.length > 1 ? t("%(have)s: %(reached)s; every tier reached", { have: have, reached: reached })
      : have + ": " + reached;
  }
  let goal;
  if (upcoming.amount === null || rule.unit === "eligibility" || result.amount === null) {
    goal = t("the next tier");
  } else if (rule.unit === "usd" || rule.unit === "percent-salary") {
    goal = t("the next %(amount)s", { amount: bareAmount(upcoming.amount, rule.unit) });
  } else {
    goal = t("the next %(amount)s", { amount: quantityWords(upcoming.amount, rule.unit, null) });
  }
  return t("%(have)s: %(reached)s; %(more)s more to reach %(goal)s", { have: have, reached: reached, more: toNext,
    goal: goal });
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
export function earnedOrder(positions, held, ids) {
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
  if (rule.from !== null && rule.until !== null) {
    return t("between %(start)s and %(until)s", { start: dayWords(rule.from), until: dayWords(rule.until) });
  }
  return rule.from !== null ? t("from %(start)s", { start: dayWords(rule.from) })
    : t("until %(until)s", { until: dayWords(rule.until) });
}

function notComputed(missing, index, why) {
  const names = missing.map((p) => index.credentials[p][1]).join(", ");
  return { computed: false, why: tn("Not computed: %(names)s has no earned date, and %(why)s. Add the date to see it.",
    "Not computed: %(names)s have no earned date, and %(why)s. Add the date to see it.", missing.length,
    { names: names, why: why }) };
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
    out.unknown = notComputed(missing, index, t("the stack is complete, but this rule counts a stack completed %(window)s",
      { window: windowWords(rule) }));
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
    return notComputed(missing, index, t("this rule counts credentials earned %(window)s", { window: windowWords(rule) }));
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
      return notComputed(missing, index, t("this rule counts at most %(num)s a school year",
        { num: numberWords(rule.max_per_year) }));
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

