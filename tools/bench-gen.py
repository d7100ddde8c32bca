#!/usr/bin/env python3
# bench-gen: writes a `git fast-import` stream of a large data repository (DESIGN §2.2 layout), for tools/bench.sh.
"""
Usage:
  bench-gen.py gen N [--ids FILE] [--legacy]
                                      fast-import stream on stdout: the shipped demo base
                                      (data/, config/rules, config/rubrics), a bench admin,
                                      and N generated records; FILE gets "TYPE ID TERM SCHOOL PATH"
                                      samples of generated observations. Observations and questions
                                      go below their id's month (DESIGN §2.2), or, --legacy, where
                                      repositories made before sharding have them (for `migrate`)
  bench-gen.py more N SEED NAME      fast-import stream of N more observations of a past term on
                                      top of refs/heads/main, one commit each, authored by NAME

Records are written exactly as the codec writes them: "[section]" lines,
"key = value" lines in schema order, one blank line between sections, none at
the end, values chosen so that no escaping or wrapping is needed.
"""
import os
import random
import re
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
B32 = "0123456789abcdefghjkmnpqrstvwxyz"
# Ten past terms, the last spring 2026: check refuses observations dated after today.
TERMS = ["%d-%d-%d" % (y, y + 1, n) for y in range(2021, 2026) for n in (1, 2)]
KINDS = ["supervise", "peer", "leader", "prepare", "inspect", "open", "demo"]
COURSES = ["直播技术", "短视频制作与运营", "网店运营", "数据化运营", "传感器应用技术", "物联网应用开发"]
STRENGTHS = ["教学目标明确，任务驱动清楚", "示范操作规范，学生动手时间充足", "案例贴近岗位，课堂气氛活跃"]
PROBLEMS = ["个别小组分工不均", "总结环节略显仓促", "板书与课件衔接不够"]
SUGGESTIONS = ["增加分层任务", "课后布置拓展练习", "加强过程性评价"]


def record(sections):
    """sections: list of (name, [(key, value), ...]) in canonical order."""
    parts = []
    for name, kvs in sections:
        if not kvs:
            continue
        lines = ["[%s]" % name]
        for k, v in kvs:
            v = str(v)
            assert "\n" not in v and ";" not in v and "#" not in v and v == v.strip(), v
            assert len(("%s = %s" % (k, v)).encode()) < 150, (k, v)
            lines.append("%s = %s" % (k, v) if v else "%s =" % k)
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts).encode()


LEGACY = False


