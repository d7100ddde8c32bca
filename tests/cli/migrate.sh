#!/bin/sh
# migrate: a repository made before sharding moves to month directories in one commit, bytes unchanged, history whole.
. tests/lib/harness.sh

R="$T/legacy.git"
git init -q --bare "$R"
python3 tools/bench-gen.py gen 1500 --legacy | git --git-dir="$R" fast-import --quiet || fail "fixture: bench-gen --legacy"
J() { "$JY" -C "$R" "$@"; }
tree() { git --git-dir="$R" ls-tree -r refs/heads/main "$@"; }

# The month directory of a generated id, by Python (an outside client): 48-bit ms, Crockford base32.
cat > "$T/month.py" << 'EOF'
import sys, time
B = "0123456789abcdefghjkmnpqrstvwxyz"
def month(i):
    ms = 0
    for c in i[:10]:
        ms = ms * 32 + B.index(c)
    return time.strftime("%Y-%m", time.gmtime(ms // 1000))
# "mode type blob\tpath" lines of legacy files → "blob sharded-path"
for line in sys.stdin:
    meta, path = line.rstrip("\n").split("\t")
    d, f = path.rsplit("/", 1)
    print(meta.split()[2], "%s/%s/%s" % (d, month(f[:-4]), f))
EOF
tree observations questions | awk -F'\t' '{ n = split($2, p, "/"); if (n == 4) print }' > "$T/legacy"
n=$(grep -c . "$T/legacy")
[ "$n" -gt 1000 ] && ok "the fixture files $n observations and questions in the legacy layout" || fail "fixture has $n legacy files"

# ---- before: everything reads ----
id=$(sed -n '5s/.*observations\/[^/]*\/[^/]*\/\([^.]*\)\.ini$/\1/p' "$T/legacy")
qid=$(grep -m1 'questions/' "$T/legacy" | sed 's/.*\/\([^.]*\)\.ini$/\1/')
run 0 J show "$id" --format text && show_before=$OUT || fail "show by bare id before"
contains "$show_before" "id = $id" && ok "a bare id resolves in the legacy layout" || fail "bare id before"
run 0 J show "question/$qid" --format text && contains "$OUT" "id = $qid" && ok "TYPE/ID resolves in the legacy layout" || fail "TYPE/ID before"
run 0 J --user bench edit "$id" text.problems=迁移前修改 && ok "a legacy record is edited where it is" || fail "edit before: $ERR"
tree observations | grep -q "/$id.ini" && [ "$(tree observations | grep "/$id.ini" | cut -f2 | tr -cd / | wc -c)" = 3 ] &&
	ok "the edit kept the legacy path" || fail "edit moved the record"
run 0 J show "$id" --format text && show_before=$OUT
run 0 J history "$id" && hist_before=$OUT
[ "$(printf '%s\n' "$hist_before" | grep -c .)" = 2 ] && ok "history before: the fixture's commit and the edit" || fail "history before: $hist_before"
# The tsv without its path column, sorted.
strip() { awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "path") p = i } { if (p) $p = ""; print }' OFS='\t' | sort; }
run 0 J list observation --format tsv && list_before=$(printf '%s\n' "$OUT" | strip)
run 0 J list question --format tsv && qlist_before=$(printf '%s\n' "$OUT" | strip)
# (bench-gen's questions lack fields check wants: only the layout line matters here)
OUT=$(J check 2> /dev/null)
contains "$OUT" "$n 条记录仍在旧目录布局中" && contains "$OUT" "jiaoyan migrate" && ok "check counts the legacy records and names migrate" ||
	fail "check hint: $OUT"

# ---- refusals and the dry run write nothing ----
tree observations questions | awk -F'\t' '{ n = split($2, p, "/"); if (n == 4) print }' > "$T/legacy" # after the edit
h=$(head_of "$R")
refuses "a non-admin may not migrate" 1 "只有管理员可以迁移目录布局" J --user t00000 migrate
[ "$(head_of "$R")" = "$h" ] && ok "refused migrate leaves HEAD" || fail "refused migrate moved HEAD"
run 0 J --user bench migrate --dry-run
contains "$OUT" "将移动 $n 条记录" && [ "$(head_of "$R")" = "$h" ] && ok "--dry-run says what would move and writes nothing" ||
	fail "dry run: $OUT"

# ---- the migration: one commit, the same blobs at the new paths ----
run 0 J --user bench migrate
contains "$OUT" "已移动 $n 条记录" && ok "migrate moves $n records" || fail "migrate: $OUT $ERR"
[ "$(git --git-dir="$R" rev-parse refs/heads/main~1)" = "$h" ] && ok "in one commit" || fail "not one commit"
msg=$(git --git-dir="$R" log -1 --format=%s refs/heads/main)
contains "$msg" "目录分层：$n 条记录移入按月分层的目录（内容不变）" && ok "with a readable message" || fail "message: $msg"
[ "$(git --git-dir="$R" log -1 --format=%an refs/heads/main)" = 基准测试 ] && ok "authored by the admin" || fail "author"
python3 "$T/month.py" < "$T/legacy" | sort > "$T/want"
tree observations questions | awk -F'\t' '{ split($1, m, " "); print m[3], $2 }' | sort > "$T/have"
cmp -s "$T/want" "$T/have" && ok "every file is at its month directory with the same blob id, and nothing else" ||
	{ fail "blobs or paths differ"; diff "$T/want" "$T/have" | head -5 | sed "s/^/# /"; }
git --git-dir="$R" fsck --strict --no-progress 2> "$T/fsck" && ok "git fsck --strict is clean" || fail "fsck: $(cat "$T/fsck")"
git --git-dir="$R" diff --stat -M refs/heads/main~1 refs/heads/main | tail -1 | grep -q "$n files changed, 0 insertions(+), 0 deletions(-)" &&
	ok "git sees $n pure renames" || fail "git diff: $(git --git-dir="$R" diff --stat -M refs/heads/main~1 refs/heads/main | tail -1)"

# ---- after: the same records, found the same ways, history whole ----
run 0 J show "$id" --format text
[ "$OUT" = "$show_before" ] && ok "show by bare id is identical after" || fail "show after differs"
run 0 J show "question/$qid" --format text && contains "$OUT" "id = $qid" && ok "TYPE/ID resolves after" || fail "TYPE/ID after"
term=$(printf '%s\n' "$show_before" | sed -n 's/^term = //p')
school=$(printf '%s\n' "$show_before" | sed -n 's/^school = //p')
run 0 J show "observation/$term/$school/$id" --format text && [ "$OUT" = "$show_before" ] &&
	ok "TYPE/TERM/SCHOOL/ID resolves after" || fail "composite spec after: $ERR"
run 0 J history "$id"
[ "$(printf '%s\n' "$OUT" | sed -n '2,$p')" = "$hist_before" ] &&
	[ "$(printf '%s\n' "$OUT" | grep -c .)" = 3 ] && contains "$(printf '%s\n' "$OUT" | sed -n 1p)" "目录分层" &&
	ok "history shows the migration, then every commit before it" || fail "history after: $OUT"
run 0 J list observation --format tsv && list_after=$(printf '%s\n' "$OUT" | strip)
[ "$list_before" = "$list_after" ] && ! contains "$list_before" "/20" 2> /dev/null &&
	[ "$(printf '%s\n' "$list_after" | grep -c .)" -gt 1000 ] && ok "list observation is identical but for paths" ||
	fail "list differs"
run 0 J list question --format tsv
[ "$qlist_before" = "$(printf '%s\n' "$OUT" | strip)" ] && ok "list question too" || fail "question list differs"
OUT=$(J check 2> /dev/null)
! contains "$OUT" "旧目录布局" 2> /dev/null && ok "check has no legacy hint after" || fail "check after: $OUT"

# ---- idempotent ----
h=$(head_of "$R")
run 0 J --user bench migrate
contains "$OUT" "无需迁移" && [ "$(head_of "$R")" = "$h" ] && ok "a second run has nothing to do and commits nothing" || fail "second run: $OUT"

# ---- a campus that had not migrated edits the old path, and a sync brings both ----
# Built with git plumbing, as a merge would leave it: the sharded file and its legacy path, each changed.
sharded=$(tree observations | grep "/$id.ini" | cut -f2)
legacy=$(printf '%s\n' "$sharded" | sed 's#/[0-9]\{4\}-[0-9][0-9]/\([^/]*\)$#/\1#')
oid2=$(tree observations | cut -f2 | sed -n '7p')
id2=$(basename "$oid2" .ini)
legacy2=$(printf '%s\n' "$oid2" | sed 's#/[0-9]\{4\}-[0-9][0-9]/\([^/]*\)$#/\1#')
run 0 J --user bench edit "$id2" text.strengths=新路径的值 && [ "$(tree observations | grep -c "/$id2.ini")" = 1 ] || fail "edit sharded: $ERR"
GIT_INDEX_FILE="$T/idx" git --git-dir="$R" read-tree refs/heads/main
git --git-dir="$R" show "refs/heads/main:$sharded" | sed 's/^period = .*/period = 旧校区改的节次/' > "$T/l1.ini"
git --git-dir="$R" show "refs/heads/main~1:$oid2" | sed 's/^strengths = .*/strengths = 旧路径的值/' > "$T/l2.ini"
for f in 1 2; do
	eval "p=\$legacy$( [ $f = 1 ] || echo 2 )"
	b=$(git --git-dir="$R" hash-object -w "$T/l$f.ini")
	GIT_INDEX_FILE="$T/idx" git --git-dir="$R" update-index --add --cacheinfo "100644,$b,$p"
done
# A third record whose old copy is byte-identical (both campuses migrated it alike, one left the old one).
oid3=$(tree observations | cut -f2 | sed -n '9p')
legacy3=$(printf '%s\n' "$oid3" | sed 's#/[0-9]\{4\}-[0-9][0-9]/\([^/]*\)$#/\1#')
GIT_INDEX_FILE="$T/idx" git --git-dir="$R" update-index --add --cacheinfo "100644,$(git --git-dir="$R" rev-parse "refs/heads/main:$oid3"),$legacy3"
t=$(GIT_INDEX_FILE="$T/idx" git --git-dir="$R" write-tree)
git --git-dir="$R" update-ref refs/heads/main "$(git --git-dir="$R" commit-tree "$t" -p refs/heads/main -m 未迁移的校区)"
run 1 J show "$id"
contains "$ERR" "对应多条记录" && ok "with both paths, a bare id names both records" || fail "both: $ERR"
OUT=$(J check 2> /dev/null)
contains "$OUT" "3 条记录仍在旧目录布局中" && ok "check counts them" || fail "check both: $OUT"
h=$(head_of "$R")
run 0 J --user bench migrate
contains "$OUT" "$legacy 与 $sharded 是同一条记录" && contains "$OUT" "合并 3 条" && contains "$OUT" "冲突记录 1 条" &&
	ok "migrate reports each record found at both paths" || fail "both report: $OUT"
[ "$(git --git-dir="$R" rev-parse refs/heads/main~1)" = "$h" ] && ok "in one commit" || fail "both: commits"
tree observations | cut -f2 | grep -q -e "^$legacy\$" -e "^$legacy2\$" -e "^$legacy3\$" && fail "a legacy path is left" ||
	ok "no legacy path is left"
run 0 J get "$id" period
[ "$OUT" = 旧校区改的节次 ] && ok "an edit made only at the old path is kept" || fail "old-path edit lost: $OUT"
run 0 J get "$id2" text.strengths
[ "$OUT" = 新路径的值 ] && ok "where both changed a key the new path's value stays" || fail "both changed: $OUT"
run 0 J list conflict --format tsv
contains "$OUT" "$oid2" && ok "and a conflict record names the record" || fail "no conflict: $OUT"
cid=$(printf '%s\n' "$OUT" | awk -F'\t' -v p="$oid2" '$0 ~ p { print $1 }' | head -1)
run 0 J get "conflict/$cid" theirs && [ "$OUT" = 旧路径的值 ] && ok "holding the old path's value" || fail "conflict theirs: $OUT"
id3=$(basename "$oid3" .ini)
run 0 J show "$id3" && ok "an identical old copy is simply dropped" || fail "identical: $ERR"
git --git-dir="$R" fsck --strict --no-progress 2> /dev/null && ok "git fsck is clean after the merge" || fail "fsck after merge"

# ---- the bench's densest term and school: no directory past 1,000 after migration ----
B="$T/bench.git"
git init -q --bare "$B"
python3 tools/bench-gen.py gen 100000 --legacy | git --git-dir="$B" fast-import --quiet || fail "fixture: bench 100000"
big() { git --git-dir="$B" ls-tree -r --name-only refs/heads/main "$@" | awk -F/ '{ NF--; print }' OFS=/ | sort | uniq -c | sort -rn | head -1; }
before=$(big observations)
run 0 "$JY" -C "$B" --user bench migrate || fail "bench migrate: $ERR"
after=$(big observations questions)
[ "${before% *}" -gt 2000 ] && [ "${after% *}" -lt 1000 ] &&
	ok "the largest observation or question directory: $before before, $after after" || fail "largest: $before → $after"
