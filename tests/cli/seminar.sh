#!/bin/sh
# seminar: seminars and teacher exchange on the demo repository — recording, ticking items off, overdue by JIAOYAN_NOW,
# refusals (wrong school, wrong role) leaving HEAD unchanged, and the exchange record making a lead-college teacher
# valid in a member school's filing only within its dates.
. tests/lib/harness.sh
R="$T/repo"
J() { "$JY" -C "$R" "$@"; }
as() { who=$1; shift; "$JY" -C "$R" --user "$who" "$@"; }
field() { J get "$1" "$2" 2> /dev/null; }

run 0 J init --demo && ok "demo repository" || { fail "demo repository"; exit 0; }

# ---- help ----
run 0 J seminar --help && contains "$OUT" "jiaoyan seminar new --title TEXT --date YYYY-MM-DD" && contains "$OUT" "seminar action" &&
	ok "seminar --help lists the subcommands" || fail "seminar --help"
run 2 J seminar action frobnicate x 1 && contains "$ERR" "done、reopen 或 add" && ok "an unknown item action is a usage error" ||
	fail "seminar action frobnicate"

# ---- recording a seminar ----
run 0 as cenlixing seminar new --title "期中教学工作研讨会" --date 2026-11-20 --place 行政楼 --topic 1,4 --topic 数字化教学资源 \
	--attendee 黎晓棠 --attendee "施明哲,qizhenyu" --minutes "纪要第一行
第二行" --action "修订电子商务衔接课程标准|柯明远|2026-11-30" --action "报送听课计划|黎晓棠|2026-11-21" &&
	ok "a lead-college admin records a group-wide seminar" || fail "seminar new"
SEM=$OUT
[ "$(field "seminar/$SEM" term)" = 2026-2027-1 ] && [ "$(field "seminar/$SEM" host)" = gz01 ] &&
	[ "$(field "seminar/$SEM" topics)" = system,looseleaf,digital ] && [ "$(field "seminar/$SEM" attendees)" = lixiaotang,shimingzhe,qizhenyu ] &&
	ok "term from the date, host from the recorder's school, topics in the plan's order, attendees by id" ||
	fail "stored seminar: $(J show "seminar/$SEM" | head -12)"
[ "$(field "seminar/$SEM" schools)" = gz01,s01,s02 ] && [ "$(field "seminar/$SEM" created_by)" = cenlixing ] &&
	ok "the schools attending are derived from the attendees; the recorder is kept" || fail "schools/created_by: $(field "seminar/$SEM" schools)"
[ "$(field "seminar/$SEM" action.2.owner)" = lixiaotang ] && [ "$(field "seminar/$SEM" action.2.state)" = open ] &&
	ok "action items are stored open with their owner" || fail "action items"
last_commit() { git --git-dir="$R" log -1 --format=%s main; }
[ "$(last_commit)" = "新增研讨会议：期中教学工作研讨会（2026-11-20）" ] && ok "the commit says what was recorded" ||
	fail "commit message: $(last_commit)"
run 0 J seminar show "$SEM" && contains "$OUT" "课程体系、活页教材、数字化教学资源" && contains "$OUT" "2. 报送听课计划  黎晓棠  时限 2026-11-21  逾期未完成" &&
	contains "$OUT" "1. 修订电子商务衔接课程标准  柯明远  时限 2026-11-30  未完成" && ok "show: topics by name, an item past its date is overdue" ||
	fail "seminar show: $OUT"

refuses "a specialty lead cannot record a group-wide seminar" 1 "只有牵头学校的管理员可以登记全集团的研讨会议" \
	as qizhenyu seminar new --title 研讨 --date 2026-11-20
refuses "a member school's admin cannot record a seminar" 1 "只有该专业的专业负责人" \
	as lixiaotang seminar new --title 研讨 --date 2026-11-20 --specialty 530701
refuses "the lead of another specialty cannot record this one's" 1 "只有该专业的专业负责人" \
	as kemingyuan seminar new --title 研讨 --date 2026-11-20 --specialty 物联网应用技术
