#!/bin/sh
# The C sources follow the repo's .clang-format: print each file that
# clang-format would change, and exit 1 if there is one. `clang-format
# -i FILE` fixes a file. make check runs this first (it is cheap).
cd "$(dirname "$0")/.." || exit 111
command -v clang-format >/dev/null || { echo "format: clang-format is not installed (tests/deps.sh)"; exit 1; }
[ -f .clang-format ] || { echo "format: no .clang-format in $PWD"; exit 1; }
n=0 bad=0
for f in src/*/*.[ch] tests/unit/*.c tests/fuzz/*.[ch] tests/bench/*.c tests/soak/*.c; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	if ! clang-format --style=file --dry-run -Werror "$f" >/dev/null 2>&1; then
		echo "format: $f differs from .clang-format (clang-format -i $f)"
		bad=$((bad + 1))
	fi
done
echo "format: $n files, $bad to reformat"
[ "$bad" = 0 ]
