#!/bin/sh
# plan: the plan-filing workflow end to end on the demo repository — new, CSV import (GBK, UTF-8 BOM), check,
# submit, return, fix, resubmit, approve, reopen, export, status — and every refusal leaving HEAD unchanged.
. tests/lib/harness.sh
R="$T/repo"
F=$(pwd)/tests/fixtures
J() { "$JY" -C "$R" "$@"; }
as() { who=$1; shift; "$JY" -C "$R" --user "$who" "$@"; }

# refused NAME RC CMD…: the command exits RC, says something on stderr, and HEAD does not move.
refused() {
	name=$1 want=$2; shift 2
	before=$(head_of "$R")
	if run "$want" "$@" && [ -n "$ERR" ] && [ "$(head_of "$R")" = "$before" ]; then
		ok "$name"
		printf '%s\n' "$ERR" | head -1 | sed 's/^/#   /'
	else
		fail "$name (HEAD $before → $(head_of "$R"))"
	fi
}

# unchanged NAME CMD…: the command succeeds and commits nothing.
unchanged() {
	name=$1; shift
	before=$(head_of "$R")
	if run 0 "$@" && [ "$(head_of "$R")" = "$before" ]; then ok "$name"; else fail "$name"; fi
}

ID=2027-2028-1/s03/510102
ID2=2027-2028-1/s01/560213

run 0 J init --demo && ok "demo repository" || { fail "demo repository"; exit 0; }

# ---- help and usage ----
run 0 J plan --help && contains "$OUT" "jiaoyan plan review [--approve] [--return]" && contains "$OUT" "jiaoyan plan import ID FILE|-" &&
	contains "$OUT" "jiaoyan plan export ID [FILE|-]" && ok "plan --help lists the subcommands" || fail "plan --help"
run 0 J plan submit --help && contains "$OUT" "--despite-errors" && ok "plan submit --help" || fail "plan submit --help"
run 2 J plan && ok "plan without a subcommand is a usage error" || fail "plan without a subcommand"
run 2 J plan frobnicate && ok "unknown subcommand: exit 2" || fail "unknown subcommand"
run 2 J plan check not-an-id && contains "$ERR" "学期/学校/专业" && ok "malformed plan id: exit 2 naming the form" || fail "malformed plan id"
run 2 as dengyaqi plan review "$ID" --comment x && ok "review without a verdict: exit 2" || fail "review without a verdict"
run 2 as dengyaqi plan course "$ID" set 0 hours=1 && ok "row 0: exit 2" || fail "row 0"

# ---- status of the demo term ----
run 0 J plan status && contains "$OUT" "清源山中等职业学校" && contains "$OUT" "已通过" && contains "$OUT" "需整改" &&
	contains "$OUT" "待审核" && contains "$OUT" "草稿" && contains "$OUT" "截止 2026-12-31" && ok "status matrix of the filing term" ||
	fail "status matrix"
run 0 J plan status --format tsv && contains "$OUT" "2026-2027-2	s03	510102	draft	0	no	2026-12-31" &&
	contains "$OUT" "2026-2027-2	s03	530701	n/a" && ok "status as TSV, one line per cell" || fail "status TSV"
run 0 env JIAOYAN_NOW=2027-01-05 "$JY" -C "$R" plan status --format tsv &&
	contains "$OUT" "s03	510102	draft	0	yes" && contains "$OUT" "s01	530701	approved	1	no" &&
	contains "$OUT" "s02	530701	returned	1	yes" && ok "after the due date drafts and returned filings are overdue" || fail "overdue marks"
run 0 env JIAOYAN_NOW=2027-01-05 "$JY" -C "$R" plan status && contains "$OUT" "逾期" && ok "overdue shown in the table" || fail "overdue in the table"
run 0 J plan status --term 2027-2028-1 && contains "$OUT" "截止 2027-06-30" && contains "$OUT" "未提交" &&
	ok "next term: nothing filed yet, due in June" || fail "status next term"

# ---- creating: who may ----
refused "a teacher of another school cannot create the filing" 1 as hongruoxi plan new --term 2027-2028-1 --school s03 --specialty 510102 --from 2026-2027-2
contains "$ERR" "泉南技工学校" && ok "the refusal names the filing school" || fail "refusal names the school"
refused "unknown specialty is refused" 1 as dengyaqi plan new --term 2027-2028-1 --specialty 999999
refused "copy from a term with no filing is refused" 1 as dengyaqi plan new --term 2027-2028-1 --specialty 510102 --from 2025-2026-1
run 0 as dengyaqi plan new --term 2027-2028-1 --specialty 510102 --from 2026-2027-2 && [ "$OUT" = "$ID" ] &&
	ok "a teacher creates the school's filing from last term's" || fail "plan new --from"
