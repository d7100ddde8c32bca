#!/bin/sh
# merge: campuses syncing with a central repository over local paths — every record everywhere, merges record by
# record, conflicts kept and resolved, a stale verdict sent back for review; and the central hook refusing forged
# pushes that reach it through a real git receive-pack.
. tests/lib/harness.sh
C="$T/central.git"
J() { repo=$1; shift; "$JY" -C "$T/$repo.git" "$@"; }
obs() { # obs REPO USER TEACHER COURSE: a complete observation; prints its id
	"$JY" -C "$T/$1.git" --user "$2" add observation kind=peer date=2026-11-21 teacher="$3" course="$4" $SCORES
}
tree() { git --git-dir="$T/$1.git" rev-parse refs/heads/main^{tree}; }
open_conflicts() { J "$1" conflict list --format tsv | tail -n +2 | grep -c .; }

run 0 "$JY" init --demo "$C" || { fail "central"; exit 1; }
for s in s01 s02 s03; do
	git clone -q --bare "$C" "$T/$s.git" && git --git-dir="$T/$s.git" remote remove origin &&
		J "$s" remote add central "$C" > /dev/null || fail "campus $s"
done
ok "a central repository and three campus clones"
refuses "a remote URL with shell metacharacters is refused" 1 "" J s01 remote add evil '/tmp/x;rm -rf ~'
refuses "a remote name is checked" 1 "" J s01 remote add 'Bad Name' /tmp/x

# ---- every record everywhere ----
for s in s01 s02 s03; do
	case $s in s01) u=ruanzhiheng t=mowanqing ;; s02) u=caimingzhu t=youkai ;; s03) u=peizimo t=xiruolan ;; esac
	(for i in 1 2 3 4 5; do obs "$s" "$u" "$t" "课程$s-$i" > /dev/null || echo "add $s $i" >> "$T/addfail"; done) &
done
wait
[ ! -s "$T/addfail" ] && ok "15 observations added at three campuses at once" || fail "adds: $(cat "$T/addfail")"
for order in "s02 s01 s03" "s03 s02 s01" "s01 s03 s02"; do
	for s in $order; do J "$s" --user cenlixing sync --quiet || fail "sync $s ($order): $(J "$s" --user cenlixing sync 2>&1 | tail -1)"; done
done
same=1
for s in s01 s02 s03; do [ "$(tree "$s")" = "$(tree central)" ] || same=0; done
[ "$same" = 1 ] && ok "after syncs in every order the four trees are identical" || fail "trees differ"
for s in s01 s02 s03; do
	[ "$(git --git-dir="$T/$s.git" ls-tree -r --name-only refs/heads/main observations | xargs -n1 basename | sort | comm -12 - /dev/null | wc -l)" = 0 ] || true
done
n=$(git --git-dir="$C" grep -c "^course = 课程s0" refs/heads/main -- observations | wc -l)
[ "$n" = 15 ] && ok "every campus's 5 records are everywhere ($n)" || fail "records: $n"
clean=1
for s in central s01 s02 s03; do git --git-dir="$T/$s.git" fsck --strict --no-progress 2> /dev/null || clean=0; done
[ "$clean" = 1 ] && ok "git fsck --strict is clean in all four" || fail "fsck"
[ "$(open_conflicts central)" = 0 ] && ok "adding records at several campuses never conflicts" || fail "conflicts from adds"

