"""The command line: argument parsing, exit codes, and the one place errors are printed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sitegen import __version__
from sitegen.errors import ContentErrors, UsageError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="the content folder to read (default: ./content)")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sitegen", description="Build a static catalog site of educator micro-credentials "
                     "from Markdown and YAML content.")
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    build = commands.add_parser("build", help="build the site into the output folder",
                                description="Check the content, then build the whole site. The previous "
                                "output is replaced only when the new build succeeded.")
    _content_option(build)
    build.add_argument("--output", type=Path, default=Path("output"), metavar="DIR",
                       help="where to write the site (default: ./output); replaced only if sitegen wrote it")
    build.add_argument("--base-url", metavar="URL", help="publish for this address instead of site.yaml's "
                       "base_url (e.g. https://example.github.io/catalog/)")
    build.add_argument("--drafts", action="store_true", help="also build credentials with status: draft")
    build.add_argument("--no-search", action="store_true", help="skip the search index (faster; the search "
                       "page will find nothing)")
    build.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")

    check = commands.add_parser("check", help="check the content and list every problem; writes nothing",
                                description="Validate every content file and print each problem as "
                                "path:line: message. Writes nothing.")
    _content_option(check)
    check.add_argument("--drafts", action="store_true", help="also check drafts as if they were published")
    check.add_argument("--quiet", "-q", action="store_true", help="print nothing when all is well")

    value = commands.add_parser("value", help="what one portfolio's credentials are worth to each recognizer",
                                description="Compute, for one portfolio, every recognition rule that selects "
                                "its credentials: what is counted, the amount, and progress toward stacks and "
                                "tiers.")
    value.add_argument("portfolio", metavar="PORTFOLIO_ID", help="the portfolio's folder name")
    _content_option(value)
    value.add_argument("--json", action="store_true", help="print the results as JSON (the documented shape)")
    return parser


def _value(args: argparse.Namespace) -> int:
    import json

    from sitegen.recognition import evaluate_portfolio, portfolio_results_json
    from sitegen.validate.catalog import load_catalog
    from sitegen.validate.fields import closest
    from sitegen.wording import result_words

    catalog = load_catalog(args.content)
    portfolio = catalog.portfolios.get(args.portfolio)
    if portfolio is None:
        hint = closest(args.portfolio, catalog.portfolios) or (
            " (portfolios: " + ", ".join(sorted(catalog.portfolios)) + ")" if catalog.portfolios else "")
        print(f"sitegen: no portfolio '{args.portfolio}'{hint}", file=sys.stderr)
        return EXIT_CONTENT
    if args.json:
        print(json.dumps(portfolio_results_json(portfolio, catalog), ensure_ascii=False, indent=2))
        return EXIT_OK
    results = evaluate_portfolio(portfolio, catalog)
    print(f"{portfolio.name} ({portfolio.id}): {len(results)} rule(s) apply")
    for result in results:
        recognizer = catalog.recognizers[result.recognizer]
        rule = next(r for r in recognizer.recognitions if r.id == result.rule)
        mark = "reached" if result.reached else "not yet"
        print(f"  {recognizer.name} [{result.rule}, {result.purpose}] {mark}: "
              f"{result_words(result, rule, catalog)}")
    return EXIT_OK


def _print_problems(exc: ContentErrors) -> None:
    errors = [e for e in exc.errors if not e.warning]
    for problem in exc.errors:
        print(problem, file=sys.stderr)
    count = len(errors)
    print(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        from sitegen.build import BuildOptions, build
        from sitegen.search import run_pagefind

        options = BuildOptions(content=args.content, output=args.output, base_url=args.base_url,
                               drafts=args.drafts, search=not args.no_search)
        if args.base_url:
            from sitegen.validate.fields import url_problem

            problem = url_problem(args.base_url)
            if problem:
                raise UsageError(f"--base-url: {problem}")
        report = build(options, index=run_pagefind)
        for warning in report.warnings:
            print(warning, file=sys.stderr)
        if not args.quiet:
            print(f"Built {report.pages} pages, {report.files} files ({report.bytes / 1048576:.1f} MB) into "
                  f"{args.output} in {report.seconds:.2f} s")
        return EXIT_OK
    if args.command == "check":
        from sitegen.validate.catalog import load_catalog

        catalog = load_catalog(args.content, drafts=args.drafts)
        for warning in catalog.warnings:
            print(warning, file=sys.stderr)
        if not args.quiet:
            print(f"No problems: {len(catalog.credentials)} credentials, {len(catalog.stacks)} stacks, "
                  f"{len(catalog.recognizers)} recognizers, {len(catalog.portfolios)} portfolios.")
        return EXIT_OK
    if args.command == "value":
        return _value(args)
    make_parser().print_help()
    return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = make_parser().parse_args(argv)
        return _run(args)
    except ContentErrors as exc:
        _print_problems(exc)
        return EXIT_CONTENT
    except UsageError as exc:
        print(f"sitegen: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("sitegen: interrupted; the previous output is unchanged.", file=sys.stderr)
        return 130
