#!/bin/sh
# exam_results: a joint exam's results on the command line — scores refused before release, by the wrong school's people,
# for a school not in the exam and with bad rows (HEAD unchanged each time); the three-school fixture imported and
# exam stats / items / compare against tests/tools/itemstats_ref.py, the item ids against the committee's answer key,
# --school and --paper, the report read back; the stored points held to the released paper's; the bank's P and D per
# sitting, nothing of a sealed paper; and the demo's past exam against Python over its stored scores.
. tests/lib/harness.sh
R="$T/repo"
J() { "$JY" -C "$R" "$@"; }
as() { who=$1; shift; "$JY" -C "$R" --user "$who" "$@"; }
printf 'suyuan-pass-1\n' > "$T/p.su"
printf 'yanshuyao-pass\n' > "$T/p.yan"
su() { env JIAOYAN_PASSPHRASE_FILE="$T/p.su" "$JY" -C "$R" --user suyuan "$@"; }
lacks() { case "$1" in *"$2"*) echo "# unexpected '$2'" >&2; return 1 ;; esac; }
PY=${PYTHON3:-/usr/bin/python3}
FX="$(pwd)/tests/fixtures/results"
S="$T/res"
mkdir -p "$S"

# py NAME SCRIPT: one check in Python (the reference implementation importable; outputs in S, the repository's files in F).
py() {
	name=$1; shift
	if PYTHONPATH="$(pwd)/tests/tools" "$PY" - "$S" "$T/files" > "$T/py.out" 2>&1 <<EOF
import sys, os, glob, math
from itemstats_ref import *
S, F = sys.argv[1], sys.argv[2]
PTS = [2, 2, 2, 4, 5, 10]
schools = {"s01": read_scores("$FX/s01.utf8bom.csv", "utf-8-sig"), "s02": read_scores("$FX/s02.gbk.csv", "gbk"),
           "s03": read_scores("$FX/s03.utf8.csv", "utf-8")}
rows = {s: [r[2] for r in v] for s, v in schools.items()}
ref = {s: analyse(rows[s], PTS) for s in rows}
ref["all"] = analyse([r for s in sorted(rows) for r in rows[s]], PTS)
def tsv(name):
    return [l.split("\t") for l in open(os.path.join(S, name), encoding="utf-8").read().splitlines()]
$*
EOF
	then ok "$name"; else fail "$name"; sed 's/^/# /' "$T/py.out" >&2; fi
}

run 0 "$JY" init --demo "$R" || { fail "demo repository"; exit 0; }
su key gen > /dev/null && env JIAOYAN_PASSPHRASE_FILE="$T/p.yan" "$JY" -C "$R" --user yanshuyao key gen > /dev/null || fail "keys"

# An exam of 网店运营 whose paper has the fixture's points 2,2,2,4,5,10, at the three member schools.
E=$(as kemingyuan exam new --specialty 530701 --course 网店运营 --name 期中联考 date=2026-11-10 release=2026-11-09T18:00 \
	committee=suyuan,yanshuyao papers=A schools=s01,s02,s03 coverage=60)
su exam blueprint "$E" add type=单选 count=3 points=2 > /dev/null && su exam blueprint "$E" add type=多选 count=1 points=4 > /dev/null &&
	su exam blueprint "$E" add type=填空 count=1 points=5 > /dev/null && su exam blueprint "$E" add type=简答 count=1 points=10 > /dev/null &&
	su exam assemble "$E" --seed 1 > /dev/null && ok "an exam of 网店运营 with a paper of 2,2,2,4,5,10 points, assembled and sealed" ||
	fail "exam set-up"
su exam print "$E" --paper A --key --format md > "$T/key.md"
IDS=$(sed -n 's/.*| \([0-9a-z]\{26\}\)（[0-9]*） |$/\1/p' "$T/key.md")
[ "$(printf '%s\n' "$IDS" | grep -c .)" = 6 ] && ok "the committee's answer key names the six bank items" || fail "key ids: $IDS"
Q1=$(printf '%s\n' "$IDS" | head -1)

# ---- refusals, each leaving HEAD where it was ----
refuses "no scores before the paper is released" 1 "试卷 A 还没有启封" as mowanqing exam scores import "$E" "$FX/s01.utf8bom.csv"
run 0 J bank show "$Q1" && contains "$OUT" "使用情况：—（还没有用在已启封的试卷中）" &&
	ok "a sealed paper tells the bank nothing: its items show no use" || fail "sealed usage: $OUT"
