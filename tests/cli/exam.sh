#!/bin/sh
# exam: joint exams on the command line over the demo group — keys and passphrases (never on the command line, never in
# the repository), who sets up, blueprints and assembles, the demo exam assembled and checked, the shortfall in numbers,
# the same seed giving the same papers, swaps re-checked, who may read a sealed paper, release only at its time.
. tests/lib/harness.sh
R="$T/repo"
J() { "$JY" -C "$R" "$@"; }
as() { who=$1; shift; "$JY" -C "$R" --user "$who" "$@"; }
printf 'suyuan-pass-1\n' > "$T/p.su"
printf 'yanshuyao-pass\n' > "$T/p.yan"
printf 'not-the-passphrase\n' > "$T/p.bad"
printf 'mowanqing-pass\n' > "$T/p.mo"
# su/yan CMD…: as a committee member, the passphrase from a file named in the environment.
lacks() { case "$1" in *"$2"*) echo "# unexpected '$2'" >&2; return 1 ;; esac; }
su() { env JIAOYAN_PASSPHRASE_FILE="$T/p.su" "$JY" -C "$R" --user suyuan "$@"; }
yan() { env JIAOYAN_PASSPHRASE_FILE="$T/p.yan" "$JY" -C "$R" --user yanshuyao "$@"; }

run 0 "$JY" init --demo "$R" && ok "demo repository" || { fail "demo repository"; exit 0; }
E=$(J exam list --format tsv | awk -F'\t' '$4 == "网店运营期末联考" { print $1 }')
[ -n "$E" ] && run 0 J exam show "$E" && contains "$OUT" "网店运营期末联考" && contains "$OUT" "A 未组卷" &&
	contains "$OUT" "苏予安（suyuan）公钥 未生成" && ok "the demo's exam of 网店运营, not assembled, its committee without keys yet" ||
	fail "demo exam: $OUT"

# ---- keys ----
refuses "key gen refuses a passphrase under 8 bytes" 1 "至少 8 个字节" \
	env JIAOYAN_PASSPHRASE_FILE=/dev/stdin sh -c "printf 'short\n' | '$JY' -C '$R' --user suyuan key gen"
run 1 as suyuan key gen < /dev/null && contains "$ERR" "需要口令" && ok "no terminal and no passphrase source: refused, says how" ||
	fail "no passphrase: $ERR"
run 0 as suyuan key gen --passphrase-fd 3 3< "$T/p.su" && contains "$OUT" "公钥已写入名册" && ok "key gen with --passphrase-fd" ||
	fail "key gen: $ERR"
run 0 yan key gen && ok "key gen with JIAOYAN_PASSPHRASE_FILE" || fail "key gen env: $ERR"
K="$HOME/.local/share/jiaoyan/keys/suyuan.key"
[ "$(stat -c %a "$K")" = 600 ] && [ "$(stat -c %a "$(dirname "$K")")" = 700 ] && ! grep -q suyuan-pass-1 "$K" &&
	ok "the secret key file is 0600 in a 0700 directory outside the repository, without the passphrase" || fail "key file"
[ "$(J get person/suyuan pubkey | cut -c1-4)" = "jy1:" ] && ok "the public key is in the person's record" || fail "pubkey"
git --git-dir="$R" log -p --all > "$T/history"
! grep -q "suyuan-pass-1" "$T/history" && ! grep -q "$(sed -n 's/^box //p' "$K")" "$T/history" &&
	ok "neither the passphrase nor the encrypted secret key is anywhere in the history" || fail "secret in history"
refuses "a second key gen is refused without --replace" 1 "已有密钥" su key gen

# ---- who does what ----
refuses "only a specialty lead sets up an exam" 1 "专业负责人" as suyuan exam new --specialty 530701 --course 网店运营 --name 试
run 0 as kemingyuan exam new --specialty 530701 --course 网店运营 --name 补考 release='2027-01-20 18:00' committee=suyuan &&
	E2=$OUT && [ "$(J get "exam/$E2" release)" = 2027-01-20T18:00 ] && ok "the lead sets one up; the release time is stored with a T" ||
	fail "exam new: $ERR"
