// The computation and wording of the recognition calculator: CONTENT.md "What a portfolio earns" as
// sitegen/recognition.py computes it, in the words of sitegen/wording.py. Pure functions; calculator.js (the page)
// imports them. The browser tests compare both, figure by figure and sentence by sentence.

const UNIT_WORDS = {
  "clock-hours": ["clock hour", "clock hours", "h"], "ceus": ["CEU", "CEUs", "CEU"],
  "renewal-credits": ["renewal credit", "renewal credits", "RC"], "pdps": ["PDP", "PDPs", "PDP"],
  "cpd-credits": ["CPD credit", "CPD credits", "CPD"], "contact-units": ["contact unit", "contact units", "CU"],
  "graduate-credits": ["graduate credit", "graduate credits", "GC"],
};
const NOT_SPECIFIED = "value not specified";

// ---------------------------------------------------------------------------------------------------------
// Numbers and words (sitegen/wording.py)

export function tidy(amount) {
  if (amount === null || amount === undefined) { return null; }
  return Math.round(amount * 10000) / 10000;
}

export function numberWords(amount) {
  return tidy(amount).toLocaleString("en-US", { maximumFractionDigits: 4 });
}

export function plural(count, singular, pluralForm) {
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

export function credentialsWords(count) { return plural(count, "credential"); }

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