# ---- the same key changed at two campuses: both values kept ----
X=$(obs s01 ruanzhiheng mowanqing 冲突测试)
J s01 --user cenlixing sync --quiet && J s02 --user cenlixing sync --quiet || fail "spread X"
J s01 --user ruanzhiheng edit "$X" class=甲班 || fail "edit at s01"
"$JY" -C "$C" --user cenlixing edit "$X" class=乙班 || fail "edit at central"
run 1 J s01 --user cenlixing sync
contains "$ERR" "冲突需要有人处理" && ok "a sync with a conflict exits 1 and says a person is needed" || fail "sync with conflict: $ERR"
[ "$(J s01 get "$X" class)" = 甲班 ] && ok "the campus's value is kept in the record" || fail "kept value"
J s01 conflict list --format tsv > "$T/cl"
grep -q "$X.*observation.class	甲班	乙班" "$T/cl" && ok "a conflict record holds both values" || fail "conflict record: $(cat "$T/cl")"
cid=$(awk -F'\t' -v x="$X" 'NR > 1 && index($2, x) { print $1 }' "$T/cl")
run 0 J s01 conflict show "$cid" && contains "$OUT" "阮志恒" && contains "$OUT" "岑立行" && contains "$OUT" "提交" &&
	ok "conflict show names who changed each side (not who synced) and the commits" || fail "conflict show: $OUT"
J s01 --user cenlixing sync --quiet
[ "$(tree s01)" = "$(tree central)" ] && [ "$("$JY" -C "$C" get "$X" class)" = 甲班 ] && ok "the merged value reached the central" ||
	fail "central after conflict"

# ---- resolving: the chosen value and the closed conflict in one commit ----
h=$(head_of "$T/s01.git")
refuses "a teacher who may not edit the record cannot resolve its conflict" 1 "只能以自己的身份记录听课" \
	J s01 --user mowanqing conflict resolve "$cid" --take theirs
run 0 J s01 --user ruanzhiheng conflict resolve "$cid" --take theirs || fail "resolve: $ERR"
[ "$(J s01 get "$X" class)" = 乙班 ] && [ "$(J s01 get "conflict/$cid" state)" = resolved ] &&
	[ "$(git --git-dir="$T/s01.git" rev-list --count "$h"..refs/heads/main)" = 1 ] &&
	ok "resolve --take theirs writes the value and closes the conflict in one commit" || fail "resolve"
refuses "a resolved conflict cannot be resolved again" 1 "已经处理过了" J s01 --user ruanzhiheng conflict resolve "$cid" --take ours

# ---- different keys of one record: both changes kept, no conflict ----
Y=$(obs s01 ruanzhiheng mowanqing 两边改不同字段)
J s01 --user cenlixing sync --quiet
J s01 --user ruanzhiheng edit "$Y" room=实训室A
"$JY" -C "$C" --user cenlixing edit "$Y" class=丙班
c0=$(open_conflicts s01)
run 0 J s01 --user cenlixing sync || fail "sync different keys: $ERR"
[ "$(J s01 get "$Y" room)" = 实训室A ] && [ "$(J s01 get "$Y" class)" = 丙班 ] && [ "$(open_conflicts s01)" = "$c0" ] &&
	ok "different keys changed at two campuses: both kept, no conflict" || fail "different keys"

# ---- edit against delete: the edit stays ----
Z=$(obs s01 ruanzhiheng mowanqing 一边删一边改)
J s01 --user cenlixing sync --quiet
zp=$(git --git-dir="$C" ls-tree -r --name-only refs/heads/main observations | grep "$Z")
GIT_INDEX_FILE="$T/idx" git --git-dir="$C" read-tree refs/heads/main
mkdir -p "$T/nowork"
GIT_WORK_TREE="$T/nowork" GIT_INDEX_FILE="$T/idx" git --git-dir="$C" update-index --force-remove "$zp"
t=$(GIT_INDEX_FILE="$T/idx" git --git-dir="$C" write-tree)
git --git-dir="$C" update-ref refs/heads/main "$(git --git-dir="$C" commit-tree "$t" -p refs/heads/main -m 删除)"
J s01 --user ruanzhiheng edit "$Z" room=保留我
run 1 J s01 --user cenlixing sync
[ "$(J s01 get "$Z" room)" = 保留我 ] && git --git-dir="$C" cat-file -e "refs/heads/main:$zp" &&
	ok "edit against delete: the edited record survives everywhere" || fail "edit vs delete"
