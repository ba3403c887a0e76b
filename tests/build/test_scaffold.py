"""`sitegen new` and `sitegen init`: templates that pass `sitegen check`, and a repository that builds."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

Run = Callable[..., Any]
"""The `run` fixture of conftest.py: `sitegen ARGS...` in-process, returning code, out and err."""

KIND_FILES = {
    "credential": "credentials/new-thing.md",
    "competency": "competencies/new-thing.md",
    "rubric": "rubrics/new-thing.md",
    "stack": "stacks/new-thing.md",
    "issuer": "issuers/new-thing.md",
    "district": "districts/new-thing.md",
    "portfolio": "portfolios/new-thing/portfolio.yaml",
}


@pytest.mark.parametrize("kind", sorted(KIND_FILES))
def test_new_writes_a_commented_file_that_passes_check(run: Run, content: Path, kind: str) -> None:
    result = run("new", kind, "new-thing", "--content", content)
    assert result.code == 0, result.output
    target = content / KIND_FILES[kind]
    assert f"Created {target}" in result.out
    text = target.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) >= 5, text
    checked = run("check", "--content", content)
    assert checked.code == 0, checked.output + "\n" + text


def test_new_state_takes_a_postal_code_in_any_case(run: Run, content: Path) -> None:
    result = run("new", "state", "NY", "--content", content)
    assert result.code == 0, result.output
    text = (content / "states" / "ny.md").read_text(encoding="utf-8")
    assert "New York" in text
    assert run("check", "--content", content).code == 0


def test_new_credential_references_ids_that_exist(run: Run, content: Path) -> None:
    assert run("new", "credential", "new-thing", "--content", content).code == 0
    text = (content / "credentials" / "new-thing.md").read_text(encoding="utf-8")
    assert re.search(r"^issuer: pesb$", text, re.MULTILINE)
    assert re.search(r"^competencies: \[computational-thinking\]$", text, re.MULTILINE)
    assert re.search(r"^rubric: scoring-guide$", text, re.MULTILINE)
    assert 'title: "New thing"' in text


def test_new_refuses_to_overwrite(run: Run, content: Path) -> None:
    target = content / "credentials" / "feedback-loops.md"
    before = target.read_bytes()
    result = run("new", "credential", "feedback-loops", "--content", content)
    assert result.code == 2
    assert "already exists; not overwriting it" in result.err
    assert target.read_bytes() == before
    assert run("new", "portfolio", "avery-example", "--content", content).code == 2


@pytest.mark.parametrize(("args", "message"), [
    (("credential", "Bad_Id"), "must be lower-case letters a-z, digits and single hyphens (e.g. 'bad-id')"),
    (("issuer", "con"), "is a name Windows reserves"),
    (("state", "zz"), "'zz' is not a U.S. postal code"),
    (("state", "wash"), "'wash' is not a U.S. postal code"),
    (("district", "wa"), "is a state postal code"),
    (("gadget", "x"), "invalid choice: 'gadget'"),
])
def test_new_refuses_bad_ids(run: Run, content: Path, args: tuple[str, str], message: str) -> None:
    before = sorted(p.as_posix() for p in content.rglob("*"))
    result = run("new", *args, "--content", content)
    assert result.code == 2
    assert message in result.err
    assert sorted(p.as_posix() for p in content.rglob("*")) == before


def test_new_without_a_content_folder_says_so(run: Run, tmp_path: Path) -> None:
    result = run("new", "credential", "x", "--content", tmp_path / "nowhere")
    assert result.code == 2
    assert "there is no content folder" in result.err


def test_placeholders_are_named_by_check_at_their_line(run: Run, tmp_path: Path) -> None:
    """In a catalog without issuers or competencies, the check names the placeholder lines to fill in."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("title: Empty\nbase_url: https://example.org/\n", encoding="utf-8")
    result = run("new", "credential", "first-one", "--content", content)
    assert result.code == 0
    assert "sitegen new issuer ID" in result.out
    path = content / "credentials" / "first-one.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    issuer_line = lines.index("issuer: your-issuer-id") + 1
    competencies_line = lines.index("competencies: [your-competency-id]") + 1
    assert lines[issuer_line - 2].startswith("# ")
    checked = run("check", "--content", content)
    assert checked.code == 1
    assert f"first-one.md:{issuer_line}: unknown issuer 'your-issuer-id'" in checked.err
    assert f"first-one.md:{competencies_line}: unknown competency 'your-competency-id'" in checked.err


# --------------------------------------------------------------------------------------------------
# init


