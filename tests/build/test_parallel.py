"""Parallel builds: the output never depends on the number of workers or on the hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import snapshot_folder

ROOT = Path(__file__).resolve().parents[2]


def _build(content: Path, out: Path, jobs: int, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-m", "sitegen", "build", "--content", str(content), "--output",
                           str(out), "--no-search", "--quiet", "--jobs", str(jobs)],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr


def test_two_workers_build_the_same_bytes_as_one(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--credentials", "160", "--out",
                    str(tmp_path / "corpus")], check=True, capture_output=True)
    content = tmp_path / "corpus" / "content"
    # Two credentials with the same title: ties must be broken by id, never by hash order.
    first, second = sorted((content / "credentials").glob("*.md"))[:2]
    title = next(line for line in first.read_text("utf-8").splitlines() if line.startswith("title:"))
    text = second.read_text("utf-8").splitlines()
    second.write_text("\n".join(title if line.startswith("title:") else line for line in text) + "\n", "utf-8")
    _build(content, tmp_path / "one", 1, "1")
    _build(content, tmp_path / "two", 2, "2")
    one, two = snapshot_folder(tmp_path / "one"), snapshot_folder(tmp_path / "two")
    assert len(one) > 300  # enough pages for the build to really fork
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
