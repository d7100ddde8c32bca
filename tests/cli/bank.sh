#!/bin/sh
# bank: the question bank end to end on the demo repository — add with Chinese columns, duplicates (exact and near, with
# the number), review and versions with every refusal leaving HEAD unchanged, GIFT and CSV import (UTF-8, BOM, CRLF, GBK,
# --encoding gbk, --skip-bad, errors by line and question), export → import round trips, template, dups, stats.
. tests/lib/harness.sh
R="$T/repo"
F=$(pwd)/tests/fixtures
J() { "$JY" -C "$R" "$@"; }
as() { who=$1; shift; "$JY" -C "$R" --user "$who" "$@"; }
# The id of the one item of a tsv listing whose line matches a pattern.
id_of() { J bank list --format tsv "$@" | tail -n +2 | cut -f1 | head -1; }
field() { J get "question/$1" "$2"; }
commits() { git --git-dir="$R" rev-list --count refs/heads/main; }

run 0 J init --demo && ok "demo repository" || { fail "demo repository"; exit 0; }

# ---- help, the demo bank ----
run 0 J bank --help && contains "$OUT" "jiaoyan bank import --course C" && contains "$OUT" "FILE|-" &&
	contains "$OUT" "jiaoyan bank export --course C" && contains "$OUT" "jiaoyan bank approve --comment TEXT ID" &&
	ok "bank --help lists the subcommands" || fail "bank --help"
run 2 J bank frobnicate && ok "unknown bank subcommand: exit 2" || fail "unknown subcommand"
run 0 J bank list --course 网店运营 --format tsv && [ "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" -eq 18 ] &&
	ok "the demo bank of 网店运营 has 18 items" || fail "demo bank size: $(printf '%s\n' "$OUT" | wc -l)"
run 0 J bank list --state 已审核 --type 多选 --format tsv && [ "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" -eq 7 ] &&
	ok "filters take Chinese labels (已审核, 多选): 7 approved multiple choices" || fail "filters by label"
run 2 J bank list --type 连线题 && contains "$ERR" "单选题" && ok "an unknown type lists the types (exit 2)" || fail "unknown type"
run 0 J check && ok "the demo passes every rule of the bank (jiaoyan check)" || fail "demo check: $OUT"

# ---- adding ----
run 0 as suyuan bank add --course 网店运营 题型=多选 难度=2 认知层次=理解 '章节=项目四 用户运营' 知识点=会员等级 \
	'题干=设置会员等级体系时，常用的划分依据有：' A=累计消费金额 B=购买次数 C=顾客所在省份 D=最近一次购买时间 '答案=a, b, D' 分值=3.0 &&
	Q1=$OUT && [ "${#Q1}" -eq 26 ] && ok "bank add with Chinese column names prints the new id" || fail "bank add"
[ "$(field "$Q1" answer)" = ABD ] && [ "$(field "$Q1" points)" = 3 ] && [ "$(field "$Q1" state)" = draft ] &&
	[ "$(field "$Q1" author)" = suyuan ] && [ "$(field "$Q1" school)" = s01 ] && [ "$(field "$Q1" version)" = 1 ] &&
	ok "stored normalised (答案 ABD, 分值 3) as a draft of version 1 by suyuan of s01" || fail "stored form"
run 0 as chaiwenbo bank add --course 510102-c01 题型=判断 难度=1 '题干=热敏电阻的阻值随温度变化。' 答案=√ 分值=1 &&
	[ "$(field "$OUT" school)" = s03 ] && [ "$(field "$OUT" answer)" = 正确 ] &&
	ok "the author's school is recorded (s03); √ is stored as 正确" || fail "school recorded"
refuses "nobody adds on another's behalf (author=)" 1 "命题人须是本人" \
	as yanshuyao add question specialty=530701 course=530701-c01 type=truefalse difficulty=1 stem=代人命题 answer=正确 points=1 author=suyuan
refuses "a multiple choice needs its options" 1 "至少要有两个选项" as suyuan bank add --course 网店运营 题型=多选 难度=1 题干=只有一个选项 A=甲 答案=A 分值=1
refuses "an answer letter must be an option" 1 "没有选项 E" as suyuan bank add --course 网店运营 题型=单选 难度=1 题干=字母 A=甲 B=乙 答案=E 分值=1
refuses "a weight must be one of Moodle's grades" 1 "不是 Moodle 允许的分值比例" \
	as suyuan bank add --course 网店运营 题型=多选 难度=1 题干=权重 A=甲 B=乙 C=丙 答案=AB 分值=1 weights.A=45 weights.B=55