refuses "a teacher cannot record a seminar" 1 "只有牵头学校的管理员" as mowanqing seminar new --title 研讨 --date 2026-11-20
refuses "a topic the plan does not list is refused" 1 "「9」不是集团方案列出的主题" \
	as cenlixing seminar new --title 研讨 --date 2026-11-20 --topic 9
refuses "an item without its three parts is refused" 1 "工作内容|责任人|完成时限" \
	as cenlixing seminar new --title 研讨 --date 2026-11-20 --action "只有内容"
refuses "an item of an unknown person is refused" 1 "无此人" \
	as cenlixing seminar new --title 研讨 --date 2026-11-20 --action "内容|无此人|2026-12-01"
refuses "a term that is not the date's is refused" 1 "2026-11-20 在 2026-2027-1 学期，不在 2026-2027-2 学期" \
	as cenlixing seminar new --title 研讨 --date 2026-11-20 --term 2026-2027-2
run 0 as qizhenyu seminar new --title "物联网专业教研" --date 2026-11-19 --specialty 510102 --host s03 \
	--action "编写实训任务单|柴文博|2026-12-20" && ok "a specialty lead records their specialty's seminar" || fail "lead's seminar"
SEM2=$OUT

# ---- ticking items off ----
refuses "someone else cannot tick an item off" 1 "只有事项的责任人（黎晓棠）" as hongruoxi seminar action done "$SEM" 2
refuses "an admin of another member school cannot either" 1 "只有事项的责任人" as shimingzhe seminar action done "$SEM" 2
refuses "no item 7" 1 "没有第 7 项事项" as lixiaotang seminar action done "$SEM" 7
run 2 as lixiaotang seminar action done "$SEM" zero && ok "a bad item number is a usage error" || fail "bad item number"
run 0 as lixiaotang seminar action done "$SEM" 2 --evidence "已报送，见教务处通知" && contains "$OUT" "第 2 项事项已完成" &&
	ok "the owner ticks their item off" || fail "owner done"
[ "$(field "seminar/$SEM" action.2.state)" = done ] && [ "$(field "seminar/$SEM" action.2.done)" = 2026-11-22 ] &&
	[ "$(field "seminar/$SEM" action.2.evidence)" = "已报送，见教务处通知" ] && ok "done today (JIAOYAN_NOW) with the evidence" ||
	fail "done stored: $(J show "seminar/$SEM")"
refuses "an item done is not done twice" 1 "已经完成" as lixiaotang seminar action done "$SEM" 2
[ "$(last_commit)" = "完成第 2 项事项·研讨会议：期中教学工作研讨会（2026-11-20）" ] && ok "the commit names the item" ||
	fail "tick commit: $(last_commit)"
run 0 as cenlixing seminar action reopen "$SEM" 2 && [ "$(field "seminar/$SEM" action.2.state)" = open ] &&
	[ -z "$(field "seminar/$SEM" action.2.done)" ] && ok "the recorder reopens it (the done date goes)" || fail "reopen"
run 0 as qizhenyu seminar action done "$SEM2" 1 --date 2026-11-21 && [ "$(field "seminar/$SEM2" action.1.done)" = 2026-11-21 ] &&
	ok "the seminar's specialty lead ticks an item of theirs off, on a given date" || fail "lead ticks with --date"
refuses "the owner cannot add an item" 1 "只有会议的登记人" as lixiaotang seminar action add "$SEM" "新事项|黎晓棠|2026-12-31"
run 0 as cenlixing seminar action add "$SEM" "新事项|黎晓棠|2026-12-31" && contains "$OUT" "第 3 项" &&
	[ "$(field "seminar/$SEM" action.3.what)" = 新事项 ] && ok "the recorder adds an item" || fail "action add"
# A generic edit meets the same rule: the owner may change the state of their item, not its text.
refuses "the owner cannot change the item's text by edit" 1 "只有会议的登记人" as lixiaotang edit "seminar/$SEM" action.2.what=改过
refuses "nor the minutes" 1 "只有会议的登记人" as kemingyuan edit "seminar/$SEM" minutes=改过
run 0 as kemingyuan edit "seminar/$SEM" action.1.state=done action.1.done=2026-11-22 && ok "but may tick their item off by edit" ||
	fail "owner edit tick"
