#!/bin/sh
# roster: `roster import` / `roster export` — the Chinese header, UTF-8 / BOM / GBK, every bad row by line with nothing
# written, existing people updated (never duplicated), a 工号 twice refused, the person rules per row (an admin of a
# member school imports only their own school's people), export round trip.
. tests/lib/harness.sh

R="$T/repo"
J() { "$JY" -C "$R" "$@"; }
run 0 J init --demo || { fail "demo repository"; exit 1; }
HEADER="工号,姓名,学校,角色,职称,是否双师型,是否有教师资格,专业,登录名"
npeople() { J list person --format tsv | tail -n +2 | wc -l; }
n0=$(npeople)

# ---- export ----
run 0 J roster export
printf '%s' "$OUT" | head -c 3 | od -An -tx1 | grep -q "ef bb bf" && ok "export starts with the UTF-8 BOM" || fail "no BOM"
printf '%s\n' "$OUT" | head -1 | sed 's/^\xef\xbb\xbf//' | tr -d '\r' | grep -qx "$HEADER" && ok "export has the documented header" ||
	fail "header: $(printf '%s\n' "$OUT" | head -1)"
printf '%s\n' "$OUT" | grep -q "^wenruogu,温若谷,清源山中等职业学校,教师,副高级,否,是," && ok "a row: school by name, labels in Chinese" ||
	fail "row: $(printf '%s\n' "$OUT" | grep wenruogu)"
[ "$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)" -eq "$n0" ] && ok "one row per person" || fail "rows"
run 0 J roster export --school 海丝路职业中专学校
printf '%s\n' "$OUT" | tail -n +2 | grep -v "海丝路职业中专学校" | grep -q . && fail "--school lets other schools through" ||
	ok "--school keeps one school (given by name)"

# Round trip: the export imports back as nothing changed.
J roster export "$T/all.csv" > /dev/null
h=$(head_of "$R")
run 0 J --user cenlixing roster import "$T/all.csv" && contains "$OUT" "新增 0 人，更新 0 人，$n0 人没有变化" &&
	ok "the export imports back unchanged" || fail "round trip: $OUT $ERR"
[ "$(head_of "$R")" = "$h" ] && ok "an import that changes nothing commits nothing" || fail "HEAD moved on a no-op import"

# ---- UTF-8 with BOM, CRLF: a new person and an existing one updated ----
printf '\357\273\277%s\r\nzhangsan,张三,s02,教师、听课员,中级,是,否,电子商务,zs\r\nyoukai,尤凯,s02,教师,副高级,是,是,510102,youkai\r\n' "$HEADER" > "$T/bom.csv"
h=$(head_of "$R")
run 0 J --user shimingzhe roster import "$T/bom.csv" && contains "$OUT" "UTF-8 BOM" && contains "$OUT" "新增 1 人，更新 1 人" &&
	ok "UTF-8 with BOM and CRLF: one added, one updated" || fail "bom import: $OUT $ERR"
[ "$(git --git-dir="$R" rev-list --count "$h"..refs/heads/main)" = 1 ] && ok "in one commit" || fail "commits"
[ "$(npeople)" -eq $((n0 + 1)) ] && ok "the existing person is updated, not duplicated" || fail "people: $(npeople)"
[ "$(J get person/youkai title)" = associate ] && [ "$(J get person/youkai logins)" = youkai ] && ok "youkai's title (副高级) and login updated" ||
	fail "youkai: $(J get person/youkai title)"
[ "$(J get person/zhangsan roles)" = "teacher,observer" ] && [ "$(J get person/zhangsan specialties)" = 530701 ] &&
	[ "$(J get person/zhangsan dual_qualified)" = yes ] && ok "roles and specialty by name are stored as codes" ||
	fail "zhangsan: $(J show person/zhangsan --format text)"
[ "$(J get person/youkai email)" = "youkai@s02.jiaoyan" ] && ok "fields the table has no column for are kept" || fail "email lost"

# ---- GBK (Excel's 'CSV (comma delimited)' in Chinese Windows) ----
printf '工号,姓名,学校,职称\nlisi,李四,s02,初级\n' | iconv -f UTF-8 -t GBK > "$T/gbk.csv"
run 0 J --user shimingzhe roster import "$T/gbk.csv" && contains "$OUT" "GBK" && [ "$(J get person/lisi name)" = 李四 ] &&
	ok "GBK is read as Excel writes it" || fail "gbk: $OUT $ERR"
