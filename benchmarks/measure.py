"""Timing one command: wall time, CPU time and peak memory of that command alone, through a tiny wrapper."""

from __future__ import annotations

import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# Run as `python -c WRAPPER RESULT_PATH CMD...`: forks, execs CMD, waits with os.wait4 (the rusage of that one
# child, its reaped descendants included) and samples the RSS and the PSS summed over CMD's process tree every
# 50 ms, since ru_maxrss is the largest single process, which understates a program that forks workers. Summed
# RSS counts a page that forked processes share once per process; PSS shares it out between them.
WRAPPER = r"""
import json, os, sys, threading, time
result_path, cmd = sys.argv[1], sys.argv[2:]
page = os.sysconf("SC_PAGE_SIZE")
peak = [0]
peak_pss = [0]
done = threading.Event()

def tree_rss(root):
    stats = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name, "rb") as f:
                    raw = f.read()
                rest = raw[raw.rindex(b")") + 2:].split()
                stats[int(name)] = (int(rest[1]), int(rest[21]))
            except (OSError, ValueError, IndexError):
                pass
    children = {}
    for pid, (ppid, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    members, frontier = {root}, [root]
    while frontier:
        for child in children.get(frontier.pop(), ()):
            if child not in members:
                members.add(child)
                frontier.append(child)
    return sum(stats[pid][1] for pid in members if pid in stats) * page, members

def pss(pid):
    try:
        with open("/proc/%d/smaps_rollup" % pid, "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0

def sample(root):
    while not done.wait(0.05):
        rss, members = tree_rss(root)
        peak[0] = max(peak[0], rss)
        peak_pss[0] = max(peak_pss[0], sum(pss(pid) for pid in members))

start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(cmd[0], cmd)
    finally:
        os._exit(127)
sampler = threading.Thread(target=sample, args=(pid,), daemon=True)
sampler.start()
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
done.set()
sampler.join()
with open(result_path, "w") as f:
    json.dump({"wall_s": wall, "user_s": usage.ru_utime, "sys_s": usage.ru_stime,
               "maxrss_kb": usage.ru_maxrss, "tree_rss_bytes": peak[0], "tree_pss_bytes": peak_pss[0],
               "returncode": os.waitstatus_to_exitcode(status)}, f)
"""

STDERR_TAIL_CHARS = 2000


@dataclass(frozen=True)
class Measurement:
    """One run of one command."""

    wall_s: float
    cpu_s: float  # user + sys of the command and its reaped descendants (os.wait4)
    maxrss_mb: float  # ru_maxrss: the largest single process of the command's tree
    tree_rss_mb: float  # the largest RSS summed over the command's process tree, sampled every 50 ms
    tree_pss_mb: float  # the largest PSS summed over that tree (shared pages counted once), sampled with it
    returncode: int
    cpu_children_delta_s: float  # RUSAGE_CHILDREN delta around the wrapper (adds its ~30 ms start-up)
    other_cpu_s: float | None = None  # CPU the rest of the machine used meanwhile (/proc/stat), None if unknown
    stderr_tail: str = ""  # the end of its output (stdout and stderr), kept when it failed

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def other_load(self) -> float:
        """How many cores other processes kept busy on average while this ran."""
        return (self.other_cpu_s or 0.0) / self.wall_s if self.wall_s else 0.0

    @property
    def peak_rss_mb(self) -> float:
        """The larger of ru_maxrss and the sampled RSS sum: an upper bound that counts shared pages per process."""
        return max(self.maxrss_mb, self.tree_rss_mb)

    @property
    def peak_memory_mb(self) -> float:
        """The larger of ru_maxrss and the sampled PSS sum: the memory the command held, each page once."""
        return max(self.maxrss_mb, self.tree_pss_mb)


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def machine_busy_s() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (user, nice, system, irq, softirq, steal)."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    if len(fields) < 9 or fields[0] != "cpu":
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _tail(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    return text[-STDERR_TAIL_CHARS:].strip()


def measure(cmd: Sequence[str], cwd: Path, timeout_s: float = 3600) -> Measurement:
    """Run cmd once under the wrapper; a command that cannot start or times out is a failed measurement."""
    cwd.mkdir(parents=True, exist_ok=True)
    os.sync()  # the last command's written files reach the disk now, not while this one is timed
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as tmp:
        result_path, err_path = Path(tmp) / "usage.json", Path(tmp) / "stderr.txt"
        before = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
        busy_before = machine_busy_s()
        with err_path.open("wb") as err:
            proc = subprocess.Popen([sys.executable, "-c", WRAPPER, str(result_path), *cmd], cwd=cwd,
                                    stdin=subprocess.DEVNULL, stdout=err, stderr=subprocess.STDOUT,
                                    start_new_session=True)
            try:
                proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                return _failed(f"timed out after {timeout_s:.0f} s\n" + _tail(err_path))
        delta = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - before
        busy_after = machine_busy_s()
        try:
            usage = json.loads(result_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return _failed("the measuring wrapper failed\n" + _tail(err_path))
        tail = _tail(err_path)
    returncode = int(usage["returncode"])
    if returncode == 127 and not tail:
        tail = f"could not run {cmd[0]}"
    cpu = usage["user_s"] + usage["sys_s"]
    other = None if busy_before is None or busy_after is None else max(0.0, busy_after - busy_before - delta)
    return Measurement(wall_s=usage["wall_s"], cpu_s=cpu, maxrss_mb=usage["maxrss_kb"] / 1024,
                       tree_rss_mb=usage["tree_rss_bytes"] / 2**20,
                       tree_pss_mb=usage.get("tree_pss_bytes", 0) / 2**20, returncode=returncode,
                       cpu_children_delta_s=delta, other_cpu_s=other, stderr_tail=tail if returncode != 0 else "")


def _failed(message: str) -> Measurement:
    return Measurement(wall_s=0.0, cpu_s=0.0, maxrss_mb=0.0, tree_rss_mb=0.0, tree_pss_mb=0.0, returncode=-1,
                       cpu_children_delta_s=0.0, stderr_tail=message.strip())


@dataclass
class Series:
    """Repeated runs of one measurement, summarised by medians over the successful ones."""

    label: str
    runs: list[Measurement] = field(default_factory=list)
    pages: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok_runs(self) -> list[Measurement]:
        return [run for run in self.runs if run.ok]

    @property
    def failed(self) -> bool:
        return any(not run.ok for run in self.runs)

    def median(self, attribute: str) -> float | None:
        values = [float(getattr(run, attribute)) for run in self.ok_runs]
        return statistics.median(values) if values else None

    def summary(self) -> dict[str, Any]:
        """The series as JSON-ready data: medians, page count, every run, the first failure's stderr."""
        wall = self.median("wall_s")
        failures = [run for run in self.runs if not run.ok]
        return {
            "label": self.label,
            "ok": bool(self.ok_runs) and not failures,
            "wall_s": wall,
            "cpu_s": self.median("cpu_s"),
            "peak_rss_mb": self.median("peak_rss_mb"),
            "peak_memory_mb": self.median("peak_memory_mb"),
            "tree_pss_mb": self.median("tree_pss_mb"),
            "maxrss_mb": self.median("maxrss_mb"),
            "tree_rss_mb": self.median("tree_rss_mb"),
            "pages": self.pages,
            "ms_per_page": (wall * 1000 / self.pages) if wall is not None and self.pages else None,
            "error": failures[0].stderr_tail if failures else None,
            "other_load": self.median("other_load"),
            "runs": [{**asdict(run), "peak_rss_mb": run.peak_rss_mb, "other_load": run.other_load}
                     for run in self.runs],
            **self.extra,
        }
