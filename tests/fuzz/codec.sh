#!/bin/sh
# codec: builds the libFuzzer target for codec_decode and fuzzes it for ~20 s from a seed corpus (round-trip property).
. tests/lib/harness.sh
B=${B:-build}
SECONDS_TO_FUZZ=${JIAOYAN_FUZZ_SECONDS:-20}

# The Makefile's fuzz rule needs clang with libFuzzer and the sanitizer runtimes.
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

if make --no-print-directory B="$B" fuzz > "$T/build.log" 2>&1 && [ -x "$B/fuzz_codec" ]; then
	ok "fuzz target builds (make fuzz)"
else
	fail "fuzz target builds (make fuzz)"
	sed 's/^/# /' "$T/build.log" | tail -30
	exit 0
fi

# Seeds: valid records in canonical form, plus the hand-edited forms the reader also accepts.
mkdir -p "$T/corpus"
printf '[plan]\nstate = draft\ntitle = 2026-2027-1 授课计划\nnote =\n\n[course.1]\nname = 传感器应用技术\nhours = 64\nOpt-A = A\n' \
	> "$T/corpus/plan"
printf '[text]\nproblems = 第一点\\n第二点\\t\\;\\#\\\\ 结束\\s\nsuggestions = \\s两端\\s\n' > "$T/corpus/escapes"
{
	printf '[observation]\nkind = 听课\nstrengths = '
	i=0
	while [ $i -lt 50 ]; do printf '中'; i=$((i + 1)); done
	printf '\n  '
	i=0
	while [ $i -lt 40 ]; do printf '文'; i=$((i + 1)); done
	printf '\\s\n  \\sa \\; b\n'
} > "$T/corpus/wrapped"
printf '; hand edited\n[a]\nk=v\nj: w\n\n  more\n' > "$T/corpus/edited"
printf '[score]\nA = 1\nB =\n\n[review.1]\nverdict = 通过 😀\n' > "$T/corpus/review"

cat > "$T/dict" <<'EOF'
"["
"]"
" = "
" ="
"\x0a"
"\x0a  "
"\x0a\x0a["
"\\s"
"\\n"
"\\t"
"\\;"
"\\#"
"\\\\"
";"
"#"
":"
"\xe4\xb8\xad"
"\xef\xbb\xbf"
EOF

UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	"$B/fuzz_codec" -max_total_time="$SECONDS_TO_FUZZ" -max_len=4096 -timeout=10 \
	-dict="$T/dict" -artifact_prefix="$T/crash-" -print_final_stats=1 "$T/corpus" \
	> "$T/fuzz.log" 2>&1
rc=$?
if [ $rc -eq 0 ]; then
	ok "codec_decode fuzzed ${SECONDS_TO_FUZZ}s: no crash, round trip holds"
else
	fail "codec_decode fuzzed ${SECONDS_TO_FUZZ}s: exit $rc"
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
