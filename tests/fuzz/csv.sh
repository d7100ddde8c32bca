#!/bin/sh
# csv: builds the libFuzzer target for the CSV reader (csv_to_utf8, csv_parse) and fuzzes it for ~20 s (write-back property).
. tests/lib/harness.sh
B=${B:-build}
SECONDS_TO_FUZZ=${JIAOYAN_FUZZ_SECONDS:-20}
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

# The Makefile's fuzz rule builds the codec target; this one links the few core files the CSV module needs.
mkdir -p "$B"
if clang -std=c11 -D_GNU_SOURCE -Iinclude -g -O1 -fsanitize=fuzzer,address,undefined -o "$B/fuzz_csv" \
	tests/fuzz/fuzz_csv.c src/core/csv.c src/core/buf.c src/core/vec.c src/core/err.c src/core/text.c \
	> "$T/build.log" 2>&1; then
	ok "CSV fuzz target builds"
else
	fail "CSV fuzz target builds"
	sed 's/^/# /' "$T/build.log" | tail -30
	exit 0
fi

# Seeds: the Excel fixtures (UTF-8, UTF-8 BOM, GBK) and the RFC 4180 corner cases.
mkdir -p "$T/corpus"
cp "$top"/tests/fixtures/*.csv "$T/corpus/"
printf 'a,"b,c","say ""hi""","two\r\nlines"\r\n,,\r\n' > "$T/corpus/quotes"
printf '"unterminated,x\nnext\n' > "$T/corpus/open"
printf 'a\rb\r\rc' > "$T/corpus/cr"
cat > "$T/dict" <<'EOD'
","
"\""
"\"\""
"\x0d\x0a"
"\x0a"
"\x0d"
"\xef\xbb\xbf"
"\xbf\xce\xb3\xcc"
"\xe8\xaf\xbe\xe7\xa8\x8b"
EOD

UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	"$B/fuzz_csv" -max_total_time="$SECONDS_TO_FUZZ" -max_len=4096 -timeout=10 \
	-dict="$T/dict" -artifact_prefix="$T/crash-" -print_final_stats=1 "$T/corpus" \
	> "$T/fuzz.log" 2>&1
rc=$?
if [ $rc -eq 0 ]; then
	ok "CSV reader fuzzed ${SECONDS_TO_FUZZ}s: no crash, output is UTF-8, write-back reads the same"
else
	fail "CSV reader fuzzed ${SECONDS_TO_FUZZ}s: exit $rc"
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
