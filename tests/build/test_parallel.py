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


def test_markdown_rendered_by_workers_reaches_the_cache_and_edits_rebuild_exactly(tmp_path: Path) -> None:
    """Workers render the Markdown their pages need and send it back for the cache; a rebuild after an edit,
    from that cache with two workers, gives the bytes of a clean single-process build."""
    from sitegen.cache import BuildCache, text_key
    from sitegen.load import split_front_matter

    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--credentials", "160", "--out",
                    str(tmp_path / "corpus")], check=True, capture_output=True)
    content = tmp_path / "corpus" / "content"
    _build(content, tmp_path / "site", 2, "3")
    cache = BuildCache.open(tmp_path / "corpus" / ".sitegen-cache")
    bodies = [split_front_matter(path.read_text("utf-8"), str(path)).body
              for path in sorted((content / "credentials").glob("*.md"))]
    assert len(bodies) == 160
    assert [i for i, body in enumerate(bodies) if text_key(body) not in cache.markdown] == []

    edited = sorted((content / "credentials").glob("*.md"))[7]
    edited.write_text(edited.read_text("utf-8") + "\n## Added after the first build\n\nA new *paragraph*.\n",
                      "utf-8")
    _build(content, tmp_path / "site", 2, "4")
    clean = subprocess.run([sys.executable, "-m", "sitegen", "build", "--content", str(content), "--output",
                            str(tmp_path / "clean"), "--no-search", "--quiet", "--jobs", "1", "--no-cache"],
                           capture_output=True, text=True, check=False)
    assert clean.returncode == 0, clean.stderr
    rebuilt, fresh = snapshot_folder(tmp_path / "site"), snapshot_folder(tmp_path / "clean")
    assert "Added after the first build" in rebuilt[f"credentials/{edited.stem}/index.html"].decode("utf-8")
    assert rebuilt.keys() == fresh.keys()
    assert [name for name in rebuilt if rebuilt[name] != fresh[name]] == []
