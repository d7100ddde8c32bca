#!/bin/sh
# bank_pegjs: a GIFT export of the bank read by an independent parser — npm's gift-pegjs, installed here into a
# temporary directory (a test tool, never a build dependency) — gives the bank's own types, answers and weights
# (compared with the bank's CSV export of the same items), and true/false feedback as Moodle reads it.
. tests/lib/harness.sh
R="$T/repo"
F=$(pwd)/tests/fixtures
top=$(pwd)
J() { "$JY" -C "$R" "$@"; }
as() { who=$1; shift; "$JY" -C "$R" --user "$who" "$@"; }

if ! command -v npm > /dev/null 2>&1 || ! command -v node > /dev/null 2>&1; then
	ok "# SKIP npm or node is not installed (make deps installs npm and nodejs)"
	exit 0
fi
if ! command -v python3 > /dev/null 2>&1; then
	ok "# SKIP python3 is not installed (make deps installs it)"
	exit 0
fi
if timeout 300 npm install --no-audit --no-fund --prefix "$T/pegjs" gift-pegjs > "$T/npm.log" 2>&1 &&
	[ -d "$T/pegjs/node_modules/gift-pegjs" ]; then
	ok "gift-pegjs installed with npm into a temporary directory ($(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$T/pegjs/node_modules/gift-pegjs/package.json" | head -1))"
else
	ok "# SKIP the npm registry is unreachable: $(tail -n 1 "$T/npm.log")"
	exit 0
fi

run 0 J init --demo || { fail "demo repository"; exit 0; }
# Besides the demo's three courses: the imported fixture (escapes, true/false feedback both ways, numerical answers)
# and items whose options hold every GIFT special character and weights that are not the defaults.
as suyuan bank import "$F/bank/ec.gift" --course 530701-c02 --skip-bad > /dev/null 2>&1
as suyuan bank add --course 530701-c02 题型=判断 难度=1 '题干=假命题（答案为错），两种反馈都有。' 答案=错 分值=1 \
	'答对反馈=对：它是假的' '答错反馈=错：再读一遍题干' > /dev/null
as suyuan bank add --course 530701-c02 题型=多选 难度=3 '题干=含特殊字符的选项 {a} = ~b # c: \\d' 'A=~甲 = 乙' 'B=#丙{丁}' \
	'C=路径 C:\\temp' 'D=100%' 答案=ABC 分值=3 weights.D=0 > /dev/null
as suyuan bank add --course 530701-c02 题型=单选 难度=2 '题干=部分得分的单选：选 B 得一半' A=全对 B=半对 C=不对 答案=A 分值=2 \
	weights.B=50 '反馈B=接近了' > /dev/null
as suyuan bank add --course 530701-c02 题型=填空 难度=2 '题干=写出两种说法之一：______' '答案=冒号:右边
等号=右边' 分值=2 > /dev/null
[ "$(J bank list --course 530701-c02 --format tsv | tail -n +2 | wc -l)" -eq 12 ] && ok "a bank of 12 special items besides the demo" ||
	fail "special items: $(J bank list --course 530701-c02 --format tsv | tail -n +2 | wc -l)"

cat > "$T/compare.py" <<'EOF'
# compare.py CSV JSONL: every question of the bank's CSV export has a question in gift-pegjs's reading of the GIFT
# export with the same type, answers, weights and true/false feedback (in Moodle's meaning); prints one line per
# mismatch and exits 1 when there is one.
import csv, json, sys

GRADES = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5,
          11.11111, 10, 5, 0]
TYPES = {"单选题": "multichoice", "多选题": "multiresponse", "判断题": "truefalse", "填空题": "shortanswer",
         "简答题": "essay", "实操题": "essay"}


def cell(v):
    # The export defuses cells Excel would run as formulas with one apostrophe.
    s = v.lstrip("'")
    return v[1:] if v.startswith("'") and s[:1] in ("=", "+", "-", "@") else v


def squeeze(s):
    return " ".join(s.replace("\n", " ").split())


def share(k):
    return min(GRADES, key=lambda g: abs(g - 100.0 / k))


def num(spec):
    if ".." in spec[1:]:
        a, b = spec.split("..", 1)
        return {"kind": "range", "min": float(a), "max": float(b)}
    if "±" in spec:
        v, t = spec.split("±", 1)
        return {"kind": "value", "value": float(v), "tolerance": float(t)}
    return {"kind": "value", "value": float(spec), "tolerance": 0.0}


