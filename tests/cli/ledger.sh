#!/bin/sh
# ledger: `report ledger` on the demo repository — its numbers against counts made independently by Python over the
# repository's files (the 联考 section's against the stored scores, analysed by tests/tools/itemstats_ref.py), who may
# see which school's ledger, and the files read back by outside readers (csv module,
# openpyxl, html.parser, ElementTree, headless Chromium → PDF → pdftotext), record text escaped in each.
. tests/lib/harness.sh
R="$T/repo"
J() { "$JY" -C "$R" "$@"; }
as() { who=$1; shift; "$JY" -C "$R" --user "$who" "$@"; }
# Debian's python3-openpyxl is installed for the system interpreter, not for whatever python3 is first on PATH.
PY=${PYTHON3:-/usr/bin/python3}
S="$T/report"
mkdir -p "$S"

run 0 J init --demo && ok "demo repository" || { fail "demo repository"; exit 0; }
# Record text that must stay text in every file: markup, a formula, a quote.
run 0 as cenlixing seminar new --title '<script>alert(1)</script> & "期末"研讨' --date 2026-11-21 --attendee 黎晓棠 \
	--action '=1+1|黎晓棠|2026-12-31' && ok "a seminar whose text looks like markup and a formula" || fail "hostile seminar"
run 0 as lixiaotang seminar action done "$OUT" 1 && ok "its item ticked off" || fail "tick hostile item"

# ---- who may see what ----
refuses "a member school's admin sees only their school's ledger" 1 "只有牵头学校的管理员可以查看全部成员学校的工作台账" \
	as lixiaotang report ledger --format csv
refuses "not another school's" 1 "只有本校（s02）的管理员或牵头学校的管理员" as lixiaotang report ledger --school s02 --format csv
refuses "a teacher sees no ledger" 1 "只有本校（s01）的管理员" as suyuan report ledger --school 清源山中等职业学校 --format csv
refuses "a specialty lead neither" 1 "的管理员" as qizhenyu report ledger --school s03 --format csv
refuses "an unknown school" 1 "没有" as cenlixing report ledger --school nowhere --format csv
run 2 as cenlixing report ledger --format pdf && ok "an unknown format is a usage error" || fail "format pdf"
run 2 as cenlixing report ledger "$S/ledger.pdf" && contains "$ERR" "只输出到标准输出" && [ ! -e "$S/ledger.pdf" ] &&
	ok "a file name that says no format is a usage error, nothing written" || fail "file without a format"

# ---- the files ----
run 0 as cenlixing report ledger --term 2026-2027-1 --format csv "$S/all.csv" && ok "csv for every member school" || fail "csv"
run 0 as cenlixing report ledger "$S/all.xlsx" && ok "xlsx (from the file name)" || fail "xlsx"
as cenlixing report ledger --format html - > "$S/all.html" && [ -s "$S/all.html" ] && ok "html to standard output" || fail "html"
run 0 as lixiaotang report ledger --school s01 --format csv "$S/s01.csv" && ok "a member school's admin: their school's csv" || fail "s01 csv"
run 0 as lixiaotang report ledger --school s01 --format tsv && contains "$OUT" "seminars	1	清源山中等职业学校" &&
	ok "tsv rows carry their section" || fail "tsv: $(printf '%s' "$OUT" | head -5)"

# The independent side: the repository's files as they are.
mkdir -p "$T/files"
git --git-dir="$R" archive main | tar -x -C "$T/files" || fail "git archive"

