#!/bin/sh
# gift: builds the libFuzzer target for the GIFT reader/writer and fuzzes it for a few seconds from the fixtures (round-trip property).
. tests/lib/harness.sh
B=${B:-build}
SECONDS_TO_FUZZ=${JIAOYAN_GIFT_FUZZ_SECONDS:-5}

# The Makefile's rule needs clang with libFuzzer and the sanitizer runtimes.
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n%s\n' \
	'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
	> "$T/probe.c"
if ! command -v clang > /dev/null 2>&1 ||
	! clang -fsanitize=fuzzer,address,undefined -o "$T/probe" "$T/probe.c" > /dev/null 2>&1; then
	ok "# SKIP clang libFuzzer not available"
	exit 0
fi

if make --no-print-directory B="$B" "$B/fuzz_gift" > "$T/build.log" 2>&1 && [ -x "$B/fuzz_gift" ]; then
	ok "GIFT fuzz target builds (make $B/fuzz_gift)"
else
	fail "GIFT fuzz target builds (make $B/fuzz_gift)"
	sed 's/^/# /' "$T/build.log" | tail -30
	exit 0
fi

# Seeds: the fixtures whole, each of their questions alone, and a few corner cases.
mkdir -p "$T/corpus"
for f in tests/fixtures/gift/*.gift; do
	cp "$f" "$T/corpus/$(basename "$f")"
	awk -v dir="$T/corpus" -v base="$(basename "$f" .gift)" '
		/^[ \t\r]*$/ { if (q != "") { n++; printf "%s", q > (dir "/" base "-" n); close(dir "/" base "-" n); q = "" } next }
		{ q = q $0 "\n" }
		END { if (q != "") { n++; printf "%s", q > (dir "/" base "-" n) } }' "$f"
done
printf 'x{#=%%50%%*#a ~b#c}\n' > "$T/corpus/num-any"
printf 'a {=b}\\n' > "$T/corpus/blank-end"
printf '::t::[html][plain]x{T##r####g}' > "$T/corpus/formats"
printf '{a->b}' > "$T/corpus/bare-short"

cat > "$T/dict" <<'DICT'
"{"
"}"
"="
"~"
"#"
"####"
"::"
"->"
".."
":"
"%50%"
"%-100%"
"%33.33333%"
"\\"
"\\n"
"\\:"
"\\{"
"//"
"\x0a\x0a"
"\x0d\x0a"
"$CATEGORY:"
"[html]"
"[markdown]"
"{T"
"{FALSE"
"{#"
"*"
"_____"
"\xe4\xb8\xad"
"\xef\xbb\xbf"
DICT

UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	"$B/fuzz_gift" -max_total_time="$SECONDS_TO_FUZZ" -max_len=2048 -timeout=10 \
	-dict="$T/dict" -artifact_prefix="$T/crash-" -print_final_stats=1 "$T/corpus" \
	> "$T/fuzz.log" 2>&1
rc=$?
if [ $rc -eq 0 ]; then
	ok "gift_parse fuzzed ${SECONDS_TO_FUZZ}s: no crash, write(parse(x)) reads back the same"
else
	fail "gift_parse fuzzed ${SECONDS_TO_FUZZ}s: exit $rc"
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