refuses "an unknown course is refused" 1 "没有代码或名称为「不存在的课」的课程" as suyuan bank add --course 不存在的课 题型=判断 难度=1 题干=x 答案=对 分值=1

# ---- duplicates ----
refuses "the same stem and options in another order, other punctuation and full-width letters: exact duplicate" 1 "与已有试题重复" \
	as yanshuyao bank add --course 网店运营 题型=多选 难度=3 '题干=设置会员等级体系时 , 常用的划分依据有（　　）' \
	A=购买次数 B=最近一次购买时间 C=累计消费金额 D=顾客所在省份 答案=ABC 分值=3
contains "$ERR" "$Q1" && ok "the duplicate names the existing item" || fail "duplicate names the item"
refuses "a near match needs --force and shows the similarity" 1 "相似度 0.92" \
	as yanshuyao bank add --course 网店运营 题型=多选 难度=3 '题干=设置会员等级体系时，通常的划分依据有：' \
	A=累计消费金额 B=购买次数 C=顾客所在省份 D=最近一次购买时间 答案=ABD 分值=3
contains "$ERR" "--force" && ok "the refusal tells how to add it anyway" || fail "near match hint"
run 0 as yanshuyao bank add --force --course 网店运营 题型=多选 难度=3 '题干=设置会员等级体系时，通常的划分依据有：' \
	A=累计消费金额 B=购买次数 C=顾客所在省份 D=最近一次购买时间 答案=ABD 分值=3 && NEAR=$OUT &&
	[ "$(field "$NEAR" similar)" = "$Q1" ] && ok "--force adds it and records the confirmed near match" || fail "--force"
refuses "add question is held to the same duplicate rule" 1 "与已有试题重复" \
	as yanshuyao add question specialty=530701 course=530701-c01 type=multiple difficulty=2 points=3 answer=ABD \
	'stem=设置会员等级体系时，常用的划分依据有：' options.A=累计消费金额 options.B=购买次数 options.C=顾客所在省份 options.D=最近一次购买时间
run 0 J bank dups --course 网店运营 && contains "$OUT" "$Q1" && contains "$OUT" "$NEAR" && contains "$OUT" "0.8" &&
	ok "bank dups lists the cluster with its similarity" || fail "bank dups"
run 0 J bank dups --format tsv && contains "$OUT" "	0.84	no	draft	店铺访客数越多，支付转化率一定越低。" && ok "dups as tsv, the demo's near pair at 0.84" || fail "dups tsv"
# The threshold is the group's: at 0.9 the demo pair (0.84) is no longer similar.
as cenlixing edit group bank.similarity=0.9 > /dev/null 2>&1
run 0 J bank dups --format tsv && ! contains "$OUT" "0.84" 2> /dev/null && ok "group.ini [bank] similarity = 0.9 drops the 0.84 pair" ||
	fail "threshold from group.ini"
as cenlixing edit group bank.similarity= > /dev/null 2>&1

# ---- review ----
refuses "the author cannot approve their own item" 1 "命题人不能审核自己的试题" as suyuan bank approve "$Q1" --comment 好
refuses "a non-examiner cannot approve" 1 "只有专业「电子商务」的命题教师" as lixiaotang bank approve "$Q1" --comment 好
refuses "an examiner of another specialty cannot approve" 1 "只有专业「电子商务」的命题教师" as qizhenyu bank approve "$Q1" --comment 好
refuses "approval needs a comment" 2 "--comment" as yanshuyao bank approve "$Q1"
refuses "a return needs a comment" 2 "--comment" as yanshuyao bank return "$Q1"
run 0 as suyuan bank add --course 网店运营 题型=判断 难度=1 '题干=网店的客单价等于销售额除以访客数。' 答案=错 分值=1 && NOLEVEL=$OUT
refuses "approval needs a cognitive level" 1 "认知层次" as yanshuyao bank approve "$NOLEVEL" --comment 可以
run 0 as yanshuyao bank return "$Q1" --comment "选项 C 太明显，请换一个更有迷惑性的干扰项" && [ "$(field "$Q1" state)" = returned ] &&
	[ "$(field "$Q1" review.1.verdict)" = return ] && [ "$(field "$Q1" review.1.reviewer)" = yanshuyao ] &&
	ok "another examiner returns it with a comment, kept as review.1" || fail "return"
run 0 as suyuan bank edit "$Q1" C=顾客的会员注册渠道 && [ "$(field "$Q1" state)" = draft ] && [ "$(field "$Q1" options.C)" = 顾客的会员注册渠道 ] &&
	ok "the author edits the returned item in place; it is a draft again" || fail "edit returned"