# py NAME SCRIPT: one check by the system Python; the script sees the files (F), the outputs (S) and a reader of records.
py() {
	name=$1; shift
	if "$PY" - "$T/files" "$S" > "$T/py.out" 2>&1 <<EOF
import sys, os, csv, glob, io
F, S = sys.argv[1], sys.argv[2]
TERM, NEXT, TODAY = "2026-2027-1", "2026-2027-2", "2026-11-22"

def rec(path):
    """Our record format read by hand: [section], key = value, continuation lines indented two spaces."""
    r, sec, last = {}, None, None
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith("[") and line.endswith("]"):
            sec = line[1:-1]; r[sec] = {}
        elif line.startswith("  ") and last:
            r[sec][last] += line[2:]
        elif " = " in line:
            k, v = line.split(" = ", 1); r[sec][k] = v; last = k
    return r

def records(pattern):
    return [rec(p) for p in sorted(glob.glob(os.path.join(F, pattern)))]

def tables(path):
    """The ledger CSV as {table title: [header, rows...]}: a title row, its header row, its rows, then an empty row."""
    rows = list(csv.reader(io.StringIO(open(path, encoding="utf-8-sig").read())))
    out, i = {}, 0
    while i < len(rows):
        if i + 1 < len(rows) and len(rows[i]) == 1 and rows[i][0] and len(rows[i + 1]) > 1:
            title, header, body, i = rows[i][0], rows[i + 1], [], i + 2
            while i < len(rows) and rows[i] and any(rows[i]):
                body.append(dict(zip(header, rows[i]))); i += 1
            out[title] = body
        else:
            i += 1
    return out

people = {p["person"]["id"]: p["person"] for p in records("people/*.ini")}
schools = {s["school"]["id"]: s["school"] for s in records("schools/*.ini")}
members = sorted(k for k, v in schools.items() if v["kind"] != "lead")
obs = [o["observation"] for o in records("observations/%s/*/*/*.ini" % TERM)]  # TERM/SCHOOL/MONTH/ID.ini
L = tables(os.path.join(S, "all.csv"))
$*
EOF
	then ok "$name"; else fail "$name"; sed 's/^/# /' "$T/py.out" >&2; fi
}

py "observations per school and kind, coverage, mean and grades equal the files" '
t = L["各校听课评课情况"]
kinds = {"supervise": "督导听课", "peer": "同行听课", "leader": "领导听课", "prepare": "集体备课", "inspect": "衔接检查", "open": "公开课", "demo": "示范课"}
assert [r["学校"] for r in t] == [schools[s]["name"] for s in members], [r["学校"] for r in t]
for r, s in zip(t, members):
    mine = [o for o in obs if o["school"] == s]
    assert int(r["听课次数"]) == len(mine), (s, r["听课次数"], len(mine))
    for k, label in kinds.items():
        assert int(r[label]) == sum(o["kind"] == k for o in mine), (s, k)
    roster = [p for p, v in people.items() if v["school"] == s and "teacher" in v.get("roles", "").split(",") and v.get("state") != "left"]
    seen = {o["teacher"] for o in obs}
    covered = [p for p in roster if p in seen]
    assert (int(r["已听课教师"]), int(r["教师数"])) == (len(covered), len(roster)), (s, r["已听课教师"], r["教师数"], len(covered), len(roster))
    totals = [float(o["total"]) for o in mine if "total" in o]
    assert r["平均分"] == "%.1f" % (sum(totals) / len(totals)), (s, r["平均分"], sum(totals) / len(totals))
    for g in "优良中差":
        assert int(r[g]) == sum(o.get("grade") == g for o in mine), (s, g)
    held = {o["kind"] for o in mine}
    want = "均已开展" if {"inspect", "prepare"} <= held else "未开展"
    assert r["衔接检查与集体备课"].startswith(want), (s, r["衔接检查与集体备课"], held)
'

py "each person: observations made by kind against the quota of their roles" '
group = rec(os.path.join(F, "group.ini"))
quota = {k: int(v) for k, v in group["quota"].items()}
t = L["听课任务完成情况（第 16 周前完成）"]
assert len(t) > 10, len(t)
byname = {v["name"]: k for k, v in people.items()}
for r in t:
    pid = byname[r["姓名"]]
    p = people[pid]
    mine = [o for o in obs if o["observer"] == pid]
    assert int(r["合计"]) == len(mine), (pid, r["合计"], len(mine))
    assert int(r["同行听课"]) == sum(o["kind"] == "peer" for o in mine), pid
    keys = p.get("roles", "").split(",") + [p.get("title", "")] + (["newcomer"] if p.get("newcomer") == "yes" else [])
    q = max([quota.get(k, 0) for k in keys] + [0])
    assert int(r["任务"]) == q, (pid, r["任务"], q)
    assert (r["完成情况"] == "已完成") == (len(mine) >= q > 0), (pid, r["完成情况"])
# Everyone with a quota at a member school is listed.
listed = {byname[r["姓名"]] for r in t}
for pid, p in people.items():
    keys = p.get("roles", "").split(",") + [p.get("title", "")] + (["newcomer"] if p.get("newcomer") == "yes" else [])
    if p["school"] in members and max([quota.get(k, 0) for k in keys] + [0]) > 0:
        assert pid in listed, pid
