-- sahelscript-0.1.0-1.rockspec: the toolkit as the `sahel` module of a LuaRocks tree, built
-- from this checkout with its CMake build (the Debian packages of ./setup.sh installed):
--   luarocks --lua-version 5.4 make            # then: lua5.4 -e 'require "sahel"'
rockspec_format = "3.0"
package = "sahelscript"
version = "0.1.0-1"
source = {
  url = "git+file://.",
}
description = {
  summary = "Text mining of news about the Sahel: Arabic-aware entity counts and networks",
  detailed = [[
    sahelscript's C toolkit (corpora, Arabic normalization and tokens with ICU, gazetteer
    matching with clitics, co-occurrence, SQLite store, CSV) as the Lua 5.4 module `sahel`,
    with its Lua library, scripts and bundled data.
  ]],
}
dependencies = {
  "lua >= 5.4, < 5.5",
}
build = {
  type = "cmake",
  variables = {
    CMAKE_BUILD_TYPE = "Release",
    CMAKE_INSTALL_PREFIX = "$(PREFIX)",
    SAHEL_ROCK_LIBDIR = "$(LIBDIR)",
  },
}
