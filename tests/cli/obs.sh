#!/bin/sh
# obs: `obs stats`, `obs uncovered`, `obs reply` on the demo group, checked against counts made independently with awk.
. tests/lib/harness.sh
R="$T/repo"
J() { "$JY" -C "$R" "$@"; }

check "init --demo" run 0 "$JY" init --demo "$R"
TERM_NOW=2026-2027-1

# The independent side: the raw observation list and the roster, as TSV.
J list observation --term $TERM_NOW --format tsv > "$T/obs.tsv" || fail "list observation"
J list person --format tsv > "$T/people.tsv" || fail "list person"
nobs=$(awk 'NR > 1' "$T/obs.tsv" | wc -l)
[ "$nobs" -gt 10 ] && ok "the demo term has observations ($nobs)" || fail "the demo term has observations ($nobs)"

check "obs stats (table)" run 0 J obs stats
contains "$OUT" "$TERM_NOW" && ok "stats names the current term" || fail "stats names the current term"
contains "$OUT" "共 $nobs 次听课" && ok "stats total equals the list ($nobs)" || fail "stats total equals the list ($nobs)"
contains "$OUT" "听课任务" && ok "stats shows quotas" || fail "stats shows quotas"
check "obs stats --format tsv" run 0 J obs stats --format tsv
printf '%s\n' "$OUT" > "$T/stats.tsv"

# Per teacher: times observed, number scored, grade counts. obs.tsv columns:
# id date kind observer teacher course total grade path.
awk -F'\t' 'NR > 1 { n[$5]++; if ($7 != "") s[$5]++ } END { for (t in n) print t, n[t], s[t] + 0 }' "$T/obs.tsv" | sort > "$T/want-teacher"
awk -F'\t' '$1 == "teacher" { print $3, $5, $6 }' "$T/stats.tsv" | sort > "$T/got-teacher"
cmp -s "$T/want-teacher" "$T/got-teacher" && ok "per teacher: times observed and scored match the list" \
	|| { fail "per teacher: times observed and scored match the list"; diff "$T/want-teacher" "$T/got-teacher" | head -10 | sed 's/^/# /'; }

# Mean total per teacher, within rounding to one decimal.
awk -F'\t' 'NR > 1 && $7 != "" { sum[$5] += $7; k[$5]++ } END { for (t in k) printf "%s %.4f\n", t, sum[t] / k[t] }' "$T/obs.tsv" | sort > "$T/want-mean"
awk -F'\t' '$1 == "teacher" && $7 != "" { print $3, $7 }' "$T/stats.tsv" | sort > "$T/got-mean"
join "$T/want-mean" "$T/got-mean" | awk 'd = $2 - $3 { if (d < 0) d = -d; if (d > 0.051) bad++ } END { exit bad }' \
	&& [ "$(wc -l < "$T/want-mean")" -eq "$(wc -l < "$T/got-mean")" ] \
	&& ok "per teacher: mean totals match the list" || fail "per teacher: mean totals match the list"

# Grade distribution per teacher: the band columns follow `mean` in the header of the teacher block.
awk -F'\t' 'NR > 1 && $8 != "" { print $5, $8 }' "$T/obs.tsv" | sort | uniq -c | awk '{ print $2, $3, $1 }' | sort > "$T/want-grades"
awk -F'\t' '$1 == "kind" && !h { for (i = 8; i <= NF; i++) band[i] = $i; h = 1; next }
	$1 == "teacher" { for (i = 8; i <= NF; i++) if ($i > 0) print $3, band[i], $i }' "$T/stats.tsv" | sort > "$T/got-grades"
cmp -s "$T/want-grades" "$T/got-grades" && ok "per teacher: grade distribution matches the list" \
	|| { fail "per teacher: grade distribution matches the list"; diff "$T/want-grades" "$T/got-grades" | head -10 | sed 's/^/# /'; }