@pytest.fixture
def catalog(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository made by `sitegen init`, as the cwd."""
    result = run("init", tmp_path / "wa-credentials", "--title", 'Washington: "Educator" credentials')
    assert result.code == 0, result.output
    monkeypatch.chdir(tmp_path / "wa-credentials")
    return tmp_path / "wa-credentials"


def test_init_writes_a_repository_that_builds(run: Run, catalog: Path) -> None:
    files = sorted(p.relative_to(catalog).as_posix() for p in catalog.rglob("*") if p.is_file())
    assert files == [
        ".github/workflows/pages.yml", ".gitignore", "README.md", "content/README.md",
        "content/competencies/example-competency.md", "content/credentials/example-credential.md",
        "content/issuers/example-issuer.md", "content/rubrics/example-rubric.md", "content/site.yaml",
        "content/states/wa.md", "requirements.txt",
    ]
    assert run("check").code == 0
    result = run("build")
    assert result.code == 0, result.output
    output = catalog / "output"
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "Washington: &#34;Educator&#34; credentials" in home or "Washington: &quot;Educator&quot;" in home
    assert (output / "credentials" / "example-credential" / "index.html").is_file()
    state = (output / "states" / "wa" / "index.html").read_text(encoding="utf-8")
    assert "example-clock-hours" in state
    assert (output / "pagefind").is_dir()
    site = (catalog / "content" / "site.yaml").read_text(encoding="utf-8")
    assert "base_url: https://example.github.io/wa-credentials/" in site


def test_init_state_rule_is_sourced_and_marked_as_an_example(catalog: Path) -> None:
    text = (catalog / "content" / "states" / "wa.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["example"] is True
    [rule] = front["recognitions"]
    assert rule["sources"] and rule["sources"][0]["title"]


def test_init_gitignore_and_readmes(catalog: Path) -> None:
    ignored = (catalog / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"output/", ".sitegen-cache/", ".output.*"} <= set(ignored)
    readme = (catalog / "README.md").read_text(encoding="utf-8")
    assert readme.startswith('# Washington: "Educator" credentials\n')
    for command in ("sitegen serve", "sitegen check", "sitegen build", "Settings → Pages", "GitHub Actions"):
        assert command in readme
    assert "sitegen new" in (catalog / "content" / "README.md").read_text(encoding="utf-8")


def _step(steps: list[dict[str, Any]], uses: str) -> dict[str, Any]:
    found = [s for s in steps if s.get("uses", "").split("@")[0] == uses]
    assert len(found) == 1, f"{uses} in {steps}"
    return found[0]


def test_init_pages_workflow(catalog: Path) -> None:
    workflow = yaml.safe_load((catalog / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers
    assert triggers["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert "'pages'" in workflow["concurrency"]["group"]  # pushes share the group "pages"
    assert "env" not in workflow  # sitegen comes from requirements.txt, not from a variable

    jobs = workflow["jobs"]
    check = jobs["check"]
    assert check["if"] == "github.event_name == 'pull_request'"
    assert _step(check["steps"], "actions/checkout")["uses"] == "actions/checkout@v7"
    python = _step(check["steps"], "actions/setup-python")
    assert python["uses"] == "actions/setup-python@v7"
    assert python["with"]["cache"] == "pip" and python["with"]["cache-dependency-path"] == "requirements.txt"
    runs = [s.get("run", "") for s in check["steps"]]
    assert runs.index("python -m pip install -r requirements.txt") < runs.index("sitegen check")

    build = jobs["build"]
    assert build["if"] == "github.event_name != 'pull_request'"
    steps = build["steps"]
    assert _step(steps, "actions/checkout")["uses"] == "actions/checkout@v7"
    python = _step(steps, "actions/setup-python")
    assert python["uses"] == "actions/setup-python@v7" and python["with"]["cache"] == "pip"
    pages = _step(steps, "actions/configure-pages")
    assert pages["uses"] == "actions/configure-pages@v6" and pages["id"] == "pages"
    upload = _step(steps, "actions/upload-pages-artifact")
    assert upload["uses"] == "actions/upload-pages-artifact@v5"
    assert upload["with"] == {"path": "output"}
    runs = [s.get("run", "") for s in steps]
    assert "python -m pip install -r requirements.txt" in runs
    [build_run] = [r for r in runs if r.startswith("sitegen build")]
    assert "${{ steps.pages.outputs.base_url }}" in build_run
    order = [s.get("uses", s.get("run", "")).split("@")[0] for s in steps]
    assert order.index("actions/configure-pages") < order.index(build_run) < order.index(
        "actions/upload-pages-artifact")

    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    step = _step(deploy["steps"], "actions/deploy-pages")
    assert step["uses"] == "actions/deploy-pages@v5" and step["id"] == "deployment"


def test_init_pins_the_running_sitegen(catalog: Path) -> None:
    """requirements.txt names the PyPI distribution at the version that wrote it, which pip can parse."""
    from importlib.metadata import version

    pins = [line for line in (catalog / "requirements.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert pins == [f"microcred-sitegen=={version('microcred-sitegen')}"]
    assert "sitegen init --upgrade" in (catalog / "requirements.txt").read_text(encoding="utf-8")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_upgrade_refreshes_the_workflow_and_the_pin_only(run: Run, catalog: Path) -> None:
    """An older catalog: its workflow still installs from a git address and its pin is old; upgrade
    rewrites both for the running sitegen, keeps the file's other requirements, and leaves content alone."""
    fresh_workflow = (catalog / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    (catalog / ".github" / "workflows" / "pages.yml").write_text(
        "name: Pages\nenv:\n  SITEGEN_SPEC: git+https://example.org/old/sitegen\njobs: {}\n", encoding="utf-8")
    (catalog / "requirements.txt").write_text("# ours\nMicrocred_Sitegen==0.0.1  # old\nrequests==2.32.3\n",
                                              encoding="utf-8")
    (catalog / "content" / "credentials" / "example-credential.md").write_text(
        (catalog / "content" / "credentials" / "example-credential.md").read_text(encoding="utf-8") + "\nEdited.\n",
        encoding="utf-8")
    before = _tree(catalog)

    result = run("init", "--upgrade")
    assert result.code == 0, result.output
    assert "Updated .github/workflows/pages.yml" in result.out and "Updated requirements.txt" in result.out
    after = _tree(catalog)
    assert sorted(after) == sorted(before)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {".github/workflows/pages.yml", "requirements.txt"}
    assert after[".github/workflows/pages.yml"].decode() == fresh_workflow
    from importlib.metadata import version

    assert after["requirements.txt"].decode().splitlines() == [
        "# ours", f"microcred-sitegen=={version('microcred-sitegen')}", "requests==2.32.3"]

    again = run("init", "--upgrade", ".")
    assert again.code == 0 and "Unchanged requirements.txt" in again.out
    assert _tree(catalog) == after


def test_init_upgrade_refuses_a_folder_that_is_no_catalog(run: Run, tmp_path: Path) -> None:
    result = run("init", "--upgrade", tmp_path)
    assert result.code == 2
    assert "is not a sitegen catalog (there is no content/site.yaml)" in result.err
    assert list(tmp_path.iterdir()) == []
    assert run("init").code == 2


def test_init_base_url_option(run: Run, tmp_path: Path) -> None:
    result = run("init", tmp_path / "site", "--base-url", "https://someone.github.io/creds")
    assert result.code == 0, result.output
    site = (tmp_path / "site" / "content" / "site.yaml").read_text(encoding="utf-8")
    assert "base_url: https://someone.github.io/creds/\n" in site
    bad = run("init", tmp_path / "other", "--base-url", "someone.github.io/creds")
    assert bad.code == 2 and "--base-url" in bad.err
    assert not (tmp_path / "other").exists()


def test_init_refuses_a_folder_that_is_not_empty(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("init", folder)
    assert result.code == 2
    assert "is not empty" in result.err
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_init_accepts_an_empty_folder_or_a_fresh_clone(run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("init", empty).code == 0
    clone = tmp_path / "clone"
    (clone / ".git").mkdir(parents=True)
    assert run("init", clone).code == 0
    assert (clone / "content" / "site.yaml").is_file()


def test_new_in_an_initialised_catalog_passes_check(run: Run, catalog: Path) -> None:
    for kind in ("credential", "stack", "district", "portfolio"):
        assert run("new", kind, f"second-{kind}").code == 0
    result = run("check")
    assert result.code == 0, result.output
    district = (catalog / "content" / "districts" / "second-district.md").read_text(encoding="utf-8")
    assert "\nstate: wa\n" in district


# --------------------------------------------------------------------------------------------------
# The author docs: their examples must stay valid


DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_recognition_cookbook_rule_passes_check(run: Run, content: Path) -> None:
    """The rule examples of docs/recognition-rules.md, all in one district of the fixture catalog."""
    doc = (DOCS / "recognition-rules.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, re.DOTALL)
    rules = "".join(block for block in blocks if block.lstrip().startswith(("- ", "#")))
    assert rules.count("purpose:") >= 12
    (content / "districts" / "cookbook.md").write_text(
        "---\nname: Cookbook District\nstate: wa\nrecognitions:\n" + rules + "---\n", encoding="utf-8")
    for stack in ("rwt-specialization", "induction-stack"):
        (content / "stacks" / f"{stack}.md").write_text(
            "---\ntitle: A stack\ncredentials: [feedback-loops, data-inquiry]\n---\n", encoding="utf-8")
    result = run("check", "--content", content)
    assert result.code == 0, result.output
    purposes = set(re.findall(r"purpose: ([a-z-]+)", rules))
    assert purposes == {"license-renewal", "salary", "stipend", "masters-equivalency", "leadership-pathway",
                        "pd-requirement", "endorsement", "graduate-credit", "licensure"}
    assert set(re.findall(r"basis: ([a-z-]+)", rules)) == {"per-credential", "stack-completion", "threshold"}


def test_readme_links_every_author_doc() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(docs/([a-z-]+\.md)\)", readme))
    assert linked == {path.name for path in DOCS.glob("*.md")}
    assert {"getting-started.md", "content-format.md", "recognition-rules.md", "github-pages.md",
            "troubleshooting.md", "data-exports.md"} <= linked
    for name in linked:
        for target in re.findall(r"\]\(([a-z-]+\.md)\)", (DOCS / name).read_text(encoding="utf-8")):
            assert (DOCS / target).is_file(), f"docs/{name} links to a missing {target}"