refuses "a committee member must be an examiner" 1 "不是命题教师" as kemingyuan edit "exam/$E2" committee=mowanqing
refuses "the lead is not on the committee: no blueprint" 1 "命题组" as kemingyuan exam blueprint "$E" add type=单选 count=1 points=1
refuses "nor assembly" 1 "命题组" as kemingyuan exam assemble "$E"
refuses "a wrong passphrase is refused" 1 "口令不对" env JIAOYAN_PASSPHRASE_FILE="$T/p.bad" "$JY" -C "$R" --user suyuan exam assemble "$E"
refuses "--passphrase-fd takes a number" 2 "--passphrase-fd" as suyuan exam assemble "$E" --passphrase-fd x

# ---- assembly ----
refuses "A and B from the small demo bank: what is missing, in numbers" 1 \
	"第 1 行：2 套试卷共需要至少 7 道不同的单选题（两卷重复须少于 10%，即最多共用 1 道），题库只有 4 道已审核的" \
	su exam assemble "$E" --papers A,B
run 0 su exam assemble "$E" --seed 7 && contains "$OUT" "已组卷并密封（种子 7）" && lacks "$OUT" "✗" &&
	ok "the demo exam assembles (paper A, seed 7)" || fail "assemble: $ERR"
run 0 yan exam check "$E" && contains "$OUT" "章节覆盖" && contains "$OUT" "5/5 章  ✓" && contains "$OUT" "2.73    ✓" &&
	contains "$OUT" "章节 × 认知层次" && ok "the other member checks it: coverage and difficulty met, the chapter × level grid" ||
	fail "check: $OUT $ERR"
run 0 yan exam check "$E" --format tsv && [ "$(printf '%s\n' "$OUT" | tail -n +2 | cut -f5 | sort -u)" = yes ] &&
	ok "check --format tsv: every constraint yes" || fail "check tsv: $OUT"
su exam print "$E" --paper A --key --format md > "$T/seed7.md" || fail "print seed 7"
su exam assemble "$E" --seed 7 > /dev/null && su exam print "$E" --paper A --key --format md > "$T/seed7b.md" &&
	cmp -s "$T/seed7.md" "$T/seed7b.md" && ok "the same seed gives the same paper and key" || fail "determinism"
su exam assemble "$E" --seed 8 > /dev/null && su exam print "$E" --paper A --key --format md > "$T/seed8.md" &&
	! cmp -s "$T/seed7.md" "$T/seed8.md" && ok "another seed another order" || fail "seed 8"

# ---- over SSH: the passphrase from the terminal or standard input only ----
served() { who=$1; shift; env SSH_ORIGINAL_COMMAND="$*" "$JY" -C "$R" serve "$who"; }
refuses "serve refuses JIAOYAN_PASSPHRASE_FILE (a file of the server)" 1 "远程登录时不能使用 JIAOYAN_PASSPHRASE_FILE" \
	env JIAOYAN_PASSPHRASE_FILE="$T/p.su" SSH_ORIGINAL_COMMAND="jiaoyan exam check $E" "$JY" -C "$R" serve suyuan
refuses "serve refuses --passphrase-fd with a descriptor of the server, by attribute" 1 "--passphrase-fd" \
	served suyuan jiaoyan exam check "$E" --passphrase-fd 3
run 0 sh -c "printf 'yanshuyao-pass\n' | SSH_ORIGINAL_COMMAND='jiaoyan exam check $E --passphrase-fd -' '$JY' -C '$R' serve yanshuyao" &&
	contains "$OUT" "✓" && ok "over SSH the passphrase comes on standard input (--passphrase-fd -)" || fail "serve stdin: $ERR"