run 0 J get "plan/$ID" course.11.name && [ "$OUT" = "物联网综合布线实训" ] && ok "rows were copied" || fail "rows copied"
run 0 J get "plan/$ID" state && [ "$OUT" = "draft" ] && ok "a new filing is a draft" || fail "new filing is a draft"
refused "the same filing cannot be created twice" 1 as dengyaqi plan new --term 2027-2028-1 --specialty 510102

# ---- import: GBK, bad rows, refusals ----
refused "another school cannot import into the filing" 1 as hongruoxi plan import "$ID" "$F/plan-s03-510102.gbk.csv"
# A second 邓雅琪 at s03 makes the name ambiguous.
run 0 as cenlixing add person id=dengyaqi2 name=邓雅琪 school=s03 roles=teacher && ok "a namesake joins s03" || fail "namesake"
refused "a CSV with bad rows writes nothing" 1 as dengyaqi plan import "$ID" "$F/plan-bad.csv"
contains "$ERR" "第 3 行" && contains "$ERR" "专业必修课" && ok "bad category reported with its line" || fail "bad category line"
contains "$ERR" "第 4 行" && contains "$ERR" "张三" && ok "unknown teacher reported with its line" || fail "unknown teacher line"
contains "$ERR" "第 5 行" && contains "$ERR" "应为整数" && ok "bad number reported with its line" || fail "bad number line"
contains "$ERR" "第 6 行" && contains "$ERR" "课程名称" && ok "missing name reported with its line" || fail "missing name line"
contains "$ERR" "第 7 行" && contains "$ERR" "重名" && contains "$ERR" "dengyaqi2" && ok "ambiguous name reported with its line and candidates" || fail "ambiguous teacher"
contains "$ERR" "第 8 行" && contains "$ERR" "也许" && ok "bad 是否选修 reported with its line" || fail "bad elective line"
run 0 J get "plan/$ID" course.11.name && ok "the filing kept its rows" || fail "filing kept its rows"
# The fixture names 邓雅琪 (now ambiguous) in two rows: the import must say so, then the id works.
refused "the GBK file with an ambiguous name is refused" 1 as dengyaqi plan import "$ID" "$F/plan-s03-510102.gbk.csv"
run 0 as cenlixing edit person/dengyaqi2 name=邓雅琪（二） && ok "the namesake renamed" || fail "rename namesake"
run 0 as dengyaqi plan import "$ID" "$F/plan-s03-510102.gbk.csv" && contains "$OUT" "10 行" && contains "$OUT" "GBK" &&
	ok "GBK CSV (Excel default) imported: 10 rows" || fail "GBK import"
run 0 J get "plan/$ID" course.5.category && [ "$OUT" = "core" ] && ok "专业核心课程 read as core" || fail "category with 程"
run 0 J get "plan/$ID" course.6.teacher && [ "$OUT" = "luoziqian" ] && ok "lead-college exchange teacher resolved by name" || fail "exchange teacher"
run 0 J get "plan/$ID" course.7.teacher && [ "$OUT" = "dengyaqi" ] && ok "teacher given by id" || fail "teacher by id"
run 0 J get "plan/$ID" course.9.name && [ "$OUT" = '物联网云平台技术应用（含"边缘计算"）' ] && ok "quoted cell with doubled quotes" || fail "quoted cell"
run 0 J get "plan/$ID" course.9.elective && [ "$OUT" = "yes" ] && ok "是 read as yes" || fail "elective"
run 1 J get "plan/$ID" course.11.name && ok "rows replaced (the blank Excel row skipped)" || fail "rows replaced"

# ---- check and submit ----
run 1 J plan check "$ID" && contains "$OUT" "第 5 行《传感器应用技术》" && contains "$OUT" "标准 8.2：每 16~18 学时折算 1 学分" &&
	ok "check exits 1 on an error and cites the clause" || fail "check"
