"""Builds that lose nothing: two builds (or serve and a build) into one output folder take turns, a killed build
leaves nothing the next one trusts or keeps, a shared cache stays true, and a huge evidence file is refused
without being read.

Builds run as subprocesses (`python -m sitegen build`). A build is stopped at a named point with the test hook
SITEGEN_TEST_PAUSE=POINT:FILE (sitegen.output.pause_point): it creates FILE there and waits while FILE exists.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import FIXTURE_CONTENT, Run, snapshot_folder

from sitegen.cli import main
from sitegen.serve import BuildOutcome, DevServer, ServeOptions

WAIT = 60.0  # the longest any single wait may take (a loaded CI machine)
BUILD = ("build", "--content", "content", "--output", "output", "--no-search")


class Build:
    """One `sitegen build` subprocess in the project folder, optionally paused at a point."""

    def __init__(self, project: Path, *extra: str, pause: str | None = None, args: tuple[str, ...] = BUILD,
                 name: str = "build") -> None:
        self.flag = project.parent / f"{name}.paused"
        self.log = project.parent / f"{name}.err"
        env = dict(os.environ)
        env.pop("SITEGEN_TEST_PAUSE", None)
        if pause is not None:
            env["SITEGEN_TEST_PAUSE"] = f"{pause}:{self.flag}"
        with open(self.log, "wb") as err:
            self.process = subprocess.Popen([sys.executable, "-m", "sitegen", *args, *extra], cwd=project, env=env,
                                            stdout=subprocess.PIPE, stderr=err)

    @property
    def pid(self) -> int:
        return self.process.pid

    def paused(self) -> None:
        wait_until(lambda: self.flag.exists() or self.process.poll() is not None, "the build to reach its pause")
        assert self.flag.exists(), self.finish()

    def release(self) -> None:
        self.flag.unlink()

    def err(self) -> str:
        return self.log.read_text("utf-8")

    def finish(self) -> tuple[int, str, str]:
        out, _ = self.process.communicate(timeout=WAIT)
        return self.process.returncode, out.decode("utf-8"), self.err()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.communicate(timeout=WAIT)


def wait_until(condition: Callable[[], bool], what: str, seconds: float = WAIT) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    pytest.fail(f"timed out after {seconds:.0f} s waiting for {what}")


def helpers(project: Path) -> list[str]:
    """Whatever a build keeps beside the output while it runs (staging, old folders, the lock file)."""
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".output"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A clean build of the fixture catalog (no cache), as the bytes every other build must give."""
    root = tmp_path_factory.mktemp("reference")
    shutil.copytree(FIXTURE_CONTENT, root / "content")
    assert main(["build", "--content", str(root / "content"), "--output", str(root / "output"), "--no-search",
                 "--no-cache", "--quiet"]) == 0
    return snapshot_folder(root / "output")


@pytest.mark.parametrize(("point", "cache"), [("locked", True), ("rendering", False), ("swapping", True)],
                         ids=["during-loading", "during-rendering-no-cache", "during-swapping"])
def test_a_second_build_waits_for_the_first(project: Path, reference: dict[str, bytes], point: str,
                                            cache: bool) -> None:
    extra = () if cache else ("--no-cache",)
    first = Build(project, *extra, pause=point, name="first")
    first.paused()
    second = Build(project, *extra, name="second")
    waiting = f"sitegen: waiting for the build of output/ by process {first.pid}"
    wait_until(lambda: waiting in second.err(), "the second build to say it waits")
    assert second.process.poll() is None
    first.release()
    code, out, err = first.finish()
    assert code == 0, err
    assert out.startswith("Built ")
    code, out, err = second.finish()
    assert code == 0, err
    assert err.count("waiting for the build") == 1, err
    assert out.startswith("Nothing changed" if cache else "Built "), out
    assert snapshot_folder(project / "output") == reference
    assert helpers(project) == []


