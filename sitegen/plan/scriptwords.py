"""The words the theme's browser scripts write (themes/default/static/*.js), for pages not in English.

The scripts are shared by every language and written in English: each string they show is passed to `t()` (or,
with a count, `tn()`) as an English msgid, placeholders in `%(name)s` style. On a page whose interface is not
English, the layout gives the scripts these msgids' translations in one
`<script type="application/json" id="sitegen-words">` block: `{msgid: translation}`, and for a singular and
plural pair `{singular msgid: [singular, plural]}` (the scripts take the singular for a count of exactly 1, the
rule of English and Spanish). A string the block does not give stays in English; English pages get no block.

The lists below are every string of each script (tests/build/test_script_words.py compares them with the
scripts' `t()` and `tn()` calls), marked with `N_`/`Nn_` so that `scripts/i18n.py extract` puts them in each
language's messages.po. The calculator's rule results reuse sitegen/wording.py's msgids, so that a result reads
the same in the calculator as on a portfolio page, in every language."""

from __future__ import annotations

import gettext

from sitegen.i18n import N_, Nn_

Words = tuple[str | tuple[str, str], ...]
WordsTable = dict[str, str | list[str]]

SITE_JS: Words = (
    # the sort buttons of tables marked data-sortable
    N_("Sort"),
    N_("Sort by %(column)s"),
)

SEARCH_JS: Words = (
    # the filters' legends (their names, keys of Pagefind and of the address, stay English)
    N_("Named by rules in"),
    N_("Recognized for"),
    N_("Issuer"),
    N_("Topic"),
    N_("Role"),
    N_("Grade band"),
    N_("How it counts"),
    N_("Page type"),
    # a state chosen where some recognizer accepts any credential: %(count)s is the page's "N recognizers also
    # accept", %(rules)s the link "their rules"
    N_("In %(state)s, %(count)s any credential of this catalog, whatever the other filters: %(rules)s."),
    N_("their rules"),
    # the status line and the results
    N_("Loading search…"),
    N_("Type a word, or choose filters, to see matching credentials."),
    N_("Searching…"),
    Nn_("%(num)s result.", "%(num)s results."),
    Nn_("%(num)s result for “%(query)s”.", "%(num)s results for “%(query)s”."),
    N_("%(num)s results (showing the first 50)."),
    N_("%(num)s results for “%(query)s” (showing the first 50)."),
    Nn_("named by rules in %(num)s state", "named by rules in %(num)s states"),
    N_("Search is not available: the search index is missing."),
    N_("Search is not available: the search index is missing. Browse all credentials instead."),
)

CALCULATOR_PAGE: Words = (
    # calculator.js: choosing a place and credentials
    N_("%(name)s (the state)"),
    N_("Earned on"),
    N_("Ticked: %(credentials)s"),
    N_("Ticked: none yet"),
    Nn_("Stack: %(title)s (%(num)s credential)", "Stack: %(title)s (%(num)s credentials)"),
    # %(num)s of the stack's %(size)s credentials complete it (the form follows %(num)s)
    Nn_("Stack: %(title)s (%(size)s credentials, any %(num)s complete it)",
        "Stack: %(title)s (%(size)s credentials, any %(num)s complete it)"),
    N_("Tick the whole stack"),
    N_("Its credentials, one by one"),
    N_("Credentials matching “%(words)s” (%(num)s)"),
    N_("Credentials (%(num)s)"),
    N_("No credential title holds these words."),
    Nn_("The first %(shown)s by title; %(num)s more match: type more of a title to find them.",
        "The first %(shown)s by title; %(num)s more match: type more of a title to find them."),
    Nn_("%(num)s more stack matches: type more of a title.", "%(num)s more stacks match: type more of a title."),
    # the results
    N_("Choose a state or district, then tick the credentials you hold."),
    Nn_("%(num)s credential ticked. Choose a state or district to see what it is worth there.",
        "%(num)s credentials ticked. Choose a state or district to see what they are worth there."),
    # the summary: "%(ticked)s; %(who)s: %(rules)s, %(reached)s[, %(uncomputed)s]."
    Nn_("%(num)s credential ticked", "%(num)s credentials ticked"),
    N_("%(district)s and %(state)s"),
    Nn_("%(num)s rule", "%(num)s rules"),
    Nn_("%(num)s reached", "%(num)s reached"),
    Nn_("%(num)s not computed without earned dates", "%(num)s not computed without earned dates"),
    N_("%(ticked)s; %(who)s: %(rules)s, %(reached)s."),
    N_("%(ticked)s; %(who)s: %(rules)s, %(reached)s, %(uncomputed)s."),
    N_("Not in this catalog, so left out: %(ids)s"),
    N_("State"),
    N_("District, %(state)s"),
    N_("This catalog records no rule of %(name)s yet."),
    # a rule's result: its purpose, a progress bar, the rule, what counted, its sources
    N_("%(label)s:"),
    N_("%(label)s: %(have)s of %(need)s"),
    N_("Rule:"),
    N_("pilot"),
    N_("proposed"),
    N_("ended"),
    N_("retired"),
    N_("draft"),
    N_("Counted: %(credentials)s"),
    N_("Held back by a cap: %(credentials)s"),
    N_("Source:"),
    # the portfolio.yaml it starts (its keys stay YAML's)
    N_("A portfolio started from the recognition calculator of %(site)s."),
    N_("Save it as content/portfolios/<your-id>/portfolio.yaml, write your name, and run `sitegen check`."),
    N_("Your name"),
    N_("true publishes this portfolio on the site"),
    N_("Earned on a date not given yet: write the date, then move each into `earned` above."),
    N_("this catalog"),
    # when its data does not load
    N_("%(url)s answered %(status)s"),
    N_("The calculator could not load its data (%(error)s). Each state's and district's page lists its rules."),
)