head -1 "$T/stats.tsv" | grep -q "band.1	band.2	band.3	band.4" && ok "grade columns are the rubric's bands, best first (stable codes in tsv)" || fail "grade columns are the rubric's bands, best first"
run 0 "$JY" -C "$R" obs stats --term 2026-2027-1 --format tsv --labels
echo "$OUT" | head -1 | grep -q "优	良	中	差" && ok "--labels names the grade columns by the bands' names" || fail "--labels band names: $(echo "$OUT" | head -1)"

# Per observer: observations made.
awk -F'\t' 'NR > 1 { n[$4]++ } END { for (o in n) print o, n[o] }' "$T/obs.tsv" | sort > "$T/want-observer"
awk -F'\t' '$1 == "observer" && $5 > 0 { print $3, $5 }' "$T/stats.tsv" | sort > "$T/got-observer"
cmp -s "$T/want-observer" "$T/got-observer" && ok "per observer: observations made match the list" \
	|| { fail "per observer: observations made match the list"; diff "$T/want-observer" "$T/got-observer" | head -10 | sed 's/^/# /'; }

# Quotas: the largest [quota] value among roles, title and newcomer (group.ini of the demo).
J show group > "$T/group.ini"
for p in $(awk -F'\t' 'NR > 1 { print $1 }' "$T/people.tsv"); do
	roles=$(awk -F'\t' -v p="$p" '$1 == p { print $4 }' "$T/people.tsv")
	title=$(awk -F'\t' -v p="$p" '$1 == p { print $5 }' "$T/people.tsv")
	newc=$(J get "person/$p" newcomer 2>/dev/null)
	keys=$(echo "$roles" | tr ',' ' ')
	[ -n "$title" ] && keys="$keys $title"
	[ "$newc" = yes ] && keys="$keys newcomer"
	q=$(awk -v keys="$keys" 'BEGIN { n = split(keys, k, " "); for (i = 1; i <= n; i++) want[k[i]] = 1 }
		/^\[/ { inq = ($0 == "[quota]"); next }
		inq && $2 == "=" && ($1 in want) && $3 + 0 > best { best = $3 + 0 } END { print best + 0 }' "$T/group.ini")
	[ "$q" -gt 0 ] && echo "$p $q"
done | sort > "$T/want-quota"
awk -F'\t' '$1 == "observer" && $6 > 0 { print $3, $6 }' "$T/stats.tsv" | sort > "$T/got-quota"
cmp -s "$T/want-quota" "$T/got-quota" && ok "per observer: quota from group.ini [quota] by role, title, newcomer" \
	|| { fail "per observer: quota from group.ini [quota]"; diff "$T/want-quota" "$T/got-quota" | head -10 | sed 's/^/# /'; }
grep -q "^observer	s02	fujiayi	.*	3$" "$T/stats.tsv" && ok "a newcomer teacher's quota is the newcomer quota (3)" \
	|| fail "a newcomer teacher's quota is the newcomer quota (3)"

# Per school: observations filed there, teachers covered / roster (role teacher), mean.
awk -F'\t' 'NR > 1 { split($9, p, "/"); n[p[3]]++ } END { for (s in n) print s, n[s] }' "$T/obs.tsv" | sort > "$T/want-school"
awk -F'\t' '$1 == "school" && $4 > 0 { print $2, $4 }' "$T/stats.tsv" | sort > "$T/got-school"
cmp -s "$T/want-school" "$T/got-school" && ok "per school: observation counts match the list" || fail "per school: observation counts match the list"
awk -F'\t' 'NR > 1 && $4 ~ /(^|,)teacher(,|$)/ { print $1, $3 }' "$T/people.tsv" | sort > "$T/roster"
awk -F'\t' 'NR > 1 { print $5 }' "$T/obs.tsv" | sort -u > "$T/observed"
awk 'NR == FNR { seen[$1] = 1; next } { r[$2]++; if ($1 in seen) c[$2]++ } END { for (s in r) print s, c[s] + 0, r[s] }' \
	"$T/observed" "$T/roster" | sort > "$T/want-cover"
awk -F'\t' '$1 == "school" && $6 > 0 { print $2, $5, $6 }' "$T/stats.tsv" | sort > "$T/got-cover"
cmp -s "$T/want-cover" "$T/got-cover" && ok "per school: teachers covered / roster match" \
	|| { fail "per school: teachers covered / roster match"; diff "$T/want-cover" "$T/got-cover" | sed 's/^/# /'; }

# --school keeps one school's teachers and the same numbers.
check "obs stats --school s01" run 0 J obs stats --school s01 --format tsv
printf '%s\n' "$OUT" > "$T/s01.tsv"
awk -F'\t' '$1 == "teacher" && $2 != "s01" { bad = 1 } $1 == "school" && $2 != "s01" { bad = 1 } END { exit bad }' "$T/s01.tsv" \
	&& ok "--school s01 shows only s01" || fail "--school s01 shows only s01"
awk -F'\t' '$1 == "teacher" { print $3, $5, $6 }' "$T/s01.tsv" | sort > "$T/got-s01"
awk 'NR == FNR { split($0, f, "\t"); if (f[3] == "s01") s01[f[1]] = 1; next } ($1 in s01)' "$T/people.tsv" "$T/want-teacher" > "$T/want-s01"
cmp -s "$T/want-s01" "$T/got-s01" && ok "--school s01 per-teacher counts match" || fail "--school s01 per-teacher counts match"

# Uncovered: role-teacher people with no observation this term.
awk 'NR == FNR { seen[$1] = 1; next } !($1 in seen) { print $1 }' "$T/observed" "$T/roster" | sort > "$T/want-uncovered"
check "obs uncovered --format tsv" run 0 J obs uncovered --format tsv
printf '%s\n' "$OUT" | awk -F'\t' 'NR > 1 { print $2 }' | sort > "$T/got-uncovered"
cmp -s "$T/want-uncovered" "$T/got-uncovered" && ok "uncovered equals roster minus observed ($(wc -l < "$T/want-uncovered"))" \
	|| fail "uncovered equals roster minus observed"

check "admin adds a new teacher at s01" run 0 J --user cenlixing add person id=xinlaoshi name=辛老师 school=s01 roles=teacher
check "obs uncovered --school s01" run 0 J obs uncovered --school s01
contains "$OUT" "辛老师" && ok "the new teacher is uncovered" || fail "the new teacher is uncovered"
contains "$OUT" "清源山中等职业学校" && ok "uncovered shows the school's name" || fail "uncovered shows the school's name"
check "obs stats after the new teacher" run 0 J obs stats --school s01 --format tsv
r=$(grep -c ' s01$' "$T/roster")
printf '%s\n' "$OUT" | grep -q "^school	s01	.*	$((r))	$((r + 1))	" && ok "roster grows, covered does not" \
	|| fail "roster grows, covered does not: $(printf '%s\n' "$OUT" | grep '^school')"

nteach=$(($(wc -l < "$T/roster") + 1))
check "obs uncovered of a term without observations" run 0 J obs uncovered --term 2025-2026-2 --format tsv
[ "$(printf '%s\n' "$OUT" | awk 'NR > 1' | wc -l)" -eq "$nteach" ] && ok "every teacher is uncovered in an empty term ($nteach)" \
	|| fail "every teacher is uncovered in an empty term"
check "obs stats of an empty term" run 0 J obs stats --term 2025-2026-2
contains "$OUT" "共 0 次听课" && ok "empty term counts 0" || fail "empty term counts 0"

refuses "a malformed term is refused" 1 "学期「2026」无效" J obs stats --term 2026
contains "$ERR" "YYYY-YYYY-N" && ok "the term message shows the form" || fail "the term message shows the form"
refuses "an unknown school is refused" 1 "没有编号或名称为「nowhere」的学校" J obs uncovered --school nowhere
refuses "obs without a subcommand is a usage error" 2 "缺少子命令（stats uncovered reply inbox mine print）" J obs
refuses "an unknown subcommand is a usage error" 2 "没有子命令「obs frobnicate」" J obs frobnicate
refuses "a bad --format is a usage error" 2 "--format 只能是 table|tsv" J obs stats --format xml
check "obs --help" run 0 J obs --help
contains "$OUT" "uncovered" && ok "obs --help shows usage" || fail "obs --help shows usage"

# Replies: only the observed teacher.
line=$(awk -F'\t' 'NR > 1 && $7 != "" { print; exit }' "$T/obs.tsv")
oid=$(printf '%s' "$line" | cut -f1)
observer=$(printf '%s' "$line" | cut -f4)
teacher=$(printf '%s' "$line" | cut -f5)
h=$(head_of "$R")
refuses "the observer cannot reply" 1 "只有被听课的授课教师" J --user "$observer" obs reply "$oid" 我替他回复
contains "$ERR" "授课教师" && ok "the refusal says who may reply" || fail "the refusal says who may reply"
refuses "an admin cannot reply for the teacher" 1 "只有被听课的授课教师" J --user cenlixing obs reply "$oid" 管理员回复
[ "$(head_of "$R")" = "$h" ] && ok "refused replies leave HEAD unchanged" || fail "refused replies leave HEAD unchanged"
refuses "an empty reply is refused" 1 "回复内容不能为空" J --user "$teacher" obs reply "$oid" "   "
bad=$(printf 'x\033]0;pwned\007y')
refuses "a reply with an escape sequence is refused" 1 "控制字符" J --user "$teacher" obs reply "$oid" "$bad"
[ "$(head_of "$R")" = "$h" ] && ok "refused text leaves HEAD unchanged" || fail "refused text leaves HEAD unchanged"

reply='谢谢指导；下次把实训环节的时间留足。#2'
check "the observed teacher replies" run 0 J --user "$teacher" obs reply "$oid" "$reply"
[ "$(head_of "$R")" != "$h" ] && ok "the reply is a commit" || fail "the reply is a commit"
check "response.text is stored exactly" run 0 J get "$oid" response.text
[ "$OUT" = "$reply" ] && ok "reply text round-trips" || fail "reply text round-trips: $OUT"
check "response.at is now" run 0 J get "$oid" response.at
[ "$OUT" = "2026-11-22 09:30" ] && ok "reply time is JIAOYAN_NOW" || fail "reply time is JIAOYAN_NOW: $OUT"
tname=$(awk -F'\t' -v p="$teacher" '$1 == p { print $2 }' "$T/people.tsv")
[ "$(git --git-dir="$R" log -1 --format=%an refs/heads/main)" = "$tname" ] && ok "the reply is authored by the teacher" \
	|| fail "the reply is authored by the teacher"
git --git-dir="$R" log -1 --format=%s refs/heads/main | grep -q "^回复听课记录：" && ok "the commit message says reply" \
	|| fail "the commit message says reply"
check "the teacher's inbox marks it replied" run 0 J obs inbox --person "$teacher" --format tsv
printf '%s\n' "$OUT" | grep -q "^$oid	.*	replied$" && ok "inbox shows the reply" || fail "inbox shows the reply"
check "reply from standard input" sh -c "printf '第二次回复\n第二行\n' | '$JY' -C '$R' --user '$teacher' obs reply '$oid' - > /dev/null"
[ "$(J get "$oid" response.text)" = "$(printf '第二次回复\n第二行')" ] && ok "multi-line reply from stdin" || fail "multi-line reply from stdin"
check "stats unchanged by replies" sh -c "'$JY' -C '$R' obs stats --format tsv | awk -F'\t' '\$1 == \"teacher\" { print \$3, \$5, \$6 }' | sort | cmp -s - '$T/want-teacher'"
