#!/bin/sh
# navigate: the TUI opens on 概览; its cursor stands only on rows that open something, and Enter opens every kind of
# row — a filing awaiting my review, a returned filing, a draft, a filing not made yet, an observation of my lesson,
# a reply to my observation; the observer sees replies, new ones marked until opened.
. tests/lib/harness.sh
. tests/tui/tmux.inc

R="$T/repo"
"$JY" init --demo "$R" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
J() { "$JY" -C "$R" "$@"; }
# A specialty the 泉南技工学校 runs but has not filed for: a missing filing on its people's 概览.
run 0 J --user peizimo edit person/yaotiejun specialties=510102,530701 || fail "yaotiejun runs 530701"

# selected: the text of the line drawn in reverse video (NO_COLOR: the selection bar), empty when none.
selected() {
	_n=2
	while [ "$_n" -lt 23 ]; do
		if reverse_on "$_n"; then
			line "$_n"
			return 0
		fi
		_n=$((_n + 1))
	done
}

# The lead: the filing awaiting review is selected at start; Enter opens it.
jy_start 80 24 qizhenyu NO_COLOR=1
wait_for "待我审核的授课计划" || { fail "the TUI starts on 概览"; exit 1; }
case "$(selected)" in *海丝路职业中专学校*物联网应用技术*待审核*) ok "the lead starts on the filing awaiting review" ;;
*) fail "selected: $(selected)" ;; esac
keys Enter
wait_for "› 授课计划" && contains "$(screen)" "海丝路职业中专学校 · 物联网应用技术" && contains "$(screen)" "状态：待审核" &&
	ok "Enter opens the filing awaiting review" || fail "open to-review"
keys q
wait_gone "› 授课计划"
keys q
wait_for "EXIT=0"

# A member school's admin: the returned filing opens.
jy_start 80 24 shimingzhe NO_COLOR=1
wait_for "本校授课计划"
case "$(selected)" in *电子商务*需整改*) ok "the returned filing is selected at start" ;; *) fail "selected: $(selected)" ;; esac
keys Enter
wait_for "状态：需整改" && contains "$(screen)" "海丝路职业中专学校 · 电子商务" && ok "Enter opens the returned filing" || fail "open returned"
keys q q
wait_for "EXIT=0"

# A teacher of the 泉南技工学校: a draft opens as a filing, a filing not made yet opens the form that makes it.
jy_start 80 24 yaotiejun NO_COLOR=1
wait_for "本校授课计划"
screen | grep -q "电子商务.*未提交" && ok "the specialty not filed yet is listed" || fail "missing filing not listed"
keys g
if wait_until 'selected | grep -q "物联网应用技术"' 30; then
	keys Enter
	wait_for "状态：草稿" && ok "Enter on a draft opens it" || fail "open draft"
	keys q
	wait_gone "状态：草稿"
else
	fail "the draft row cannot be selected: $(selected)"
fi
keys g
for i in 1 2 3; do selected | grep -q "电子商务" && break; keys j; done
keys Enter
wait_for "新建授课计划" && contains "$(screen)" "530701" && contains "$(screen)" "泉南技工学校" &&
	ok "Enter on a filing not made yet opens the form that makes it, filled in" || fail "open missing"
keys Escape
wait_gone "新建授课计划"
keys q
wait_for "EXIT=0"

# The observed teacher: an observation of my lesson opens.
jy_start 80 24 wenruogu NO_COLOR=1
wait_for "对我的课的听课记录"
case "$(selected)" in *新*钟可欣*数学*) ok "the new observation of my lesson is selected at start" ;; *) fail "selected: $(selected)" ;; esac
keys Enter
wait_for "› 听课记录详情" && contains "$(screen)" "对我的课的听课记录" && ok "Enter opens the observation of my lesson" || fail "open inbox"
keys R
wait_for "我的回复"
type_text "谢谢，下次注意板书。"
keys C-s
wait_for "已保存回复"
keys q q
wait_for "EXIT=0"

