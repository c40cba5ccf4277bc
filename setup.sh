#!/bin/sh
# setup.sh: install what is missing (Debian 12), configure and build sahelscript.
#   ./setup.sh            build in build/
#   ./setup.sh test       the same, plus the tools the tests use (Chromium for the report,
#                         Graphviz, valgrind, xmllint, clang for the fuzzers, LibreOffice
#                         Calc and unzip to read the workbook back, Slurm and GNU parallel
#                         for the cluster tests, LuaRocks for the rockspec's)
#   ./setup.sh install    the same as ./setup.sh, then install the binary, the sahel module
#                         for lua5.4, the Lua library, scripts, data and the man page under
#                         PREFIX (default /usr/local; DESTDIR=dir stages the tree in dir)
#   BUILD=dir CMAKE_ARGS="-DSAHEL_SANITIZE=ON" ./setup.sh   another build tree
set -eu
cd "$(dirname "$0")"

packages="cmake make gcc pkg-config liblua5.4-dev lua5.4 libicu-dev libsqlite3-dev sqlite3
  libcsv-dev libcjson-dev libedit-dev libxlsxwriter-dev libigraph-dev
  libstemmer-dev"
if [ "${1:-}" = test ]; then
  packages="$packages chromium fonts-dejavu-core graphviz valgrind libxml2-utils clang
    libclang-rt-14-dev bsdutils
    libreoffice-calc unzip locales slurm-wlm parallel luarocks"
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
# configure a new tree, or again when asked to; an existing one reconfigures itself as needed
if [ ! -f "$build/CMakeCache.txt" ] || [ -n "${CMAKE_ARGS:-}${BUILD_TYPE:-}" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} ${CMAKE_ARGS:-} >/dev/null
fi
cmake --build "$build" -j"$(nproc)" >&2

if [ "${1:-}" = install ]; then
  prefix=${PREFIX:-/usr/local}
  cmake --install "$build" --prefix "$prefix" >/dev/null
  echo "setup: installed under ${DESTDIR:-}$prefix: bin/sahelscript, the sahel module for" \
    "lua5.4 (lib/lua/5.4), share/sahelscript (lualib, scripts, datasets), the man page" >&2
  case "$prefix" in
    /usr/local | /usr) ;;
    *) echo "setup: for man and lua5.4 under $prefix: export MANPATH=$prefix/share/man:" \
         "LUA_CPATH='$prefix/lib/lua/5.4/?.so;;'" >&2 ;;
  esac
fi