su exam release "$E" > /dev/null && ok "released at its time" || fail "release"
refuses "a teacher of s01 cannot import s02's scores" 1 "只有s02的人员" as mowanqing exam scores import "$E" --school s02 "$FX/s02.gbk.csv"
refuses "a school not in the exam is refused, naming those that are" 1 "学校 gz01 没有参加这场联考（参加的学校：清源山中等职业学校" \
	as yanshuyao exam scores import "$E" "$FX/s01.utf8bom.csv"
printf '学号,1,2,3,4,5,6\nX001,2,2,2,4,5,10\nX002,2,3,1,4,5,9\nX003,2,2,,4,5,9\nX001,1,1,1,1,1,1\n' > "$T/bad.csv"
refuses "bad rows are listed by line, nothing written" 1 "第 3 行：第 2 题得 3 分，超过满分 2 分" \
	as mowanqing exam scores import "$E" "$T/bad.csv"
contains "$ERR" "第 4 行：第 3 题成绩为空" && contains "$ERR" "第 5 行：学号 X001 与第 2 行重复" && ok "every bad row is named" ||
	fail "rows: $ERR"
refuses "an unknown exam" 1 "没有联考" as mowanqing exam scores import 01nosuchexam "$FX/s01.utf8bom.csv"
refuses "over SSH the file is standard input only (by attribute)" 1 "只能是 -" \
	env SSH_ORIGINAL_COMMAND="jiaoyan exam scores import $E $FX/s01.utf8bom.csv" "$JY" -C "$R" serve mowanqing
run 1 J exam stats "$E" && contains "$ERR" "还没有学校报送这场联考的成绩" && ok "no scores yet: said so" || fail "stats before: $ERR"

# ---- the three schools report ----
run 0 as mowanqing exam scores import "$E" "$FX/s01.utf8bom.csv" && contains "$OUT" "清源山中等职业学校：已导入 30 名学生的成绩" &&
	ok "s01's teacher imports s01's table (UTF-8 with BOM)" || fail "s01: $ERR"
run 0 as fujiayi exam scores import "$E" "$FX/s02.gbk.csv" && contains "$OUT" "GBK" && ok "s02's teacher imports a GBK table" ||
	fail "s02: $ERR"
run 0 sh -c "SSH_ORIGINAL_COMMAND='jiaoyan exam scores import $E -' '$JY' -C '$R' serve dengyaqi < '$FX/s03.utf8.csv'" &&
	contains "$OUT" "12 名学生" && ok "s03's teacher imports over SSH from standard input" || fail "s03 serve: $ERR"
[ "$(J get "scores/$E/s01" points.A)" = "2,2,2,4,5,10" ] && ok "the stored points are the released paper's" || fail "points"

# ---- the analysis against the independent implementation ----
J exam stats "$E" --format tsv > "$S/stats.tsv" && J exam items "$E" --format tsv > "$S/items.tsv" &&
	J exam compare "$E" --format tsv > "$S/compare.tsv" && J exam stats "$E" --school 海丝路职业中专学校 --format tsv > "$S/s02.tsv" &&
	J exam items "$E" --school s03 --format tsv > "$S/items-s03.tsv" || fail "tsv outputs"
printf '%s\n' "$IDS" > "$S/ids"
py "exam stats: per school and all (n, mean, sd, median, min, max, rates, α) as computed independently" '
got = tsv("stats.tsv")
assert got[0] == "school n mean sd median min max pass_rate excellent_rate alpha".split(), got[0]
assert [r[0] for r in got[1:]] == ["s01", "s02", "s03", "all"], got
for r in got[1:]:
    w = ref[r[0]]
    assert int(r[1]) == w["n"], r
    for i, key in enumerate(("mean", "sd", "median", "min", "max", "pass_rate", "excellent_rate")):
        assert same(r[2 + i], w[key], 4), (r[0], key, r[2 + i], w[key])
    assert same(r[9], w["alpha"], 7), (r[0], r[9], w["alpha"])