refuses "who recorded it never changes" 1 "登记人不能更改" as cenlixing edit "seminar/$SEM" created_by=qinhaiou
refuses "a done date must be a date" 1 "不是有效日期" as lixiaotang seminar action done "$SEM" 3 --date 2026-02-30

# ---- overdue is a function of the day ----
overdue_of() { J seminar items --owner "$1" --open --format tsv | awk -F'\t' -v s="$2" 'NR > 1 && $1 == s { print $2 ":" $6 }' | tr '\n' ' '; }
[ "$(overdue_of lixiaotang "$SEM")" = "2:overdue 3:open " ] && ok "on 11-22: due 11-21 is overdue, due 12-31 open" ||
	fail "overdue on 11-22: $(overdue_of lixiaotang "$SEM")"
[ "$(JIAOYAN_NOW=2026-11-21T23:00:00 overdue_of lixiaotang "$SEM")" = "2:open 3:open " ] && ok "on the due day itself it is not overdue" ||
	fail "overdue on 11-21: $(JIAOYAN_NOW=2026-11-21T23:00:00 overdue_of lixiaotang "$SEM")"
[ "$(JIAOYAN_NOW=2027-01-05 overdue_of lixiaotang "$SEM")" = "2:overdue 3:overdue " ] && ok "in January both are overdue" ||
	fail "overdue in January: $(JIAOYAN_NOW=2027-01-05 overdue_of lixiaotang "$SEM")"
run 0 J seminar list --format tsv && [ "$(printf '%s\n' "$OUT" | awk -F'\t' -v s="$SEM" '$1 == s { print $6 "/" $7 "/" $8 }')" = "3/2/1" ] &&
	ok "list: 3 items, 2 open, 1 overdue" || fail "seminar list: $OUT"
run 0 J seminar list --all --format tsv && [ "$(printf '%s\n' "$OUT" | awk 'NR > 1' | wc -l)" -eq 4 ] && ok "list --all: the demo's two and ours" ||
	fail "list --all"

# ---- teacher exchange ----
refuses "an admin of neither school cannot record an exchange" 1 "只有派出学校（s01）或接收学校（gz01）的管理员" \
	as shimingzhe exchange new --person 莫婉清 --direction 跟班学习 --to gz01 --specialty 530701 --start 2026-12-01 --end 2026-12-12
refuses "a teacher cannot record one" 1 "的管理员" \
	as mowanqing exchange new --person 莫婉清 --direction shadow --to gz01 --specialty 530701 --start 2026-12-01 --end 2026-12-12
refuses "teaching guidance goes from the lead college" 1 "教学指导是牵头学校（gz01）的教师到成员学校" \
	as lixiaotang exchange new --person 莫婉清 --direction guide --to s02 --specialty 530701 --start 2026-12-01 --end 2026-12-12
refuses "the end is not before the start" 1 "早于开始日期" \
	as lixiaotang exchange new --person 莫婉清 --direction shadow --to gz01 --specialty 530701 --start 2026-12-12 --end 2026-12-01
run 0 as lixiaotang exchange new --person 莫婉清 --direction 跟班学习 --to 刺桐湾职业技术学院 --specialty 电子商务 --start 2026-12-01 \
	--end 2026-12-12 --course 网店运营 --course 数据化运营 --hours 24 && ok "the sending school's admin records a shadowing" ||
	fail "exchange new"
EX=$OUT
[ "$(field "exchange/$EX" from)" = s01 ] && [ "$(field "exchange/$EX" year)" = 2026-2027 ] && [ "$(field "exchange/$EX" courses)" = "网店运营,数据化运营" ] &&
	[ "$(field "exchange/$EX" created_by)" = lixiaotang ] && ok "from the teacher's school, the school year of its start, the courses" ||
	fail "stored exchange: $(J show "exchange/$EX")"