rows = [{k: cell(v) for k, v in r.items()} for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))]
parsed = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
bad = []
used = set()
for r in rows:
    key = (r["知识点"], squeeze(r["题干"]))
    found = [i for i, p in enumerate(parsed) if i not in used and (p["title"], squeeze(p["stem"])) == key]
    if not found:
        bad.append("not found in gift-pegjs's reading: %s" % (key,))
        continue
    used.add(found[0])
    p = parsed[found[0]]
    want = TYPES[r["题型"]]
    if want == "shortanswer" and r.get("数值答案") == "是":
        want = "numerical"
    if p["type"] != want:
        bad.append("%s: type %s, gift-pegjs %s" % (key[0], want, p["type"]))
        continue
    letters = [c for c in "ABCDEFGH" if r.get("选项" + c)]
    if want in ("multichoice", "multiresponse"):
        right = r["答案"]
        got = [(a["text"], round(a["weight"], 5), a["feedback"]) for a in p["answers"]]
        exp = []
        for c in letters:
            w = r.get("分值比例" + c)
            if w:
                w = float(w)
            elif want == "multichoice":
                w = 100 if c in right else 0
            else:
                w = share(len(right)) if c in right else -100
            exp.append((r["选项" + c], round(w, 5), r.get("反馈" + c, "")))
        if got != exp:
            bad.append("%s: answers %s, gift-pegjs %s" % (key[0], exp, got))
    elif want == "truefalse":
        exp = (r["答案"] == "正确", r.get("答错反馈", ""), r.get("答对反馈", ""))
        got = (p["truth"], p["tf_feedback_wrong"], p["tf_feedback_right"])
        if got != exp:
            bad.append("%s: true/false %s, gift-pegjs %s" % (key[0], exp, got))
    elif want == "shortanswer":
        exp = [(t, 100) for t in r["答案"].split("\n")]
        got = [(a["text"], a["weight"]) for a in p["answers"]]
        if got != exp:
            bad.append("%s: answers %s, gift-pegjs %s" % (key[0], exp, got))
    elif want == "numerical":
        for spec, a in zip(r["答案"].split("\n"), p["answers"]):
            e = num(spec)
            ok = a["kind"] == e["kind"] and a["weight"] == 100 and all(abs(a[k] - e[k]) < 1e-9 for k in e if k != "kind")
            if not ok:
                bad.append("%s: numeric %s, gift-pegjs %s" % (key[0], e, a))
        if len(p["answers"]) != len(r["答案"].split("\n")):
            bad.append("%s: %d numeric answers, gift-pegjs %d" % (key[0], len(r["答案"].split("\n")), len(p["answers"])))
    if squeeze(p["general_feedback"]) != squeeze(r["解析"]):
        bad.append("%s: explanation %r, gift-pegjs %r" % (key[0], r["解析"], p["general_feedback"]))
if len(used) != len(parsed):
    bad.append("gift-pegjs read %d questions, the bank exported %d" % (len(parsed), len(rows)))
for b in bad:
    print(b)
print("compared %d questions" % len(rows))
sys.exit(1 if bad else 0)
EOF

for c in 530701-c01 510102-c01 560213-c03 530701-c02; do
	J bank export --course "$c" > "$T/$c.gift" && J bank export --course "$c" --format csv > "$T/$c.csv" || fail "export $c"
	if node "$top/tests/tools/gift-summary.js" --pegjs "$T/pegjs" "$T/$c.gift" > "$T/$c.jsonl" 2> "$T/$c.err"; then
		ok "gift-pegjs reads the GIFT export of $c"
	else
		fail "gift-pegjs reads the GIFT export of $c: $(head -3 "$T/$c.err")"
		continue
	fi
	if python3 "$T/compare.py" "$T/$c.csv" "$T/$c.jsonl" > "$T/$c.cmp"; then
		ok "$c: the same types, answers, weights and feedback as the bank ($(tail -n 1 "$T/$c.cmp"))"
	else
		fail "$c: gift-pegjs reads something else"
		sed 's/^/#   /' "$T/$c.cmp" | head -20
	fi
done

# The case where gift-pegjs's names and Moodle's meaning part: a TRUE statement with both feedbacks.
grep -q '"truth":true,"tf_feedback_wrong":"回答错误：这条是对的。","tf_feedback_right":"回答正确。"' "$T/530701-c02.jsonl" &&
	ok "true/false feedback follows Moodle: on a true statement the first # is shown to a wrong answer" || fail "tf feedback order"
grep -q '"truth":false,"tf_feedback_wrong":"错：再读一遍题干","tf_feedback_right":"对：它是假的"' "$T/530701-c02.jsonl" &&
	ok "and on a false statement" || fail "tf feedback order (false)"