def test_no_wait_exits_at_once_and_the_first_build_publishes_the_whole_site(
        project: Path, reference: dict[str, bytes]) -> None:
    first = Build(project, pause="rendering", name="first")
    first.paused()
    second = Build(project, "--no-wait", name="second")
    code, out, err = second.finish()
    assert code == 1
    assert out == ""
    assert err == (f"sitegen: output/ is being built by process {first.pid}; not waiting (--no-wait): "
                   "nothing was written\n")
    first.release()
    assert first.finish()[0] == 0
    assert snapshot_folder(project / "output") == reference
    assert helpers(project) == []


@pytest.mark.parametrize("point", ["locked", "rendering", "swapping", "swapped", "cache"])
def test_a_killed_build_leaves_nothing_behind_the_next_build(project: Path, run: Run, reference: dict[str, bytes],
                                                             point: str) -> None:
    assert run(*BUILD).code == 0
    title = "title: Feedback Loops"
    path = project / "content" / "credentials" / "feedback-loops.md"
    original = path.read_text("utf-8")
    path.write_text(original.replace(title, "title: Feedback Loops Killed"), "utf-8")
    killed = Build(project, pause=point)
    killed.paused()
    killed.kill()
    if point == "swapped":  # killed between moving the output aside and putting the new one in place
        assert not (project / "output").exists()
    path.write_text(original, "utf-8")  # back to the content of the first build (and of the reference)

    result = run(*BUILD)
    assert result.code == 0, result.output
    assert "waiting" not in result.err  # the lock died with the killed build
    assert snapshot_folder(project / "output") == reference
    assert helpers(project) == []


def test_a_leftover_of_a_killed_build_is_removed_only_by_the_build_holding_the_lock(
        project: Path, run: Run, reference: dict[str, bytes]) -> None:
    assert run(*BUILD).code == 0
    leftover = project / ".output.staging" / "site-999999-0badf00d"
    leftover.mkdir(parents=True)
    (project / ".output.staging" / ".sitegen-output").write_text("a killed build's\n")
    (leftover / "index.html").write_text("half a site")
    first = Build(project, pause="locked", name="first")
    first.paused()
    second = Build(project, "--no-wait", name="second")
    assert second.finish()[0] == 1
    assert not leftover.exists()  # the first build, holding the lock, removed it
    first.release()
    assert first.finish()[0] == 0
    assert snapshot_folder(project / "output") == reference
    assert helpers(project) == []


def test_two_builds_sharing_one_cache_folder(project: Path, run: Run, reference: dict[str, bytes]) -> None:
    other = project.parent / "other"
    other.mkdir()
    shutil.copytree(project / "content", other / "content")
    path = other / "content" / "credentials" / "feedback-loops.md"
    path.write_text(path.read_text("utf-8").replace("title: Feedback Loops", "title: Feedback Loops Other"), "utf-8")
    assert run("build", "--content", other / "content", "--output", "other-reference", "--no-search",
               "--no-cache").code == 0
    other_reference = snapshot_folder(project / "other-reference")
    shutil.rmtree(project / "other-reference")
    shared = project.parent / "shared-cache"
    shared.mkdir()
    (shared / "cache.pickle.999999-0badf00d.tmp").write_bytes(b"a build killed while saving")

    first = Build(project, "--cache-dir", str(shared), pause="cache", name="first")
    first.paused()
    second = Build(project, "--cache-dir", str(shared), name="second",
                   args=("build", "--content", str(other / "content"), "--output", "out2", "--no-search"))
    assert second.finish()[0] == 0
    first.release()
    assert first.finish()[0] == 0
    assert sorted(p.name for p in shared.iterdir()) == ["README", "cache.pickle"]

    for _ in range(2):  # each folder again, in turn, from the one cache: never a wrong "nothing changed"
        result = run(*BUILD, "--cache-dir", shared)
        assert result.code == 0, result.output
        assert snapshot_folder(project / "output") == reference
        result = run("build", "--content", other / "content", "--output", "out2", "--no-search",
                     "--cache-dir", shared)
        assert result.code == 0, result.output
        assert snapshot_folder(project / "out2") == other_reference
    assert helpers(project) == []