J s01 conflict list --format tsv | grep -q "$Z" && ok "and a conflict record says the delete gave way" || fail "edit vs delete note"

# ---- a verdict for revision N while the school submitted N+1: back to submitted ----
P=2026-2027-2/s01/560213
[ "$(J s01 get "plan/$P" state)" = submitted ] || fail "fixture: $P is submitted"
rev=$(J s01 get "plan/$P" revision)
"$JY" -C "$C" --user wujinglan plan review "$P" --approve --comment 同意 > /dev/null || fail "approve at central"
J s01 --user lixiaotang plan reopen "$P" > /dev/null && J s01 --user lixiaotang plan course "$P" set 1 note=调整 > /dev/null &&
	J s01 --user lixiaotang plan submit "$P" --despite-errors > /dev/null || fail "resubmit at s01"
run 1 J s01 --user lixiaotang sync
[ "$(J s01 get "plan/$P" state)" = submitted ] && [ "$(J s01 get "plan/$P" revision)" = $((rev + 1)) ] &&
	[ "$(J s01 get "plan/$P" review.1.verdict)" = stale ] && ok "a stale verdict leaves the filing submitted for a new review" ||
	fail "stale verdict: $(J s01 get "plan/$P" state) $(J s01 get "plan/$P" review.1.verdict)"
J s01 conflict list --format tsv | grep -q "plans/2026-2027-2/s01/560213.ini	plan.state" &&
	J s01 get "conflict/$(J s01 conflict list --format tsv | awk -F'\t' '$2 ~ /560213/ { print $1 }')" note | grep -q "需重新审核" &&
	ok "with a conflict note saying why" || fail "stale note"
[ "$("$JY" -C "$C" get "plan/$P" state)" = submitted ] && ok "and the central has it too" || fail "central stale"

# ---- invalid records that arrive stop the sync; the local branch stays ----
GIT_INDEX_FILE="$T/idx" git --git-dir="$C" read-tree refs/heads/main
printf '[school]\nid = s09\nname = 坏记录\nkind = university\n' > "$T/bad.ini"
b=$(git --git-dir="$C" hash-object -w "$T/bad.ini")
GIT_INDEX_FILE="$T/idx" git --git-dir="$C" update-index --add --cacheinfo "100644,$b,schools/s09.ini"
t=$(GIT_INDEX_FILE="$T/idx" git --git-dir="$C" write-tree)
good=$(git --git-dir="$C" rev-parse refs/heads/main)
git --git-dir="$C" update-ref refs/heads/main "$(git --git-dir="$C" commit-tree "$t" -p refs/heads/main -m 坏记录)"
obs s02 caimingzhu youkai 本地的 > /dev/null
h=$(head_of "$T/s02.git")
refuses "an invalid record fetched stops the sync naming it" 1 "schools/s09.ini" J s02 --user cenlixing sync
contains "$ERR" "university" && ok "with the rule it breaks" || fail "invalid rule"
git --git-dir="$C" update-ref refs/heads/main "$good"

