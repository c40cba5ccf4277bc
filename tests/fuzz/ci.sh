#!/usr/bin/env bash
# tests/fuzz/ci.sh [SECONDS]: the CI fuzz step. Builds the harnesses with clang (build-fuzz,
# or BUILD=dir), runs every tests/fuzz/fuzz_*.c for SECONDS (60 by default), two at a time
# (the machine has 2 cores), prints the executions of each, and fails when any harness
# finds a crash, a leak or a broken invariant (its log and the input are kept in
# BUILD/findings/NAME/). 10 harnesses x 60 s / 2 = 5 minutes, plus the build.
set -uo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
build=${BUILD:-build-fuzz}
export BUILD=$build

if ! command -v clang >/dev/null; then
  echo "fuzz: clang not found (apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAHEL_FUZZ=ON >/dev/null || exit 1
fi
names=$(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')
targets=$(for n in $names; do printf 'fuzz_%s ' "$n"; done)
# shellcheck disable=SC2086
cmake --build "$build" -j2 --target $targets >"$build/fuzz-build.log" 2>&1 || {
  tail -30 "$build/fuzz-build.log"
  exit 1
}

# run_one NAME: fuzz NAME for secs seconds; its log in build/findings/NAME.log, its exit
# status in build/findings/NAME.rc.
run_one() {
  mkdir -p "$build/findings"
  FUZZ_NO_BUILD=1 tests/fuzz/run.sh "$1" "$secs" >"$build/findings/$1.log" 2>&1
  echo $? >"$build/findings/$1.rc"
}

running=0
for n in $names; do
  if [ "$running" -ge 2 ]; then
    wait -n
    running=$((running - 1))
  fi
  run_one "$n" &
  running=$((running + 1))
done
wait

failed=0
printf '%-12s %12s %10s  %s\n' harness executions exec/s verdict
for n in $names; do
  log="$build/findings/$n.log"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  rc=$(cat "$build/findings/$n.rc" 2>/dev/null || echo 1)
  if grep -qE '^==[0-9]+==ERROR|^SUMMARY: |invariant failed|Test unit written' "$log"; then
    verdict="FINDING (see $log)"
    failed=1
  elif [ "$rc" != 0 ] || [ -z "$execs" ]; then
    verdict="DID NOT RUN (exit $rc, see $log)"
    failed=1
  else
    verdict=ok
  fi
  printf '%-12s %12s %10s  %s\n' "$n" "${execs:-?}" "${rate:-?}" "$verdict"
done
if [ "$failed" -ne 0 ]; then
  for n in $names; do
    grep -hE -A12 'invariant failed|^==[0-9]+==ERROR|error:' "$build/findings/$n.log" | head -40
  done
  echo "fuzz: findings above; reproduce with build-*/tests/test_fuzz_replay NAME FILE" >&2
fi
exit $failed