refuses "an examiner of another specialty cannot edit the draft" 1 "只有命题人" as qizhenyu bank edit "$Q1" 难度=3
n0=$(commits)
run 0 as yanshuyao bank approve "$Q1" --comment "干扰项已修改，通过" && [ "$(field "$Q1" state)" = approved ] &&
	[ "$(field "$Q1" review.2.verdict)" = approve ] && [ "$(field "$Q1" review.2.comment)" = "干扰项已修改，通过" ] &&
	[ "$(commits)" = $((n0 + 1)) ] && ok "approved by another examiner in one commit, the comment in review.2" || fail "approve"
run 0 J history "$Q1" && contains "$OUT" "审核通过试题" && contains "$OUT" "退回试题" && ok "the decisions are in the item's history" ||
	fail "history"

# ---- versions ----
refuses "an approved item is never edited in place" 1 "不能直接修改" as suyuan edit "$Q1" difficulty=3
contains "$ERR" "jiaoyan bank edit $Q1" && ok "the refusal points to bank edit (a new version)" || fail "bank-edit hint"
refuses "nor its review rounds rewritten" 1 "已有的审核记录不能修改" as yanshuyao edit "$Q1" review.1.comment=改写
refuses "a teacher of the specialty who is no examiner cannot retire it" 1 "只有本专业的命题教师或专业负责人" as weiyiming bank retire "$Q1"
run 0 as kemingyuan bank edit "$Q1" 难度=3 '解析=会员等级通常按 RFM 模型划分。' && V2=$(printf '%s' "$OUT" | grep -o '01[0-9a-z]\{24\}' | head -1) &&
	[ "$(field "$V2" version)" = 2 ] && [ "$(field "$V2" previous)" = "$Q1" ] && [ "$(field "$V2" state)" = draft ] &&
	[ "$(field "$V2" author)" = kemingyuan ] && [ "$(field "$Q1" state)" = approved ] && [ "$(field "$Q1" difficulty)" = 2 ] &&
	ok "bank edit of an approved item makes version 2 (a draft by the editor); version 1 stays approved and unchanged" ||
	fail "new version: $OUT"
refuses "only one open successor at a time" 1 "已有待审核的新版本" as suyuan bank edit "$Q1" 难度=4
refuses "the editor of version 2 cannot approve it" 1 "命题人不能审核自己的试题" as kemingyuan bank approve "$V2" --comment 好
n0=$(commits)
run 0 as suyuan bank approve "$V2" --comment "难度调整合理" && [ "$(field "$V2" state)" = approved ] &&
	[ "$(field "$Q1" state)" = superseded ] && [ "$(field "$Q1" superseded_by)" = "$V2" ] && [ "$(commits)" = $((n0 + 1)) ] &&
	ok "approving version 2 supersedes version 1 in the same commit" || fail "supersede"
refuses "a superseded item cannot change" 1 "已被新版本" as suyuan bank edit "$Q1" 难度=5
run 0 as kemingyuan bank retire "$V2" --comment "课程标准调整" && [ "$(field "$V2" state)" = retired ] &&
	[ "$(field "$V2" review.2.verdict)" = retire ] && ok "the specialty lead retires it, with the decision kept" || fail "retire"
refuses "a retired item cannot change" 1 "已停用" as suyuan bank edit "$V2" 难度=1
refuses "a reviewed item is never deleted" 1 "不能删除" as suyuan bank rm "$V2"
refuses "only the author deletes a draft" 1 "只有命题人" as yanshuyao bank rm "$NOLEVEL"
run 0 as suyuan bank rm "$NOLEVEL" && run 1 J get "question/$NOLEVEL" id && ok "the author deletes their draft" || fail "rm draft"

# ---- import ----
h=$(head_of "$R")
refuses "a GIFT file with a question of an unsupported type writes nothing" 1 "第 32 行：题目「配对」：匹配题不受支持" \
	as suyuan bank import "$F/bank/ec.gift" --course 530701-c02
run 0 as suyuan bank import "$F/bank/ec.gift" --course 530701-c02 --skip-bad && contains "$OUT" "导入 8 道题" && contains "$ERR" "跳过" &&
	contains "$ERR" "配对" && [ "$(J bank list --course 530701-c02 --format tsv | tail -n +2 | wc -l)" -eq 8 ] &&
	ok "--skip-bad imports the 8 good questions and lists the bad one" || fail "skip-bad"
