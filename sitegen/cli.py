"""The command line: argument parsing, exit codes, and the one place errors are printed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen import __version__
from sitegen.errors import ContentErrors, UsageError

if TYPE_CHECKING:
    from sitegen.scaffold import Created

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got '{text}'")
    return int(text)


def _show_progress(stage: str, done: int, total: int) -> None:
    """One self-overwriting status line on a terminal: the stage, and a bar where the stage has a count."""
    line = f"{stage}…"
    if total:
        width = 24
        filled = width * done // total
        line = f"{stage} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
    sys.stderr.write("\r\x1b[2K" + line)
    sys.stderr.flush()


def _say_waiting(message: str) -> None:
    print(f"sitegen: {message}", file=sys.stderr, flush=True)


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
    build.add_argument("--timings", action="store_true", help="also print how long each stage took (to find "
                       "what makes a large catalog slow)")
    build.add_argument("--no-cache", action="store_true", help="ignore and do not update the build cache "
                       "(a cold build)")
    build.add_argument("--cache-dir", type=Path, metavar="DIR", help="where to keep the build cache "
                       "(default: .sitegen-cache beside the content folder; safe to delete)")
    build.add_argument("--jobs", "-j", type=_positive, metavar="N", help="render with N processes "
                       "(default: one per CPU; the output is the same whatever N is)")
    build.add_argument("--no-wait", action="store_true", help="when another build (or serve) is writing the "
                       "same output folder, exit at once with status 1 instead of waiting for it")

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
    _authoring_commands(commands)
    return parser


def _authoring_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    """`serve`, `new` and `init`: the author's loop."""
    from sitegen.scaffold import KINDS

    serve = commands.add_parser("serve", help="preview the site while you edit; pages reload after each save",
                                description="Build the site (with search), serve it at http://HOST:PORT under "
                                "the path of site.yaml's base_url, rebuild when content/, themes/ or site.yaml "
                                "change, and reload open pages. A broken edit keeps the last good site and shows "
                                "the errors in the terminal and on the page. Ctrl-C stops.")
    _content_option(serve)
    serve.add_argument("--output", type=Path, default=Path("output"), metavar="DIR",
                       help="where to write the site (default: ./output); replaced only if sitegen wrote it")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1, "
                       "this computer only)")
    serve.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000; 0 picks "
                       "a free one)")
    serve.add_argument("--drafts", action="store_true", help="also build credentials with status: draft")
    serve.add_argument("--no-search", action="store_true", help="skip the search index (faster rebuilds on a "
                       "large catalog; the search page then finds nothing)")
    serve.add_argument("--open", action="store_true", help="open the site in the web browser")

    new = commands.add_parser("new", help="create a content file from a commented template",
                              description="Write a new content file, with a comment on every key, in the "
                              "right folder of the content. Never overwrites a file.")
    new.add_argument("kind", choices=KINDS, metavar="KIND", help="what to create: " + ", ".join(KINDS))
    new.add_argument("id", metavar="ID", help="its id: lower-case letters, digits and hyphens (the file "
                     "name); for a state, its postal code (wa)")
    _content_option(new)

    translate = commands.add_parser("translate", help="start a translation of a content file into another "
                                    "language of the site", description="Write <id>.<lang>.md beside FILE "
                                    "(site.<lang>.yaml beside site.yaml) with its source_hash and an empty key, "
                                    "under the original's words, for each text to translate. Never overwrites "
                                    "a file.")
    translate.add_argument("file", type=Path, metavar="FILE", help="the content file, e.g. content/states/wa.md")
    translate.add_argument("language", metavar="LANG", help="the language to translate into, e.g. es")
    _content_option(translate)

    init = commands.add_parser("init", help="start a new catalog repository, ready to push to GitHub",
                               description="Create DIR with a small content tree that builds, a README for "
                               "authors, a .gitignore, requirements.txt (pinning this sitegen) and a GitHub "
                               "Pages workflow. DIR must be empty. With --upgrade, refresh the workflow and "
                               "the pin of the catalog in DIR (default: .) for this sitegen; content is not "
                               "touched.")
    init.add_argument("directory", type=Path, nargs="?", metavar="DIR",
                      help="the folder to create (must be empty); with --upgrade, the catalog (default: .)")
    init.add_argument("--upgrade", action="store_true", help="in an existing catalog, rewrite "
                      ".github/workflows/pages.yml and the pin in requirements.txt for this sitegen")
    init.add_argument("--title", help="the catalog's title (site.yaml's title)")
    init.add_argument("--base-url", metavar="URL", help="where the site will live, e.g. "
                      "https://ACCOUNT.github.io/REPOSITORY/ (site.yaml's base_url)")


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
        status = "" if rule.status == "active" else f" ({rule.status} rule)"
        print(f"  {recognizer.name} [{result.rule}, {result.purpose}]{status} {mark}: "
              f"{result_words(result, rule, catalog)}")
    return EXIT_OK