'

py "filings: state, first submission and returns per school and specialty equal the plan files" '
labels = {"draft": "草稿", "submitted": "待审核", "approved": "已通过", "returned": "需整改"}
specs = {s["specialty"]["code"]: s["specialty"]["name"] for s in records("specialties/*.ini")}
t = L["各专业授课计划备案情况"]
plans = {(p["plan"]["school"], p["plan"]["specialty"]): p for p in records("plans/%s/*/*.ini" % NEXT)}
assert len(t) == len(plans), (len(t), len(plans))
for (school, spec), p in plans.items():
    [r] = [r for r in t if r["学校"] == schools[school]["name"] and r["专业"] == specs[spec]]
    assert r["当前状态"] == labels[p["plan"]["state"]], (school, spec, r["当前状态"])
    assert r["首次提交"] == p["plan"].get("submitted_at", "—")[:10], (school, spec, r["首次提交"])
    reviews = [v for k, v in p.items() if k.startswith("review.")]
    assert int(r["审核轮次"]) == len(reviews), (school, spec)
    assert int(r["退回次数"]) == sum(v["verdict"] == "return" for v in reviews), (school, spec)
    if p["plan"]["state"] == "returned":
        assert "待整改" in r["退回与整改"] and reviews[0]["comment"][:10] in r["退回与整改"], r["退回与整改"]
    assert r["是否按时"] == ("按时" if "submitted_at" in p["plan"] else "未报"), (school, spec, r["是否按时"])
'

py "seminars: who of each school attended, their items by state, overdue by the day" '
sems = sorted(records("seminars/%s/*.ini" % TERM), key=lambda s: (s["seminar"]["date"], s["seminar"]["id"]))
t = L["研讨会议"]
assert len(t) == len(members) * len(sems), (len(t), len(members), len(sems))
for r in t:
    school = [s for s in members if schools[s]["name"] == r["学校"]][0]
    [sem] = [s for s in sems if s["seminar"]["title"] == r["会议名称"] and s["seminar"]["date"] == r["日期"]]
    came = [people[a]["name"] for a in sem["seminar"].get("attendees", "").split(",") if a and people[a]["school"] == school]
    assert r["本校参会人员"] == ("、".join(came) if came else "未参会"), (school, r["本校参会人员"], came)
    items = [v for k, v in sem.items() if k.startswith("action.") and people[v["owner"]]["school"] == school]
    assert int(r["本校事项"]) == len(items)
    assert int(r["已完成"]) == sum(v["state"] == "done" for v in items)
    assert int(r["未完成"]) == sum(v["state"] == "open" for v in items)
    assert int(r["其中逾期"]) == sum(v["state"] == "open" and v["due"] < TODAY for v in items), (school, r["其中逾期"])
'

py "exchanges of the term per school, and teachers sent per specialty against 1–2" '
ex = [e["exchange"] for e in records("exchanges/*/*.ini")]
t = L["师资互派"]
for s in members:
    mine = [e for e in ex if s in (e["from"], e["to"]) and e["start"] <= "2027-01-31" and e["end"] >= "2026-08-01"]
    assert sum(r["学校"] == schools[s]["name"] for r in t) == len(mine), s
q = L["牵头学校派出教师（2026-2027 学年，教学指导）"]
specs = {s["specialty"]["name"]: s["specialty"]["code"] for s in records("specialties/*.ini")}
assert len(q) == 3
for r in q:
    sent = {e["person"] for e in ex if e["direction"] == "guide" and e["specialty"] == specs[r["专业"]] and e["year"] == "2026-2027"}
    assert int(r["已派出"]) == len(sent), (r["专业"], r["已派出"], sent)
    assert int(r["还差"]) == max(0, 1 - len(sent)), r
'

py "the items register: every open seminar item of the schools, done ones of the term, the filings" '
t = L["事项台账"]
sems = records("seminars/*/*.ini")
want = []
for sem in sems:
    for k, v in sem.items():
        if k.startswith("action.") and people[v["owner"]]["school"] in members and (v["state"] == "open" or sem["seminar"]["term"] == TERM):
            want.append((v["what"], v["state"]))