[ "$(git --git-dir="$R" rev-list --count "$h"..refs/heads/main)" = 1 ] && ok "in one commit" || fail "import not one commit"
ML=$(id_of --course 530701-c02 --text 大括号)
[ "$(field "$ML" stem)" = "$(printf '特殊字符: 大括号 { } 等号 = 井号 # 波浪号 ~ 反斜杠 \\ 换行\n第二行')" ] &&
	ok "every GIFT escape is read: colon, braces, equals, hash, tilde, backslash, newline" || fail "escapes: $(field "$ML" stem)"
TF=$(id_of --course 530701-c02 --type 判断)
[ "$(field "$TF" feedback.wrong)" = "回答错误：这条是对的。" ] && [ "$(field "$TF" feedback.right)" = "回答正确。" ] &&
	ok "true/false feedback as Moodle reads it (first # = shown to a wrong answer)" || fail "tf feedback"
PR=$(id_of --course 530701-c02 --type 实操)
[ "$(field "$PR" difficulty)" = 4 ] && [ "$(field "$PR" points)" = 20 ] && [ "$(field "$PR" rubric)" = "话术规范（8 分）；处理流程正确（12 分）。" ] &&
	ok "the // jiaoyan: comment restores type, difficulty, points and rubric" || fail "meta comment"
NU=$(id_of --course 530701-c02 --text 好评率)
[ "$(field "$NU" numeric)" = yes ] && [ "$(field "$NU" answer)" = "92±0.5" ] && [ "$(field "$(id_of --course 530701-c02 --text 纠纷率)" answer)" = "0..0.5" ] &&
	ok "numerical {#92:0.5} and {#0..0.5} become numeric fill answers" || fail "numerical"
[ "$(field "$(id_of --course 530701-c02 --text 响应速度)" answer)" = "$(printf '首次响应时间\n首响时间')" ] && ok "short answer: several accepted answers" ||
	fail "short answer"
[ "$(field "$ML" chapter)" = "项目六 客户服务" ] && [ "$(field "$TF" point)" = 客服话术 ] && ok "\$CATEGORY's last part → chapter, ::title:: → knowledge point" ||
	fail "category/title"
refuses "a GBK GIFT file is refused, saying to save it as UTF-8" 1 "请在编辑器中另存为 UTF-8" \
	as suyuan bank import "$F/bank/ec.gbk.gift" --course 530701-c03 --skip-bad
contains "$ERR" "第 1 行" && contains "$ERR" "--encoding gbk" && ok "the refusal names the line and the option" || fail "gbk refusal"
run 0 as suyuan bank import "$F/bank/ec.gbk.gift" --course 530701-c03 --encoding gbk --skip-bad && contains "$OUT" "GBK" &&
	J bank export --course 530701-c03 > "$T/gbk.gift" && J bank export --course 530701-c02 > "$T/utf8.gift" && cmp -s "$T/gbk.gift" "$T/utf8.gift" &&
	ok "--encoding gbk converts it: the same items as the UTF-8 file" || fail "--encoding gbk"
run 0 as suyuan bank import "$F/bank/ec.crlf-bom.gift" --course 530701-c04 --skip-bad && contains "$OUT" "UTF-8 BOM" &&
	J bank export --course 530701-c04 | cmp -s - "$T/utf8.gift" && ok "BOM and CRLF: the same items" || fail "bom crlf"
run 0 as suyuan bank import "$F/bank/ec.gbk.csv" --course 530701-c05 && contains "$OUT" "5 道题" && contains "$OUT" "GBK" &&
	run 0 as suyuan bank import "$F/bank/ec.utf8bom.csv" --course 530701-c06 && contains "$OUT" "UTF-8 BOM" &&
	J bank export --course 530701-c05 --format csv > "$T/a.csv" && J bank export --course 530701-c06 --format csv | cmp -s - "$T/a.csv" &&
	ok "CSV in GBK (Excel) and in UTF-8 with BOM give the same items" || fail "csv encodings"
[ "$(field "$(id_of --course 530701-c05 --type 多选)" answer)" = AB ] && [ "$(field "$(id_of --course 530701-c05 --type 填空)" difficulty)" = 2 ] &&
	ok "CSV cells: 多选, \"A, B\", 较易 read as stored values" || fail "csv cells"
h=$(head_of "$R")
refuses "a bad GIFT file: every bad question by line and name, nothing written" 1 "第 4 行：题目「缺括号」" \
	as suyuan bank import "$F/gift/bad.gift" --course 530701-c07
contains "$ERR" "第 6 行：题目「匹配」：匹配题不受支持" && contains "$ERR" "第 12 行：题目「权重」" && contains "$ERR" "第 16 行：题目「数值」" &&
	ok "the later problems are listed too" || fail "bad gift problems"