# ---- the central hook, through a real git receive-pack ----
run 0 "$JY" hook install "$C" && [ -x "$C/hooks/pre-receive" ] && ok "hook install" || fail "hook install"
W="$T/w"
git clone -q "$C" "$W" 2> /dev/null
cd "$W" || exit 1
git config user.name 测试
git config user.email test@jiaoyan
# push_as WHO ENVVAR: pushes HEAD to main with the pusher serve would set; keeps the hook's words in $ERR.
push_as() { run "$1" env "$2=$3" git push -q origin HEAD:main; }
reset() { git reset -q --hard origin/main; }
forged() { # forged NAME WANT-IN-MESSAGE ENV WHO
	before=$(head_of "$C")
	if push_as 1 "$3" "$4" && contains "$ERR" "$2" && contains "$ERR" "refused this push" && [ "$(head_of "$C")" = "$before" ]; then
		ok "$1"
	else
		fail "$1"
	fi
	reset
}
# Each forged file stays canonical, so that what refuses it is the rule, not the format.
sed -i '0,/^weeks = 18$/s//weeks = 17/' plans/2026-2027-2/s03/510102.ini
git commit -qam 改别校的计划
forged "another school's filing is refused" "只有泉南技工学校的人员" JIAOYAN_PUSHER caimingzhu
f=plans/2026-2027-2/s02/510102.ini
printf '\n[review.1]\nreviewer = youkai\nat = 2026-11-22 09:30\nrevision = %s\nverdict = approve\n' "$(sed -n 's/^revision = //p' $f)" >> $f
sed -i 's/^state = submitted/state = approved/' $f
git commit -qam 冒充审核
forged "a verdict from a non-lead is refused" "的专业负责人可以审核" JIAOYAN_PUSHER youkai
printf '[person]\nid = intruder\nname = 闯入者\nschool = s01\nroles = admin\n' > people/intruder.ini
git add people/intruder.ini && git commit -qm 加人
forged "a person record from a non-admin is refused" "只有管理员可以登记和修改人员" JIAOYAN_PUSHER mowanqing
o=$(git ls-files observations/2026-2027-1/s01 | head -1)
sed -i 's/^kind = .*/kind = chat/' "$o"
git commit -qam 坏值
forged "an invalid record is refused" "「chat」不是可选值" JIAOYAN_PUSHER cenlixing
long=$(head -c 240 /dev/zero | tr '\0' x)
sed -i "s/^course = .*/course = $long\\nteacher = ruanzhiheng/" "$o"
git commit -qam 偷带字段
forged "a 250-byte line smuggling a key is refused" "字节" JIAOYAN_PUSHER cenlixing
mkdir -p hooks && printf '#!/bin/sh\nid\n' > hooks/post-receive.ini
git add hooks && git commit -qm 路径
forged "a file outside the record paths is refused" "不是记录的路径" JIAOYAN_PUSHER cenlixing
mkdir -p observations/2026-2027-1/S01 && cp "$o" observations/2026-2027-1/S01/x.ini
git add observations && git commit -qm 大写
forged "a path that is not a record's place is refused" "" JIAOYAN_PUSHER cenlixing
git commit -q --allow-empty -m 另起炉灶
git reset -q --soft HEAD~2 && git commit -qm 改写历史 --allow-empty
before=$(head_of "$C")
run 1 env JIAOYAN_PUSHER=cenlixing git push -q -f origin HEAD:main
contains "$ERR" "不是快进" && [ "$(head_of "$C")" = "$before" ] && ok "a non-fast-forward push is refused" || fail "non-ff: $ERR"
reset
run 1 env JIAOYAN_PUSHER=cenlixing git push -q origin :main
[ "$(head_of "$C")" = "$before" ] && contains "$ERR" "不能删除分支 main" && ok "deleting main is refused" || fail "delete main: $ERR"
# A campus server pushes its own school's work, not another's.
obs_path=$(git grep -l "^observer = caimingzhu" -- observations/2026-2027-1/s02 | head -1)
sed -i 's/^course = .*/course = 校区推送/' "$obs_path"
git commit -qam 本校 || fail "fixture: nothing changed in $obs_path"
push_as 0 JIAOYAN_PUSHER_SCHOOL s02 && ok "a campus server pushes its school's observation" || fail "school push own: $ERR"
git fetch -q origin && reset
sed -i 's/^course = .*/course = 越界/' "$o"
git commit -qam 别校 || fail "fixture: nothing changed in $o"
forged "a campus server cannot push another school's observation" "不是学校 s02 的人员" JIAOYAN_PUSHER_SCHOOL s02
# A local push without serve: each commit judged as its author.
sed -i 's/^name = .*/name = 作者不是管理员/' schools/s01.ini
GIT_AUTHOR_NAME=莫婉清 GIT_AUTHOR_EMAIL=mowanqing@jiaoyan git commit -qam 作者检查
before=$(head_of "$C")
run 1 git push -q origin HEAD:main
contains "$ERR" "只有牵头学校的管理员可以修改学校" && [ "$(head_of "$C")" = "$before" ] &&
	ok "without serve each new commit is judged as its author" || fail "author push: $ERR"
