# fuzz: what the libFuzzer suites share (sourced after harness.sh): the clang probe, the build, one judged run.
B=${B:-build}

# Ends the suite with a skip when clang cannot link a libFuzzer target with the sanitizers.
# A skip is counted as such by tests/run.sh, and is a failure where `make deps` could have installed these.
fuzz_need_clang() {
	printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n%s\n' \
		'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
		> "$T/probe.c"
	if ! command -v clang > /dev/null 2>&1; then
		ok "# SKIP clang is not installed (make deps installs clang and libclang-rt-dev)"
		exit 0
	fi
	if ! clang -fsanitize=fuzzer,address,undefined -o "$T/probe" "$T/probe.c" > "$T/probe.log" 2>&1; then
		ok "# SKIP clang cannot link -fsanitize=fuzzer,address,undefined (libclang-rt-N-dev missing?): $(head -n 1 "$T/probe.log")"
		exit 0
	fi
}

# fuzz_build NAME TARGET CMD…: runs the build command; ok NAME when it made $B/TARGET, else the log and the suite ends.
fuzz_build() {
	_name=$1 _target=$2
	shift 2
	mkdir -p "$B"
	if "$@" > "$T/build.log" 2>&1 && [ -x "$B/$_target" ]; then
		ok "$_name"
	else
		fail "$_name"
		sed 's/^/# /' "$T/build.log" | tail -30
		exit 0
	fi
}

# fuzz_run TARGET MAX_LEN WHAT PROPERTY: fuzzes $B/TARGET for $SECONDS_TO_FUZZ s from $T/corpus with $T/dict;
# ok when it exits clean (else the log's end and each reproducer in base64), and when it made 1,000 runs or more.
fuzz_run() {
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		"$B/$1" -max_total_time="$SECONDS_TO_FUZZ" -max_len="$2" -timeout=10 \
		-dict="$T/dict" -artifact_prefix="$T/crash-" -print_final_stats=1 "$T/corpus" \
		> "$T/fuzz.log" 2>&1
	_rc=$?
	if [ $_rc -eq 0 ]; then
		ok "$3 fuzzed ${SECONDS_TO_FUZZ}s: $4"
	else
		fail "$3 fuzzed ${SECONDS_TO_FUZZ}s: exit $_rc"
		grep -v '^#[0-9]' "$T/fuzz.log" | tail -40 | sed 's/^/# /'
		for _f in "$T"/crash-*; do
			[ -f "$_f" ] || continue
			echo "# reproducer $(basename "$_f") (base64):"
			base64 "$_f" | head -20 | sed 's/^/#   /'
		done
	fi
	_runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$T/fuzz.log")
	if [ "${_runs:-0}" -ge 1000 ]; then
		ok "fuzzer made ${_runs} runs"
	else
		fail "fuzzer made only ${_runs:-0} runs"
	fi
}
