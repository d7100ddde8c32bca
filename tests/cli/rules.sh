#!/bin/sh
# rules: one table of rules per record type — member-school admins scoped to their school, people deactivated not
# deleted, complete observations only, who sees which observations, list --where by label and name, and the
# adversarial findings (formula injection, import limits, terminal escapes in tsv, -C as text, gc's garbage).
. tests/lib/harness.sh
R="$T/repo"
J() { "$JY" -C "$R" "$@"; }
as() { who=$1; shift; "$JY" -C "$R" --user "$who" "$@"; }

run 0 J init --demo && ok "demo repository" || { fail "demo repository"; exit 0; }

# ---- 1+N: a member school's admin manages its own people, nothing of the group ----
refuses "a member admin cannot add a person to another school" 1 "只能管理本校" \
	as lixiaotang add person id=newt name=新教师 school=s02 roles=teacher
refuses "a member admin cannot grant admin" 1 "只能由牵头学校的管理员授予" as lixiaotang edit person/mowanqing roles=teacher,admin
refuses "a member admin cannot make a specialty lead" 1 "只能由牵头学校的管理员授予" \
	as lixiaotang add person id=newl name=新负责人 school=s01 roles=teacher,lead
refuses "a member admin cannot change the group's quota" 1 "只有牵头学校的管理员可以修改集团设置" as lixiaotang edit group quota.teacher=0
refuses "a member admin cannot rename a national rule set" 1 "只有牵头学校的管理员可以修改规则集" \
	as lixiaotang edit rules/national-560213 name=改过的标准
refuses "a member admin cannot move a lead-college specialty lead" 1 "只有牵头学校的管理员可以修改专业" \
	as lixiaotang edit specialty/560213 leads=ruanzhiheng
refuses "a member admin cannot edit another school's person" 1 "只能管理本校" as lixiaotang edit person/youkai title=senior
refuses "a teacher cannot add people" 1 "只有管理员可以登记和修改人员" as mowanqing add person id=x1 name=某 school=s01
run 0 as lixiaotang add person id=newt name=新教师 school=s01 roles=teacher,observer title=junior &&
	ok "a member admin adds a teacher to their own school" || fail "own school add"
run 0 as lixiaotang edit person/newt title=intermediate && [ "$(J get person/newt title)" = intermediate ] &&
	ok "and edits them" || fail "own school edit"
run 0 as cenlixing edit group quota.teacher=3 && [ "$(J get group quota.teacher)" = 3 ] &&
	ok "a lead-college admin changes the group settings" || fail "lead admin group"
run 0 as mowanqing edit person/mowanqing email=mwq@example.org && ok "a person changes their own email" || fail "own email"
refuses "but not their own roles" 1 "只有管理员可以登记和修改人员" as mowanqing edit person/mowanqing roles=teacher,observer

# ---- people who leave are deactivated, never deleted ----
run 0 J obs uncovered --format tsv && contains "$OUT" "	newt	" && ok "the new teacher is on the roster, not yet observed" ||
	fail "newt uncovered before"
refuses "a member admin cannot deactivate another school's person" 1 "只能管理本校" as lixiaotang deactivate youkai
run 0 env JIAOYAN_NOW=2026-11-22T09:30:00 "$JY" -C "$R" --user lixiaotang deactivate puqing &&
	[ "$(J get person/puqing state)" = left ] && [ "$(J get person/puqing left)" = 2026-11-22 ] &&
	ok "deactivate sets state = left with the date" || fail "deactivate"
run 0 J show person/puqing && contains "$OUT" "name = 蒲晴" && ok "the record stays" || fail "record stays"
refuses "deactivating twice says so" 1 "已于 2026-11-22 登记离开" as lixiaotang deactivate puqing
refuses "a person who left cannot write" 1 "已登记离开" as puqing add observation kind=peer teacher=mowanqing course=x $SCORES
run 0 as lixiaotang deactivate newt || fail "deactivate newt"
run 0 J obs uncovered --format tsv && ! contains "$OUT" "	newt	" 2> /dev/null &&
	ok "nor is listed as not yet observed" || fail "left person still uncovered"
run 0 J obs stats --format tsv && ! printf '%s\n' "$OUT" | grep -q "^observer	s01	puqing" &&
	ok "nor has a quota" || fail "left person has a quota"
run 1 env SSH_ORIGINAL_COMMAND="jiaoyan obs stats" "$JY" -C "$R" serve puqing && contains "$ERR" "不能再登录" &&
	ok "nor logs in over ssh" || fail "left person served"