def shard(oid):
    """The month directory of a generated id (its UTC time), "" in the legacy layout."""
    if LEGACY:
        return ""
    ms = 0
    for c in oid[:10]:
        ms = ms * 32 + B32.index(c)
    return time.strftime("%Y-%m/", time.gmtime(ms // 1000))


class Ids:
    """26-character time-sortable ids (48-bit ms + 80 random bits, Crockford base32, lowercase)."""

    def __init__(self, rng):
        self.rng = rng
        self.seen = set()

    def new(self, ms):
        while True:
            t = "".join(B32[(ms >> (5 * i)) & 31] for i in range(9, -1, -1))
            r = self.rng.getrandbits(80)
            s = t + "".join(B32[(r >> (5 * i)) & 31] for i in range(15, -1, -1))
            if s not in self.seen:
                self.seen.add(s)
                return s


def term_day(rng, term):
    """A weekday inside the term as (YYYY-MM-DD, epoch ms)."""
    y = int(term[:4])
    if term.endswith("-1"):
        year, month = y, rng.choice([9, 10, 11, 12])
    else:
        year, month = y + 1, rng.choice([3, 4, 5, 6])
    day = rng.randint(1, 28)
    t = time.mktime((year, month, day, 10, 0, 0, 0, 0, 0)) - time.timezone
    return "%04d-%02d-%02d" % (year, month, day), int(t * 1000)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def base_files():
    """(repo path, bytes) of the shipped demo base: data/X at X, rule sets, rubrics."""
    out = []
    data = os.path.join(TOP, "data")
    for dirpath, _, files in os.walk(data):
        for name in sorted(files):
            if not name.endswith(".ini"):
                continue
            full = os.path.join(dirpath, name)
            body = read(full)
            if name == "group.ini" and dirpath == data:
                # The group's current term is the last generated one, so first screens show a full term.
                body = re.sub(rb"(?m)^term = .*$", ("term = %s" % TERMS[-1]).encode(), body)
            out.append((os.path.relpath(full, data), body))
    for sub in ("rules", "rubrics"):
        d = os.path.join(TOP, "config", sub)
        for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            if name.endswith(".ini"):
                out.append(("%s/%s" % (sub, name), read(os.path.join(d, name))))
    return out


def ini_values(data, section):
    """key → value of one section of a simple record file (no continuation handling needed here)."""
    vals, cur = {}, None
    for line in data.decode().split("\n"):
        if line.startswith("["):
            cur = line.strip("[]")
        elif cur == section and " = " in line:
            k, v = line.split(" = ", 1)
            vals[k.strip()] = v
    return vals


def rubric_indicators(files):
    for path, data in files:
        if path == "rubrics/default.ini":
            ids, cur = [], None
            for line in data.decode().split("\n"):
                if line.startswith("[indicator."):
                    cur = True
                elif line.startswith("["):
                    cur = None
                elif cur and line.startswith("id = "):
                    ids.append(line[5:])
                elif cur and line.startswith("max = "):
                    ids[-1] = (ids[-1], int(line[6:]))
            return ids
    return [("goal", 100)]


def observation(rng, idgen, i, people, schools, indicators, terms=TERMS):
    """The i-th generated observation as (term index, term, school, id, path, data)."""
    ti = i % len(terms)
    term, school = terms[ti], schools[(i // len(terms)) % len(schools)]
    date, ms = term_day(rng, term)
    oid = idgen.new(ms + i % 1000)
    scores = [(ind, rng.randint(mx * 6 // 10, mx)) for ind, mx in indicators]
    total = sum(v for _, v in scores)
    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    observer = rng.choice(people)
    teacher = rng.choice([p for p in people[:50] if p != observer] or people)
    data = record([
        ("observation", [
            ("id", oid), ("term", term), ("date", date), ("period", "%d-%d节" % (2 * (i % 4) + 1, 2 * (i % 4) + 2)),
            ("kind", KINDS[i % len(KINDS)]), ("announced", rng.choice(["yes", "no"])), ("school", school),
            ("observer", observer), ("teacher", teacher), ("course", rng.choice(COURSES)),
            ("class", "%d级%d班" % (21 + ti // 2, i % 6 + 1)), ("room", "实训楼A%03d" % (i % 400)),
            ("students", rng.randint(30, 48)), ("late", rng.randint(0, 3)), ("rubric", "default"),
            ("rubric_version", 1), ("total", total), ("grade", grade)]),
        ("score", scores),
        ("text", [("strengths", rng.choice(STRENGTHS)), ("problems", rng.choice(PROBLEMS)),
                  ("suggestions", rng.choice(SUGGESTIONS))]),
    ])
    return ti, term, school, oid, "observations/%s/%s/%s%s.ini" % (term, school, shard(oid), oid), data


def gen(n, ids_file):
    rng = random.Random(20261122)
    idgen = Ids(rng)
    files = base_files()
    schools = sorted(p[len("schools/"):-4] for p, _ in files if p.startswith("schools/"))[:4] or ["s01"]
    people = sorted(p[len("people/"):-4] for p, _ in files if p.startswith("people/"))
    specs = sorted(p[len("specialties/"):-4] for p, _ in files if p.startswith("specialties/")) or ["510102"]
    courses = {}
    for p, _ in files:
        if p.startswith("courses/"):
            _, spec, name = p.split("/")
            courses.setdefault(spec, []).append(name[:-4])
    group = dict(p for p in files if p[0] == "group.ini").get("group.ini", b"")
    lead = ini_values(group, "group").get("lead", schools[0]) if group else schools[0]
    indicators = rubric_indicators(files)

    n_people = n // 100
    n_questions = n * 7 // 100
    n_plans = min(len(TERMS) * len(schools) * len(specs), n // 50)
    n_exams = n // 1000
    n_obs = n - n_people - n_questions - n_plans - n_exams

    gen_files = []
    gen_files.append(("people/bench.ini", record([("person", [
        ("id", "bench"), ("name", "基准测试"), ("school", lead), ("roles", "admin,observer"),
        ("title", "intermediate"), ("dual_qualified", "no"), ("email", "bench@localhost")])])))
    for i in range(n_people):
        pid = "t%05d" % i
        people.append(pid)
        gen_files.append(("people/%s.ini" % pid, record([("person", [
            ("id", pid), ("name", "教师%05d" % i), ("school", schools[i % len(schools)]), ("roles", "teacher"),
            ("title", rng.choice(["junior", "intermediate", "associate", "senior"])),
            ("dual_qualified", rng.choice(["yes", "no"])), ("email", "%s@bench.jiaoyan" % pid)])])))
    if not people:
        people = ["bench"]
    samples = []
    per_term = [[] for _ in TERMS]
    for i in range(n_obs):
        ti, term, school, oid, path, data = observation(rng, idgen, i, people, schools, indicators)
        per_term[ti].append((path, data))
        if i % max(1, n_obs // 50) == 0:
            samples.append("observation %s %s %s %s" % (oid, term, school, path))
    for i in range(n_questions):
        spec = specs[i % len(specs)]
        course = rng.choice(courses.get(spec, [spec + "-c01"]))
        qid = idgen.new(1700000000000 + i)
        data = record([
            ("question", [
                ("id", qid), ("specialty", spec), ("course", course), ("version", 1), ("type", "single"),
                ("difficulty", rng.randint(1, 5)), ("level", rng.choice(["remember", "understand", "apply", "analyse"])),
                ("chapter", "第%d章" % (i % 12 + 1)), ("point", "知识点%d" % (i % 50)),
                ("stem", "下列说法正确的是（第%d题）" % i), ("answer", "A"), ("points", 2),
                ("author", rng.choice(people)), ("school", schools[i % len(schools)]), ("state", "approved")]),
            ("options", [("A", "说法一"), ("B", "说法二"), ("C", "说法三"), ("D", "说法四")]),
        ])
        gen_files.append(("questions/%s/%s/%s%s.ini" % (spec, course, shard(qid), qid), data))
    k = 0
    for term in TERMS:
        for school in schools:
            for spec in specs:
                if k >= n_plans:
                    break
                k += 1
                data = record([
                    ("plan", [("term", term), ("school", school), ("specialty", spec), ("state", "draft"), ("revision", 0)]),
                    ("course.1", [("name", "专业导论"), ("category", "foundation"), ("hours", 32)]),
                ])
                gen_files.append(("plans/%s/%s/%s.ini" % (term, school, spec), data))
    for i in range(n_exams):
        term, spec = TERMS[i % len(TERMS)], specs[i % len(specs)]
        eid = idgen.new(1700000000000 + i)
        course = (courses.get(spec) or [spec + "-c01"])[0]
        data = record([("exam", [("id", eid), ("term", term), ("specialty", spec), ("course", course),
                                 ("name", "联考%d" % i), ("schools", ",".join(schools))])])
        gen_files.append(("exams/%s/%s.ini" % (term, eid), data))

    out = sys.stdout.buffer
    when = 1795339800

    def commit(msg, entries):
        nonlocal when
        m = msg.encode()
        out.write(b"commit refs/heads/main\n")
        out.write(b"author bench <bench@localhost> %d +0000\n" % when)
        out.write(b"committer bench <bench@localhost> %d +0000\n" % when)
        out.write(b"data %d\n%s\n" % (len(m), m))
        for path, data in entries:
            out.write(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
        out.write(b"\n")
        when += 60

    commit("基础数据", files + gen_files)
    for ti, entries in enumerate(per_term):
        if entries:
            commit("听课记录 %s" % TERMS[ti], entries)
    out.write(b"done\n")
    if ids_file:
        with open(ids_file, "w") as f:
            f.write("\n".join(samples) + "\n")
            f.write("lead %s\n" % lead)
            f.write("teacher %s\n" % people[0])


def more(n, seed, name):
    """N more observations of a past term on top of refs/heads/main, one commit each, as `add` makes them."""
    rng = random.Random(seed)
    idgen = Ids(rng)
    files = base_files()
    schools = sorted(p[len("schools/"):-4] for p, _ in files if p.startswith("schools/"))[:4] or ["s01"]
    people = sorted(p[len("people/"):-4] for p, _ in files if p.startswith("people/")) or ["bench"]
    indicators = rubric_indicators(files)
    out = sys.stdout.buffer
    when = 1795400000 + seed * 100000
    for i in range(n):
        _, _, _, _, path, data = observation(rng, idgen, i, people, schools, indicators, TERMS[-1:])
        m = ("%s 听课记录 %d" % (name, i)).encode()
        out.write(b"commit refs/heads/main\n")
        out.write(b"author %s <%s@localhost> %d +0000\n" % (name.encode(), name.encode(), when + i))
        out.write(b"committer %s <%s@localhost> %d +0000\n" % (name.encode(), name.encode(), when + i))
        out.write(b"data %d\n%s\n" % (len(m), m))
        if i == 0:
            out.write(b"from refs/heads/main^0\n")
        out.write(b"M 100644 inline %s\ndata %d\n%s\n\n" % (path.encode(), len(data), data))
    out.write(b"done\n")


def main(argv):
    global LEGACY
    if len(argv) >= 2 and argv[0] == "gen":
        LEGACY = "--legacy" in argv
        ids_file = argv[argv.index("--ids") + 1] if "--ids" in argv else None
        gen(int(argv[1]), ids_file)
    elif len(argv) == 4 and argv[0] == "more":
        more(int(argv[1]), int(argv[2]), argv[3])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