cd - > /dev/null

# ---- jiaoyan sync to a central by path runs git receive-pack, so the central's hook judges it as well ----
J s01 --user cenlixing sync --quiet || fail "s01 catches up before the forged push"
F="$T/forge"
git clone -q "$T/s01.git" "$F" 2> /dev/null && cd "$F" || exit 1
sed -i 's/^name = .*/name = 伪造的校名/' schools/s01.ini
GIT_AUTHOR_NAME=莫婉清 GIT_AUTHOR_EMAIL=mowanqing@jiaoyan git -c user.name=测试 -c user.email=test@jiaoyan commit -qam 伪造 &&
	git push -q origin HEAD:main || fail "fixture: a forged commit at s01"
cd - > /dev/null
before=$(head_of "$C") campus=$(head_of "$T/s01.git")
run 1 J s01 --user cenlixing sync
if contains "$ERR" "远程仓库拒绝了推送" && contains "$ERR" "只有牵头学校的管理员可以修改学校" && contains "$ERR" "refused this push" &&
	[ "$(head_of "$C")" = "$before" ] && [ "$(head_of "$T/s01.git")" = "$campus" ]; then
	ok "jiaoyan sync to a central by path is judged by its hook: refused with the hook's words, both heads unchanged"
else
	fail "forged sync: $ERR"
fi
git --git-dir="$T/s01.git" update-ref refs/heads/main "$campus~1" "$campus"
mkdir -p "$T/notrepo"
J s01 remote add bogus "$T/notrepo" > /dev/null
h=$(head_of "$T/s01.git")
run 3 J s01 --user cenlixing sync bogus
contains "$ERR" "'$T/notrepo'" && [ "$(head_of "$T/s01.git")" = "$h" ] &&
	ok "a directory that is no repository fails the sync with git's words" || fail "not a repository: $ERR"
J s01 remote rm bogus > /dev/null

# ---- [sync] auto = yes: a write syncs on its own, in the background ----
printf '[sync]\nremote = central\nauto = yes\n' > "$T/auto.ini"
before=$(head_of "$C")
A=$("$JY" -C "$T/s03.git" --config "$T/auto.ini" --user peizimo add observation kind=peer date=2026-11-22 \
	teacher=xiruolan course=自动同步 $SCORES) || fail "auto add"