CALCULATOR_RULES: Words = (
    # calculator-rules.js: what a rule gives a holding, in sitegen/wording.py's msgids
    Nn_("%(num)s clock hour", "%(num)s clock hours"),
    Nn_("%(num)s CEU", "%(num)s CEUs"),
    Nn_("%(num)s renewal credit", "%(num)s renewal credits"),
    Nn_("%(num)s PDP", "%(num)s PDPs"),
    Nn_("%(num)s CPD credit", "%(num)s CPD credits"),
    Nn_("%(num)s contact unit", "%(num)s contact units"),
    Nn_("%(num)s graduate credit", "%(num)s graduate credits"),
    N_("$%(amount)s permanent raise"),
    N_("$%(amount)s one-time payment"),
    N_("$%(amount)s"),
    N_("%(amount)s%% permanent salary increase"),
    N_("%(amount)s%% one-time salary payment"),
    N_("%(amount)s%% salary increase"),
    N_("eligibility"),
    Nn_("%(num)s credential", "%(num)s credentials"),
    N_("capped at %(amount)s in all"),
    N_("Not yet eligible: no matching credential earned"),
    N_("No matching credential earned yet"),
    Nn_("%(num)s credential counted", "%(num)s credentials counted"),
    N_("%(num)s held back by the %(cap)s-a-year cap"),
    N_("Eligible for %(purpose)s (%(detail)s)"),
    N_("Not yet eligible (%(detail)s)"),
    N_("Recognized, value not specified (%(detail)s)"),
    N_("$%(amount)s in one-time payments (%(detail)s)"),
    N_("%(have)s / %(need)s credentials of the stack"),
    N_("Stack complete %(window)s: not recognized under this rule"),
    N_("outside %(start)s to %(until)s, the dates this rule counts"),
    N_("before the rule took effect on %(start)s"),
    N_("after the rule ended on %(until)s"),
    N_("Stack complete on %(date)s, after the rule ended on %(until)s: not recognized under this rule"),
    N_("Stack complete on %(date)s, before the rule took effect on %(start)s: not recognized under this rule"),
    N_("eligible for %(purpose)s"),
    N_("recognized, value not specified"),
    N_("Stack complete: %(value)s"),
    N_("Stack complete on %(date)s: %(value)s"),
    N_("%(have)s: %(more)s more to reach %(goal)s"),
    N_("eligibility for %(purpose)s"),
    N_("recognition at %(credentials)s"),
    N_("the first tier"),
    N_("%(value)s reached"),
    N_("%(have)s: %(reached)s; every tier reached"),
    N_("the next tier"),
    N_("the next %(amount)s"),
    N_("%(have)s: %(reached)s; %(more)s more to reach %(goal)s"),
    # the calculator's own: a result that needs an earned date nobody gave
    Nn_("Not computed: %(names)s has no earned date, and %(why)s. Add the date to see it.",
        "Not computed: %(names)s have no earned date, and %(why)s. Add the date to see it."),
    N_("the stack is complete, but this rule counts a stack completed %(window)s"),
    N_("this rule counts credentials earned %(window)s"),
    N_("this rule counts at most %(num)s a school year"),
    N_("between %(start)s and %(until)s"),
    N_("from %(start)s"),
    N_("until %(until)s"),
)

SCRIPTS: dict[str, Words] = {
    "site.js": SITE_JS,
    "search.js": SEARCH_JS,
    "calculator.js": CALCULATOR_PAGE,
    "calculator-rules.js": CALCULATOR_RULES,
}
"""Each script's strings, by its file in themes/default/static/."""

PAGE_SCRIPTS: dict[str, tuple[str, ...]] = {
    "search": ("search.js",),
    "calculator": ("calculator.js", "calculator-rules.js"),
}
"""The scripts a page kind loads besides site.js, whose few words every page gets (a theme may sort any table)."""


def words_table(translation: gettext.NullTranslations, kind: str) -> WordsTable:
    """The translations a page of `kind` gives its scripts: the strings of site.js and of the kind's scripts
    that `translation` words differently from English (none for English)."""
    table: WordsTable = {}
    for script in ("site.js", *PAGE_SCRIPTS.get(kind, ())):
        for words in SCRIPTS[script]:
            if isinstance(words, str):
                said = translation.gettext(words)
                if said != words:
                    table[words] = said
            else:
                singular, plural = words
                forms = [translation.ngettext(singular, plural, 1), translation.ngettext(singular, plural, 2)]
                if forms != [singular, plural]:
                    table[singular] = forms
    return table


__all__ = ["PAGE_SCRIPTS", "SCRIPTS", "words_table"]
