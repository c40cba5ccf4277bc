#!/usr/bin/env bash
# tests/fuzz/run.sh NAME SECONDS [LIBFUZZER-ARGS...]: fuzz one harness (tests/fuzz/fuzz_NAME.c)
# for SECONDS. Builds build-fuzz with clang first when needed (BUILD=dir to change it;
# FUZZ_NO_BUILD=1 to run what is built).
# The growing corpus lives in BUILD/corpus/NAME (seeded from tests/fixtures, tests/fuzz/seeds
# and tests/fuzz/regressions); crashes land in BUILD/findings/NAME/. Copy a finding into
# tests/fuzz/regressions/NAME/ once understood: the suite replays those (test_fuzz_replay).
# The last lines printed are libFuzzer's final statistics (executions, peak memory).
set -euo pipefail
cd "$(dirname "$0")/../.."
name=${1:?usage: tests/fuzz/run.sh NAME SECONDS [LIBFUZZER-ARGS...]}
secs=${2:?usage: tests/fuzz/run.sh NAME SECONDS [LIBFUZZER-ARGS...]}
shift 2
build=${BUILD:-build-fuzz}

if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAHEL_FUZZ=ON >/dev/null
fi
[ -n "${FUZZ_NO_BUILD:-}" ] || cmake --build "$build" --target "fuzz_$name" -j2 >/dev/null

# seed directories of each harness (besides its regressions); harnesses whose first input
# byte picks options get their file seeds prefixed with a 0 byte (the defaults)
prefix=1
case $name in
  text) seeds="tests/fixtures/text tests/fuzz/seeds/text" ;;
  date) seeds="tests/fuzz/seeds/date"; prefix=0 ;;
  csvread) seeds="tests/fixtures/gazetteer" ;;
  gazetteer) seeds="tests/fixtures/gazetteer"; prefix=0 ;;
  matcher) seeds="tests/fuzz/seeds/matcher"; prefix=0 ;;
  plaintext | encoding) seeds="tests/fixtures/articles tests/fixtures/text datasets/sample/curated" ;;
  jsonl) seeds="tests/fixtures/cooc datasets/sample" ;;
  corpus) seeds="tests/fuzz/seeds/corpus"; prefix=0 ;;
  sandbox) seeds="tests/fuzz/seeds/sandbox"; prefix=0 ;;
  *) seeds="tests/fuzz/seeds/$name" ;;
esac
corpus="$build/corpus/$name"
findings="$build/findings/$name"
mkdir -p "$corpus" "$findings"
dirs=()
if [ "$prefix" = 1 ]; then
  rm -rf "$build/seeds/$name"
  mkdir -p "$build/seeds/$name"
  for d in $seeds; do
    for f in "$d"/*; do
      [ -f "$f" ] && { printf '\0'; cat "$f"; } >"$build/seeds/$name/$(basename "$d")-$(basename "$f")"
    done
  done
  dirs+=("$build/seeds/$name")
else
  for d in $seeds; do [ -d "$d" ] && dirs+=("$d"); done
fi
[ -d "tests/fuzz/regressions/$name" ] && dirs+=("tests/fuzz/regressions/$name")
dict=()
[ -f "tests/fuzz/dict/$name.dict" ] && dict=("-dict=tests/fuzz/dict/$name.dict")

exec "$build/tests/fuzz/fuzz_$name" "$corpus" "${dirs[@]}" "${dict[@]}" -max_total_time="$secs" \
  -max_len="${FUZZ_MAX_LEN:-8192}" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$findings/" "$@"