got = [(r["工作内容"].lstrip("\x27"), r["完成情况"]) for r in t if r["备注"].startswith("研讨会议")]
assert len(got) == len(want), (len(got), len(want))
for what, state in want:
    [g] = [g for g in got if g[0] == what]
    assert (g[1] == "已完成") == (state == "done"), (what, g)
overdue = [r for r in t if r["完成情况"] == "逾期未完成"]
assert {r["工作内容"] for r in overdue} == {v["what"] for sem in sems for k, v in sem.items() if k.startswith("action.") and v["state"] == "open" and v["due"] < TODAY and people[v["owner"]]["school"] in members}
filings = [r for r in t if r["工作内容"].startswith("报送 %s 学期授课计划" % NEXT)]
assert len(filings) == len(records("plans/%s/*/*.ini" % NEXT)), len(filings)
assert [int(r["序号"]) for r in t] == list(range(1, len(t) + 1))
'

py "联考: per exam of the term and school, participation, reporting, n, mean, pass and excellence rates beside the pooled row, items flagged" '
sys.path.insert(0, "tests/tools")
from itemstats_ref import analyse
exams = {e["exam"]["id"]: e["exam"] for e in records("exams/%s/*.ini" % TERM)}
assert sorted(e["name"] for e in exams.values()) == ["传感器应用技术期中联考", "网店运营期末联考"], exams
held = [e for e in exams.values() if glob.glob(os.path.join(F, "scores", e["id"], "*.ini"))]
assert [e["name"] for e in held] == ["传感器应用技术期中联考"], held
ex = held[0]
t = L["%s（%s）" % (ex["name"], ex["date"])]
rows, pts = {}, None
for path in sorted(glob.glob(os.path.join(F, "scores", ex["id"], "*.ini"))):
    r = rec(path)
    p = [float(x) for x in r["scores"]["points.A"].split(",")]
    assert pts in (None, p)
    pts = p
    rows[r["scores"]["school"]] = [[float(x) for x in v.split(" ", 1)[1].split(",")] for v in r["student"].values()]
assert sorted(rows) == ["s01", "s02", "s03"] and len(pts) == 13, (sorted(rows), pts)
full = sum(pts)
def figures(students):
    tot = [sum(x) for x in students]
    return (str(len(tot)), "%.1f" % (sum(tot) / len(tot)), "%.1f%%" % (100 * sum(x >= 0.6 * full - 1e-9 for x in tot) / len(tot)),
            "%.1f%%" % (100 * sum(x >= 0.85 * full - 1e-9 for x in tot) / len(tot)))
by = {r["学校"]: r for r in t}
assert [r["学校"] for r in t] == [schools[s]["name"] for s in members] + ["全体（集团）"], [r["学校"] for r in t]
pooled = [x for s in sorted(rows) for x in rows[s]]
every = analyse(pooled, pts)
for s in members:
    r = by[schools[s]["name"]]
    assert r["参加"] == ("是" if s in ex["schools"].split(",") else "否"), (s, r["参加"])
    assert r["成绩"] == "已报送", (s, r["成绩"])
    assert (r["人数"], r["平均分"], r["及格率"], r["优秀率"]) == figures(rows[s]), (s, r, figures(rows[s]))
    own = analyse(rows[s], pts)
    others = [x for o in sorted(rows) if o != s for x in rows[o]]
    marked = [j + 1 for j in range(13) if len(rows[s]) >= 20 and
              abs(own["items"][j]["p"] - sum(x[j] for x in others) / len(others) / pts[j]) > 0.2 + 1e-9]
    got = [int(x.split(" ")[1]) for x in r["标记的题目"].split("；")] if r["标记的题目"] != "—" else []
    assert got == marked, (s, r["标记的题目"], marked)
a = by["全体（集团）"]
assert (a["人数"], a["平均分"], a["及格率"], a["优秀率"]) == figures(pooled), (a, figures(pooled))
assert a["成绩"] == "3 校已报送"
def flags(it):
    return [w for w, on in (("修改或淘汰", it["d"] < 0.2 - 1e-9), ("检查答案", it["r_it"] < 0), ("过易", it["p"] > 0.9 + 1e-9),
                            ("过难", it["p"] < 0.2 - 1e-9)) if on]
