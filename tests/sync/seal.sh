#!/bin/sh
# seal: a joint paper sealed at one campus and synced through the central repository to a member school — no word of
# it, nor which bank items it uses, in any commit of the member's clone (git grep and git log -p); outsiders cannot open
# it, not with a key of their own; wrong passphrases, tampered ciphertext and metadata are refused; release before its
# time is refused, after it every clone prints; the central hook refuses a plaintext paper pushed through git receive-pack.
. tests/lib/harness.sh
C="$T/central.git"
J() { repo=$1; shift; "$JY" -C "$T/$repo.git" "$@"; }
printf 'suyuan-pass-1\n' > "$T/p.su"
printf 'yanshuyao-pass\n' > "$T/p.yan"
printf 'caimingzhu-pass\n' > "$T/p.cai"
printf 'wrong-passphrase\n' > "$T/p.bad"
# AS REPO USER PASSFILE CMD…: a person at one machine — each campus keeps its people's secret keys in its own place.
AS() {
	repo=$1 user=$2 pass=$3
	shift 3
	env JIAOYAN_KEY_DIR="$T/keys-$repo" JIAOYAN_PASSPHRASE_FILE="$pass" "$JY" -C "$T/$repo.git" --user "$user" "$@"
}
sync() { J "$1" --user cenlixing sync --quiet || fail "sync $1: $(J "$1" --user cenlixing sync 2>&1 | tail -2)"; }

run 0 "$JY" init --demo "$C" || { fail "central"; exit 1; }
for s in s01 s02; do
	git clone -q --bare "$C" "$T/$s.git" && git --git-dir="$T/$s.git" remote remove origin &&
		J "$s" remote add central "$C" > /dev/null || fail "campus $s"
done
E=$(J central exam list --format tsv | awk -F'\t' '$4 == "网店运营期末联考" { print $1 }')
ok "a central repository, the campuses s01 and s02, the demo exam $E"

# ---- keys at two machines, the public halves synced ----
AS s01 suyuan "$T/p.su" key gen > /dev/null && AS central yanshuyao "$T/p.yan" key gen > /dev/null || fail "key gen"
sync s01
sync s01
[ "$(J s01 get person/yanshuyao pubkey | cut -c1-4)" = jy1: ] && [ "$(J central get person/suyuan pubkey | cut -c1-4)" = jy1: ] &&
	ok "each member's public key reached the other through the central" || fail "pubkeys"
[ -f "$T/keys-s01/suyuan.key" ] && [ ! -e "$T/keys-s01/yanshuyao.key" ] && ! git --git-dir="$C" log -p --all | grep -q "^box " &&
	ok "secret keys stay where they were made, never in a repository" || fail "secret keys"

# ---- sealed at s01, synced to s02 ----
run 0 AS s01 suyuan "$T/p.su" exam assemble "$E" --seed 11 && ok "suyuan assembles and seals at s01" || fail "assemble: $ERR"
AS s01 suyuan "$T/p.su" exam print "$E" --paper A --key --format md > "$T/key.md" || fail "print key at s01"
STEM=$(grep -E '^1\. ' "$T/key.md" | sed -E 's/^1\. //; s/（[0-9.]+ 分）$//')
IDS=$(sed -n 's/.*| \([0-9a-z]\{26\}\)（[0-9]*） |$/\1/p' "$T/key.md")
[ -n "$STEM" ] && [ "$(printf '%s\n' "$IDS" | grep -c .)" = 14 ] && ok "the committee's key names the 14 items ($STEM …)" || fail "key: $IDS"
sync s01
sync s02
[ "$(J s02 exam list --format tsv | awk -F'\t' -v e="$E" '$1 == e { print $8 }')" = "A 已密封" ] && ok "s02 has the exam and sees 已密封" || fail "s02 list"
S2="$T/s02.git"
commits=$(git --git-dir="$S2" rev-list --all | wc -l)
hits=$(git --git-dir="$S2" grep -c -F "$STEM" $(git --git-dir="$S2" rev-list --all) -- exams 2> /dev/null | wc -l)
# The same search does find what is there: the seal under exams/, the stem in the (plain) bank.
seals=$(git --git-dir="$S2" grep -c -F "jiaoyan-seal" $(git --git-dir="$S2" rev-list --all) -- exams 2> /dev/null | wc -l)
bank=$(git --git-dir="$S2" grep -c -F "$STEM" refs/heads/main -- questions 2> /dev/null | wc -l)
[ "$seals" -ge 1 ] && [ "$bank" -ge 1 ] || fail "the searches themselves: seals $seals, bank $bank"
logp=$(git --git-dir="$S2" log -p --all -- exams | grep -c -F "$STEM")
[ "$hits" = 0 ] && [ "$logp" = 0 ] && ok "no commit of s02's clone ($commits) holds the stem under exams/ (git grep, git log -p)" ||
	fail "plaintext: $hits $logp"
leaked=0
for id in $IDS; do
	n=$(git --git-dir="$S2" log -p --all -- exams | grep -c "$id")
	[ "$n" = 0 ] || leaked=$((leaked + 1))
done
[ "$leaked" = 0 ] && ok "nor which bank items the paper uses (no item id in any version of exams/)" || fail "ids leaked: $leaked"
git --git-dir="$S2" log -p --all -- exams | grep -q "^+magic = jiaoyan-seal" && ok "what is there is a seal" || fail "no seal"

# ---- who opens it ----
run 1 AS s02 caimingzhu "$T/p.cai" exam print "$E" --paper A && contains "$ERR" "已密封" && ok "a teacher at s02 cannot print it" ||
	fail "outsider print: $ERR"