# ---- only complete observations ----
refuses "a scored observation needs every indicator" 1 "「教学方法」(score.method) 还没有评分" \
	as ruanzhiheng add observation kind=peer date=2026-11-20 teacher=mowanqing course=数据化运营 score.goal=14 score.content=18
refuses "lesson preparation needs one of the texts" 1 "至少要写主要优点、存在问题、改进建议中的一项" \
	as ruanzhiheng add observation kind=prepare date=2026-11-20 teacher=mowanqing course=数据化运营
run 0 as ruanzhiheng add observation kind=prepare date=2026-11-20 teacher=mowanqing course=数据化运营 text.problems=教案目标不清 &&
	ok "with a text it is saved" || fail "prepare with text"
refuses "nobody observes their own lesson" 1 "不能听自己的课" \
	as ruanzhiheng add observation kind=peer date=2026-11-20 teacher=ruanzhiheng course=短视频 $SCORES
refuses "the date may not be after today" 1 "在今天（2026-11-22）之后" \
	as ruanzhiheng add observation kind=peer date=2026-11-30 teacher=mowanqing course=数据化运营 $SCORES
# An incomplete record that arrives by other means (an older campus) is neither counted nor covers anyone.
# It comes in the legacy layout (no month directory), as a campus that has not migrated writes it.
run 0 as cenlixing add person id=newu name=新老师二 school=s01 roles=teacher || fail "add newu"
before=$(J obs stats --format tsv | awk -F'\t' '$1 == "school" && $2 == "s01" { print $4 }')
p=observations/2026-2027-1/s01/01m8zzzzzzzzzzzzzzzzzzzzzz.ini
printf '[observation]\nid = 01m8zzzzzzzzzzzzzzzzzzzzzz\nterm = 2026-2027-1\ndate = 2026-11-20\nkind = peer\nschool = s01\nobserver = ruanzhiheng\nteacher = newu\ncourse = 只填了课程\nrubric = default\nrubric_version = 1\n' > "$T/inc.ini"
GIT_INDEX_FILE="$T/idx" git --git-dir="$R" read-tree refs/heads/main
blob=$(git --git-dir="$R" hash-object -w "$T/inc.ini")
GIT_INDEX_FILE="$T/idx" git --git-dir="$R" update-index --add --cacheinfo "100644,$blob,$p"
tree=$(GIT_INDEX_FILE="$T/idx" git --git-dir="$R" write-tree)
git --git-dir="$R" update-ref refs/heads/main "$(git --git-dir="$R" commit-tree "$tree" -p refs/heads/main -m 旧校区的记录)"
after=$(J obs stats --format tsv | awk -F'\t' '$1 == "school" && $2 == "s01" { print $4 }')
[ -n "$before" ] && [ "$before" = "$after" ] && ok "an incomplete observation does not count ($before)" || fail "counted: $before → $after"
J obs uncovered --format tsv | grep -q "	newu	" && ok "nor covers its teacher" || fail "incomplete covers"
run 1 J check && contains "$OUT" "$p" && contains "$OUT" "还没有评分" && ok "check reports it" || fail "check incomplete"

# ---- who sees which observations (group.ini [privacy] observations, default school) ----
tree_count() { # ids of observations whose teacher or observer is $1, by reading the files with git
	git --git-dir="$R" grep -l -E "^(teacher|observer) = $1\$" refs/heads/main -- observations/2026-2027-1 | wc -l
}
run 0 as mowanqing list observation --term 2026-2027-1 --format tsv
[ "$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)" = "$(tree_count mowanqing)" ] &&
	ok "a plain teacher sees the observations of their lessons and those they wrote ($(tree_count mowanqing))" ||
	fail "plain teacher sees $(printf '%s\n' "$OUT" | tail -n +2 | grep -c .), expected $(tree_count mowanqing)"
run 0 as ruanzhiheng list observation --term 2026-2027-1 --format tsv
printf '%s\n' "$OUT" | tail -n +2 | cut -f9 | grep -v "/s01/" | grep -q . && fail "an observer sees other schools" ||
	ok "an observer sees only their school's"
