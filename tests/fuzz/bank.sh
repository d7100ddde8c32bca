#!/bin/sh
# bank: builds the libFuzzer target for the bank's CSV and GIFT readers and fuzzes it for ~10 s (write-back property).
. tests/lib/harness.sh
B=${B:-build}
SECONDS_TO_FUZZ=${JIAOYAN_BANK_FUZZ_SECONDS:-10}
top=$(pwd)

printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n%s\n' \
	'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
	> "$T/probe.c"
# A skip is counted as such by tests/run.sh, and is a failure where `make deps` could have installed these.
if ! command -v clang > /dev/null 2>&1; then
	ok "# SKIP clang is not installed (make deps installs clang and libclang-rt-dev)"
	exit 0
fi
if ! clang -fsanitize=fuzzer,address,undefined -o "$T/probe" "$T/probe.c" > "$T/probe.log" 2>&1; then
	ok "# SKIP clang cannot link -fsanitize=fuzzer,address,undefined (libclang-rt-N-dev missing?): $(head -n 1 "$T/probe.log")"
	exit 0
fi

# Only the pure modules the readers need: no store, no terminal.
mkdir -p "$B"
if clang -std=c11 -D_GNU_SOURCE -Iinclude -g -O1 -fsanitize=fuzzer,address,undefined -o "$B/fuzz_bank" \
	tests/fuzz/fuzz_bank.c src/domain/question.c src/domain/gift.c src/core/csv.c src/core/schema.c src/core/id.c \
	src/core/record.c src/core/text.c src/core/textsim.c src/core/buf.c src/core/vec.c src/core/err.c -lm \
	> "$T/build.log" 2>&1; then
	ok "bank reader fuzz target builds"
else
	fail "bank reader fuzz target builds"
	sed 's/^/# /' "$T/build.log" | tail -30
	exit 0
fi

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

UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	"$B/fuzz_bank" -max_total_time="$SECONDS_TO_FUZZ" -max_len=4096 -timeout=10 \
	-dict="$T/dict" -artifact_prefix="$T/crash-" -print_final_stats=1 "$T/corpus" \
	> "$T/fuzz.log" 2>&1
rc=$?
if [ $rc -eq 0 ]; then
	ok "bank readers fuzzed ${SECONDS_TO_FUZZ}s: no crash, items obey the rules, write-back reads the same"
else
	fail "bank readers fuzzed ${SECONDS_TO_FUZZ}s: exit $rc"
	grep -v '^#[0-9]' "$T/fuzz.log" | tail -40 | sed 's/^/# /'
	for f in "$T"/crash-*; do
		[ -f "$f" ] || continue
		echo "# reproducer $(basename "$f") (base64):"
		base64 "$f" | head -20 | sed 's/^/#   /'
	done
fi

runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$T/fuzz.log")
if [ "${runs:-0}" -ge 1000 ]; then
	ok "fuzzer made ${runs} runs"
else
	fail "fuzzer made only ${runs:-0} runs"
fi
