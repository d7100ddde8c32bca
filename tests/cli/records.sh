#!/bin/sh
# records: every generic command's success path and bad-input path (exit code, message, HEAD unchanged).
. tests/lib/harness.sh
. tests/lib/fixture.sh

check "init creates a repository and the fixture" fixture_init
refuses "init refuses an existing repository" 1 "这里已经有数据仓库" "$JY" init "$R"
contains "$ERR" "$R" || fail "init message names the path"

refuses "unknown type is a usage error (2)" 2 "没有记录类型「robot」" "$JY" -C "$R" --user admin add robot name=x
refuses "unknown option is a usage error (2)" 2 "没有选项「--frobnicate」" "$JY" --frobnicate
check "--help works" run 0 "$JY" --help
contains "$OUT" "用法" && ok "--help is Chinese by default" || fail "--help is Chinese by default"
check "add --help works" run 0 "$JY" add --help
contains "$OUT" "KEY=VALUE" && ok "add --help shows usage" || fail "add --help shows usage"

h=$(head_of "$R")
refuses "a write without identity is refused once people exist" 1 "无法确定你是谁" "$JY" -C "$R" add school id=x name=X kind=secondary
contains "$ERR" "--user" && ok "the refusal says how to identify" || fail "the refusal says how to identify"
[ "$(head_of "$R")" = "$h" ] && ok "refused write leaves HEAD" || fail "refused write leaves HEAD"

refuses "bad enum value is refused" 1 "「university」不是可选值" "$JY" -C "$R" --user admin add school id=x name=X kind=university
contains "$ERR" "school.kind" && ok "message names the field" || fail "message names the field"
contains "$ERR" "学校类型" && ok "message names the field in Chinese" || fail "message names the field in Chinese"
[ "$(head_of "$R")" = "$h" ] && ok "bad value leaves HEAD" || fail "bad value leaves HEAD"

refuses "a reference to a missing school is refused" 1 "找不到学校「nowhere」" "$JY" -C "$R" --user admin add person id=ghost name=鬼 school=nowhere
contains "$ERR" "nowhere" && ok "message names the missing reference" || fail "message names the missing reference"
refuses "non-admin cannot add a school" 1 "只有牵头学校的管理员可以修改学校" "$JY" -C "$R" --user lina add school id=x name=X kind=secondary
[ "$(head_of "$R")" = "$h" ] && ok "permission refusal leaves HEAD" || fail "permission refusal leaves HEAD"
refuses "unknown --user is refused" 1 "没有人员「nobody」" "$JY" -C "$R" --user nobody add school id=x name=X kind=secondary

check "enum given as its Chinese label" run 0 "$JY" -C "$R" --user admin add school id=m1 name=天府职业中学 kind=中职学校
check "stored value is English" run 0 "$JY" -C "$R" get school/m1 kind
[ "$OUT" = "secondary" ] && ok "kind stored as secondary" || fail "kind stored as secondary: $OUT"
refuses "duplicate code is refused" 1 "学校「m1」已存在" "$JY" -C "$R" --user admin add school id=m1 name=又一个 kind=secondary

# A value full of everything inih would eat.
tricky=$(printf ' 开头空格；a;b #c\\d = e\n\n第二段\t制表 ;注释? \n结尾空格 ')
long=$(python3 -c "print('教学研究' * 250 + ';#\\\\')")
check "observation with tricky text is added" run 0 add_obs "text.problems=$tricky" "text.strengths=$long" score.content=18.5
id=$OUT
check "get returns the tricky value exactly" sh -c "[ \"\$('$JY' -C '$R' get '$id' text.problems)\" = \"\$1\" ]" sh "$tricky"
check "get returns 3000 bytes of Chinese exactly" sh -c "[ \"\$('$JY' -C '$R' get '$id' text.strengths)\" = \"\$1\" ]" sh "$long"
check "show prints the canonical record" run 0 "$JY" -C "$R" show "$id"
awk 'length($0) >= 199 { bad = 1 } END { exit bad }' "$T/out" && ok "every stored line is under 199 bytes" || fail "every stored line is under 199 bytes"
git --git-dir="$R" show "refs/heads/main:$(git --git-dir="$R" ls-tree -r --name-only refs/heads/main | grep "$id")" | cmp -s - "$T/out" \
	&& ok "show is the stored blob" || fail "show is the stored blob"
