#!/bin/sh
# daily: the CLI's consistency — `add TYPE --help` lists the fields, an unknown field suggests the nearest, enum errors
# give the Chinese values; `show --format human|text`; `list` newest first like the TUI (`--sort`); tsv stable codes
# with `--labels`; `plan check` errors first; `history` not cut when piped; `plan answer` and the revision marks.
. tests/lib/harness.sh

R="$T/repo"
J() { "$JY" -C "$R" "$@"; }
run 0 J init --demo || { fail "demo repository"; exit 1; }
run 0 J --user cenlixing edit group privacy.observations=group || fail "privacy = group"

# ---- add TYPE --help ----
run 0 J add observation --help
contains "$OUT" "observation（听课记录）的字段" && ok "add TYPE --help lists the type's fields" || fail "add --help"
echo "$OUT" | grep -E "^  kind +类型 +必填；之一：supervise\(督导听课\), peer\(同行听课\)" > /dev/null &&
	ok "a field: its name, Chinese label, required, allowed values with their Chinese" || fail "kind line: $(echo "$OUT" | grep '^  kind')"
echo "$OUT" | grep -qE "^  text.problems +存在问题 +文字，可多行" && echo "$OUT" | grep -qE "^  score.键 +评分 +数字" &&
	ok "sections' fields by section.key" || fail "section fields"
run 0 J add person --help
echo "$OUT" | grep -qE "^  roles +角色 +若干项.*teacher\(教师\).*admin\(管理员\)" && ok "a set field lists its values too" || fail "roles line"
run 0 J list plan --help && contains "$OUT" "plan（授课计划）的字段" && contains "$OUT" "course.N.teacher" &&
	ok "list TYPE --help lists the fields too (course.N.teacher)" || fail "list --help"
refuses "an unknown field suggests the nearest" 1 "没有字段「techer」，是不是「teacher」" J --user ruanzhiheng add observation techer=wenruogu
refuses "a field given by its Chinese label is named" 1 "没有字段「课程」，是不是「course」" J --user ruanzhiheng add observation 课程=数学
refuses "text.problem suggests text.problems" 1 "是不是「text.problems」" J --user ruanzhiheng add observation text.problem=x
refuses "an enum error lists the Chinese values" 1 "peer(同行听课)" J --user ruanzhiheng add observation kind=听课
refuses "a set error lists the Chinese values" 1 "observer(听课员)" J --user cenlixing edit person/wenruogu roles=教师,老师

# ---- show ----
run 0 J --user ruanzhiheng add observation kind=peer date=2026-11-22 teacher=wenruogu course=数学 "text.problems=第一行
第二行" $SCORES
OBS=$OUT
run 0 J show --format human "$OBS"
contains "$OUT" "听课记录 $OBS" && contains "$OUT" "授课教师  温若谷（wenruogu）" && contains "$OUT" "类型      同行听课" &&
	ok "show --format human: labels, enum labels, names with their ids" || fail "human: $OUT"
echo "$OUT" | grep -A1 "存在问题" | tail -1 | grep -qE "^ +第二行$" && ok "a multi-line value continues under itself" || fail "multi-line"
run 0 J show --format text "$OBS"
path=$(J list observation --format tsv | awk -F'\t' -v id="$OBS" '$1 == id { print $NF }')
[ "$OUT" = "$(git --git-dir="$R" show "refs/heads/main:$path")" ] && ok "show --format text is the stored canonical text" || fail "text"
run 0 J show "$OBS"
contains "$OUT" "[observation]" && ok "piped, show prints the canonical text" || fail "piped default"
run 2 J show --format xml "$OBS" && ok "--format is human or text" || fail "format choices"

# ---- list: newest first, --sort ----
J list observation --format tsv | tail -n +2 | cut -f2 > "$T/dates"
sort -r "$T/dates" | cmp -s - "$T/dates" && ok "list is newest first by default (as the TUI)" || fail "not newest first"
head -1 "$T/dates" | grep -q 2026-11-22 && ok "the newest observation comes first" || fail "first: $(head -1 "$T/dates")"
J list observation --format tsv --sort oldest | tail -n +2 | cut -f2 > "$T/old"
sort "$T/old" | cmp -s - "$T/old" && ok "--sort oldest" || fail "oldest"
J list observation --format tsv --sort -total | tail -n +2 | cut -f7 | grep . > "$T/tot"
sort -rn "$T/tot" | cmp -s - "$T/tot" && ok "--sort -total: numbers, descending" || fail "total order"
J list observation --format tsv --sort path | tail -n +2 | awk -F'\t' '{ print $NF }' > "$T/paths"
sort "$T/paths" | cmp -s - "$T/paths" && ok "--sort path: the repository's order" || fail "path order"
refuses "an unknown sort names the fields" 1 "不能按「colour」排序" J list observation --sort colour