contains "$OUT" "姚铁军" && contains "$OUT" "标准 9.3" && ok "uncertified teacher is a warning with its clause" || fail "certified warning"
run 1 J plan check "$ID" --format tsv && contains "$OUT" "error	5	credit_hours	" && ok "check as TSV" || fail "check TSV"
refused "submit with errors is refused" 1 as dengyaqi plan submit "$ID"
contains "$ERR" "--despite-errors" && ok "the refusal says how to submit anyway" || fail "refusal mentions --despite-errors"
refused "another school cannot submit" 1 as hongruoxi plan submit "$ID" --despite-errors
refused "a lead cannot review a draft" 1 as qizhenyu plan review "$ID" --approve --comment 好
run 0 as dengyaqi plan submit "$ID" --despite-errors && contains "$OUT" "第 1 版" && ok "submitted despite errors" || fail "submit despite errors"
run 0 J get "plan/$ID" despite_errors && [ "$OUT" = "yes" ] && ok "despite_errors recorded for the reviewer" || fail "despite_errors recorded"
run 0 J get "plan/$ID" submitted_by && [ "$OUT" = "dengyaqi" ] && ok "submitted_by recorded" || fail "submitted_by"
refused "a submitted filing cannot be edited" 1 as dengyaqi plan course "$ID" set 5 credits=4
refused "a submitted filing cannot be submitted again" 1 as dengyaqi plan submit "$ID"

# ---- review: return ----
refused "a lead of another specialty cannot review" 1 as wujinglan plan review "$ID" --approve --comment 同意
contains "$ERR" "祁振宇" && ok "the refusal names the specialty's lead" || fail "refusal names the lead"
refused "an admin who is not the lead cannot review" 1 as cenlixing plan review "$ID" --approve --comment 同意
refused "the school itself cannot review" 1 as dengyaqi plan review "$ID" --approve --comment 同意
refused "a return needs a comment" 1 as qizhenyu plan review "$ID" --return
refused "a comment on a row that does not exist" 1 as qizhenyu plan review "$ID" --return --row 42=无此行
run 0 as qizhenyu plan review "$ID" --return --comment "请按标准 8.2 修改学分后重新提交" --row "5=72 学时应计 4 学分" &&
	ok "the lead returns the filing with a row comment" || fail "return"
run 0 J get "plan/$ID" state && [ "$OUT" = "returned" ] && ok "state returned" || fail "state returned"
run 0 J get "plan/$ID" review.1.row.5 && [ "$OUT" = "72 学时应计 4 学分" ] && ok "row comment stored in [review.1]" || fail "row comment stored"
run 0 J get "plan/$ID" review.1.revision && [ "$OUT" = "1" ] && ok "the review names the revision it reviewed" || fail "review revision"
run 0 as dengyaqi plan show "$ID" && contains "$OUT" "需整改" && contains "$OUT" "第 5 行：72 学时应计 4 学分" &&
	contains "$OUT" "请按标准 8.2 修改学分后重新提交" && ok "the school sees the return and the row comment" || fail "school sees the comment"

# ---- fix, resubmit, approve ----
refused "another school cannot fix the rows" 1 as hongruoxi plan course "$ID" set 5 credits=4
refused "a bad cell value is refused" 1 as dengyaqi plan course "$ID" set 5 credits=abc
contains "$ERR" "学分" && ok "the refusal names the field" || fail "bad cell names the field"
run 0 as dengyaqi plan course "$ID" set 5 credits=4 && ok "the school fixes row 5" || fail "fix row 5"
# A lead-college teacher counts for s03's filing only through an exchange during the filing's term (exchange.h).
run 0 as peizimo exchange new --person luoziqian --direction guide --to s03 --specialty 510102 --start 2027-09-01 --end 2028-01-20 &&
	ok "s03 records 骆子谦's exchange for 2027-2028-1" || fail "exchange for the filing's term"
run 0 J plan check "$ID" && ok "check passes after the fix" || fail "check after fix"
run 0 as dengyaqi plan submit "$ID" && contains "$OUT" "第 2 版" && ok "resubmitted as revision 2" || fail "resubmit"
run 1 J get "plan/$ID" despite_errors && ok "despite_errors cleared on a clean submit" || fail "despite_errors cleared"
run 0 as qizhenyu plan review "$ID" --approve --comment 同意备案 && ok "the lead approves" || fail "approve"
run 0 J get "plan/$ID" review.2.verdict && [ "$OUT" = "approve" ] && ok "second review round appended" || fail "review.2"
refused "an approved filing cannot be reviewed again" 1 as qizhenyu plan review "$ID" --return --comment 再看看

