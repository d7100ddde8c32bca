#!/bin/sh
# results: `stats items` on LSAT-6, a hand-worked polytomous table and shuffled rows; the three-school fixture against an independent Python computation; the report's HTML and XLSX read back.
. tests/lib/harness.sh
B=${B:-build}
case $B in /*) ;; *) B="$(pwd)/$B" ;; esac
# Debian's python3-openpyxl is installed for the system interpreter, not for whatever python3 is first on PATH.
PY=${PYTHON3:-/usr/bin/python3}
REF="$(pwd)/tests/tools"
S="$T/samples"
mkdir -p "$S"

# py NAME SCRIPT: one check in Python on the samples directory (argv[1]), with the reference implementation importable.
py() {
	name=$1; shift
	if PYTHONPATH="$REF" "$PY" - "$S" > "$T/py.out" 2>&1 <<EOF
import sys, os, math
d = sys.argv[1]
$*
EOF
	then ok "$name"; else fail "$name"; sed 's/^/# /' "$T/py.out" >&2; fi
}

# ---- LSAT-6 (Bock & Lieberman 1970) from its 32 response patterns, as R psych's lsat6 prints them ----
"$PY" - "$T" << 'EOF'
import sys, random
pat = """00000 3 00001 6 00010 2 00011 11 00100 1 00101 1 00110 3 00111 4 01000 1 01001 8 01010 0 01011 16
01100 0 01101 3 01110 2 01111 15 10000 10 10001 29 10010 14 10011 81 10100 3 10101 28 10110 15 10111 80
11000 16 11001 56 11010 21 11011 173 11100 11 11101 61 11110 28 11111 298""".split()
rows = []
for p, c in zip(pat[::2], pat[1::2]):
    rows += [p] * int(c)
assert len(rows) == 1000
lines = ["L%04d,%s" % (i + 1, ",".join(p)) for i, p in enumerate(rows)]
open(sys.argv[1] + "/lsat6.csv", "w").write("学号,1,2,3,4,5\n" + "\n".join(lines) + "\n")
random.Random(6).shuffle(lines)
open(sys.argv[1] + "/lsat6-shuffled.csv", "w").write("学号,1,2,3,4,5\r\n" + "\r\n".join(lines) + "\r\n")
EOF

if run 0 "$JY" stats items "$T/lsat6.csv" --points 1,1,1,1,1 --format tsv; then
	printf '%s\n' "$OUT" > "$S/lsat6.tsv"
	ok "stats items reads the 1,000 LSAT-6 students"
else
	fail "stats items reads the 1,000 LSAT-6 students"
fi
want_lsat='school	n	mean	sd	median	min	max	pass_rate	excellent_rate	alpha
all	1000	3.8190	1.0350	4.0000	0.0000	5.0000	0.8920	0.2980	0.2949972
paper	no	question	points	p	d	r_pb	r_it	alpha_drop	flags
	1		1	0.9240	0.1966	0.3620	0.1128	0.2754	low_d,easy
	2		1	0.7090	0.6315	0.5668	0.1532	0.2376	
	3		1	0.5530	0.8109	0.6184	0.1728	0.2168	
	4		1	0.7630	0.5370	0.5344	0.1444	0.2459	
	5		1	0.8700	0.3203	0.4354	0.1216	0.2663	'
[ "$OUT" = "$want_lsat" ] && ok "LSAT-6: α 0.2949972 and P, D (27%, fractional ties), r_pb, r_it, α if deleted as published" \
	|| { fail "LSAT-6: α 0.2949972 and P, D (27%, fractional ties), r_pb, r_it, α if deleted as published"; printf '%s\n' "$OUT" | sed 's/^/# /' >&2; }
# KR-20 with Σpq over the n−1 variance gives 0.29595: a different number at the fourth decimal already.
py "LSAT-6: α is not the mixed-denominator KR-20 (0.29595)" '
rows = [l.split("\t") for l in open(os.path.join(d, "lsat6.tsv"), encoding="utf-8").read().splitlines()]
a = float(rows[1][9])
p = [float(r[4]) for r in rows[3:8]]
kr20_mixed = 5 / 4 * (1 - sum(x * (1 - x) for x in p) / 1.0350412 ** 2)
assert abs(kr20_mixed - 0.29595) < 5e-6, kr20_mixed
assert round(a, 5) != 0.29595 and abs(a - 0.2949972) < 5e-8, a
'

run 0 "$JY" stats items - --format tsv < "$T/lsat6-shuffled.csv" && [ "$OUT" = "$want_lsat" ] \
	&& ok "the same table shuffled (CRLF, standard input, points from the highest scores) gives the same D, byte for byte" \
	|| fail "the same table shuffled (CRLF, standard input, points from the highest scores) gives the same D, byte for byte"
contains "$ERR" "没有给出 --points" && ok "inferred points are said on stderr" || fail "inferred points are said on stderr"

# ---- polytomous, by hand ----
# Points 2, 3, 5 (full 10). Totals 10, 7.5, 5.5, 4.5, 0.5: mean 5.6, median 5.5, Σdev² = 50.2, sd = √12.55 = 3.5426.
# 27% of 5 = 1.35 students: upper = S1 + 0.35·S2, lower = S5 + 0.35·S4.
#   item 1: P = 5.5/10 = .55;  upper (2 + .7)/2.7 = 1, lower (0 + .175)/2.7 = .0648 → D = .9352
#   item 2: P = 8/15 = .5333;  upper (3 + .525)/4.05 = .8704, lower (.5 + .35)/4.05 = .2099 → D = .6605
#   item 3: P = 14.5/25 = .58; upper (5 + 1.4)/6.75 = .9481, lower (0 + 1.05)/6.75 = .1556 → D = .7926
# Item variances .8, .925, 3.55; total 12.55 → α = 3/2 · (1 − 5.275/12.55) = .8695219.
# r_pb(1) = Σdev₁·devₜ / √(Σdev₁² Σdevₜ²) = 11.95/√(3.2 · 50.2) = .9428; α without item 1 = 2 · (1 − 4.475/7.375) = .7864.
# Pass ≥ 6: S1, S2 → .4; excellent ≥ 8.5: S1 → .2.
printf '学号,1,2,3\nS1,2,3,5\nS2,2,1.5,4\nS3,1,2,2.5\nS4,0.5,1,3\nS5,0,0.5,0\n' > "$T/poly.csv"
if run 0 "$JY" stats items "$T/poly.csv" --points 2,3,5 --format tsv; then
	s=$(printf '%s\n' "$OUT" | sed -n 2p)
	i1=$(printf '%s\n' "$OUT" | sed -n 4p | cut -f5-9)
	i2=$(printf '%s\n' "$OUT" | sed -n 5p | cut -f5,6)
	i3=$(printf '%s\n' "$OUT" | sed -n 6p | cut -f5,6)
	if [ "$s" = "all	5	5.6000	3.5426	5.5000	0.5000	10.0000	0.4000	0.2000	0.8695219" ] \
		&& [ "$i1" = "0.5500	0.9352	0.9428	0.9006	0.7864" ] && [ "$i2" = "0.5333	0.6605" ] && [ "$i3" = "0.5800	0.7926" ]; then
		ok "a polytomous table with half points matches the hand computation"
	else
		fail "a polytomous table with half points matches the hand computation"
		printf '%s\n' "$OUT" | sed 's/^/# /' >&2
	fi
else
	fail "a polytomous table with half points matches the hand computation"
fi

# ---- the table a person reads ----
if run 0 "$JY" stats items "$T/poly.csv" --points 2,3,5; then
	contains "$OUT" "5 名学生，3 道题，满分 10 分" && contains "$OUT" "90–100%" && contains "$OUT" "█" \
		&& contains "$OUT" "优良" && ok "the table: heading, distribution as block bars, Ebel's band" \
		|| fail "the table: heading, distribution as block bars, Ebel's band"
else
	fail "the table: heading, distribution as block bars, Ebel's band"
fi

# ---- refusals ----
printf '学号,1,2,3\nS1,2,3,5\nS2,2,x,4\nS3,3,2,2.5\nS1,0,0,0\n' > "$T/bad.csv"
if run 1 "$JY" stats items "$T/bad.csv" --points 2,3,5 && contains "$ERR" "第 3 行：第 2 题成绩「x」无效" \
	&& contains "$ERR" "第 4 行：第 1 题得 3 分，超过满分 2 分" && contains "$ERR" "第 5 行：学号 S1 与第 2 行重复" && [ -z "$OUT" ]; then
	ok "bad rows are listed by line and nothing is printed"
else
	fail "bad rows are listed by line and nothing is printed"
fi
run 1 "$JY" stats items "$T/poly.csv" --points 2,3 && contains "$ERR" "给出了 2 道题的满分，表头有 3 道题" \
	&& ok "--points must cover every item" || fail "--points must cover every item"
run 2 "$JY" stats items "$T/poly.csv" --points 2,0,5 && contains "$ERR" "--points 的第 2 项「0」" \
	&& ok "a zero in --points is a usage error" || fail "a zero in --points is a usage error"
printf '学号,试卷,1,2\nS1,A,1,1\nS2,B,0,1\nS3,A,1,0\nS4,B,1,1\n' > "$T/ab.csv"
run 1 "$JY" stats items "$T/ab.csv" && contains "$ERR" "成绩表含 A、B 两种试卷" && ok "papers A and B are not pooled" \
	|| fail "papers A and B are not pooled"
run 0 "$JY" stats items "$T/ab.csv" --paper B --format tsv && contains "$OUT" "all	2	1.5000" \
	&& contains "$OUT" "B	2		1	1.0000" && ok "--paper B analyses B's students" || fail "--paper B analyses B's students"

# ---- the three-school fixture: the program's figures against an independent computation ----
if [ -x "$B/tests/test_results" ] && RESULTS_SAMPLES="$S" "$B/tests/test_results" > "$T/gen.log" 2>&1 \
	&& [ -s "$S/report.html" ] && [ -s "$S/report.xlsx" ]; then
	ok "test_results writes the fixture's tables, page and workbook"
else
	fail "test_results writes the fixture's tables, page and workbook ($B/tests/test_results)"
	sed 's/^/# /' "$T/gen.log" >&2
fi

FIXTURE='
from itemstats_ref import *
F = "tests/fixtures/results/"
PTS = [2, 2, 2, 4, 5, 10]
schools = {"s01": read_scores(F + "s01.utf8bom.csv", "utf-8-sig"), "s02": read_scores(F + "s02.gbk.csv", "gbk"),
           "s03": read_scores(F + "s03.utf8.csv", "utf-8")}
rows = {s: [r[2] for r in v] for s, v in schools.items()}
pooled = [r for s in sorted(rows) for r in rows[s]]
ref = {s: analyse(rows[s], PTS) for s in rows}
ref["all"] = analyse(pooled, PTS)
def tsv(name):
    return [l.split("\t") for l in open(os.path.join(d, name), encoding="utf-8").read().splitlines()]
'

py "per school and pooled: n, mean, sd, median, min, max, pass and excellence rates, α as computed independently" "$FIXTURE"'
got = tsv("stats.tsv")
assert got[0] == "school n mean sd median min max pass_rate excellent_rate alpha".split(), got[0]
assert [r[0] for r in got[1:]] == ["s01", "s02", "s03", "all"], [r[0] for r in got[1:]]
assert ref["all"]["n"] == 67
for r in got[1:]:
    w = ref[r[0]]
    assert int(r[1]) == w["n"], r
    for i, key in enumerate(("mean", "sd", "median", "min", "max", "pass_rate", "excellent_rate")):
        assert same(r[2 + i], w[key], 4), (r[0], key, r[2 + i], w[key])
    assert same(r[9], w["alpha"], 7), (r[0], r[9], w["alpha"])
'

py "items × schools: P and D per school (27%, fractional ties), P of the others and the mark" "$FIXTURE"'
got = tsv("compare.tsv")
assert got[0] == "paper no school n p d p_others marked".split(), got[0]
assert len(got) == 1 + 6 * 4
marks = 0
for r in got[1:]:
    j = int(r[1]) - 1
    w = ref[r[2]]["items"][j]
    assert same(r[4], w["p"], 4) and same(r[5], w["d"], 4), (r, w)
    if r[2] == "all":
        assert r[6] == "NA" and r[7] == "0", r
        continue
    others = [x for s in sorted(rows) if s != r[2] for x in rows[s]]
    po = sum(x[j] for x in others) / len(others) / PTS[j]
    assert same(r[6], po, 4), (r, po)
    want = int(len(rows[r[2]]) >= 20 and abs(w["p"] - po) > 0.2 + 1e-9)
    assert r[7] == str(want), (r, want)
    marks += want
assert marks >= 1, "the fixture was made with one school far easier on item 4"
'

py "items: the pooled item table as computed independently" "$FIXTURE"'
got = tsv("items.tsv")
assert got[0] == "paper no question points p d r_pb r_it alpha_drop flags".split(), got[0]
for j, r in enumerate(got[1:]):
    w = ref["all"]["items"][j]
    assert r[0] == "A" and r[1] == str(j + 1) and float(r[3]) == PTS[j], r
    for i, key in enumerate(("p", "d", "r_pb", "r_it", "alpha_drop")):
        assert same(r[4 + i], w[key], 4), (j, key, r[4 + i], w[key])
'

py "XLSX read back by openpyxl: sheet names, the α cell, P of each school, native charts" "$FIXTURE"'
import openpyxl
wb = openpyxl.load_workbook(os.path.join(d, "report.xlsx"))
assert wb.sheetnames == ["汇总", "各校对比", "试题分析"], wb.sheetnames
ws = wb["汇总"]
assert ws["A1"].value == "2026-2027-1 网店运营联考 <成绩分析>", ws["A1"].value
rows_ = list(ws.iter_rows(values_only=True))
head = next(i for i, r in enumerate(rows_) if r[0] == "学校")
assert rows_[head][10] == "α", rows_[head]
names = {"第一职业学校": "s01", "第二技工学校 & <分校>": "s02", "第三职校": "s03", "全体": "all"}
seen = []
for r in rows_[head + 1: head + 5]:
    key = names[r[0]]
    seen.append(key)
    assert r[1] == ref[key]["n"]
    assert abs(r[10] - ref[key]["alpha"]) < 1e-9, (key, r[10], ref[key]["alpha"])
    assert abs(r[7] - ref[key]["pass_rate"]) < 1e-12
assert seen == ["s01", "s02", "s03", "all"], seen
c = wb["各校对比"]
hdr = [x.value for x in c[1]]
for name, key in names.items():
    col = hdr.index("P " + name)
    for j in range(6):
        v = c.cell(row=2 + j, column=col + 1).value
        assert abs(v - ref[key]["items"][j]["p"]) < 1e-12, (name, j, v)
i = wb["试题分析"]
assert [x.value for x in i[1]][:4] == ["试卷", "题号", "试题", "分值"]
assert abs(i["J2"].value - ref["all"]["items"][0]["d"]) < 1e-9, i["J2"].value
assert [len(s._charts) for s in wb] == [1, 1, 1], [len(s._charts) for s in wb]
assert wb["汇总"]["H" + str(head + 2)].number_format == "0.0%"
'

HTMLCHECK='
from html.parser import HTMLParser
import re, xml.etree.ElementTree as ET
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.seen, self.text = [], [], {}, []
    def handle_starttag(self, tag, attrs):
        self.seen[tag] = self.seen.get(tag, 0) + 1
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.seen[tag] = self.seen.get(tag, 0) + 1
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append((tag, self.stack[-1:], self.getpos()))
        else:
            self.stack.pop()
    def handle_data(self, data):
        self.text.append(data)
def check(path, nsvg):
    raw = open(path, encoding="utf-8").read()
    p = P(); p.feed(raw); p.close()
    assert not p.errors and not p.stack, (p.errors[:3], p.stack)
    assert p.seen.get("svg") == nsvg and "script" not in p.seen, p.seen
    for bad in (" src=", " href=", "@import", "<link"):
        assert bad not in raw, bad
    NS = "{http://www.w3.org/2000/svg}"
    texts = []
    for s in re.findall(r"<svg .*?</svg>", raw, re.S):
        root = ET.fromstring(s)
        assert root.tag == NS + "svg", root.tag
        for el in root.iter():
            for k in ("x", "y", "width", "height", "cx", "cy", "x1", "y1", "x2", "y2"):
                if el.get(k) is not None:
                    assert math.isfinite(float(el.get(k))), (el.tag, k)
            if el.tag == NS + "text":
                texts.append(el.text or "")
    return raw, "".join(p.text), texts
'
py "the HTML report parses: elements closed in order, each SVG well-formed XML, names escaped" "$HTMLCHECK"'
raw, text, svgtext = check(os.path.join(d, "report.html"), 2)
assert "第二技工学校 & <分校>" in text and "&lt;分校&gt;" in raw
for want in ("成绩分布（各校学生所占比例）", "第一职业学校", "D = 0.2", "难度 P 与区分度 D"):
    assert want in svgtext, want
assert "各校各题得分率（难度 P）" in text and "得分率与其他学校相差较大的题目" in text
assert raw.count("class=\"grid heat\"") == 1
'

# ---- stats items writes the same documents ----
if run 0 "$JY" stats items "$T/lsat6.csv" --points 1,1,1,1,1 --format html; then
	printf '%s\n' "$OUT" > "$S/lsat6.html"
	py "stats items --format html: one page, two well-formed SVG charts" "$HTMLCHECK"'
raw, text, svgtext = check(os.path.join(d, "lsat6.html"), 2)
assert "1000" in text and "0.2950" in text, "summary row"
'
else
	fail "stats items --format html: one page, two well-formed SVG charts"
fi
if "$JY" stats items "$T/lsat6.csv" --points 1,1,1,1,1 --format xlsx > "$S/lsat6.xlsx" 2> "$T/err"; then
	py "stats items --format xlsx: the α cell holds 0.2949972 as a number" '
import openpyxl
wb = openpyxl.load_workbook(os.path.join(d, "lsat6.xlsx"))
assert wb.sheetnames == ["汇总", "各校对比", "试题分析"]
rows = list(wb["汇总"].iter_rows(values_only=True))
all_row = next(r for r in rows if r[0] == "全体")
assert abs(all_row[10] - 0.2949972) < 5e-8 and all_row[1] == 1000, all_row
p = [r[3] for r in wb["各校对比"].iter_rows(min_row=2, max_row=6, values_only=True)]
assert [round(x, 3) for x in p] == [0.924, 0.709, 0.553, 0.763, 0.87], p
'
else
	fail "stats items --format xlsx: the α cell holds 0.2949972 as a number"
fi
