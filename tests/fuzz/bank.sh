#!/bin/sh
# bank: builds the libFuzzer target for the bank's CSV and GIFT readers and fuzzes it for ~10 s (write-back property).
. tests/lib/harness.sh
. tests/lib/fuzz.sh
SECONDS_TO_FUZZ=${JIAOYAN_BANK_FUZZ_SECONDS:-10}
top=$(pwd)

fuzz_need_clang

# Only the pure modules the readers need: no store, no terminal.
fuzz_build "bank reader fuzz target builds" fuzz_bank \
	clang -std=c11 -D_GNU_SOURCE -Iinclude -g -O1 -fsanitize=fuzzer,address,undefined -o "$B/fuzz_bank" \
		tests/fuzz/fuzz_bank.c src/domain/question.c src/domain/gift.c src/core/csv.c src/core/schema.c src/core/id.c \
		src/core/record.c src/core/text.c src/core/textsim.c src/core/buf.c src/core/vec.c src/core/err.c -lm

# Seeds: the bank fixtures (GIFT, CSV in UTF-8, BOM and GBK), the GIFT reader's fixtures, a pasted row and an export.
mkdir -p "$T/corpus"
cp "$top"/tests/fixtures/bank/* "$top"/tests/fixtures/gift/*.gift "$T/corpus/"
printf '单选题\t1\t项目一\t点\t识记\t题干\t甲\t乙\t\t\t\t\t\t\tA\t2\t解析\n' > "$T/corpus/paste"
printf '题型,难度,题干,选项A,选项B,答案,分值,分值比例A,分值比例B,反馈A\n多选,2,"两行\n题干",甲,乙,AB,3,50,50,"\x27=1"\n' > "$T/corpus/weights.csv"
# libFuzzer's dictionary takes bytes as \xNN: the Chinese column names and types are written that way.
hex() { printf '"%s"\n' "$(printf %s "$1" | od -An -tx1 | tr -s ' \n' ' ' | sed 's/^ //; s/ $//; s/ /\\x/g; s/^/\\x/')"; }
: > "$T/dict"
for w in 题型 难度 题干 选项A 选项H 答案 分值 分值比例A 反馈A 答对反馈 数值答案 单选 多选 判断 填空 实操 , '"' '{' '}' '~%50%' '{#' .. \
	'// jiaoyan: ' 'type=practical' '$CATEGORY: '; do
	hex "$w" >> "$T/dict"
done
printf '"\\x09"\n"\\x0d\\x0a"\n"\\xef\\xbb\\xbf"\n' >> "$T/dict"

fuzz_run fuzz_bank 4096 "bank readers" "no crash, items obey the rules, write-back reads the same"