AS s02 caimingzhu "$T/p.cai" key gen > /dev/null || fail "outsider key"
run 1 AS s02 caimingzhu "$T/p.cai" exam check "$E" && contains "$ERR" "已密封" && ok "not even with a key of their own" ||
	fail "outsider with key: $ERR"
run 1 AS s01 suyuan "$T/p.bad" exam print "$E" --paper A && contains "$ERR" "口令不对" && ok "a wrong passphrase is refused" ||
	fail "wrong passphrase: $ERR"
sync s01
run 0 AS central yanshuyao "$T/p.yan" exam check "$E" && contains "$OUT" "✓" && ok "the other member opens it at the central, with their key" ||
	fail "member check: $ERR"

# ---- tampering: each in a throw-away commit at s01, taken back after ----
S1="$T/s01.git"
P=$(git --git-dir="$S1" ls-tree -r --name-only refs/heads/main exams | grep "/$E/a.ini$")
good=$(git --git-dir="$S1" rev-parse refs/heads/main)
tamper() { # tamper SED-EXPRESSION MESSAGE: rewrites the paper in a new commit
	git --git-dir="$S1" show "$good:$P" | sed "$1" > "$T/t.ini"
	b=$(git --git-dir="$S1" hash-object -w "$T/t.ini")
	GIT_INDEX_FILE="$T/idx" git --git-dir="$S1" read-tree "$good"
	GIT_INDEX_FILE="$T/idx" git --git-dir="$S1" update-index --cacheinfo "100644,$b,$P"
	t=$(GIT_INDEX_FILE="$T/idx" git --git-dir="$S1" write-tree)
	git --git-dir="$S1" update-ref refs/heads/main "$(git --git-dir="$S1" commit-tree "$t" -p "$good" -m "$2")"
}
tamper '0,/^part\.1 = \(.\)\(.\)/s//part.1 = \2\1/' 改密文
run 1 AS s01 suyuan "$T/p.su" exam print "$E" --paper A && contains "$ERR" "签名不符" && ok "tampered ciphertext is refused" ||
	fail "tampered body: $ERR"
run 1 J s01 check && contains "$OUT$ERR" "签名不符" && ok "and jiaoyan check reports it" || fail "check tampered: $OUT $ERR"
tamper 's/^release = .*/release = 2026-11-01T08:00/' 改时间
run 1 AS s01 suyuan "$T/p.su" exam print "$E" --paper A && contains "$ERR" "签名不符" && ok "a seal moved to another release time is refused" ||
	fail "tampered release: $ERR"
git --git-dir="$S1" update-ref refs/heads/main "$good"

# ---- release ----
REL=$(J s01 get "exam/$E" release)
AFTER=$(date -u -d "${REL%T*} ${REL#*T} 1 minute" +%Y-%m-%dT%H:%M:%S)
before=$(head_of "$S1")
run 1 AS s01 suyuan "$T/p.su" exam release "$E" && contains "$ERR" "还没到" && [ "$(head_of "$S1")" = "$before" ] &&
	ok "release before the release time is refused, nothing written" || fail "early release: $ERR"
run 0 env JIAOYAN_NOW="$AFTER" JIAOYAN_KEY_DIR="$T/keys-s01" JIAOYAN_PASSPHRASE_FILE="$T/p.su" "$JY" -C "$S1" --user suyuan exam release "$E" &&
	ok "at its time suyuan releases it" || fail "release: $ERR"
JIAOYAN_NOW="$AFTER" J s01 --user cenlixing sync --quiet && JIAOYAN_NOW="$AFTER" J s02 --user cenlixing sync --quiet || fail "sync release"
run 0 env JIAOYAN_NOW="$AFTER" "$JY" -C "$S2" --user caimingzhu exam print "$E" --paper A --format md && contains "$OUT" "$STEM" &&
	ok "after release the teacher at s02 prints it, no key needed" || fail "print at s02: $ERR"
run 0 env JIAOYAN_NOW="$AFTER" "$JY" -C "$C" --user cenlixing exam print "$E" --paper A && contains "$OUT" "学号" &&
	ok "and so does the central" || fail "print at central: $ERR"

# ---- the central hook refuses a plaintext paper, pushed through a real git receive-pack ----
run 0 "$JY" hook install "$C" || fail "hook install"
W="$T/w"
git clone -q "$C" "$W" 2> /dev/null
cd "$W" || exit 1
git config user.name 苏予安
git config user.email suyuan@jiaoyan
dir=$(dirname "$P")
printf '[paper]\nterm = %s\nexam = %s\npaper = b\nsealed_at = 2026-11-22 09:30\n\n[item.1]\nstem = %s\n' \
	"$(echo "$dir" | cut -d/ -f2)" "$E" "$STEM" > "$dir/b.ini"
git add "$dir/b.ini" && git commit -qm 明文试卷
before=$(head_of "$C")
run 1 env JIAOYAN_PUSHER=suyuan git push -q origin HEAD:main
contains "$ERR" "不是完好的密封试卷" && contains "$ERR" "b.ini" && [ "$(head_of "$C")" = "$before" ] &&
	ok "the hook refuses a plaintext paper from a committee member; the central's main did not move" || fail "hook plaintext: $ERR"
git reset -q --hard origin/main
# A seal beside a plaintext key is refused too.
sed -i "0,/^\[seal\]/s//[seal]\nstem = x/" "$P"
git commit -qam 密封旁的明文
run 1 env JIAOYAN_PUSHER=suyuan git push -q origin HEAD:main
contains "$ERR" "不是完好的密封试卷" && [ "$(head_of "$C")" = "$before" ] && ok "and a seal with a plaintext key beside it" || fail "hook seal+stem: $ERR"
cd - > /dev/null