refuses "re-importing the same file: exact duplicates of the bank" 1 "与已有试题重复" as suyuan bank import "$F/bank/ec.gift" --course 530701-c02 --skip-bad
printf '::甲::同一题{T}\n\n::乙::同一题。{T}\n' > "$T/twice.gift"
refuses "a duplicate within the file names the earlier line" 1 "本文件第 1 行的题目" as suyuan bank import "$T/twice.gift" --course 530701-c07
printf '题干,分值\n缺题型,1\n' > "$T/nohead.csv"
refuses "a CSV without the required columns" 1 "表头缺少必需的列「题型」" as suyuan bank import "$T/nohead.csv" --course 530701-c07
run 0 as suyuan bank import - --course 530701-c07 --format gift < "$F/bank/ec.gift" --skip-bad && contains "$OUT" "标准输入" &&
	ok "import reads standard input (-)" || fail "stdin import"

# ---- export, round trips ----
run 0 J bank template && contains "$OUT" "题型,难度,章节,知识点,认知层次,题干,选项A,选项B,选项C,选项D,选项E,选项F,选项G,选项H,答案,分值,解析,评分标准" &&
	[ "$(printf '%s' "$OUT" | head -c 3 | od -An -tx1 | tr -d ' ')" = efbbbf ] && ok "bank template: the Chinese header, UTF-8 with BOM" || fail "template"
"$JY" init --demo "$T/fresh" > /dev/null 2>&1
for c in 530701-c01 510102-c01 560213-c03; do
	J bank export --course "$c" > "$T/$c.gift" && J bank export --course "$c" --format csv > "$T/$c.csv" &&
		"$JY" -C "$T/fresh" --user suyuan bank import "$T/$c.gift" --course 530701-c02 --force > /dev/null 2>&1 &&
		"$JY" -C "$T/fresh" --user suyuan bank import "$T/$c.csv" --course 530701-c03 --force > /dev/null 2>&1 &&
		"$JY" -C "$T/fresh" bank export --course 530701-c02 | cmp -s - "$T/$c.gift" &&
		"$JY" -C "$T/fresh" bank export --course 530701-c03 --format csv | cmp -s - "$T/$c.csv" &&
		ok "export → import into an empty course → export: the same $c items (GIFT and CSV)" || fail "round trip $c"
	"$JY" -C "$T/fresh" --user suyuan bank list --course 530701-c02 --format tsv | tail -n +2 | cut -f1 > "$T/ids"
	while read -r i; do "$JY" -C "$T/fresh" --user suyuan bank rm "$i" > /dev/null; done < "$T/ids"
	"$JY" -C "$T/fresh" --user suyuan bank list --course 530701-c03 --format tsv | tail -n +2 | cut -f1 > "$T/ids"
	while read -r i; do "$JY" -C "$T/fresh" --user suyuan bank rm "$i" > /dev/null; done < "$T/ids"
done
run 0 J bank export --course 网店运营 --state approved && ! contains "$OUT" "草稿" 2> /dev/null && contains "$OUT" '$CATEGORY: 项目一 网店运营规划' &&
	contains "$OUT" "// jiaoyan: type=practical difficulty=4 level=apply points=20" && ok "export --state approved, chapters as categories" ||
	fail "export approved"
run 0 J bank export --course 网店运营 - && contains "$OUT" "::搜索排名影响因素::" && ok "export to - is standard output" || fail "export -"

# ---- stats ----
run 0 J bank stats --course 网店运营 --format tsv && contains "$OUT" "$(printf '项目五 数据分析与决策\t单选题\t2\t0\t0\t0\t0\t2\t4')" &&
	ok "stats: approved items by chapter × type × difficulty" || fail "stats: $OUT"
run 0 J bank stats --course 网店运营 && contains "$OUT" "项目二 商品选品与定价" && contains "$OUT" "未标注 0" &&
	[ "$(printf '%s\n' "$OUT" | grep -n 项目二 | head -1 | cut -d: -f1)" -lt "$(printf '%s\n' "$OUT" | grep -n 项目五 | head -1 | cut -d: -f1)" ] &&
	ok "stats table in chapter order (项目二 before 项目五), levels counted" || fail "stats table"
run 0 J bank show "$(id_of --course 网店运营 --text 自然搜索排名)" && contains "$OUT" "✔ D. 卖家所在城市的人口数量" && contains "$OUT" "解析：" &&
	contains "$OUT" "审核记录" && contains "$OUT" "使用情况：—" && ok "bank show: lettered options, the answer marked, reviews, usage" || fail "bank show"