check "total is computed from the rubric" run 0 "$JY" -C "$R" get "$id" total
[ -n "$OUT" ] && ok "total present ($OUT)" || fail "total present"
check "term derived from the date" run 0 "$JY" -C "$R" get "$id" term
[ "$OUT" = "2026-2027-1" ] && ok "term is 2026-2027-1" || fail "term is 2026-2027-1: $OUT"
check "commit authored by the observer" sh -c "git --git-dir='$R' log -1 --format=%an refs/heads/main | grep -qx 王芳"
git --git-dir="$R" log -1 --format=%s refs/heads/main | grep -q "王芳 听 李娜《传感器应用技术》" \
	&& ok "commit message is readable" || fail "commit message is readable: $(git --git-dir="$R" log -1 --format=%s refs/heads/main)"

h=$(head_of "$R")
check "score above the indicator maximum is refused" run 1 add_obs score.goal=99
contains "$ERR" "score.goal" && ok "score message names the indicator" || fail "score message names the indicator"
check "date outside the term is refused" run 1 add_obs date=2026-03-01 term=2026-2027-1
check "control characters are refused" run 1 add_obs "text.problems=$(printf 'a\033[2Jb')"
contains "$ERR" "text.problems" && ok "control-char message names the field" || fail "control-char message names the field"
check "observing as somebody else is refused" run 1 "$JY" -C "$R" --user lina add observation kind=peer date=2026-11-20 teacher=lina observer=wangfang course=x
[ "$(head_of "$R")" = "$h" ] && ok "refused adds leave HEAD" || fail "refused adds leave HEAD"

check "list observation (table)" run 0 "$JY" -C "$R" list observation
contains "$OUT" "王芳" && ok "table shows names" || fail "table shows names"
check "list --format tsv" run 0 "$JY" -C "$R" list observation --format tsv
[ "$(printf '%s\n' "$OUT" | head -1 | cut -f1-3)" = "$(printf 'id\tdate\tkind')" ] && ok "tsv header has field names" || fail "tsv header: $(printf '%s' "$OUT" | head -1)"
check "list --where filters" run 0 "$JY" -C "$R" list person --where roles=teacher --format tsv
[ "$(printf '%s\n' "$OUT" | tail -n +2 | cut -f1)" = "lina" ] && ok "--where roles=teacher gives lina" || fail "--where: $OUT"
check "list --term filters by path" run 0 "$JY" -C "$R" list observation --term 2025-2026-2 --format tsv
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 1 ] && ok "other term is empty" || fail "other term is empty"
refuses "list with a bad --format is a usage error" 2 "--format 只能是 table|tsv" "$JY" -C "$R" list observation --format xml

# CJK columns line up: the column after the name starts at the same display column on every row.
"$JY" -C "$R" list person > "$T/people"
python3 - "$T/people" <<'PY' && ok "table columns align by display width" || fail "table columns align by display width"
import sys, unicodedata
rows = open(sys.argv[1], encoding='utf-8').read().splitlines()
def col(line, idx):
    # display column where the idx-th field (split on 2+ spaces) starts
    w, fields, i = 0, 0, 0
    starts = [0]
    prev_space = 0
    for ch in line:
        cw = 2 if unicodedata.east_asian_width(ch) in 'WF' else 1
        if ch == ' ':
            prev_space += 1
        else:
            if prev_space >= 2:
                starts.append(w)
            prev_space = 0
        w += cw
    return starts[idx] if idx < len(starts) else None
c = {col(r, 2) for r in rows}
sys.exit(0 if len(c) == 1 and None not in c else 1)
PY