want = ["第 %d 题 %s" % (j + 1, "、".join(flags(it))) for j, it in enumerate(every["items"]) if flags(it)]
assert a["标记的题目"].split("；") == want and len(want) >= 2, (a["标记的题目"], want)
assert any(by[schools[s]["name"]]["标记的题目"] != "—" for s in members), "the demo has a school far off on one item"
# The exam still to come: who takes part, nothing reported yet, not overdue.
[fut] = [e for e in exams.values() if e not in held]
f = {r["学校"]: r for r in L["%s（%s）" % (fut["name"], fut["date"])]}
for s in members:
    takes = s in fut["schools"].split(",")
    assert f[schools[s]["name"]]["参加"] == ("是" if takes else "否") and f[schools[s]["name"]]["成绩"] == ("考试未举行" if takes else "—"), s
    assert f[schools[s]["name"]]["人数"] == ""
'

py "a member school's csv holds its own rows only" '
M = tables(os.path.join(S, "s01.csv"))
assert {r["学校"] for r in M["各校听课评课情况"]} == {"清源山中等职业学校"}
assert {r["学校"] for r in M["事项台账"]} == {"清源山中等职业学校"}
assert all(r["学校"] == "清源山中等职业学校" for r in M["各专业授课计划备案情况"])
raw = open(os.path.join(S, "s01.csv"), "rb").read()
assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
assert "\x27=1+1" in raw.decode("utf-8-sig"), "the formula is not guarded"
'

py "openpyxl: a sheet per section, the header block, frozen header rows, numbers as numbers, charts" '
import openpyxl
wb = openpyxl.load_workbook(os.path.join(S, "all.xlsx"))
assert wb.sheetnames == ["一、授课计划备案", "二、听课评课", "三、联考", "四、研讨会议与师资互派", "五、事项台账"], wb.sheetnames
for ws in wb:
    assert ws["A1"].value.startswith("工作台账（2026-2027学年第一学期）"), ws["A1"].value
    assert [ws["A%d" % r].value for r in range(2, 7)] == ["学年学期", "学校", "填表人", "审核人", "填表日期"]
    assert "2026-2027-1" in ws["B2"].value and ws["B3"].value == "全部成员学校" and ws["B4"].value == "岑立行"
    assert ws["B5"].value is None and ws["B6"].value == TODAY
    assert ws.freeze_panes and int(ws.freeze_panes[1:]) > 8, ws.freeze_panes
assert [len(ws._charts) for ws in wb] == [0, 2, 1, 1, 0], [len(ws._charts) for ws in wb]
# The 联考 sheet: the pooled row's figures as numbers beside the schools', the chart of the means.
xs = wb["三、联考"]
xrows = list(xs.iter_rows(values_only=True))
xhead = [r for r in xrows if r[0] == "学校" and r[1] == "参加"][0]
xall = [r for r in xrows if r[0] == "全体（集团）"][0]
assert isinstance(xall[xhead.index("人数")], (int, float)) and xall[xhead.index("人数")] == 125, xall
assert 0 < xall[xhead.index("及格率")] < 1 and isinstance(xall[xhead.index("平均分")], float), xall
ws = wb["二、听课评课"]
rows = list(ws.iter_rows(values_only=False))
head = [r for r in rows if r[0].value == "学校" and r[1].value == "听课次数"][0]
cols = {c.value: i for i, c in enumerate(head)}
[s01] = [r for r in rows if r[0].value == "清源山中等职业学校" and r[1].data_type == "n"]
assert s01[cols["听课次数"]].value == sum(o["school"] == "s01" for o in obs), s01[cols["听课次数"]].value
assert s01[cols["覆盖率"]].number_format == "0.0%" and 0 < s01[cols["覆盖率"]].value <= 1
assert s01[cols["平均分"]].number_format == "0.0"
# Column widths follow the display width of the Chinese text.
assert ws.column_dimensions["A"].width >= 18, ws.column_dimensions["A"].width
# Record text stays text: the formula-looking item is a string cell, the markup as it was typed.
cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
assert any(c.value == "=1+1" and c.data_type == "s" for c in cells)
assert any("<script>alert(1)</script>" in c.value for c in cells)
import zipfile
z = zipfile.ZipFile(os.path.join(S, "all.xlsx"))
charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
xml = "".join(z.read(n).decode() for n in charts)
assert "各校听课次数" in xml and "各校教师听课覆盖率" in xml and "各专业派出教师人数" in xml and "传感器应用技术期中联考：各校平均分" in xml
assert "<c:barChart>" in xml
'