@pytest.fixture
def dev(project: Path) -> Iterator[DevServer]:
    server = DevServer(ServeOptions(content=project / "content", output=project / "output", port=0, search=False),
                       log=io.StringIO())
    assert server.start().ok
    try:
        yield server
    finally:
        server.stop()


def test_serve_and_a_build_on_the_same_output_take_turns(project: Path, dev: DevServer) -> None:
    page = dev.url + "credentials/feedback-loops/"
    build = Build(project, pause="rendering")
    build.paused()

    outcome: list[BuildOutcome | None] = []
    rebuild = threading.Thread(target=lambda: outcome.append(dev.rebuild_now(timeout=WAIT)))
    rebuild.start()
    log: io.StringIO = dev._log  # type: ignore[assignment]
    wait_until(lambda: f"waiting for the build of {project / 'output'}/ by process {build.pid}" in log.getvalue(),
               "serve to say it waits")
    started = time.monotonic()
    with urllib.request.urlopen(page, timeout=WAIT) as response:  # answered while serve waits
        assert response.status == 200
    assert time.monotonic() - started < 5

    # A credential edit meanwhile is not written into the folder the build is about to replace.
    path = project / "content" / "credentials" / "feedback-loops.md"
    path.write_text(path.read_text("utf-8").replace("title: Feedback Loops", "title: Feedback Loops Live"), "utf-8")
    time.sleep(0.3)
    served = project / "output" / "credentials" / "feedback-loops" / "index.html"
    assert "Feedback Loops Live" not in served.read_text("utf-8")

    build.release()
    code, _out, err = build.finish()
    assert code == 0, err
    rebuild.join(WAIT)
    assert outcome and outcome[0] is not None and outcome[0].ok, outcome
    wait_until(lambda: "Feedback Loops Live" in urllib.request.urlopen(page, timeout=WAIT).read().decode(),
               "the edit to be served")
    assert dev.rebuild_now(timeout=WAIT) is not None
    assert helpers(project) == []
    assert (project / "output" / ".sitegen-output").is_file()


MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
PEAK_RSS = """\
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(f"{done.returncode}\\n{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n")
sys.stderr.write(done.stderr)
"""


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_a_3_gb_evidence_file_is_refused_without_being_read(project: Path, cache: bool) -> None:
    folder = project / "content" / "portfolios" / "avery-example"
    with open(folder / "evidence" / "lesson.mp4", "wb") as handle:
        handle.write(MP4_HEAD)
        handle.truncate(3 * 1024**3)  # sparse: takes no disk space
    manifest = folder / "portfolio.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace(
        "        file: evidence/lesson-plan.pdf\n",
        "        file: evidence/lesson-plan.pdf\n      - {title: Lesson video, kind: video, file: evidence/lesson.mp4, "
        "student_privacy: no-students}\n"),
        "utf-8")
    site = project / "content" / "site.yaml"
    site.write_text(site.read_text("utf-8").replace("max_evidence_mb: 1\n", "max_evidence_mb: 25\n"), "utf-8")
    extra = () if cache else ("--no-cache",)
    done = subprocess.run([sys.executable, "-c", PEAK_RSS, sys.executable, "-m", "sitegen", *BUILD, *extra],
                          cwd=project, capture_output=True, text=True, timeout=WAIT)
    code, peak_kb = (int(line) for line in done.stdout.split())
    assert code == 1
    assert done.stderr.splitlines() == [
        "content/portfolios/avery-example/portfolio.yaml:24: 'file: evidence/lesson.mp4' is 3072.0 MB "
        "(3,221,225,472 bytes); the limit is 25 MB (max_evidence_mb in site.yaml); link to it with url: instead",
        "1 problem found; nothing was written."]
    assert peak_kb < 200 * 1024, f"peak memory {peak_kb / 1024:.0f} MB"
    print(f"peak memory of the refused build: {peak_kb / 1024:.0f} MB")