# ---- tsv codes and --labels ----
run 0 J list observation --format tsv
echo "$OUT" | awk -F'\t' 'NR > 1 && $8 != "" && $8 !~ /^band\.[0-9]+$/ { bad++ } END { exit bad }' &&
	ok "tsv grades are band codes" || fail "grades: $(echo "$OUT" | cut -f8 | sort -u | tr '\n' ' ')"
echo "$OUT" | awk -F'\t' 'NR > 1 && $3 !~ /^[a-z]+$/ { bad++ } END { exit bad }' && ok "tsv kinds are stored codes" || fail "kinds"
run 0 J list observation --format tsv --labels
echo "$OUT" | head -1 | grep -q "^编号	日期	类型	听课人	授课教师	课程	总分	等级" && echo "$OUT" | grep -q "	同行听课	阮志恒	温若谷	数学	" &&
	echo "$OUT" | awk -F'\t' 'NR > 1 && $8 != "" && $8 !~ /^(优|良|中|差)$/ { bad++ } END { exit bad }' &&
	ok "--labels: Chinese header, labels, names, grade names" || fail "labels: $(echo "$OUT" | head -2)"
run 0 J obs inbox --person wenruogu --format tsv
echo "$OUT" | awk -F'\t' 'NR > 1 && $7 != "" && $7 !~ /^band\.[0-9]+$/ { bad++ } END { exit bad }' && ok "obs inbox tsv: grade codes" ||
	fail "inbox: $OUT"
run 0 J obs inbox --person wenruogu --format tsv --labels
echo "$OUT" | head -1 | grep -q "等级" && ok "obs inbox --labels: Chinese header" || fail "inbox labels"

# ---- plan check: errors first ----
ID=2026-2027-2/s02/510102
run 0 J --user shimingzhe plan reopen "$ID"
run 0 J --user shimingzhe plan course "$ID" add name=新课 category=专业拓展课 hours=36 teacher=youkai
run 1 J plan check "$ID"
echo "$OUT" | head -1 | grep -q "^错误 第 13 行" && ok "plan check prints errors first (even one found last)" || fail "order: $(echo "$OUT" | head -3)"
run 1 J plan check "$ID" --format tsv
[ "$(echo "$OUT" | sed -n 2p | cut -f1)" = error ] && ok "and in tsv" || fail "tsv order"

# ---- history piped: subjects whole ----
run 0 J --user ruanzhiheng edit "$OBS" course=一个很长很长的课程名称，长到超过四十个显示列的宽度，看看它会不会被截断
J history "$OBS" > "$T/hist"
grep -q "长到超过四十个显示列的宽度，看看它会不会被截断》" "$T/hist" && ok "history piped keeps whole subjects" || fail "history: $(cat "$T/hist")"
! grep -q "…" "$T/hist" && ok "(nothing cut with …)" || fail "cut"

# ---- plan answer and the marks since the last review ----
RID=2026-2027-2/s02/530701
refuses "an answer by another school is refused" 1 "只有海丝路职业中专学校的人员" J --user wenruogu plan answer "$RID" 2 已调整
refuses "a row without a comment has nothing to answer" 1 "没有审核意见可答复" J --user shimingzhe plan answer "$RID" 3 已调整
run 0 J --user shimingzhe plan course "$RID" set 2 credits=4
run 0 J --user shimingzhe plan answer "$RID" 2 "已调整为 4 学分"
[ "$(J get "plan/$RID" course.2.answer.1)" = "已调整为 4 学分" ] && ok "the answer is stored in the row for round 1" || fail "answer"
run 0 J --user shimingzhe plan course "$RID" rm 9
run 0 J --user shimingzhe plan course "$RID" add name=直播电商 category=专业拓展课 hours=36 theory=12 practice=24
run 0 J plan show "$RID"
echo "$OUT" | grep "网店运营" | grep -q "改：学分" && ok "plan show: row 2 changed (学分)" || fail "changed mark"
echo "$OUT" | grep "直播电商" | grep -q "新增" && ok "plan show: the new row is marked 新增" || fail "added mark"
contains "$OUT" "已删除：原第 9 行《思想政治》" && ok "plan show: the removed row is listed" || fail "removed"
contains "$OUT" "改动 1 行，新增 1 行，删除 1 行" && ok "plan show: the summary since the reviewed revision" || fail "summary"
contains "$OUT" "学校答复（现第 2 行）：已调整为 4 学分" && ok "plan show: the answer under the comment" || fail "answer shown"
run 0 J --user shimingzhe plan submit "$RID" --despite-errors
refuses "no answers once submitted" 1 "已提交" J --user shimingzhe plan answer "$RID" 2 再改
