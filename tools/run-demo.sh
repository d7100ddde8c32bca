#!/bin/sh
# run-demo: creates the demo data repository once, then opens jiaoyan on it (make run).
set -eu
repo="${XDG_DATA_HOME:-$HOME/.local/share}/jiaoyan/demo.git"
if [ ! -d "$repo" ]; then
	./jiaoyan init --demo "$repo"
fi
exec ./jiaoyan -C "$repo" "$@"