# A column left out of the header is left alone; one present with an empty cell clears the field.
[ "$(J get person/zhangsan title)" = intermediate ] && ok "(zhangsan untouched by a file without him)" || fail "zhangsan changed"
printf '工号,登录名\nzhangsan,\n' > "$T/clear.csv"
run 0 J --user shimingzhe roster import "$T/clear.csv" && run 1 J get person/zhangsan logins && [ "$(J get person/zhangsan name)" = 张三 ] &&
	ok "an empty cell clears its field; columns not in the header stay" || fail "clear: $OUT $ERR"

# ---- bad rows: every one reported by its line, nothing written ----
printf '%s\nok1,好人,s02,教师,中级,是,是,,\nbad1,坏学校,不存在的学校,教师,,,,,\nbad2,坏角色,s02,老师,中级,,,,\n,没有工号,s02,,,,,,\nbad3,坏职称,s02,教师,特级,,,,\nBad Id,大写,s02,,,,,,\n' "$HEADER" > "$T/bad.csv"
refuses "a file with bad rows is refused, nothing written" 1 "未导入任何内容" J --user shimingzhe roster import "$T/bad.csv"
for want in "第 3 行：「学校」列" "第 4 行：「角色」列" "第 5 行：「工号」不能为空" "第 6 行：「职称」列" "第 7 行：工号「Bad Id」无效"; do
	contains "$ERR" "$want" && ok "reported: $want" || fail "not reported: $want"
done
contains "$ERR" "teacher(教师)" && ok "an enum error lists the Chinese values" || fail "enum error: $ERR"
run 1 J get person/ok1 name && ok "the good row of a refused file is not written either" || fail "ok1 written"

# ---- duplicates ----
printf '%s\nwangwu,王五,s02,教师,,,,,\nwangwu,王五二,s02,教师,,,,,\n' "$HEADER" > "$T/dup.csv"
refuses "the same 工号 twice in a file is refused" 1 "工号「wangwu」与第 2 行重复" J --user shimingzhe roster import "$T/dup.csv"
printf '%s\nzhangsan,张三,s02,教师、听课员,中级,是,否,电子商务,zs\n' "$HEADER" > "$T/again.csv"
n1=$(npeople)
run 0 J --user shimingzhe roster import "$T/again.csv" && [ "$(npeople)" -eq "$n1" ] && ok "importing an existing 工号 again adds no one" ||
	fail "again: $(npeople) vs $n1"

# ---- who may import whom: the person rules, per row ----
printf '%s\nwenruogu,温若谷,s01,教师,正高级,,,,\n' "$HEADER" > "$T/other.csv"
refuses "a member school's admin cannot import another school's people" 1 "只能管理本校" J --user shimingzhe roster import "$T/other.csv"
printf '%s\nzhangsan,张三,s02,教师、管理员,,,,,\n' "$HEADER" > "$T/grant.csv"
refuses "nor grant the admin role" 1 "只能由牵头学校的管理员授予" J --user shimingzhe roster import "$T/grant.csv"
printf '%s\nnewbie,新人,s01,教师,,,,,\n' "$HEADER" > "$T/newbie.csv"
refuses "a teacher cannot import people" 1 "只有管理员" J --user wenruogu roster import "$T/newbie.csv"
run 0 J --user cenlixing roster import "$T/other.csv" && [ "$(J get person/wenruogu title)" = senior ] &&
	ok "an admin of the lead college imports any school's people" || fail "lead admin: $ERR"

# ---- form of the file ----
printf '姓名,学校\n张三,s02\n' > "$T/noid.csv"
refuses "a file without the 工号 column is refused" 1 "缺少必需的列「工号」" J --user shimingzhe roster import "$T/noid.csv"
printf '工号,姓名,学校,电话\nzz,张,s02,123\n' > "$T/unknown.csv"
refuses "an unknown column is refused naming the header" 1 "未知的列「电话」" J --user shimingzhe roster import "$T/unknown.csv"
printf '%s\nzhaoliu,赵六,s02,教师,,,,,\n' "$HEADER" | run 0 J --user shimingzhe roster import - && [ "$(J get person/zhaoliu name)" = 赵六 ] &&
	ok "- reads standard input" || fail "stdin: $ERR"
run 0 J roster import --help && contains "$OUT" "工号,姓名,学校,角色,职称,是否双师型,是否有教师资格,专业,登录名" &&
	ok "--help documents the header" || fail "help"