check "edit KEY=VALUE" run 0 "$JY" -C "$R" --user wangfang edit "$id" class=物联网2402 score.goal=15
check "edit changed the value" sh -c "[ \"\$('$JY' -C '$R' get '$id' class)\" = 物联网2402 ]"
h=$(head_of "$R")
refuses "edit with a bad value is refused" 1 "(observation.students)：应为整数" "$JY" -C "$R" --user wangfang edit "$id" students=many
refuses "edit of someone else's observation is refused" 1 "只能以自己的身份记录听课" "$JY" -C "$R" --user lina edit "$id" class=x
refuses "edit of the id is refused" 1 "不能修改" "$JY" -C "$R" --user wangfang edit "$id" id=01jd0000000000000000000000
[ "$(head_of "$R")" = "$h" ] && ok "refused edits leave HEAD" || fail "refused edits leave HEAD"

cat > "$T/ed-ok.sh" <<'ED'
#!/bin/sh
sed -i 's/^room =.*/room = 实训楼 301/; /^class =/a room = 实训楼 301' "$1"
ED
cat > "$T/ed-bad.sh" <<'ED'
#!/bin/sh
sed -i 's/^students = .*//; /^class =/a students = 很多' "$1"
ED
chmod +x "$T/ed-ok.sh" "$T/ed-bad.sh"
check "edit in \$EDITOR" run 0 env EDITOR="$T/ed-ok.sh" "$JY" -C "$R" --user wangfang edit "$id"
check "the editor's change is saved" sh -c "[ \"\$('$JY' -C '$R' get '$id' room)\" = '实训楼 301' ]"
h=$(head_of "$R")
check "an invalid edit in \$EDITOR is refused" run 1 env VISUAL="$T/ed-bad.sh" "$JY" -C "$R" --user wangfang edit "$id"
kept=$(ls "$XDG_STATE_HOME"/jiaoyan/rejected/*.ini 2>/dev/null | head -1)
[ -n "$kept" ] && grep -q "很多" "$kept" && ok "the refused text is kept" || fail "the refused text is kept"
contains "$ERR" "$kept" && ok "the message names the kept file" || fail "the message names the kept file"
[ "$(head_of "$R")" = "$h" ] && ok "invalid editor edit leaves HEAD" || fail "invalid editor edit leaves HEAD"

check "history lists the record's commits" run 0 "$JY" -C "$R" history "$id"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 3 ] && ok "three commits in history" || fail "history: $OUT"
refuses "get of a missing key fails" 1 "没有字段 nonsense" "$JY" -C "$R" get "$id" nonsense
refuses "show of a missing id fails" 1 "找不到记录" "$JY" -C "$R" show 01jd0000000000000000000000

# School and person sharing a code: TYPE/ID disambiguates.
"$JY" -C "$R" --user admin add person id=m1 name=同码 school=jc > /dev/null
check "ambiguous bare id is refused" run 1 "$JY" -C "$R" show m1
contains "$ERR" "person/m1" && ok "ambiguity lists TYPE/ID" || fail "ambiguity lists TYPE/ID"
check "TYPE/ID resolves" run 0 "$JY" -C "$R" get person/m1 name
check "path resolves" run 0 "$JY" -C "$R" get schools/m1.ini name

# Identity from the Unix login (never \$USER).
me=$(id -un)
"$JY" -C "$R" --user admin edit person/lina "logins=$me" > /dev/null
check "identity from the login of the real uid" run 0 env USER=wangfang "$JY" -C "$R" add observation kind=peer date=2026-11-21 teacher=wangfang observer=lina course=自动识别应用技术 $SCORES score.goal=10
check "that write is authored by the login's person" sh -c "git --git-dir='$R' log -1 --format=%an refs/heads/main | grep -qx 李娜"

check "check passes on a clean repository" run 0 "$JY" -C "$R" check
# Smuggle a bad record in with plain git: a 250-byte line and a non-canonical one.
bad=$(printf '[school]\nid = zz\nname = %s\nkind = lead\n' "$(python3 -c "print('长'*84)")" | git --git-dir="$R" hash-object -w --stdin)
noncanon=$(printf '[school]\nname = 乱序\nid = yy\nkind = lead\n' | git --git-dir="$R" hash-object -w --stdin)
tree=$( (git --git-dir="$R" ls-tree refs/heads/main^{tree} | grep -v 'schools$'; \
	printf '040000 tree %s\tschools\n' "$( (git --git-dir="$R" ls-tree refs/heads/main:schools; \
		printf '100644 blob %s\tzz.ini\n100644 blob %s\tyy.ini\n' "$bad" "$noncanon") | git --git-dir="$R" mktree)") \
	| git --git-dir="$R" mktree)
c=$(git --git-dir="$R" commit-tree -p refs/heads/main -m smuggle "$tree")
git --git-dir="$R" update-ref refs/heads/main "$c"
check "check finds the smuggled records" run 1 "$JY" -C "$R" check
contains "$OUT" "schools/zz.ini" && ok "check names the over-long line's file" || fail "check names the over-long file"
contains "$OUT" "schools/yy.ini" && ok "check names the non-canonical file" || fail "check names the non-canonical file"
check "show refuses a record that does not decode" run 1 "$JY" -C "$R" show school/zz

check "gc packs loose objects" run 0 "$JY" -C "$R" gc
(cd "$R/objects" && find ?? -type f 2>/dev/null | tr -d / | sort) > "$T/loose"
git --git-dir="$R" rev-list --objects --all | cut -d' ' -f1 | sort > "$T/reachable"
[ "$(wc -l < "$T/reachable")" -gt 10 ] && [ -z "$(comm -12 "$T/loose" "$T/reachable")" ] \
	&& ok "no reachable object is left loose after gc" || fail "reachable loose objects remain: $(comm -12 "$T/loose" "$T/reachable" | wc -l)"
check "fsck is clean" git --git-dir="$R" fsck --strict --no-progress
check "records still readable after gc" run 0 "$JY" -C "$R" get "$id" room

# Bit rot: a record's object whose bytes no longer hash to its id (valid zlib, another name inside) is found by
# check, which names the record, and changes nothing.
O="$T/rot.git"
"$JY" init "$O" > /dev/null && "$JY" -C "$O" add school id=jc name=锦城职业技术学院 kind=lead region=成都 > /dev/null
git --git-dir="$O" show main:schools/jc.ini | sed 's/jc/zq/; s/锦城/紫泉/' > "$T/zq.ini"
b=$(git --git-dir="$O" hash-object -w "$T/zq.ini")
sub=$( (git --git-dir="$O" ls-tree main schools/ | sed 's|schools/||'; printf '100644 blob %s\tzq.ini\n' "$b") |
	git --git-dir="$O" mktree)
top=$( (git --git-dir="$O" ls-tree main | grep -v '	schools$'; printf '040000 tree %s\tschools\n' "$sub") |
	git --git-dir="$O" mktree)
git --git-dir="$O" update-ref refs/heads/main "$(git --git-dir="$O" commit-tree -p main -m 紫泉 "$top")"
check "check passes before the rot" run 0 "$JY" -C "$O" check
f="$O/objects/$(echo "$b" | cut -c1-2)/$(echo "$b" | cut -c3-)"
chmod u+w "$f"
python3 -c "import sys, zlib
d = open(sys.argv[1], 'rb').read().replace('紫泉'.encode(), '紫金'.encode())
open(sys.argv[2], 'wb').write(zlib.compress(b'blob %d\0' % len(d) + d))" "$T/zq.ini" "$f"
before=$(head_of "$O")
run 1 "$JY" -C "$O" check && contains "$OUT" "读取记录 schools/zq.ini 失败" && contains "$OUT" "hash mismatch" &&
	[ "$(head_of "$O")" = "$before" ] && ok "check finds a record whose bytes are not its object's id, and names it" ||
	fail "bit rot: $OUT $ERR"
