#!/bin/sh
# codec: builds the libFuzzer target for codec_decode and fuzzes it for ~20 s from a seed corpus (round-trip property).
. tests/lib/harness.sh
. tests/lib/fuzz.sh
SECONDS_TO_FUZZ=${JIAOYAN_FUZZ_SECONDS:-20}

fuzz_need_clang

fuzz_build "fuzz target builds (make fuzz)" fuzz_codec make --no-print-directory B="$B" fuzz

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

fuzz_run fuzz_codec 4096 "codec_decode" "no crash, round trip holds"