'
py "exam items: the pooled item table, its question column the bank ids of the answer key" '
got = tsv("items.tsv")
ids = open(os.path.join(S, "ids")).read().split()
assert got[0] == "paper no question points p d r_pb r_it alpha_drop flags".split(), got[0]
assert len(got) == 7
for j, r in enumerate(got[1:]):
    w = ref["all"]["items"][j]
    assert r[0] == "A" and r[1] == str(j + 1) and r[2] == ids[j] and float(r[3]) == PTS[j], (r, ids[j])
    for i, key in enumerate(("p", "d", "r_pb", "r_it", "alpha_drop")):
        assert same(r[4 + i], w[key], 4), (j, key, r[4 + i], w[key])
'
py "exam compare: P and D per item and school, P of the others and the mark, then the figures block" '
got = tsv("compare.tsv")
assert got[0] == "paper no school n p d p_others marked".split(), got[0]
block = got[1:1 + 6 * 4]
marks = 0
for r in block:
    j = int(r[1]) - 1
    w = ref[r[2]]["items"][j]
    assert same(r[4], w["p"], 4) and same(r[5], w["d"], 4), (r, w)
    if r[2] != "all":
        others = [x for s in sorted(rows) if s != r[2] for x in rows[s]]
        po = sum(x[j] for x in others) / len(others) / PTS[j]
        want = int(len(rows[r[2]]) >= 20 and abs(w["p"] - po) > 0.2 + 1e-9)
        assert same(r[6], po, 4) and r[7] == str(want), (r, po, want)
        marks += want
assert marks >= 1
assert got[1 + 6 * 4][0] == "school" and [r[0] for r in got[2 + 6 * 4:]] == ["s01", "s02", "s03", "all"], got[1 + 6 * 4:]
'
py "--school: that school beside the pooled row (stats), its students alone (items)" '
got = tsv("s02.tsv")
assert [r[0] for r in got[1:]] == ["s02", "all"], got
assert same(got[1][2], ref["s02"]["mean"], 4) and same(got[2][2], ref["all"]["mean"], 4)
items = tsv("items-s03.tsv")
for j, r in enumerate(items[1:]):
    assert same(r[4], ref["s03"]["items"][j]["p"], 4) and same(r[5], ref["s03"]["items"][j]["d"], 4), (j, r)
'
run 0 J exam stats "$E" && contains "$OUT" "试卷 A：6 道题，满分 25 分，67 名学生" && contains "$OUT" "泉南技工学校" &&
	contains "$OUT" "成绩分布（人数）" && contains "$OUT" "█" && ok "the table: heading, schools by name, the distribution with bars" ||
	fail "stats table: $OUT"
run 0 J exam compare "$E" && contains "$OUT" "海丝路职业中专学校 P" && contains "$OUT" "*" && ok "compare's table marks with *" ||
	fail "compare table: $OUT"
refuses "--paper B: there are no scores of it" 1 "没有试卷 B 的成绩" J exam items "$E" --paper B
refuses "--school of a school that did not report" 1 "gz01 还没有报送" J exam stats "$E" --school gz01

# ---- the report ----
J exam report "$E" --format html > "$S/report.html" && J exam report "$E" --format xlsx > "$S/report.xlsx" || fail "report"
py "the HTML report: well-formed, its SVG charts XML, the schools by name" '
from html.parser import HTMLParser
import re, xml.etree.ElementTree as ET
raw = open(os.path.join(S, "report.html"), encoding="utf-8").read()
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.svg = [], [], 0
    def handle_starttag(self, tag, attrs):
        self.svg += tag == "svg"
        if tag not in ("meta", "br", "hr", "img", "input", "link", "wbr", "col"):
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(tag)
        else:
            self.stack.pop()
p = P(); p.feed(raw); p.close()
assert not p.errors and not p.stack and p.svg >= 2, (p.errors[:3], p.stack, p.svg)
for s in re.findall(r"<svg .*?</svg>", raw, re.S):
    ET.fromstring(s)
for want in ("期中联考", "清源山中等职业学校", "泉南技工学校", "网店运营（530701-c01）"):
    assert want in raw, want
'
py "the XLSX report: sheets, the pooled α, P per school" '
import openpyxl
wb = openpyxl.load_workbook(os.path.join(S, "report.xlsx"))
assert wb.sheetnames == ["汇总", "各校对比", "试题分析"], wb.sheetnames
rows_ = list(wb["汇总"].iter_rows(values_only=True))
all_row = next(r for r in rows_ if r[0] == "全体")
assert abs(all_row[10] - ref["all"]["alpha"]) < 1e-9 and all_row[1] == 67, all_row
c = wb["各校对比"]
hdr = [x.value for x in c[1]]
col = hdr.index("P 泉南技工学校")
assert abs(c.cell(row=2, column=col + 1).value - ref["s03"]["items"][0]["p"]) < 1e-12
'