[ -n "$(git --git-dir="$R" ls-tree -r --name-only main "exchanges/2026-2027/$EX.ini")" ] && ok "stored under exchanges/<school year>/" ||
	fail "exchange path"
refuses "another school's admin cannot change it" 1 "的管理员" as peizimo edit "exchange/$EX" hours=30
run 0 J exchange show "$EX" && contains "$OUT" "清源山中等职业学校 → 刺桐湾职业技术学院" && contains "$OUT" "跟班学习" &&
	ok "exchange show" || fail "exchange show: $OUT"
run 0 J exchange quota --format tsv && [ "$(printf '%s\n' "$OUT" | awk -F'\t' '$1 == "560213" { print $2 "/" $5 }')" = "0/1" ] &&
	[ "$(printf '%s\n' "$OUT" | awk -F'\t' '$1 == "510102" { print $2 "/" $6 }')" = "2/luoziqian,qizhenyu" ] &&
	ok "quota per specialty: who was sent, what is missing" || fail "exchange quota: $OUT"
run 0 J exchange list --school s01 --format tsv && [ "$(printf '%s\n' "$OUT" | awk 'NR > 1' | wc -l)" -eq 3 ] &&
	ok "exchanges involving s01 (either side)" || fail "exchange list --school: $OUT"

# ---- the exchange record and the plan: a lead-college teacher counts only within its dates ----
P=2027-2028-1/s01/560213
roster_finding() { J plan check "$P" --format tsv 2> /dev/null | awk -F'\t' '$3 == "teacher_roster" && $2 == "1"' | cut -f4; }
run 0 as lixiaotang plan new --term 2027-2028-1 --specialty 560213 && ok "s01 opens a filing for 2027-2028-1" || fail "plan new"
refuses "without an exchange a lead-college teacher's name does not resolve" 1 "到该校互派的牵头学校教师中也没有" \
	as lixiaotang plan course "$P" add name=直播技术 category=core hours=72 teacher=邬静澜
run 0 as lixiaotang plan course "$P" add name=直播技术 category=core hours=72 theory=24 practice=48 credits=4 teacher=wujinglan &&
	ok "by id the row is kept" || fail "row by id"
contains "$(roster_finding)" "邬静澜（wujinglan）是牵头学校的教师，但没有本学期到 s01 的师资互派记录" &&
	ok "and the check says she has no exchange record for the term" || fail "finding without exchange: $(roster_finding)"
run 0 as cenlixing exchange new --person wujinglan --direction guide --to s01 --specialty 560213 --start 2027-02-20 --end 2027-07-10 &&
	ok "an exchange in the spring term" || fail "spring exchange"
contains "$(roster_finding)" "没有本学期到 s01 的师资互派记录" && ok "outside the filing's term it does not count" ||
	fail "spring exchange counted: $(roster_finding)"
run 0 as lixiaotang plan course "$P" set 1 teacher=邬静澜 && [ "$(field "plan/$P" course.1.teacher)" = wujinglan ] &&
	ok "with an exchange record to the school her name resolves" || fail "name resolves"
run 0 as cenlixing exchange new --person 邬静澜 --direction 教学指导 --to s01 --specialty 560213 --start 2028-01-10 --end 2028-06-30 &&
	[ -z "$(roster_finding)" ] && ok "an exchange overlapping the term makes her a teacher of s01 for that filing" ||
	fail "finding with exchange: $(roster_finding)"
# The demo's own exchanges cover its filings for the next term.
[ -z "$(J plan check 2026-2027-2/s01/530701 --format tsv 2> /dev/null | awk -F'\t' '$3 == "teacher_roster"')" ] &&
	[ -z "$(J plan check 2026-2027-2/s03/510102 --format tsv 2> /dev/null | awk -F'\t' '$3 == "teacher_roster"')" ] &&
	ok "the demo's exchanges make 闫书瑶 and 骆子谦 valid in s01's and s03's filings" || fail "demo filings' roster findings"
run 0 J check && ok "every record still passes the full check" || fail "check: $OUT $ERR"
