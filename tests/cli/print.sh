#!/bin/sh
# print: `obs print` and `plan print` write one self-contained printable HTML page (A4, CJK fonts named, no script),
# parsed with Python's html.parser: every element closed in order, a <script> in record text escaped to text, the
# rubric table with scores and grade bands, the course table, the review and the school's answer, signature lines.
. tests/lib/harness.sh

R="$T/repo"
J() { "$JY" -C "$R" "$@"; }
PY=${PYTHON3:-/usr/bin/python3}
run 0 J init --demo || { fail "demo repository"; exit 1; }
XSS='<script>alert(1)</script>'
run 0 J --user ruanzhiheng add observation kind=peer date=2026-11-22 teacher=wenruogu "course=数学 & $XSS" \
	"text.problems=第一行问题
第二行 $XSS" "text.suggestions=多练习\"引号\"'单引号'" $SCORES
OBS=$OUT
run 0 J --user wenruogu obs reply "$OBS" "收到 $XSS"
ID=2026-2027-2/s02/530701
run 0 J --user shimingzhe plan course "$ID" set 2 credits=4 "note=$XSS"
run 0 J --user shimingzhe plan answer "$ID" 2 "已调整为 4 学分 $XSS"

# check NAME FILE SCRIPT: one check by the system Python over the page in FILE (argv[1]).
pycheck() {
	name=$1 file=$2
	shift 2
	if "$PY" - "$file" > "$T/py.out" 2>&1 <<EOF
import sys
from html.parser import HTMLParser
raw = open(sys.argv[1], encoding="utf-8").read()
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source", "area", "base", "embed", "param", "track"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.seen, self.text, self.attrs = [], [], {}, [], []
    def handle_starttag(self, tag, attrs):
        self.seen[tag] = self.seen.get(tag, 0) + 1
        self.attrs += attrs
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.seen[tag] = self.seen.get(tag, 0) + 1
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes %s at %s" % (tag, self.stack[-1:], self.getpos()))
        else:
            self.stack.pop()
    def handle_data(self, data):
        self.text.append(data)
p = P()
p.feed(raw)
p.close()
text = "".join(p.text)
$*
EOF
	then ok "$name"; else fail "$name"; sed 's/^/# /' "$T/py.out" >&2; fi
}

# ---- 听课记录表 ----
J obs print "$OBS" > "$T/obs.html" && [ -s "$T/obs.html" ] && ok "obs print writes the page to standard output" || fail "obs print"
pycheck "obs: well-formed — every element closed, in order, nothing left open" "$T/obs.html" '
assert raw.startswith("<!DOCTYPE html>"), raw[:40]
assert not p.errors, p.errors[:5]
assert not p.stack, "left open: %s" % p.stack
for t in ("html", "head", "body", "style", "title", "h1"):
    assert p.seen.get(t) == 1, (t, p.seen.get(t))
'
pycheck "obs: <script> in the record text is text, never an element" "$T/obs.html" '
assert "script" not in p.seen, p.seen
assert "<script" not in raw.lower()
assert raw.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3, raw.count("&lt;script&gt;alert(1)&lt;/script&gt;")
assert text.count("<script>alert(1)</script>") == 3
assert "数学 & <script>" in text and "&amp;" in raw
assert "\"引号\"" in text and "&quot;" in raw and "&#39;" in raw
'
pycheck "obs: self-contained A4 page, CJK fonts named, nothing fetched" "$T/obs.html" '
assert "size: A4" in raw and "Noto Serif CJK SC" in raw and "Noto Sans CJK SC" in raw
assert not any(k in ("src", "href") for k, v in p.attrs), p.attrs
assert "url(" not in raw and "@import" not in raw
'
pycheck "obs: the rubric table with every score, the total and the grade bands" "$T/obs.html" '
assert p.seen.get("table") == 1, p.seen.get("table")
for want in ("教学目标", "教学效果", "权重", "满分", "得分", "总分", "等级", "89", "良", "优 ≥ 90 分", "良 ≥ 80 分", "中 ≥ 60 分"):
    assert want in text, want
for score in ("14", "18", "17", "13", "9"):
    assert ">%s<" % score in raw, score
'
pycheck "obs: fields with names, the texts, the reply and signature lines" "$T/obs.html" '
for want in ("听课记录表", "温若谷", "阮志恒", "清源山中等职业学校", "同行听课", "存在问题", "改进建议", "授课教师回复", "听课人签名：", "授课教师签名："):
    assert want in text, want
assert "第一行问题<br>" in raw, "line breaks kept"
'
run 0 J obs print "$OBS" "$T/obs2.html" && cmp -s "$T/obs.html" "$T/obs2.html" && ok "obs print FILE writes the same page" || fail "obs print FILE"
# Privacy: a person who may not see the observation gets it as if it did not exist.
refuses "obs print of an observation one may not see says there is none" 1 "没有" J --user mowanqing obs print "$OBS"
refuses "obs print of a plan id is refused" 1 "不是听课记录" J obs print "plan/$ID"

# ---- 授课计划备案表 ----
J plan print "$ID" > "$T/plan.html" || fail "plan print"
pycheck "plan: well-formed — every element closed, in order, nothing left open" "$T/plan.html" '
assert not p.errors, p.errors[:5]
assert not p.stack, "left open: %s" % p.stack
for t in ("html", "head", "body", "style", "title", "h1"):
    assert p.seen.get(t) == 1, (t, p.seen.get(t))
assert p.seen.get("table", 0) >= 2, p.seen.get("table")
'
pycheck "plan: <script> in a note and an answer is text" "$T/plan.html" '
assert "script" not in p.seen
assert "<script" not in raw.lower()
assert text.count("<script>alert(1)</script>") == 2, text.count("<script>alert(1)</script>")
'
pycheck "plan: A4 landscape, the course table with teachers' titles and 双师型, totals, findings, review, answer, signatures" "$T/plan.html" '
assert "size: A4 landscape" in raw
for want in ("授课计划备案表", "海丝路职业中专学校", "电子商务", "课程名称", "任课教师", "社群运营", "蔡明珠（副高级，双师型）", "合计",
             "合规检查", "依据", "审核记录", "退回整改", "学校答复：已调整为 4 学分", "学校负责人签名：", "专业负责人审核签名："):
    assert want in text, want
'
run 0 J plan print --help && contains "$OUT" "HTML" && ok "plan print --help" || fail "plan print help"
refuses "plan print of a filing that does not exist" 1 "2099-2100-1" J plan print 2099-2100-1/s02/530701
