#!/bin/sh
# csv: builds the libFuzzer target for the CSV reader (csv_to_utf8, csv_parse) and fuzzes it for ~20 s (write-back property).
. tests/lib/harness.sh
. tests/lib/fuzz.sh
SECONDS_TO_FUZZ=${JIAOYAN_FUZZ_SECONDS:-20}
top=$(pwd)

fuzz_need_clang

# The Makefile's fuzz rule builds the codec target; this one links the few core files the CSV module needs.
fuzz_build "CSV fuzz target builds" fuzz_csv \
	clang -std=c11 -D_GNU_SOURCE -Iinclude -g -O1 -fsanitize=fuzzer,address,undefined -o "$B/fuzz_csv" \
		tests/fuzz/fuzz_csv.c src/core/csv.c src/core/buf.c src/core/vec.c src/core/err.c src/core/text.c

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

fuzz_run fuzz_csv 4096 "CSV reader" "no crash, output is UTF-8, write-back reads the same"
