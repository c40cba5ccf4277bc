#!/bin/sh
# setup.sh: install what is missing (Debian 12), configure and build sahelscript.
#   ./setup.sh            build in build/
#   ./setup.sh test       the same, plus the tools the tests use (Chromium for the report,
#                         Graphviz, valgrind, xmllint, clang for the fuzzers, LibreOffice
#                         Calc and unzip to read the workbook back, Slurm and GNU parallel
#                         for the cluster tests)
#   BUILD=dir CMAKE_ARGS="-DSAHEL_SANITIZE=ON" ./setup.sh   another build tree
set -eu
cd "$(dirname "$0")"

packages="cmake make gcc pkg-config liblua5.4-dev lua5.4 libicu-dev libsqlite3-dev sqlite3
  libcsv-dev libcjson-dev libedit-dev libxlsxwriter-dev libigraph-dev"
if [ "${1:-}" = test ]; then
  packages="$packages chromium fonts-dejavu-core graphviz valgrind libxml2-utils clang
    libclang-rt-14-dev bsdutils
    libreoffice-calc unzip locales slurm-wlm parallel"
fi
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing$missing" >&2
  if [ "$(id -u)" != 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
fi

build=${BUILD:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} ${CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j"$(nproc)" >&2