# The observer: the reply appears, new; the cursor moves only between rows that open; Enter opens it; no longer new.
jy_start 80 24 zhongkexin NO_COLOR=1
# new_replies: the count of new replies the heading gives.
new_replies() { screen | sed -n 's/.*回复了我的听课记录（[0-9]* 条，\([0-9]*\) 条新的.*/\1/p'; }
wait_for "回复了我的听课记录" && screen | grep "温若谷" | grep "数学" | grep -q "新.*回复：谢谢，下次注意板书。" &&
	ok "the observer sees the reply, marked new" || fail "reply not seen: $(screen | grep -A3 回复了我的听课记录)"
n_new=$(new_replies)
bad=""
i=0
while [ $i -lt 12 ]; do
	s=$(selected)
	case "$s" in
	"  "*20[0-9][0-9]-[0-9][0-9]-*) ;;
	*) bad="$bad [$s]" ;;
	esac
	keys j
	i=$((i + 1))
done
[ -z "$bad" ] && ok "j moves the cursor only between rows that open something" || fail "cursor on:$bad"
keys G
case "$(selected)" in "" | "  "*20[0-9][0-9]-*) ok "G keeps the cursor off headings and figures" ;; *) fail "G selected: $(selected)" ;; esac
keys g
for i in 1 2 3 4 5 6; do selected | grep -q "回复：谢谢" && break; keys j; done
selected | grep -q "回复：谢谢，下次注意板书。" && ok "the reply row can be selected" || fail "reply row: $(selected)"
case "$(line 24)" in *"R 回复"*) fail "R offered on a reply to my own observation" ;; *) ok "R is not offered on a reply row" ;; esac
keys Enter
wait_for "› 听课记录详情" && contains "$(screen)" "钟可欣（zhongkexin） · 我" && ok "Enter opens the replied observation" || fail "open reply"
keys G
wait_for "授课教师回复" && wait_for "谢谢，下次注意板书。" && ok "its reply is there to read" || fail "reply text"
keys q
wait_gone "› 听课记录详情"
wait_for "回复了我的听课记录（"
[ "$(new_replies)" -eq $((n_new - 1)) ] && ! screen | grep "回复：谢谢" | grep -q "新" &&
	ok "once opened the reply is no longer new" || fail "still new: $(screen | grep -A3 回复了我的听课记录)"
keys q
wait_for "EXIT=0"
# Seen stays seen at the next start, until the teacher writes again.
jy_start 80 24 zhongkexin NO_COLOR=1
wait_for "回复了我的听课记录"
[ "$(new_replies)" -eq $((n_new - 1)) ] && ok "seen replies stay seen at the next start" || fail "seen lost"
keys q
wait_for "EXIT=0"
run 0 J --user wenruogu obs reply "$(J list observation --format tsv --where teacher=wenruogu --where observer=zhongkexin | awk -F'\t' 'NR == 2 { print $1 }')" "再补充一句。"
jy_start 80 24 zhongkexin NO_COLOR=1
wait_for "回复了我的听课记录"
[ "$(new_replies)" -eq "$n_new" ] && screen | grep "回复：再补充一句" | grep -q "新" && ok "a reply written again is new again" ||
	fail "rewritten reply not new"
keys q
wait_for "EXIT=0"

# A seminar action item on my 概览 opens its seminar.
run 0 J --user cenlixing seminar new --title 衔接研讨会 --date 2026-11-20 --topic 1 --attendee 黎晓棠 \
	--action '修订衔接课程标准|柯明远|2026-12-31' || fail "seminar new: $ERR"
jy_start 80 24 kemingyuan NO_COLOR=1
wait_for "我的研讨会议事项"
keys g
for i in 1 2 3 4 5 6 7 8; do selected | grep -q "修订衔接课程标准" && break; keys j; done
selected | grep -q "修订衔接课程标准" && ok "the action item row can be selected" || fail "action item: $(selected)"
keys Enter
wait_for "衔接研讨会" && contains "$(line 1)" "›" && ok "Enter on an action item opens its seminar" || fail "open seminar"
keys q q
wait_for "EXIT=0" && ok "quits" || fail "quit"
