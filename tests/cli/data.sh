#!/bin/sh
# data: every shipped data/ and config/ record is in the codec's exact format (tools/check-data.py).
. tests/lib/harness.sh
check "shipped records are byte-exact codec format" python3 tools/check-data.py
