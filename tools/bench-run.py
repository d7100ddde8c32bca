#!/usr/bin/env python3
# bench-run: times commands A/B alternating with their peak memory, the TUI's first screen in a pty, and prints bench.sh's table.
"""
Usage:
  bench-run.py time [--runs R] [--budget S] [--min-runs M] [--warm] [--diff A-B]... -- [OPT...] CMD...
                    [-- [OPT...] CMD...]
      Runs the commands in turn, round after round, so a busy moment on the machine weighs on
      all alike; stops after R rounds, or earlier once S seconds have passed and M rounds are
      done. --warm: one untimed run of each command without --setup first (page cache, derived
      index built as a first start would). --diff A-B (1-based command numbers, repeatable): one
      more line per --diff after those of the commands, "MEDIAN_MS" of the round-by-round
      differences A minus B (two commands run side by side in each round: the difference of
      their medians would carry the machine's drift between rounds, this cancels it). Prints
      one line per command: "MEDIAN_MS PEAK_RSS_KB ROUNDS" (peak = the largest maximum
      resident set of any run, children the command waited for included, as GNU time reports
      it: /usr/bin/time runs every command, its start counted in the time of both sides).
      OPT, before a command's words:
        --setup=SHELL   run by sh before every run of the command, untimed (fresh copies)
        --status=N      the exit status the command must have (default 0)
        --tui=MARKER    run it as a terminal program (see below) and time its first screen
      Fails on the first run whose exit status is not the one expected, showing its stderr.

  bench-run.py table ROWS [--markdown FILE]
      Prints the rows (tab-separated: op, records, ms, rss_kb, beside, beside_ms, beside_rss_kb,
      runs, spec, note) as one table with ratio and verdict, also as markdown into FILE;
      exits 1 if any row fails its goal. spec is space-separated conditions, all of which must
      hold: ratio<=X or ratio>=X (ms / beside_ms), ms<=X, rss<=X (MB), same=yes (the caller
      found the same records as git; same=no fails). A row whose ms is
      "n/a" is shown with its note and fails nothing.

The TUI's first screen is measured from outside: the command runs in a fresh pseudo-terminal
of 80x24 (its controlling terminal, so it sees a real one) with TERM=xterm-256color and
LC_ALL=C.UTF-8, and the clock starts when bench-spawn (BENCH_SPAWN) starts the program, or else
just before this Python forks. The first screen is complete when the
terminal has received MARKER (text of the key-hint line, the last row, which the program
draws last) and then nothing more for 150 ms: the time is that of the last byte before
the quiet, so a program that draws a frame and then fills it in later is measured to the
filled-in frame, and the 150 ms of waiting are not counted. Then q is typed; the program must
quit with status 0 within 10 s.
"""
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import fcntl
import time
import unicodedata

QUIET = 0.150
COLS, ROWS = 80, 24


def die(msg):
    sys.stderr.write("bench: %s\n" % msg)
    sys.exit(1)


GNU_TIME = "/usr/bin/time"


# tools/bench-spawn.c, built by bench.sh: the command's start, wall time and peak memory, measured by a small
# program that starts it with posix_spawn. Without it GNU time gives the memory and this Python the time,
# 16 ms of two program starts included in every number.
SPAWN = os.environ.get("BENCH_SPAWN", "")


def wrap(cmd, rss_file):
    """The command under bench-spawn (or GNU time), which writes to rss_file. Linux counts a forked process's
    memory before exec in its peak, so the command must be started by a small program, not by this Python."""
    if SPAWN and os.access(SPAWN, os.X_OK):
        return [SPAWN, rss_file] + cmd
    if not os.access(GNU_TIME, os.X_OK):
        return cmd
    return [GNU_TIME, "-f", "%M", "-o", rss_file, "--"] + cmd


def measured(rss_file, ru):
    """(start, ms, kb): bench-spawn's three numbers (start and ms None under GNU time, whose line is the peak RSS
    in KB; all but kb None without either, kb then what wait4 said, Python's own included); removes the file."""
    try:
        with open(rss_file) as f:
            words = f.read().split()
        if len(words) == 3:
            return float(words[0]), float(words[1]), int(words[2])
        return None, None, int(words[-1])
    except (OSError, ValueError, IndexError):
        return None, None, ru.ru_maxrss
    finally:
        if os.path.exists(rss_file):
            os.unlink(rss_file)


