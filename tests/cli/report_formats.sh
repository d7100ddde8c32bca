#!/bin/sh
# report_formats: the sample page and workbook of test_report, read back by outside readers (html.parser, ElementTree, openpyxl, Chromium → PDF → pdftotext).
. tests/lib/harness.sh
B=${B:-build}
case $B in /*) ;; *) B="$(pwd)/$B" ;; esac
BIN="$B/tests/test_report"
# Debian's python3-openpyxl is installed for the system interpreter, not for whatever python3 is first on PATH.
PY=${PYTHON3:-/usr/bin/python3}
S="$T/samples"
mkdir -p "$S/again"

# Writes the samples twice: the second copy checks determinism.
if [ -x "$BIN" ] && REPORT_SAMPLES="$S" "$BIN" > "$T/gen.log" 2>&1 && REPORT_SAMPLES="$S/again" "$BIN" >> "$T/gen.log" 2>&1 \
	&& [ -s "$S/sample.html" ] && [ -s "$S/sample.xlsx" ]; then
	ok "test_report writes sample.html and sample.xlsx"
else
	fail "test_report writes sample.html and sample.xlsx ($BIN)"
	sed 's/^/# /' "$T/gen.log" >&2
fi
cmp -s "$S/sample.html" "$S/again/sample.html" && ok "the page is the same bytes on a second run" \
	|| fail "the page is the same bytes on a second run"
cmp -s "$S/sample.xlsx" "$S/again/sample.xlsx" && ok "the workbook is the same bytes on a second run" \
	|| fail "the workbook is the same bytes on a second run"

# py NAME SCRIPT: one check, run by the system Python on the samples directory (argv[1]).
py() {
	name=$1; shift
	if "$PY" - "$S" > "$T/py.out" 2>&1 <<EOF
import sys, os
d = sys.argv[1]
$*
EOF
	then ok "$name"; else fail "$name"; sed 's/^/# /' "$T/py.out" >&2; fi
}

py "html.parser: every element closed, in order, nothing left open" '
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source", "area", "base", "embed", "param", "track"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.seen = [], [], {}
    def handle_starttag(self, tag, attrs):
        self.seen[tag] = self.seen.get(tag, 0) + 1
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.seen[tag] = self.seen.get(tag, 0) + 1
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes %s at %s" % (tag, self.stack[-1:] , self.getpos()))
        else:
            self.stack.pop()
p = P()
p.feed(open(os.path.join(d, "sample.html"), encoding="utf-8").read())
p.close()
assert not p.errors, p.errors[:5]
assert not p.stack, "left open: %s" % p.stack
for t in ("html", "head", "body", "style"):
    assert p.seen.get(t) == 1, (t, p.seen.get(t))
assert p.seen.get("title") == 5, p.seen.get("title")  # the page and each of the four charts
assert p.seen.get("svg") == 4, p.seen.get("svg")
assert p.seen.get("table") == 2, p.seen.get("table")
'

py "the script in the data is shown as text, never as an element" '
from html.parser import HTMLParser
raw = open(os.path.join(d, "sample.html"), encoding="utf-8").read()
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = set(), []
    def handle_starttag(self, tag, attrs): self.tags.add(tag)
    def handle_startendtag(self, tag, attrs): self.tags.add(tag)
    def handle_data(self, data): self.text.append(data)
p = P(); p.feed(raw); p.close()
assert "script" not in p.tags
assert "<script" not in raw.lower()
assert raw.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 4, raw.count("&lt;script&gt;alert(1)&lt;/script&gt;")
assert sum("<script>alert(1)</script>" in t for t in p.text) >= 3
'

py "the page is self-contained: no src, href, import, web font or outside url()" '
import re
raw = open(os.path.join(d, "sample.html"), encoding="utf-8").read()
for bad in (" src=", " href=", "@import", "@font-face", "<link", "<iframe", "<object"):
    assert bad not in raw, bad
urls = re.findall(r"url\(([^)]*)\)", raw)
assert all(u.startswith("#") for u in urls), urls
assert "@page { size: A4" in raw
'

py "ElementTree parses each <svg> as XML, with a viewBox and finite coordinates" '
import re, math, xml.etree.ElementTree as ET
raw = open(os.path.join(d, "sample.html"), encoding="utf-8").read()
svgs = re.findall(r"<svg .*?</svg>", raw, re.S)
assert len(svgs) == 4, len(svgs)
NS = "{http://www.w3.org/2000/svg}"
texts = []
for s in svgs:
    root = ET.fromstring(s)
    assert root.tag == NS + "svg", root.tag
    vb = [float(v) for v in root.get("viewBox").split()]
    assert vb[:2] == [0, 0] and vb[2] >= 160 and vb[3] >= 160, vb
    for el in root.iter():
        for k in ("x", "y", "width", "height", "cx", "cy", "r", "x1", "y1", "x2", "y2"):
            if el.get(k) is not None:
                v = float(el.get(k))
                assert math.isfinite(v), (el.tag, k, el.get(k))
        if el.tag == NS + "text":
            x = float(el.get("x"))
            assert 0 <= x <= vb[2], ("text outside the canvas", x, el.text)
            texts.append(el.text or "")
for want in ("成绩分布（人数）", "第一职业学校", "第二技工学校 & <分校>", "D = 0.2", "第7题", "无数据", "各校听课次数"):
    assert want in texts, want
'

py "openpyxl: sheet names in Chinese, cells with their types and formats" '
import openpyxl
wb = openpyxl.load_workbook(os.path.join(d, "sample.xlsx"))
assert wb.sheetnames == ["成绩汇总", "工作台账"], wb.sheetnames
ws = wb["成绩汇总"]
assert ws["A1"].value == "联考成绩汇总表"
assert (ws["A3"].value, ws["B3"].value) == ("学校", "第一职业学校（一个很长的学校名称不应撑宽A列）")
assert ws["A8"].value == "学校" and ws["A8"].font.b
c = ws["B9"]; assert (c.value, c.data_type, c.number_format) == (80, "n", "0"), (c.value, c.data_type, c.number_format)
c = ws["C9"]; assert (c.value, c.number_format) == (78.25, "0.00")
c = ws["D9"]; assert (c.value, c.number_format) == (0.9125, "0.0%")
for ref, text in (("E9", "=1+1"), ("E10", "+86 138"), ("E11", "@备注 <script>alert(1)</script>")):
    c = ws[ref]; assert (c.value, c.data_type) == (text, "s"), (ref, c.value, c.data_type)
assert (ws["F9"].value, ws["F9"].data_type) == (True, "b")
assert (ws["F10"].value, ws["F10"].data_type) == (False, "b")
c = ws["B12"]; assert (c.value, c.data_type) == ("=SUM(B9:B11)", "f"), (c.value, c.data_type)
assert ws["C12"].value is None
assert openpyxl.load_workbook(os.path.join(d, "sample.xlsx"), data_only=True)["成绩汇总"]["B12"].value == 217
ws2 = wb["工作台账"]
assert ws2["C2"].value == "第一行\n第二行" and ws2["C2"].alignment.wrap_text
'

py "openpyxl: frozen header rows and column widths by display width" '
import openpyxl
wb = openpyxl.load_workbook(os.path.join(d, "sample.xlsx"))
ws, ws2 = wb["成绩汇总"], wb["工作台账"]
assert ws.freeze_panes == "B9", ws.freeze_panes
assert ws2.freeze_panes == "A2", ws2.freeze_panes
w = lambda s, c: s.column_dimensions[c].width
# Thirteen Chinese characters against thirteen ASCII letters: twice the columns.
assert w(ws2, "A") > 1.7 * w(ws2, "B"), (w(ws2, "A"), w(ws2, "B"))
assert 27 <= w(ws2, "A") <= 30 and 14 <= w(ws2, "B") <= 17, (w(ws2, "A"), w(ws2, "B"))
# The long value in the header block does not widen its column; the minimum holds.
assert w(ws, "B") < 14, w(ws, "B")
assert min(w(ws, c) for c in "ABCDEF") >= 8
'

py "a native chart on each sheet, from the right ranges, names as text" '
import openpyxl, zipfile
wb = openpyxl.load_workbook(os.path.join(d, "sample.xlsx"))
assert [len(ws._charts) for ws in wb] == [1, 1], [len(ws._charts) for ws in wb]
z = zipfile.ZipFile(os.path.join(d, "sample.xlsx"))
c1 = z.read("xl/charts/chart1.xml").decode()
c2 = z.read("xl/charts/chart2.xml").decode()
assert "<c:barChart>" in c1 and "'"'"'成绩汇总'"'"'!$C$9:$C$11" in c1 and "各校平均分与人数" in c1
assert c1.count("<c:ser>") == 2
assert "<c:scatterChart>" in c2 and "<c:v>＝题目</c:v>" in c2, c2[:400]
'

# One Chromium run prints the page; the PDF is then read by poppler.
PDF="$S/sample.pdf"
if command -v chromium > /dev/null 2>&1; then
	start=$(date +%s)
	timeout 180 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-dev-shm-usage --no-pdf-header-footer \
		--user-data-dir="$T/chromium" --print-to-pdf="$PDF" "file://$S/sample.html" > "$T/chromium.log" 2>&1
	echo "# chromium took $(($(date +%s) - start)) s"
	head -c 5 "$PDF" 2>/dev/null | grep -q '%PDF-' && ok "headless Chromium prints the page to PDF" \
		|| { fail "headless Chromium prints the page to PDF"; tail -5 "$T/chromium.log" | sed 's/^/# /' >&2; }
else
	fail "headless Chromium prints the page to PDF (chromium not installed: apt-get install chromium fonts-noto-cjk)"
fi
if command -v pdftotext > /dev/null 2>&1 && [ -s "$PDF" ]; then
	info=$(pdfinfo "$PDF")
	contains "$info" "(A4)" && contains "$info" "Pages:           3" && ok "the PDF has three A4 pages" \
		|| fail "the PDF has three A4 pages"
	pdftotext -enc UTF-8 "$PDF" "$S/sample.txt"
	text=$(cat "$S/sample.txt")
	good=1
	for want in 联考成绩分析报告 听课人签名 第一职业学校 成绩分布（人数） 难度 无数据 各题得分率 "<script>alert(1)</script>"; do
		contains "$text" "$want" || good=0
	done
	[ $good = 1 ] && ok "pdftotext finds the Chinese text (page, tables, charts) and the script as plain text" \
		|| fail "pdftotext finds the Chinese text (page, tables, charts) and the script as plain text"
	page3=$(pdftotext -enc UTF-8 -f 3 -l 3 "$PDF" - 2>/dev/null)
	page1=$(pdftotext -enc UTF-8 -f 1 -l 1 "$PDF" - 2>/dev/null)
	contains "$page3" "听课人签名" && contains "$page1" "联考成绩分析报告" && ! contains "$page1" "听课人签名" 2>/dev/null \
		&& ok "the .pagebreak block starts a new page" || fail "the .pagebreak block starts a new page"
else
	fail "the PDF has three A4 pages (no PDF, or pdftotext missing: apt-get install poppler-utils)"
	fail "pdftotext finds the Chinese text (page, tables, charts) and the script as plain text"
	fail "the .pagebreak block starts a new page"
fi