[ "$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)" -gt "$(tree_count ruanzhiheng)" ] && ok "but all of it" || fail "observer count"
other=$(git --git-dir="$R" ls-tree -r --name-only refs/heads/main observations/2026-2027-1/s02/ | head -1)
oid=$(basename "$other" .ini)
refuses "show of an observation one may not see is 'not found'" 1 "没有「$oid」" as mowanqing show "$oid"
run 1 as mowanqing get "$oid" course && ! contains "$OUT" "课" 2> /dev/null && ok "get refuses it too" || fail "get leaks"
run 1 as mowanqing history "$oid" && ok "history refuses it too" || fail "history leaks"
run 0 as cenlixing show "$oid" && ok "a lead-college admin sees it" || fail "lead admin show"
# The lead of 530701 follows the specialty's teachers at every school.
run 0 as kemingyuan list observation --term 2026-2027-1 --format tsv
for path in $(printf '%s\n' "$OUT" | tail -n +2 | cut -f9); do
	t=$(git --git-dir="$R" show "refs/heads/main:$path" | sed -n 's/^teacher = //p')
	o=$(git --git-dir="$R" show "refs/heads/main:$path" | sed -n 's/^observer = //p')
	# Their own, their school's (kemingyuan observes at gz01), or a teacher of their specialty.
	[ "$o" = kemingyuan ] || [ "$t" = kemingyuan ] || case $path in */gz01/*) true ;; *) false ;; esac ||
		J get "person/$t" specialties | grep -q 530701 || fail "lead sees $path"
done
printf '%s\n' "$OUT" | tail -n +2 | cut -f9 | grep -q "/s0[123]/" && ok "a specialty lead sees the specialty across member schools" ||
	fail "lead sees no member school"
run 0 as mowanqing obs stats --format tsv
total=$(printf '%s\n' "$OUT" | awk -F'\t' '$1 == "school" { n += $4 } END { print n + 0 }')
[ "$total" -le "$(tree_count mowanqing)" ] && ok "a plain teacher's statistics count only what they may see ($total)" || fail "stats leak: $total"
run 0 as cenlixing edit group privacy.observations=own
run 0 as ruanzhiheng list observation --term 2026-2027-1 --format tsv
[ "$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)" = "$(tree_count ruanzhiheng)" ] && ok "privacy = own: observers see only their own" ||
	fail "own"
run 0 as cenlixing edit group privacy.observations=group
run 0 as mowanqing list observation --term 2026-2027-1 --format tsv
[ "$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)" = "$(git --git-dir="$R" ls-tree -r --name-only refs/heads/main observations/2026-2027-1 | grep -c .)" ] &&
	ok "privacy = group: everyone sees every observation" || fail "group"
refuses "privacy takes own, school or group only" 1 "不是可选值" as cenlixing edit group privacy.observations=all

# ---- list --where takes what the tables print ----
run 0 J list observation --where kind=peer --format tsv && by_code=$OUT
run 0 J list observation --where kind=同行听课 --format tsv && [ "$OUT" = "$by_code" ] && [ -n "$by_code" ] &&
	ok "--where kind=同行听课 is kind=peer" || fail "where label"
run 0 J list observation --where teacher=莫婉清 --format tsv && by_name=$OUT
run 0 J list observation --where teacher=mowanqing --format tsv && [ "$OUT" = "$by_name" ] &&
	ok "--where teacher=莫婉清 resolves the name" || fail "where name"
refuses "an unknown name is an error, not an empty list" 1 "没有编号或名称为「不存在的人」的人员" J list observation --where teacher=不存在的人
refuses "an unknown field suggests the nearest" 1 "是不是「teacher」" J list observation --where teachr=x
refuses "an invalid term is an error" 1 "学期「2026-27-1」无效" J list observation --term 2026-27-1
refuses "an unknown school is an error" 1 "没有编号或名称为「s99」的学校" J list observation --school s99
run 0 J list observation --school 清源山中等职业学校 --format tsv && [ "$(printf '%s\n' "$OUT" | tail -n +2 | cut -f9 | grep -vc /s01/)" = 0 ] &&
	ok "--school takes a school's name" || fail "school by name"
refuses "an enum value lists the allowed ones" 1 "同行听课" J list observation --where kind=chat

# ---- output to a terminal is sanitised, tsv too ----
run 0 as ruanzhiheng add observation kind=peer date=2026-11-21 teacher=mowanqing course="$(printf 'abc\342\200\256def')" $SCORES
script -qc "$JY -C $R list observation --where teacher=mowanqing --format tsv" /dev/null > "$T/tty.out" < /dev/null
grep -q "abc<U+202E>def" "$T/tty.out" && ! grep -q "$(printf '\342\200\256')" "$T/tty.out" &&
	ok "tsv on a terminal shows <U+202E>, never the raw character" || fail "tsv on a terminal: $(grep abc "$T/tty.out")"
J list observation --where teacher=mowanqing --format tsv | grep -q "abc$(printf '\342\200\256')def" &&
	ok "piped, tsv carries the bytes as stored" || fail "piped tsv"

# ---- values are values: a reply may begin with -C ----
oid=$(as mowanqing obs inbox --format tsv | awk -F'\t' 'NR == 2 { print $1 }')
run 0 env SSH_ORIGINAL_COMMAND="jiaoyan obs reply $oid '-C语言部分讲得好'" "$JY" -C "$R" serve mowanqing &&
	[ "$(J get "$oid" response.text)" = "-C语言部分讲得好" ] && ok "over ssh a reply beginning with -C is text" || fail "-C reply: $ERR"

# ---- plan export: formula-like cells reach Excel as text, and come back unchanged ----
PID=2026-2027-2/s03/510102
run 0 as dengyaqi plan course "$PID" set 1 "name==HYPERLINK(\"http://x\";\"y\")" || fail "set a formula-like name"
run 0 as dengyaqi plan course "$PID" set 2 "note=@SUM(1+1)" || fail "set a formula-like note"
J plan export "$PID" - > "$T/plan.csv"
grep -q "^\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\"" "$T/plan.csv" && grep -q "'@SUM(1+1)" "$T/plan.csv" &&
	ok "export puts an apostrophe before = and @ cells" || fail "export: $(sed -n 2,3p "$T/plan.csv")"
run 0 as dengyaqi plan import "$PID" "$T/plan.csv"
[ "$(J get "plan/$PID" course.1.name)" = '=HYPERLINK("http://x";"y")' ] && [ "$(J get "plan/$PID" course.2.note)" = "@SUM(1+1)" ] &&
	ok "import takes the apostrophe off again" || fail "round trip: $(J get "plan/$PID" course.1.name)"

# ---- imports are bounded and linear ----
{ echo "课程名称,课程类别,总学时"; i=0; while [ $i -lt 2001 ]; do echo "课程$i,专业基础课,36"; i=$((i + 1)); done; } > "$T/big.csv"
refuses "an import over the row limit is refused at once" 1 "超过一次导入的上限 2000 行" as dengyaqi plan import "$PID" "$T/big.csv"
head -2001 "$T/big.csv" > "$T/2000.csv"
start=$(date +%s)
run 0 as dengyaqi plan import "$PID" "$T/2000.csv" && ok "2,000 rows import ($(($(date +%s) - start)) s)" || fail "2000 rows: $ERR"
{ cat "$T/2000.csv" | head -1500; echo "坏行,不存在的类别,36"; } > "$T/bad-last.csv"
refuses "a bad last row is reported by its line" 1 "第 1501 行" as dengyaqi plan import "$PID" "$T/bad-last.csv"
run 0 as cenlixing edit group limits.import_rows=10 limits.value_bytes=2048
refuses "the limits come from group.ini" 1 "超过一次导入的上限 10 行" as dengyaqi plan import "$PID" "$T/2000.csv"
refuses "a value over value_bytes is refused" 1 "超过一个字段的上限 2048 字节" \
	as dengyaqi plan course "$PID" set 1 "note=$(head -c 3000 /dev/zero | tr '\0' a)"

# ---- gc: garbage of killed writers, and the real cause on a read-only repository ----
mkdir -p "$R/objects/ab"
echo junk > "$R/objects/ab/tmp_object_git2_old"
echo junk > "$R/objects/pack/pack_git2_old"
echo junk > "$R/objects/ab/tmp_object_git2_new"
touch -d '2 hours ago' "$R/objects/ab/tmp_object_git2_old" "$R/objects/pack/pack_git2_old"
run 0 J gc && [ ! -e "$R/objects/ab/tmp_object_git2_old" ] && [ ! -e "$R/objects/pack/pack_git2_old" ] &&
	[ -e "$R/objects/ab/tmp_object_git2_new" ] && ok "gc removes what killed writers left an hour ago, keeps fresh ones" ||
	fail "gc garbage"
rm -f "$R/objects/ab/tmp_object_git2_new" "$R/jiaoyan-gc.lock"
git --git-dir="$R" count-objects -v | grep -q "^garbage: 0" && ok "git count-objects finds no garbage" || fail "garbage left"
mkdir "$T/ro"
if unshare -m sh -c "mount --bind '$R' '$T/ro' && mount -o remount,ro,bind '$T/ro' && '$JY' -C '$T/ro' gc" > "$T/ro.out" 2> "$T/ro.err"; then
	fail "gc on a read-only repository succeeded"
else
	grep -q "Read-only file system" "$T/ro.err" && ! grep -q "No such file" "$T/ro.err" &&
		ok "gc on a read-only repository names the read-only file system" || fail "read-only gc: $(cat "$T/ro.err")"
fi
