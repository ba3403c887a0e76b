"""The build cache: never changes the output, survives corruption, and re-renders exactly what an edit touches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import CliResult, snapshot_folder

Build = Callable[..., CliResult]


def _inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*.html")}


def test_cached_and_uncached_builds_are_byte_identical(project: Path, build: Build) -> None:
    assert build("cold", "--no-cache").code == 0
    assert not (project / ".sitegen-cache").exists()
    assert build("warm").code == 0
    assert (project / ".sitegen-cache" / "cache.pickle").is_file()
    assert build("warm").code == 0  # now served from the cache
    assert snapshot_folder(project / "warm") == snapshot_folder(project / "cold")


def test_a_corrupt_cache_is_ignored_with_a_warning(project: Path, build: Build) -> None:
    assert build("output").code == 0
    (project / ".sitegen-cache" / "cache.pickle").write_bytes(b"\x80\x05not a pickle")
    result = build("output")
    assert result.code == 0
    assert "ignoring an unreadable build cache" in result.err
    assert build("fresh", "--no-cache").code == 0
    assert snapshot_folder(project / "output") == snapshot_folder(project / "fresh")


def test_an_edit_re_renders_exactly_the_pages_that_show_it(project: Path, build: Build) -> None:
    assert build("output").code == 0
    before = _inodes(project / "output")
    path = project / "content/credentials/data-inquiry.md"
    path.write_text(path.read_text("utf-8").replace("title: Data Inquiry Cycles", "title: Data Inquiry Loops"),
                    "utf-8")
    assert build("output").code == 0
    after = _inodes(project / "output")
    changed = {page for page, inode in after.items() if before.get(page) != inode}
    # The credential itself, the lists and the pages that show its title must change...
    for page in ("credentials/data-inquiry/index.html", "credentials/index.html", "stacks/leader-stack/index.html",
                 "recognition/az/index.html", "portfolios/avery-example/index.html", "topics/data/index.html",
                 "issuers/sample-org/index.html", "competencies/data-inquiry/index.html"):
        assert page in changed, page
    for page in changed:
        assert "Data Inquiry Loops" in (project / "output" / page).read_text("utf-8"), page
    # ...and pages that do not show it are reused as they were.
    for page in ("credentials/computational-thinking/index.html", "credentials/sel-morning-meeting/index.html",
                 "states/wa/index.html", "competencies/sel-practice/index.html", "404.html"):
        assert page not in changed, page
    assert build("fresh", "--no-cache").code == 0
    assert snapshot_folder(project / "output") == snapshot_folder(project / "fresh")


def test_a_theme_edit_re_renders_every_page(project: Path, build: Build) -> None:
    assert build("output").code == 0
    before = _inodes(project / "output")
    custom = project / "themes/default/templates"
    custom.mkdir(parents=True)
    source = Path(__file__).resolve().parents[2] / "themes/default/templates/404.html"
    (custom / "404.html").write_text(source.read_text("utf-8").replace("Page not found", "Nothing here"), "utf-8")
    assert build("output").code == 0
    after = _inodes(project / "output")
    assert all(before[page] != after[page] for page in after)
    assert "Nothing here" in (project / "output/404.html").read_text("utf-8")


def test_a_build_with_nothing_changed_does_nothing_and_repeats_the_warnings(project: Path, build: Build) -> None:
    state = project / "content/states/ma.md"
    state.write_text(state.read_text("utf-8").replace("applies_to: {all: true}",
                                                      "applies_to: {topics: [no-such-topic]}"), "utf-8")
    first = build("output")
    assert first.code == 0, first.output
    assert "selects no credential" in first.err
    before = snapshot_folder(project / "output")
    inodes = _inodes(project / "output")
    again = build("output")
    assert again.code == 0
    assert "Nothing changed since the last build" in again.out
    assert "selects no credential" in again.err  # the author still sees the warning
    assert snapshot_folder(project / "output") == before
    assert _inodes(project / "output") == inodes  # not even re-linked: the folder was left alone


def test_a_damaged_output_or_any_edit_is_rebuilt(project: Path, build: Build) -> None:
    assert build("output").code == 0
    good = snapshot_folder(project / "output")
    (project / "output/robots.txt").write_text("tampered\n", "utf-8")
    (project / "output/credentials/data-inquiry/index.html").unlink()
    result = build("output")
    assert "Built " in result.out
    assert snapshot_folder(project / "output") == good
    # An edit that keeps the file's size still counts: inputs are compared by content, not by size or time.
    path = project / "content/credentials/data-inquiry.md"
    path.write_text(path.read_text("utf-8").replace("Data Inquiry Cycles", "Data Inquiry Cyclez"), "utf-8")
    result = build("output")
    assert "Built " in result.out
    assert "Data Inquiry Cyclez" in (project / "output/credentials/data-inquiry/index.html").read_text("utf-8")
    # So does a change of options: another base URL gives other pages.
    result = build("output", "--base-url", "https://example.org/elsewhere/")
    assert "Built " in result.out
    assert "/elsewhere/" in (project / "output/index.html").read_text("utf-8")


def test_timings_name_every_stage(build: Build) -> None:
    result = build("output", "--no-cache", "--timings")
    assert result.code == 0
    line = next(text for text in result.err.splitlines() if text.startswith("timings: "))
    for stage in ("load+validate", "markdown", "plan", "render+exports", "index+swap"):
        assert f"{stage} " in line, line


def test_a_build_after_serve_publishes_no_live_reload(project: Path, build: Build) -> None:
    """`serve` writes pages that ask for its reload script; the next `build` into the same folder (with the cache
    serve left) must give exactly what a clean build gives."""
    from sitegen.build import BuildOptions
    from sitegen.build import build as build_site

    build_site(BuildOptions(content=project / "content", output=project / "output", search=False, serve=True))
    served = [p for p in (project / "output").rglob("*.html") if b"__sitegen" in p.read_bytes()]
    assert served  # the serve build did write them, so the next build has something to replace
    assert build("output").code == 0
    assert build("clean", "--no-cache").code == 0
    assert snapshot_folder(project / "output") == snapshot_folder(project / "clean")