def run_plain(cmd, status):
    """One timed run: (ms, maxrss_kb)."""
    rss_file = tempfile.mktemp(prefix="bench-rss.")
    argv = wrap(cmd, rss_file)
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            try:
                null = os.open(os.devnull, os.O_RDWR)
                os.dup2(null, 0)
                os.dup2(null, 1)
                os.dup2(err.fileno(), 2)
                os.execvp(argv[0], argv)
            finally:
                os._exit(127)
        _, st, ru = os.wait4(pid, 0)
        ms = (time.perf_counter() - t0) * 1000
        code = os.waitstatus_to_exitcode(st)
        _, spawned_ms, kb = measured(rss_file, ru)
        if spawned_ms is not None:
            ms = spawned_ms
        if code != status:
            err.seek(0)
            die("%s exited %d (expected %d)\n%s" % (" ".join(cmd), code, status,
                                                     err.read().decode(errors="replace")))
    return ms, kb


def run_tui(cmd, marker):
    """One run in a pty: (ms to the first complete screen, maxrss_kb); see the module's text."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", LC_ALL="C.UTF-8")
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    rss_file = tempfile.mktemp(prefix="bench-rss.")
    argv = wrap(cmd, rss_file)
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(master)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            if slave > 2:
                os.close(slave)
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    os.close(slave)
    out = bytearray()
    seen = None  # time of the last byte once the marker has arrived
    want = marker.encode()
    deadline = t0 + 60
    ms = None
    try:
        while True:
            now = time.perf_counter()
            if now > deadline:
                raise RuntimeError("no complete screen within 60 s")
            wait = deadline - now if seen is None else seen + QUIET - now
            if seen is not None and wait <= 0:
                ms = (seen - t0) * 1000
                break
            r, _, _ = select.select([master], [], [], max(wait, 0))
            if not r:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError("the program ended before its first screen")
            t = time.perf_counter()
            out += chunk
            if seen is not None or want in out:
                seen = t
        os.write(master, b"q")
        end = time.perf_counter() + 10
        st = None
        while st is None and time.perf_counter() < end:
            r, _, _ = select.select([master], [], [], 0.01)
            if r:
                try:
                    os.read(master, 65536)
                except OSError:
                    pass
            done, status, ru = os.wait4(pid, os.WNOHANG)
            if done:
                pid, st = None, status
        if st is None:
            raise RuntimeError("q did not quit the program within 10 s")
        started, _, kb = measured(rss_file, ru)
        if started is not None:
            ms = (seen - started) * 1000  # from the command's own start, not this Python's fork
        if os.waitstatus_to_exitcode(st) != 0:
            raise RuntimeError("exit status %d after q" % os.waitstatus_to_exitcode(st))
    except RuntimeError as e:
        if pid is not None:
            os.killpg(pid, signal.SIGKILL)  # its own session: GNU time and the program
            os.waitpid(pid, 0)
        if os.path.exists(rss_file):
            os.unlink(rss_file)
        tail = out[-600:].decode(errors="replace")
        die("%s: %s; the terminal received (last 600 bytes): %r" % (" ".join(cmd), e, tail))
    finally:
        os.close(master)
    return ms, kb


def time_cmds(argv):
    runs, budget, min_runs, warm, diffs = 21, 0.0, 3, False, []
    while argv and argv[0] != "--":
        opt = argv.pop(0)
        if opt == "--runs":
            runs = int(argv.pop(0))
        elif opt == "--budget":
            budget = float(argv.pop(0))
        elif opt == "--warm":
            warm = True
        elif opt == "--min-runs":
            min_runs = int(argv.pop(0))
        elif opt == "--diff":
            a, b = argv.pop(0).split("-")
            diffs.append((int(a) - 1, int(b) - 1))
        else:
            die("time: unknown option %s" % opt)
    cmds = []
    for a in argv + ["--"]:
        if a == "--":
            if argv and (not cmds or cmds[-1]["cmd"]):
                cmds.append({"cmd": [], "setup": None, "status": 0, "tui": None})
            continue
        c = cmds[-1]
        if not c["cmd"] and a.startswith("--setup="):
            c["setup"] = a[len("--setup="):]
        elif not c["cmd"] and a.startswith("--status="):
            c["status"] = int(a[len("--status="):])
        elif not c["cmd"] and a.startswith("--tui="):
            c["tui"] = a[len("--tui="):]
        else:
            c["cmd"].append(a)
    cmds = [c for c in cmds if c["cmd"]]
    if not cmds:
        die("time: no command")
    times = [[] for _ in cmds]
    rss = [0 for _ in cmds]
    for c in cmds if warm else []:
        if not c["setup"]:
            run_tui(c["cmd"], c["tui"]) if c["tui"] else run_plain(c["cmd"], c["status"])
    start = time.perf_counter()
    done = 0
    while done < runs:
        for i, c in enumerate(cmds):
            if c["setup"] and subprocess.run(["sh", "-c", c["setup"]]).returncode != 0:
                die("setup failed: %s" % c["setup"])
            ms, kb = run_tui(c["cmd"], c["tui"]) if c["tui"] else run_plain(c["cmd"], c["status"])
            times[i].append(ms)
            rss[i] = max(rss[i], kb)
        done += 1
        if budget and done >= min_runs and time.perf_counter() - start > budget:
            break
    for i in range(len(cmds)):
        print("%.2f %d %d" % (statistics.median(times[i]), rss[i], done))
    for a, b in diffs:
        if not (0 <= a < len(cmds) and 0 <= b < len(cmds)):
            die("time: --diff %d-%d: no such command" % (a + 1, b + 1))
        print("%.2f" % statistics.median(x - y for x, y in zip(times[a], times[b])))


def width(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s, w, right=False):
    fill = " " * max(0, w - width(s))
    return fill + s if right else s + fill


def goal_text(spec):
    parts = []
    for cond in spec.split():
        if cond.startswith("ratio<="):
            parts.append("≤ %s×" % cond[7:])
        elif cond.startswith("ratio>="):
            parts.append("≥ %s×" % cond[7:])
        elif cond.startswith("ms<="):
            parts.append("≤ %s ms" % cond[4:])
        elif cond.startswith("rss<="):
            parts.append("≤ %s MB" % cond[5:])
        elif cond.startswith("same="):
            parts.append("same records")
    return ", ".join(parts) or "—"


def holds(cond, ms, kb, ratio):
    if cond.startswith("same="):
        return cond == "same=yes"
    for key, val in (("ratio", ratio), ("ms", ms), ("rss", kb / 1024 if kb is not None else None)):
        for op in ("<=", ">="):
            if cond.startswith(key + op):
                limit = float(cond[len(key) + 2:])
                if val is None:
                    return False
                return val <= limit if op == "<=" else val >= limit
    die("table: unknown goal %s" % cond)


def num(s):
    return float(s) if s not in ("", "-", "n/a") else None


def fmt_ms(v):
    return "—" if v is None else ("%.0f" % v if v >= 100 else "%.1f" % v)


def fmt_mb(kb):
    return "—" if kb is None else "%.1f" % (kb / 1024)


def table(argv):
    path = argv[0]
    md = argv[argv.index("--markdown") + 1] if "--markdown" in argv else None
    head = ["operation", "records", "jiaoyan ms", "MB", "beside it", "ms", "MB", "ratio", "goal", "verdict", "runs"]
    rows, failed = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            op, recs, ms, kb, beside, bms, bkb, runs, spec, note = (line.split("\t") + [""] * 10)[:10]
            ms, kb, bms, bkb = num(ms), num(kb), num(bms), num(bkb)
            ratio = ms / bms if ms is not None and bms else None
            if ms is None:
                verdict = "n/a"
            elif not spec.split():
                verdict = "—"
            else:
                verdict = "ok" if all(holds(c, ms, kb, ratio) for c in spec.split()) else "FAIL"
            failed += verdict == "FAIL"
            rows.append([op, "{:,}".format(int(recs)) if recs.isdigit() else recs,
                         fmt_ms(ms) if ms is not None else "n/a", fmt_mb(kb), beside or "—",
                         fmt_ms(bms), fmt_mb(bkb), "—" if ratio is None else "%.2f" % ratio,
                         goal_text(spec), verdict, runs or "—", note])
    widths = [max(width(r[i]) for r in rows + [head]) for i in range(len(head))]
    right = {1, 2, 3, 5, 6, 7, 10}
    print("  ".join(pad(h, widths[i], i in right) for i, h in enumerate(head)))
    for r in rows:
        line = "  ".join(pad(r[i], widths[i], i in right) for i in range(len(head)))
        print(line + ("  " + r[11] if r[11] else ""))
    if md:
        with open(md, "w", encoding="utf-8") as f:
            f.write("| " + " | ".join(head + ["note"]) + " |\n")
            f.write("|" + "|".join("---:" if i in right else "---" for i in range(len(head) + 1)) + "|\n")
            for r in rows:
                f.write("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |\n")
    return 1 if failed else 0


def main(argv):
    if argv and argv[0] == "time":
        time_cmds(argv[1:])
    elif len(argv) >= 2 and argv[0] == "table":
        sys.exit(table(argv[1:]))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
