#!/bin/sh
# gc: incremental and geometric packing by git, safe beside writers and kill -9; automatic packing never blocks an add.
. tests/lib/harness.sh
. tests/lib/fixture.sh

packs() { ls "$R/objects/pack" | grep '\.pack$' | sort; }
loose() { (cd "$R/objects" && find ?? -type f 2>/dev/null | wc -l); }
obs_count() { git --git-dir="$R" ls-tree -r main observations | wc -l; }
# N unreachable loose blobs named by TAG, written as git writes them (unpack-objects), to give git repack real work.
# Deterministic: 3000 of tag "auto" put 14 in objects/17, which the ~2000 estimate of automatic packing counts.
junk() {
	rm -rf "$T/junk.git" && git init -q --bare "$T/junk.git" &&
		python3 -c "import sys
for i in range($1):
    d = ('废料 %d %s\n' % (i, '$2')).encode()
    sys.stdout.buffer.write(b'blob\ndata %d\n%s\n' % (len(d), d))" | git --git-dir="$T/junk.git" fast-import --quiet &&
		git --git-dir="$T/junk.git" cat-file --batch-all-objects --batch-check='%(objectname)' |
		git --git-dir="$T/junk.git" pack-objects -q --stdout | git --git-dir="$R" unpack-objects -q
}
# Waits for a background pack (it holds the pack lock while it runs).
pack_done() { flock -w 120 "$R/jiaoyan-gc.lock" true; }
export JIAOYAN_LOCK_TIMEOUT=120

check "fixture" fixture_init
packs > "$T/packs0"
loose0=$(loose)
for i in 1 2 3; do add_obs course=课程$i > /dev/null; done
[ "$(loose)" -eq "$loose0" ] && [ "$(packs | wc -l)" -eq $(($(wc -l < "$T/packs0") + 3)) ] &&
	ok "each add writes its objects as one pack, none loose" || fail "loose objects: $(loose), packs: $(packs | wc -l)"
junk 30 loose

# ---- incremental ----
check "gc packs what is loose" run 0 "$JY" -C "$R" gc
[ "$(loose)" -eq 0 ] && ok "no loose object left" || fail "loose after gc: $(loose)"
check "git fsck --strict is clean after gc" git --git-dir="$R" fsck --strict --no-progress --no-dangling
packs > "$T/packs1"
check "a second gc with nothing new succeeds" run 0 "$JY" -C "$R" gc
packs > "$T/packs2"
cmp -s "$T/packs1" "$T/packs2" && ok "a second gc with nothing new writes no pack and deletes none" ||
	fail "packs changed: $(diff "$T/packs1" "$T/packs2" | tr '\n' ' ')"
add_obs course=新的一条 > /dev/null
check "gc after one more record" run 0 "$JY" -C "$R" gc
packs > "$T/packs3"
[ -z "$(comm -23 "$T/packs2" "$T/packs3")" ] && [ "$(wc -l < "$T/packs3")" -eq $(($(wc -l < "$T/packs2") + 1)) ] &&
	ok "one new record: one small new pack, the old packs untouched" || fail "packs: $(cat "$T/packs3" | tr '\n' ' ')"

# ---- geometric: batches of commits, each followed by gc, keep the number of packs logarithmic ----
for b in 1 2 3 4 5 6 7 8 9 10; do
	add_obs course=批次$b-1 > /dev/null && add_obs course=批次$b-2 > /dev/null && "$JY" -C "$R" gc || fail "batch $b"
done
n=$(packs | wc -l)
[ "$n" -le 4 ] && ok "after 11 rounds of commits and gc, $n packs (geometric merging)" || fail "packs after 11 rounds: $n"
check "git fsck --strict is clean after the rounds" git --git-dir="$R" fsck --strict --no-progress --no-dangling
[ "$(obs_count)" -eq 24 ] && ok "every record of the rounds is there" || fail "observations: $(obs_count)"

# ---- what gc prunes: old unreachable loose objects; a writer's fresh ones stay (packed) ----
old=$(echo "旧的无用对象 $UNIQ" | git --git-dir="$R" hash-object -w --stdin)
fresh=$(echo "写入中的对象 $UNIQ" | git --git-dir="$R" hash-object -w --stdin)
touch -d '3 weeks ago' "$R/objects/$(echo "$old" | cut -c1-2)/$(echo "$old" | cut -c3-)"
check "gc with old and fresh unreachable loose objects" run 0 "$JY" -C "$R" gc
git --git-dir="$R" cat-file -e "$fresh" && ok "a fresh unreachable object (a writer in flight) is kept" ||
	fail "fresh object removed"