i=0
while [ "$(head_of "$C")" = "$before" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
git --git-dir="$C" grep -q "^course = 自动同步" refs/heads/main -- observations &&
	ok "with auto = yes the new record reaches the central without a sync command" || fail "auto sync: central did not move"
[ "$(git --git-dir="$C" log -1 --format=%an refs/heads/main)" = 裴子墨 ] &&
	[ "$(J s03 remote list --format tsv | awk -F'\t' '$1 == "central" { print $4 }')" = ok ] &&
	ok "as its writer, and its result is where remote list reads it" || fail "auto sync state: $(J s03 remote list --format tsv)"
before=$(head_of "$C")
J s03 --user peizimo list observation > /dev/null
sleep 1
[ "$(head_of "$C")" = "$before" ] && ok "a command that wrote nothing starts no sync" || fail "read started a sync"

# ---- negotiation: a campus with more commits of its own since its last sync than libgit2 sends "have"s for (256)
# receives only what is new at the central, not the whole history again ----
N2="$T/n-central.git" P2="$T/n-campus.git"
# received: the objects of the packs that came since "$T/packs.before" was listed.
received() {
	got=0
	for idx in $(ls "$P2/objects/pack" | sort | comm -13 "$T/packs.before" - | grep '\.idx$'); do
		got=$((got + $(git show-index < "$P2/objects/pack/$idx" | wc -l)))
	done
	echo "$got"
}
"$JY" init --demo "$N2" > /dev/null && git clone -q --bare "$N2" "$P2" && git --git-dir="$P2" remote remove origin &&
	"$JY" -C "$P2" remote add central "$N2" > /dev/null || fail "negotiation fixture"
"$JY" -C "$N2" --user ruanzhiheng add observation kind=peer date=2026-11-20 teacher=mowanqing course=首次 $SCORES > /dev/null
ls "$P2/objects/pack" | sort > "$T/packs.before"
run 0 "$JY" -C "$P2" --user cenlixing sync --quiet
got=$(received)
[ "$got" -gt 0 ] && [ "$got" -le 20 ] && git --git-dir="$P2" grep -q "^course = 首次" refs/heads/main -- observations &&
	ok "the first sync of a clone receives $got objects for 1 new record, not the history" ||
	fail "first sync: received $got objects ($ERR)"
tip=$(head_of "$P2")
tree0=$(git --git-dir="$P2" rev-parse "$tip^{tree}")
i=0
while [ $i -lt 300 ]; do
	tip=$(git --git-dir="$P2" commit-tree "$tree0" -p "$tip" -m "本校提交 $i") || break
	i=$((i + 1))
done
git --git-dir="$P2" update-ref refs/heads/main "$tip"
"$JY" -C "$N2" --user ruanzhiheng add observation kind=peer date=2026-11-20 teacher=mowanqing course=协商 $SCORES > /dev/null ||
	fail "central add"
ls "$P2/objects/pack" | sort > "$T/packs.before"
all=$(git --git-dir="$N2" rev-list --objects refs/heads/main | wc -l)
run 0 "$JY" -C "$P2" --user cenlixing sync --quiet
got=$(received)
[ "$got" -gt 0 ] && [ "$got" -le 20 ] && [ "$all" -gt 200 ] &&
	ok "after 300 commits of its own a campus receives $got objects for 1 new record (the central holds $all)" ||
	fail "negotiation: received $got objects of $all ($ERR)"
git --git-dir="$P2" grep -q "^course = 协商" refs/heads/main -- observations && [ "$(tree n-campus)" = "$(tree n-central)" ] &&
	git --git-dir="$P2" fsck --strict --no-progress > /dev/null 2>&1 &&
	ok "and the record arrived, the trees are identical, git fsck is clean" || fail "negotiation result"
[ -z "$(ls -d "$P2"/jiaoyan-fetch.* 2> /dev/null)" ] && ok "the fetch's view of the repository is gone" ||
	fail "left: $(ls -d "$P2"/jiaoyan-fetch.*)"
dead=$(sh -c 'echo $$')
mkdir -p "$P2/jiaoyan-fetch.$dead/refs" && ln -s ../objects "$P2/jiaoyan-fetch.$dead/objects"
objs=$(git --git-dir="$P2" count-objects -v | sed -n 's/^in-pack: //p')
"$JY" -C "$N2" --user ruanzhiheng add observation kind=peer date=2026-11-20 teacher=mowanqing course=协商二 $SCORES > /dev/null
run 0 "$JY" -C "$P2" --user cenlixing sync --quiet
[ ! -e "$P2/jiaoyan-fetch.$dead" ] && [ "$(git --git-dir="$P2" count-objects -v | sed -n 's/^in-pack: //p')" -gt "$objs" ] &&
	git --git-dir="$P2" fsck --strict --no-progress > /dev/null 2>&1 &&
	ok "the view a killed sync left is removed by the next, through its link and not into the objects" ||
	fail "stale view: $(ls -d "$P2"/jiaoyan-fetch.* 2>&1) $ERR"