# ---- the approved filing is read-only; reopen starts a new revision ----
refused "editing an approved filing is refused" 1 as dengyaqi plan course "$ID" set 1 hours=38
contains "$ERR" "plan reopen" && ok "the refusal says how to reopen" || fail "refusal mentions reopen"
refused "adding a row to an approved filing is refused" 1 as dengyaqi plan course "$ID" add name=历史 category=公共基础课 hours=36
refused "importing into an approved filing is refused" 1 as dengyaqi plan import "$ID" "$F/plan-s03-510102.gbk.csv"
refused "a generic edit of the approved filing is refused" 1 as dengyaqi edit "plan/$ID" course.1.hours=38
refused "another school cannot reopen" 1 as hongruoxi plan reopen "$ID"
run 0 as peizimo plan reopen "$ID" && ok "the school's admin reopens it" || fail "reopen"
run 0 J get "plan/$ID" state && [ "$OUT" = "draft" ] && ok "reopened as a draft" || fail "reopened draft"
refused "a draft needs no reopening" 1 as peizimo plan reopen "$ID"
run 0 as dengyaqi plan course "$ID" add name=历史 category=公共基础课程 hours=36 theory=36 practice=0 credits=2 weeks=18 teacher=奚若兰 elective=否 &&
	contains "$OUT" "第 11 行" && ok "a row added to the new revision" || fail "add row"
run 0 as dengyaqi plan course "$ID" move 11 1 && run 0 J get "plan/$ID" course.1.name && [ "$OUT" = "历史" ] &&
	ok "row moved to the top" || fail "move row"
run 0 as dengyaqi plan course "$ID" rm 1 && run 0 J get "plan/$ID" course.1.name && [ "$OUT" = "语文" ] &&
	run 1 J get "plan/$ID" course.11.name && ok "row removed, the rest renumbered" || fail "rm row"
run 0 as dengyaqi plan submit "$ID" && contains "$OUT" "第 3 版" && ok "the new revision must be reviewed again (revision 3)" || fail "revision 3"
run 0 J plan status --term 2027-2028-1 --format tsv && contains "$OUT" "s03	510102	submitted	3" && ok "status shows it awaiting review" || fail "status submitted"
run 0 as dengyaqi plan reopen "$ID" && run 0 J get "plan/$ID" state && [ "$OUT" = "draft" ] &&
	ok "an unreviewed submission can be withdrawn" || fail "withdraw"

# ---- UTF-8 with BOM, export and round trip ----
run 0 as lixiaotang plan new --term 2027-2028-1 --specialty 560213 && [ "$OUT" = "$ID2" ] && ok "s01's admin creates a filing (school by default)" || fail "plan new s01"
run 0 as lixiaotang plan import "$ID2" "$F/plan-s01-560213.utf8bom.csv" && contains "$OUT" "9 行" && contains "$OUT" "UTF-8 BOM" &&
	ok "UTF-8-BOM CSV with 序号 and 备注 columns imported" || fail "BOM import"
run 0 J get "plan/$ID2" course.5.note && [ "$OUT" = '第一周："开班"，参观实训基地, 第二周起正常上课' ] &&
	ok "a multi-line quoted cell with quotes and commas" || fail "multi-line cell"
run 0 J plan export "$ID2" "$T/out.csv" && ok "export" || fail "export"
[ "$(head -c 3 "$T/out.csv" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] && ok "export starts with a UTF-8 BOM" || fail "export BOM"
[ "$(grep -c "$(printf '\r')\$" "$T/out.csv")" -ge 10 ] && ok "export uses CRLF line ends" || fail "export CRLF"
head -1 "$T/out.csv" | grep -q '课程名称,课程类别,总学时,理论学时,实践学时,学分,周数,任课教师,是否选修' && ok "export header" || fail "export header"
grep -q '短视频制作与运营,专业核心课,72,24,48,4,18,阮志恒,否,"第一周：""开班""，参观实训基地, 第二周起正常上课"' "$T/out.csv" &&
	ok "export: labels, teacher names, quoted note" || fail "export row"
unchanged "re-importing the export changes nothing" as lixiaotang plan import "$ID2" "$T/out.csv"
tail -c +4 "$T/out.csv" | iconv -f UTF-8 -t GBK > "$T/out-gbk.csv"
unchanged "the same table saved as GBK imports to the same rows" as lixiaotang plan import "$ID2" "$T/out-gbk.csv"

# ---- status after the workflow ----
run 0 J plan status --term 2027-2028-1 && contains "$OUT" "草稿" && ok "status of the new term" || fail "status new term"
exit 0