git --git-dir="$R" cat-file -e "$old" 2> /dev/null && fail "an unreachable object three weeks old is kept" ||
	ok "an unreachable object three weeks old is pruned"

# ---- a writer committing during gc loses nothing ----
commits=$(git --git-dir="$R" rev-list --count main)
before=$(obs_count)
junk 2500 a
(
	i=0
	while [ $i -lt 15 ]; do
		add_obs course=并发$i >> "$T/w.out" 2>> "$T/w.err" || echo "fail $i" >> "$T/w.fail"
		i=$((i + 1))
	done
) &
writer=$!
rounds=0
while kill -0 $writer 2> /dev/null; do
	"$JY" -C "$R" gc 2>> "$T/gc.err" || echo "gc failed" >> "$T/gc.fail"
	rounds=$((rounds + 1))
	junk 500 "r$rounds"
done
wait $writer
pack_done
[ ! -s "$T/w.fail" ] && ok "15 adds during $rounds gc runs all succeeded" || fail "adds failed: $(head -3 "$T/w.err")"
[ ! -s "$T/gc.fail" ] && ok "every gc beside the writer succeeded" || fail "gc failed: $(head -3 "$T/gc.err")"
check "git fsck --strict is clean after gc beside a writer" git --git-dir="$R" fsck --strict --no-progress --no-dangling
[ "$(obs_count)" -eq $((before + 15)) ] && ok "all 15 records are in the tree" || fail "records: $(obs_count), want $((before + 15))"
[ "$(git --git-dir="$R" rev-list --count main)" -eq $((commits + 15)) ] && ok "all 15 commits are on main" ||
	fail "commits: $(git --git-dir="$R" rev-list --count main), want $((commits + 15))"
check "check passes after gc beside a writer" run 0 "$JY" -C "$R" check

# ---- kill -9 of gc mid-way (git too) ----
junk 3000 k
setsid "$JY" -C "$R" gc > /dev/null 2>&1 &
gc=$!
i=0
while [ $i -lt 100 ] && ! ls "$R/objects/pack" | grep -q '^tmp_'; do sleep 0.02; i=$((i + 1)); done
kill -9 -- -$gc 2> /dev/null
wait $gc 2> /dev/null
check "git fsck --strict is clean after gc was killed" git --git-dir="$R" fsck --strict --no-progress --no-dangling
check "records read after gc was killed" run 0 "$JY" -C "$R" get observation/"$(sed -n 1p "$T/w.out")" course
check "an add after gc was killed" run 0 add_obs course=杀后
check "the next gc works" run 0 "$JY" -C "$R" gc
[ "$(loose)" -eq 0 ] && ok "and packs everything loose" || fail "loose after gc: $(loose)"
check "git fsck --strict is clean after the next gc" git --git-dir="$R" fsck --strict --no-progress --no-dangling

# ---- automatic packing: in the background, never blocking an add ----
junk 3000 auto
mkfifo "$T/hold"
flock -o "$R/jiaoyan-gc.lock" sh -c 'read x' < "$T/hold" &
holder=$!
exec 8> "$T/hold"
i=0
while [ $i -lt 200 ] && flock -n "$R/jiaoyan-gc.lock" true; do sleep 0.02; i=$((i + 1)); done
h=$(head_of "$R")
check "an add while a gc holds the pack lock succeeds" run 0 add_obs course=锁住时
[ -z "$ERR" ] && ok "and says nothing about packing" || fail "add said: $ERR"
[ "$(head_of "$R")" != "$h" ] && ok "the add committed" || fail "HEAD did not move"
[ "$(loose)" -ge 3000 ] && ok "packing was skipped while the lock was held" || fail "loose: $(loose)"
exec 8>&-
wait $holder
check "an add with many loose objects succeeds" run 0 add_obs course=自动打包
check "the background pack finishes" pack_done
[ "$(loose)" -lt 100 ] && ok "the background pack packed the loose objects ($(loose) left)" || fail "loose: $(loose)"
check "git fsck --strict is clean after the background pack" git --git-dir="$R" fsck --strict --no-progress --no-dangling
check "check passes at the end" run 0 "$JY" -C "$R" check

