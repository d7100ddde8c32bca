#!/bin/sh
# exam_print: the printable paper — one self-contained, well-formed HTML page (A4 print CSS, CJK fonts named, no script,
# nothing external, record text escaped) that headless Chromium prints to PDF with the Chinese stems in it (pdftotext);
# Markdown and GIFT too.
. tests/lib/harness.sh
R="$T/repo"
J() { "$JY" -C "$R" "$@"; }
printf 'suyuan-pass-1\n' > "$T/p.su"
printf 'yanshuyao-pass\n' > "$T/p.yan"
su() { env JIAOYAN_PASSPHRASE_FILE="$T/p.su" "$JY" -C "$R" --user suyuan "$@"; }

run 0 "$JY" init --demo "$R" || { fail "demo repository"; exit 0; }
su key gen > /dev/null && env JIAOYAN_PASSPHRASE_FILE="$T/p.yan" "$JY" -C "$R" --user yanshuyao key gen > /dev/null || fail "keys"
E=$(J exam list --format tsv | awk -F'\t' '$4 == "网店运营期末联考" { print $1 }')
su exam assemble "$E" --seed 1 > /dev/null || fail "assemble"
# An item whose text would be markup if it were not escaped, swapped into the paper.
N=$("$JY" -C "$R" --user suyuan bank add --course 网店运营 题型=单选 难度=2 认知层次=理解 '章节=项目三 流量获取与转化' \
	'题干=网页中的 <script>alert("x")</script> 标签 & 符号应如何处理？' A=转义后显示 B=原样执行 C=删除整页 D=忽略 答案=A 分值=2)
"$JY" -C "$R" --user yanshuyao bank approve "$N" --comment 可用 > /dev/null || fail "approve"
su exam swap "$E" --paper A 2 "$N" > /dev/null || fail "swap"
run 0 su exam print "$E" --paper A --key --grading && printf '%s' "$OUT" > "$T/a.html" && ok "print writes the HTML to standard output" ||
	fail "print: $ERR"
H=$(cat "$T/a.html")
contains "$H" "<!DOCTYPE html>" && contains "$H" "@page { size: A4" && contains "$H" "Noto Serif CJK SC" &&
	contains "$H" "break-inside: avoid" && ok "A4 print CSS, CJK fonts named, questions never split" || fail "css"
contains "$H" "学校：" && contains "$H" "班级：" && contains "$H" "姓名：" && contains "$H" "学号：" && contains "$H" "答题卡" &&
	contains "$H" "参考答案" && contains "$H" "评分标准" && ok "学校/班级/姓名/学号, answer sheet, key and grading standard" || fail "parts"
contains "$H" "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 标签 &amp; 符号" && ! grep -q "<script" "$T/a.html" &&
	! grep -qiE 'src=|href=|@import|url\(' "$T/a.html" && ok "record text escaped; no script, nothing external" || fail "escaping"
# Well-formed: every element that is opened is closed, in order (void elements aside).
python3 - "$T/a.html" > "$T/wf" 2>&1 << 'EOF'
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"}
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.bad = [], []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.bad.append("</%s> with %s open" % (tag, self.stack[-3:]))
        else:
            self.stack.pop()
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
print("ok" if not p.bad and not p.stack else "bad %s %s" % (p.bad[:3], p.stack))
EOF
[ "$(cat "$T/wf")" = ok ] && ok "the HTML is well-formed" || fail "well-formed: $(cat "$T/wf")"

# Chromium prints it to PDF; the Chinese stems are in the PDF's text.
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ] || ! command -v pdftotext > /dev/null 2>&1; then
	ok "# SKIP chromium or pdftotext missing (make deps installs them)"
else
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$T/chrome" \
		--print-to-pdf="$T/a.pdf" --no-pdf-header-footer "file://$T/a.html" > "$T/chrome.log" 2>&1
	[ -s "$T/a.pdf" ] && pdftotext -layout "$T/a.pdf" "$T/a.txt" && ok "headless Chromium prints it to PDF" ||
		fail "chromium: $(tail -3 "$T/chrome.log")"
	tr -d ' \n' < "$T/a.txt" > "$T/a.flat"
	grep -q "在电商平台站内搜索中，下列哪一项通常不会影响商品的自然搜索排名" "$T/a.flat" && grep -q "学号" "$T/a.flat" &&
		grep -q '<script>alert("x")</script>标签&符号应如何处理' "$T/a.flat" &&
		ok "pdftotext finds the Chinese stems, and the escaped one as text" || fail "pdf text: $(head -c 300 "$T/a.flat")"
	pages=$(pdfinfo "$T/a.pdf" 2> /dev/null | sed -n 's/^Pages: *//p')
	[ "${pages:-0}" -ge 3 ] && pdfinfo "$T/a.pdf" | grep -q "(A4)" && ok "A4, the answer sheet and key on pages of their own ($pages pages)" ||
		fail "pages: $pages $(pdfinfo "$T/a.pdf" | grep size)"
fi

run 0 su exam print "$E" --paper A --format md && contains "$OUT" "## 一、单选题" && contains "$OUT" '\<script\>' &&
	ok "Markdown, with markup characters escaped" || fail "md: $OUT"
run 0 su exam print "$E" --paper A --format gift && contains "$OUT" "\$CATEGORY: 网店运营期末联考/A" && contains "$OUT" "::A-01" &&
	ok "GIFT for online delivery, numbered, one category per paper" || fail "gift: $OUT"