# ---- the stored points stay the released paper's ----
refuses "scores whose points differ from the released paper are refused" 1 "与启封的试卷不同" \
	as cenlixing edit "scores/$E/s01" points.A=2,2,2,4,5,20

# ---- the bank: P and D per sitting ----
run 0 J bank show "$Q1" && contains "$OUT" "1 份已启封的试卷，其中 1 份有成绩" && contains "$OUT" "期中联考（2026-11-10）A 卷第 1 题" &&
	contains "$OUT" "（67 人）" && ok "bank show: the released paper, the sitting and its students" || fail "bank show: $OUT"
printf '%s\n' "$OUT" > "$S/show.txt"
py "bank show: P and D of the sitting equal the pooled analysis" '
line = [l for l in open(os.path.join(S, "show.txt"), encoding="utf-8") if "A 卷第 1 题" in l][0]
p = float(line.split("P ")[1].split()[0]); d = float(line.split("D ")[1].split("（")[0])
assert abs(p - ref["all"]["items"][0]["p"]) < 5e-4 and abs(d - ref["all"]["items"][0]["d"]) < 5e-4, (line, ref["all"]["items"][0])
'

# ---- the demo's past exam: three schools, numbers against its stored scores ----
P=$(J exam list --format tsv | awk -F'\t' '$4 == "传感器应用技术期中联考" { print $1 }')
[ -n "$P" ] && [ "$(J exam list --format tsv | awk -F'\t' -v p="$P" '$1 == p { print $8 }')" = "A 已启封" ] &&
	ok "the demo holds a past exam of this term, released" || fail "demo past exam"
mkdir -p "$T/files"
git --git-dir="$R" archive main scores | tar -x -C "$T/files"
J exam stats "$P" --format tsv > "$S/demo.tsv" && J exam items "$P" --format tsv > "$S/demo-items.tsv" || fail "demo stats"
py "the demo exam: three schools, figures and item P/D as computed from the stored scores files" '
def rec(path):
    r, sec, last = {}, None, None
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith("[") and line.endswith("]"):
            sec = line[1:-1]; r[sec] = {}
        elif line.startswith("  ") and last:
            r[sec][last] += line[2:]
        elif " = " in line:
            k, v = line.split(" = ", 1); r[sec][k] = v; last = k
    return r
got = tsv("demo.tsv")
exam = got and [r for r in tsv("demo-items.tsv")[1:]]
files = sorted(glob.glob(os.path.join(F, "scores", "*", "*.ini")))
demo = {}
for path in files:
    r = rec(path)
    if r["scores"]["exam"] == "'"$P"'":
        pts = [float(x) for x in r["scores"]["points.A"].split(",")]
        demo[r["scores"]["school"]] = [[float(x) for x in v.split(" ", 1)[1].split(",")] for v in r["student"].values()]
assert sorted(demo) == ["s01", "s02", "s03"] and sum(pts) == 100, (sorted(demo), pts)
want = {s: analyse(demo[s], pts) for s in demo}
want["all"] = analyse([x for s in sorted(demo) for x in demo[s]], pts)
assert [r[0] for r in got[1:]] == ["s01", "s02", "s03", "all"]
for r in got[1:]:
    assert int(r[1]) == want[r[0]]["n"] and same(r[2], want[r[0]]["mean"], 4) and same(r[7], want[r[0]]["pass_rate"], 4), r
flagged = 0
for j, r in enumerate(exam):
    w = want["all"]["items"][j]
    assert same(r[4], w["p"], 4) and same(r[5], w["d"], 4), (j, r, w)
    flagged += r[9] != ""
assert flagged >= 2, "the demo has an easy item and one that tells nobody apart"
'
QD=$(sed -n 4p "$S/demo-items.tsv" | cut -f3)
PD=$(sed -n 4p "$S/demo-items.tsv" | cut -f5)
run 0 J bank show "$QD" && contains "$OUT" "传感器应用技术期中联考" && contains "$OUT" "A 卷第 3 题：P $(printf '%.3f' "$PD")" &&
	ok "the demo bank shows P and D of its items in the past paper" || fail "demo bank show: $OUT"

# ---- and the whole repository still passes its rules ----
run 0 J check && ok "every record passes the rules, the scores against their released papers among them" || fail "check: $OUT"