# ---- automatic merging of the packs adds write: past 16, in the background ----
check "gc before the adds" run 0 "$JY" -C "$R" gc
for i in $(seq 1 20); do add_obs course=包$i > /dev/null || fail "add $i"; done
check "the background merge finishes" pack_done
n=$(packs | wc -l)
[ "$n" -le 16 ] && ok "20 adds in a row leave $n packs (merged past 16)" || fail "packs after 20 adds: $n"
[ "$(loose)" -eq 0 ] && ok "and nothing loose" || fail "loose after 20 adds: $(loose)"
check "git fsck --strict is clean after the merges" git --git-dir="$R" fsck --strict --no-progress --no-dangling
last=$(add_obs course=最后)
first=$(sed -n 1p "$T/w.out")
[ "$("$JY" -C "$R" get observation/"$last" course)" = 最后 ] && [ "$("$JY" -C "$R" get observation/"$first" course)" = 并发0 ] &&
	ok "records old and new read after the merges" || fail "records after the merges"

# ---- a full disk: the pack of a commit cannot be written, the add fails, nothing moves or is left half-written ----
# A private mount namespace with a 16 MB tmpfs holding a copy of the repository, filled to the last block.
cat > "$T/full.sh" << 'END'
M=$1 JY=$2 O=$3
shift 3
mount -t tmpfs -o size=16m none "$M" || exit 99
cp -a "$R" "$M/repo" || exit 98
git --git-dir="$M/repo" rev-parse main > "$O/head0"
dd if=/dev/zero of="$M/fill" bs=4k 2> /dev/null
"$JY" -C "$M/repo" --user wangfang add observation kind=peer date=2026-11-20 teacher=lina course=满盘 \
	class=物联网2401 "$@" > "$O/out" 2> "$O/err"
echo $? > "$O/rc"
git --git-dir="$M/repo" rev-parse main > "$O/head1"
git --git-dir="$M/repo" fsck --strict --no-progress --no-dangling > "$O/fsck" 2>&1 && echo ok >> "$O/fsck"
ls "$M/repo/objects/pack" > "$O/files"
rm -f "$M/fill"
"$JY" -C "$M/repo" --user wangfang add observation kind=peer date=2026-11-20 teacher=lina course=有空 \
	class=物联网2401 "$@" > "$O/out2" 2>&1
echo $? > "$O/rc2"
git --git-dir="$M/repo" fsck --strict --no-progress --no-dangling > "$O/fsck2" 2>&1 && echo ok >> "$O/fsck2"
END
F="$T/full"
mkdir -p "$F/m"
st=99
# shellcheck disable=SC2086
[ "$(id -u)" -eq 0 ] && command -v unshare > /dev/null &&
	{ R="$R" unshare -m --propagation private sh "$T/full.sh" "$F/m" "$JY" "$F" $SCORES; st=$?; }
if [ "$st" -ne 99 ]; then
	[ "$st" -eq 0 ] && [ -s "$F/rc" ] && ok "disk full: the case ran" || fail "disk full: the case did not run (status $st)"
	[ "$(cat "$F/rc")" -ne 0 ] && grep -q '提交失败：磁盘已满，请清理空间后重试。' "$F/err" &&
		grep -q 'No space left on device' "$F/err" &&
		ok "disk full: the add fails and says why ($(head -c 160 "$F/err"))" ||
		fail "disk full: exit $(cat "$F/rc"), said: $(cat "$F/err")"
	cmp -s "$F/head0" "$F/head1" && ok "disk full: HEAD did not move" || fail "disk full: HEAD moved"
	tail -n 1 "$F/fsck" | grep -qx ok && ok "disk full: git fsck --strict is clean" ||
		fail "disk full: fsck: $(cat "$F/fsck")"
	left=$(grep -v '^pack-[0-9a-f]*\.\(pack\|idx\)$' "$F/files")
	[ -z "$left" ] && ok "disk full: no temporary pack file is left behind" || fail "disk full: left behind: $left"
	[ "$(cat "$F/rc2")" -eq 0 ] && tail -n 1 "$F/fsck2" | grep -qx ok &&
		ok "disk full: once space is freed the same add works and fsck is clean" ||
		fail "disk full, then freed: $(cat "$F/out2") $(cat "$F/fsck2")"
else
	ok "# SKIP the full-disk case needs root, unshare -m and a tmpfs mount of its own"
fi

# ---- git's environment of the user does not leak in ----
check "gc ignores a GIT_DIR and GIT_OBJECT_DIRECTORY of the caller" run 0 env GIT_DIR=/nonexistent \
	GIT_OBJECT_DIRECTORY=/nonexistent "$JY" -C "$R" gc
echo "# $_n tests"