# ---- who reads it before release ----
run 0 J exam list && contains "$OUT" "A 已密封" && ok "everyone sees the exam and 已密封" || fail "list: $OUT"
refuses "a teacher of a member school cannot print the paper" 1 "已密封" as mowanqing exam print "$E" --paper A
refuses "nor check it" 1 "已密封" as mowanqing exam check "$E"
run 0 env JIAOYAN_PASSPHRASE_FILE="$T/p.mo" "$JY" -C "$R" --user mowanqing key gen > /dev/null
refuses "not even with a key of their own" 1 "已密封" env JIAOYAN_PASSPHRASE_FILE="$T/p.mo" "$JY" -C "$R" --user mowanqing exam print "$E" --paper A
P=$(git --git-dir="$R" ls-tree -r --name-only refs/heads/main exams | grep "/$E/a.ini$")
git --git-dir="$R" show "refs/heads/main:$P" > "$T/paper.ini"
! grep -q "客单价" "$T/paper.ini" && ! grep -q "stem" "$T/paper.ini" && grep -q "^magic = jiaoyan-seal" "$T/paper.ini" &&
	ok "the paper record is a seal: no stem, no word of the paper" || fail "paper record"

# ---- the release time is the lead's; moving it asks for a re-seal ----
refuses "the committee cannot move the release time" 1 "专业负责人" as suyuan edit "exam/$E" release=2026-11-22T08:00
run 0 as kemingyuan edit "exam/$E" release=2026-12-12T20:00 && run 0 J exam list && contains "$OUT" "A 须重新密封" &&
	ok "the lead moves it; the paper shows 须重新密封" || fail "move release: $OUT $ERR"
refuses "a paper sealed for another time cannot be printed" 1 "按另一个启封时间密封" su exam print "$E" --paper A
run 0 su exam reseal "$E" && run 0 J exam list && contains "$OUT" "A 已密封" && ok "reseal: sealed for the new time" ||
	fail "reseal: $ERR"

# ---- swaps ----
DRAFT=$(J bank list --course 网店运营 --state 草稿 --type 单选 --format tsv | tail -n +2 | cut -f1 | head -1)
TF=$(J bank list --course 网店运营 --state 已审核 --type 判断 --format tsv | tail -n +2 | cut -f1 | head -1)
refuses "a draft cannot go into a paper" 1 "还没有审核通过" su exam swap "$E" --paper A 1 "$DRAFT"
refuses "a swap keeps the type" 1 "同一题型" su exam swap "$E" --paper A 1 "$TF"
N=$(as suyuan bank add --course 网店运营 题型=单选 难度=2 认知层次=理解 '章节=项目三 流量获取与转化' 题干=直通车推广按什么方式计费？ \
	A=按点击付费 B=按展现付费 C=按成交付费 D=按时长付费 答案=A 分值=2)
as yanshuyao bank approve "$N" --comment 可用 > /dev/null
run 0 su exam swap "$E" --paper A 1 "$N" && contains "$OUT" "已换题并重新密封" && contains "$OUT" "第 1 行：单选题" &&
	ok "swap puts an approved item in, re-seals and re-checks" || fail "swap: $ERR"
su exam print "$E" --paper A --format md | grep -q "直通车推广按什么方式计费" && ok "the paper holds the new item's text" ||
	fail "swapped text"

# ---- release ----
refuses "release before the release time is refused" 1 "还没到" su exam release "$E"
REL=$(J get "exam/$E" release)
AFTER=$(date -u -d "${REL%T*} ${REL#*T} 1 minute" +%Y-%m-%dT%H:%M:%S)
refuses "a teacher cannot release, even at the time" 1 "命题组" env JIAOYAN_NOW="$AFTER" "$JY" -C "$R" --user mowanqing exam release "$E"
run 0 env JIAOYAN_NOW="$AFTER" JIAOYAN_PASSPHRASE_FILE="$T/p.yan" "$JY" -C "$R" --user yanshuyao exam release "$E" &&
	ok "a member releases once the time has passed" || fail "release: $ERR"
run 0 env JIAOYAN_NOW="$AFTER" "$JY" -C "$R" --user mowanqing exam print "$E" --paper A --key --format md &&
	contains "$OUT" "直通车推广按什么方式计费" && contains "$OUT" "参考答案" && ok "after release every teacher prints it, with the key" ||
	fail "print after release: $ERR"
run 0 env JIAOYAN_NOW="$AFTER" "$JY" -C "$R" check && ok "the released paper passes every rule" || fail "check after: $OUT"
refuses "released papers are not sealed again" 1 "已经启封" env JIAOYAN_NOW="$AFTER" JIAOYAN_PASSPHRASE_FILE="$T/p.su" "$JY" -C "$R" --user suyuan exam reseal "$E"