py "html.parser: one well-formed self-contained page, the script only as text" '
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col"}
raw = open(os.path.join(S, "all.html"), encoding="utf-8").read()
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.seen, self.text = [], [], {}, []
    def handle_starttag(self, tag, attrs):
        self.seen[tag] = self.seen.get(tag, 0) + 1
        if tag not in VOID: self.stack.append(tag)
    def handle_startendtag(self, tag, attrs): self.seen[tag] = self.seen.get(tag, 0) + 1
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag: self.errors.append((tag, self.stack[-1:], self.getpos()))
        else: self.stack.pop()
    def handle_data(self, d): self.text.append(d)
p = P(); p.feed(raw); p.close()
assert not p.errors, p.errors[:5]
assert not p.stack, p.stack
assert "script" not in p.seen and "<script" not in raw.lower()
assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;期末&quot;研讨" in raw
assert p.seen.get("svg") == 4, p.seen.get("svg")
assert p.seen.get("h2") == 5 and p.seen.get("table") == 9, (p.seen.get("h2"), p.seen.get("table"))
for bad in (" src=", " href=", "@import", "<link"):
    assert bad not in raw, bad
text = "".join(p.text)
for want in ("一、授课计划备案", "二、听课评课", "三、联考", "四、研讨会议与师资互派", "五、事项台账", "填表人", "审核人："):
    assert want in text, want
'

py "ElementTree parses each <svg> as XML with finite coordinates and the chart titles" '
import re, math, xml.etree.ElementTree as ET
raw = open(os.path.join(S, "all.html"), encoding="utf-8").read()
svgs = re.findall(r"<svg .*?</svg>", raw, re.S)
assert len(svgs) == 4, len(svgs)
NS = "{http://www.w3.org/2000/svg}"
texts = []
for s in svgs:
    root = ET.fromstring(s)
    assert root.tag == NS + "svg"
    for el in root.iter():
        for k in ("x", "y", "width", "height", "x1", "y1", "x2", "y2"):
            if el.get(k) is not None:
                assert math.isfinite(float(el.get(k))), (el.tag, k)
        if el.tag == NS + "text":
            texts.append(el.text or "")
for want in ("各校听课次数", "各校教师听课覆盖率（%）", "各专业派出教师人数", "清源山中等职业学校", "传感器应用技术期中联考：各校平均分", "全体（集团）"):
    assert want in texts, want
'

# One Chromium run prints the page; poppler reads the PDF.
PDF="$S/all.pdf"
if command -v chromium > /dev/null 2>&1; then
	timeout 180 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-dev-shm-usage --no-pdf-header-footer \
		--user-data-dir="$T/chr" --print-to-pdf="$PDF" "file://$S/all.html" > "$T/chromium.log" 2>&1
	head -c 5 "$PDF" 2> /dev/null | grep -q '%PDF-' && ok "headless Chromium prints the ledger to PDF" ||
		{ fail "headless Chromium prints the ledger to PDF"; tail -5 "$T/chromium.log" | sed 's/^/# /' >&2; }
else
	fail "headless Chromium prints the ledger to PDF (chromium not installed: apt-get install chromium fonts-noto-cjk)"
fi
if command -v pdftotext > /dev/null 2>&1 && [ -s "$PDF" ]; then
	contains "$(pdfinfo "$PDF")" "(A4)" && ok "on A4 paper" || fail "on A4 paper"
	text=$(pdftotext -enc UTF-8 "$PDF" - 2> /dev/null)
	good=1
	for want in 工作台账 一、授课计划备案 二、听课评课 三、联考 四、研讨会议与师资互派 五、事项台账 各校听课次数 传感器应用技术期中联考 \
		清源山中等职业学校 "<script>alert(1)</script>"; do
		contains "$text" "$want" || good=0
	done
	[ $good = 1 ] && ok "pdftotext finds the Chinese section titles (联考 among them), the charts and the script as plain text" ||
		fail "pdftotext finds the Chinese section titles (联考 among them), the charts and the script as plain text"
else
	fail "on A4 paper (no PDF, or pdftotext missing: apt-get install poppler-utils)"
	fail "pdftotext finds the Chinese section titles"
fi