def _print_problems(exc: ContentErrors) -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[2K")  # clear a progress line
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
                               drafts=args.drafts, search=not args.no_search, jobs=args.jobs,
                               cache=not args.no_cache, cache_dir=args.cache_dir,
                               progress=None if args.quiet or not sys.stderr.isatty() else _show_progress,
                               wait=not args.no_wait, waiting=None if args.quiet else _say_waiting)
        if args.base_url:
            from sitegen.validate.fields import url_problem

            problem = url_problem(args.base_url)
            if problem:
                raise UsageError(f"--base-url: {problem}")
        report = build(options, index=run_pagefind)
        if options.progress is not None:
            sys.stderr.write("\r\x1b[2K")
        for warning in report.warnings:
            print(warning, file=sys.stderr)
        if not args.quiet and report.unchanged:
            print(f"Nothing changed since the last build: {args.output} is up to date ({report.pages} pages, "
                  f"{report.files} files, {report.bytes / 1048576:.1f} MB; checked in {report.seconds:.2f} s)")
        elif not args.quiet:
            print(f"Built {report.pages} pages, {report.files} files ({report.bytes / 1048576:.1f} MB) into "
                  f"{args.output} in {report.seconds:.2f} s")
        if args.timings:
            print("timings: " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in report.stages.items()),
                  file=sys.stderr)
        return EXIT_OK
    if args.command == "check":
        from sitegen.validate.catalog import load_catalog

        catalog = load_catalog(args.content, drafts=args.drafts)
        for warning in catalog.warnings:
            print(warning, file=sys.stderr)
        if len(catalog.site.languages) > 1:
            from sitegen.untranslated import untranslated_strings

            for warning in untranslated_strings(args.content.resolve().parent, catalog.site.theme,
                                                catalog.site.languages):
                print(warning, file=sys.stderr)
        if not args.quiet:
            print(f"No problems: {len(catalog.credentials)} credentials, {len(catalog.stacks)} stacks, "
                  f"{len(catalog.recognizers)} recognizers, {len(catalog.portfolios)} portfolios.")
        return EXIT_OK
    if args.command == "value":
        return _value(args)
    if args.command == "serve":
        from sitegen.serve import ServeOptions, serve

        if not 0 <= args.port <= 65535:
            raise UsageError(f"--port must be from 0 to 65535, found {args.port}")
        return serve(ServeOptions(content=args.content, output=args.output, host=args.host, port=args.port,
                                  drafts=args.drafts, search=not args.no_search), open_browser=args.open)
    if args.command == "new":
        from sitegen.scaffold import new_entity

        return _created(new_entity(args.content, args.kind, args.id))
    if args.command == "translate":
        from sitegen.scaffold import new_translation

        return _created(new_translation(args.content, args.file, args.language))
    if args.command == "init" and args.upgrade:
        return _upgrade(args)
    if args.command == "init":
        from sitegen.scaffold import init_project

        if args.directory is None:
            raise UsageError("init needs the folder to create: sitegen init DIR (or --upgrade in a catalog)")
        made = init_project(args.directory, title=args.title, base_url=args.base_url)
        print(f"Created a catalog in {args.directory} ({len(made)} files). Next:")
        print(f"  cd {args.directory} && sitegen serve")
        return EXIT_OK
    make_parser().print_help()
    return EXIT_USAGE


def _created(created: Created) -> int:
    """What `new` and `translate` say of the file they wrote."""
    print(f"Created {created.path}")
    for todo in created.todo:
        print(f"  to do: {todo}")
    return EXIT_OK


def _upgrade(args: argparse.Namespace) -> int:
    from sitegen import DISTRIBUTION, __version__
    from sitegen.scaffold import upgrade_project

    if args.title is not None or args.base_url is not None:
        raise UsageError("--upgrade changes only the workflow and the pin; the title and the address are "
                         "in content/site.yaml")
    for item in upgrade_project(args.directory or Path(".")):
        print(f"{'Updated' if item.changed else 'Unchanged'} {item.path}")
    print(f"The catalog now builds with {DISTRIBUTION}=={__version__}; review with `git diff` and commit.")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    from sitegen.outputlock import OutputBusy

    try:
        args = make_parser().parse_args(argv)
        return _run(args)
    except OutputBusy as exc:
        print(f"sitegen: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except ContentErrors as exc:
        _print_problems(exc)
        return EXIT_CONTENT
    except UsageError as exc:
        print(f"sitegen: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("sitegen: interrupted; the previous output is unchanged.", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"sitegen: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_CONTENT
