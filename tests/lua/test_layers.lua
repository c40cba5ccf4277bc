-- test_layers.lua: the shape of the C code (docs/architecture.md, "The source tree" and "Two
-- rules"): the folders and files of src/core are those the tree names, in its order; every
-- include of src/core names its folder and points up that order; no two C files of src/core,
-- src/lua and src call each other, directly or through others. Each check also runs on a copy
-- of the sources with a violation planted, and must catch it.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"

local root = os.getenv("SAHEL_ROOT") or "."

-- doc_tree(doc): the folders of the doc's source tree in order, and the set of the
-- "folder/file" it names.
local function doc_tree(doc)
  local block = assert(doc:match("## The source tree.-```\n(.-)```"), "no source tree")
  local folders, files, folder = {}, {}, nil
  for line in block:gmatch("[^\n]+") do
    local name = line:match("^([%w_]+)/")
    if name then
      folder = name
      folders[#folders + 1] = name
    elseif folder and line:match("^  %S") then
      for word in line:sub(3):gmatch("%S+") do
        if not word:match("^[%w_]+%.[ch]$") then break end
        files[folder .. "/" .. word] = true
      end
    end
  end
  return folders, files
end

-- listing(dir): the entries under dir: {path = "d" or "f"}, paths relative to dir.
local function listing(dir)
  local code, out, err = T.sh("cd " .. T.quote(dir) .. " && find . -mindepth 1 -printf '%y %P\\n'")
  assert(code == 0, err)
  local entries = {}
  for kind, path in out:gmatch("(%a) ([^\n]+)") do entries[path] = kind end
  return entries
end

-- check_tree(src, doc): messages for each folder or file of src/core that the doc's tree does
-- not name, and each name of the tree that is not there.
local function check_tree(src, doc)
  local folders, files = doc_tree(doc)
  local known, bad = {}, {}
  for _, f in ipairs(folders) do known[f] = true end
  for path, kind in pairs(listing(src .. "/src/core")) do
    local depth = select(2, path:gsub("/", ""))
    if kind == "d" and (depth > 0 or not known[path]) then
      bad[#bad + 1] = "src/core/" .. path .. "/: a folder docs/architecture.md does not name"
    elseif kind == "f" and (depth ~= 1 or not files[path]) then
      bad[#bad + 1] = "src/core/" .. path .. ": a file docs/architecture.md does not name"
    end
  end
  for path in pairs(files) do
    local f = io.open(src .. "/src/core/" .. path, "r")
    if f then f:close() else bad[#bad + 1] = "docs/architecture.md names src/core/" .. path
                                           .. ", which does not exist" end
  end
  table.sort(bad)
  return bad, folders
end

-- core_files(src): the paths of src/core's C files, relative to src/core.
local function core_files(src)
  local paths = {}
  for path, kind in pairs(listing(src .. "/src/core")) do
    if kind == "f" and path:match("%.[ch]$") then paths[#paths + 1] = path end
  end
  table.sort(paths)
  return paths
end

-- check_includes(src, folders): a message for each include of src/core that does not name
-- "folder/file.h" of an existing file, or points to a folder after its own in the order.
local function check_includes(src, folders)
  local rank, bad, n = {}, {}, 0
  for i, f in ipairs(folders) do rank[f] = i end
  for _, path in ipairs(core_files(src)) do
    local own = path:match("^([%w_]+)/")
    local lineno = 0
    for line in io.lines(src .. "/src/core/" .. path) do
      lineno = lineno + 1
      local inc = line:match('^%s*#%s*include%s*"([^"]+)"')
      if inc then
        n = n + 1
        local folder = inc:match("^([%w_]+)/[%w_]+%.h$")
        local f = folder and io.open(src .. "/src/core/" .. inc, "r")
        if f then f:close() end
        local where = ("src/core/%s:%d: includes \"%s\""):format(path, lineno, inc)
        if not f or not rank[folder] then
          bad[#bad + 1] = where .. ": not a folder/file.h of src/core"
        elseif own and rank[own] and rank[folder] > rank[own] then
          bad[#bad + 1] = ("%s: %s/ comes after %s/ (includes point up the tree)")
                            :format(where, folder, own)
        end
      end
    end
  end
  return bad, n
end

-- strip(s): C source s without comments, and with string and character literals emptied.
local function strip(s)
  local out, i, n = {}, 1, #s
  while i <= n do
    local a = s:find("[/\"']", i)
    if not a then
      out[#out + 1] = s:sub(i)
      break
    end
    out[#out + 1] = s:sub(i, a - 1)
    local c, d = s:sub(a, a), s:sub(a + 1, a + 1)
    if c == "/" and d == "*" then
      out[#out + 1] = " "
      i = (s:find("*/", a + 2, true) or n) + 2
    elseif c == "/" and d == "/" then
      i = s:find("\n", a, true) or n + 1
    elseif c == "/" then
      out[#out + 1] = c
      i = a + 1
    else
      local j = a + 1
      while j <= n and s:sub(j, j) ~= c do j = j + (s:sub(j, j) == "\\" and 2 or 1) end
      out[#out + 1] = c .. c
      i = j + 1
    end
  end
  return table.concat(out)
end

-- c_files(src): the C files whose calls are checked: src/core, src/lua and src itself.
local function c_files(src)
  local paths = {}
  for _, path in ipairs(core_files(src)) do
    if path:match("%.c$") then paths[#paths + 1] = "src/core/" .. path end
  end
  for _, dir in ipairs { "src/lua", "src" } do
    for path, kind in pairs(listing(src .. "/" .. dir)) do
      if kind == "f" and path:match("^[%w_]+%.c$") then paths[#paths + 1] = dir .. "/" .. path end
    end
  end
  table.sort(paths)
  return paths
end

-- call_graph(src): for each C file, the set of the other files whose (non-static) functions
-- it calls; and the number of functions defined.
local function call_graph(src)
  local defined, calls, nfuncs = {}, {}, 0
  for _, path in ipairs(c_files(src)) do
    local text = strip(T.read(src .. "/" .. path))
    for prefix, name in text:gmatch("\n([%a_][%w_ %*]-)([%a_][%w_]*)%b()%s*{") do
      if not prefix:match("static") and not defined[name] then
        defined[name] = path
        nfuncs = nfuncs + 1
      end
    end
    calls[path] = {}
    for name in text:gmatch("([%a_][%w_]*)%s*%(") do calls[path][name] = true end
  end
  local graph = {}
  for path, names in pairs(calls) do
    graph[path] = {}
    for name in pairs(names) do
      local def = defined[name]
      if def and def ~= path then graph[path][def] = true end
    end
  end
  return graph, nfuncs
end

-- check_cycles(graph): a message for each cycle found ("a.c -> b.c -> a.c"), one per file
-- that closes one.
local function check_cycles(graph)
  local state, stack, bad = {}, {}, {}
  local function visit(v)
    state[v] = "open"
    stack[#stack + 1] = v
    local next = {}
    for w in pairs(graph[v] or {}) do next[#next + 1] = w end
    table.sort(next)
    for _, w in ipairs(next) do
      if state[w] == "open" then
        local k = #stack
        while stack[k] ~= w do k = k - 1 end
        local cycle = { table.unpack(stack, k) }
        cycle[#cycle + 1] = w
        bad[#bad + 1] = "a cycle of calls: " .. table.concat(cycle, " -> ")
      elseif not state[w] then
        visit(w)
      end
    end
    stack[#stack] = nil
    state[v] = "done"
  end
  local files = {}
  for v in pairs(graph) do files[#files + 1] = v end
  table.sort(files)
  for _, v in ipairs(files) do if not state[v] then visit(v) end end
  return bad
end

-- check_pipeline(src): a message for each include of pipeline/ outside base/ and article/,
-- and each name of the corpus, the text layer or the gazetteer in its code: the pipeline reads
-- a source through article/source.h and knows nothing else (issue 15, point 4).
local function check_pipeline(src)
  local bad = {}
  for _, path in ipairs(core_files(src)) do
    if path:match("^pipeline/") then
      local text = T.read(src .. "/src/core/" .. path)
      for inc in text:gmatch('#%s*include%s*"([^"]+)"') do
        local folder = inc:match("^([%w_]+)/")
        if folder ~= "base" and folder ~= "article" and folder ~= "pipeline" then
          bad[#bad + 1] = ('src/core/%s includes "%s": the pipeline knows only base/ and article/')
                            :format(path, inc)
        end
      end
      for name in strip(text):gmatch("[%a_][%w_]*") do
        if name:match("^corpus_") or name:match("^gaz_") or name:match("^doc_")
            or name == "textproc" or name == "gazetteer" or name == "corpus" then
          bad[#bad + 1] = ("src/core/%s names %s: the pipeline knows only its source's interface")
                            :format(path, name)
        end
      end
    end
  end
  return bad
end

-- check_all(src): every message about the sources under src (empty: all is well), and
-- figures that show the checks looked at something.
local function check_all(src)
  local doc = assert(T.read(src .. "/docs/architecture.md"), "docs/architecture.md")
  local bad, folders = check_tree(src, doc)
  local inc_bad, nincludes = check_includes(src, folders)
  local graph, nfuncs = call_graph(src)
  for _, m in ipairs(inc_bad) do bad[#bad + 1] = m end
  for _, m in ipairs(check_cycles(graph)) do bad[#bad + 1] = m end
  for _, m in ipairs(check_pipeline(src)) do bad[#bad + 1] = m end
  return bad, { folders = #folders, includes = nincludes, functions = nfuncs }
end

-- planted(edit): a copy of the sources with edit(dir) applied; the messages about it.
local function planted(edit)
  local dir = T.tmpdir()
  local q, r = T.quote(dir), T.quote(root)
  local copy = "mkdir -p %s/src %s/docs && cp -r %s/src/. %s/src"
               .. " && cp %s/docs/architecture.md %s/docs"
  assert(T.sh(copy:format(q, q, r, q, r, q)) == 0)
  edit(dir)
  local bad = check_all(dir)
  T.sh("rm -rf " .. T.quote(dir))
  return table.concat(bad, "\n")
end

-- caught(messages, pattern): fail unless some message matches pattern.
local function caught(messages, pattern)
  T.ok(messages:find(pattern), "a message matching " .. pattern .. " in:\n" .. messages)
end

-- append(path, text): add text at the end of a file.
local function append(path, text)
  local f = assert(io.open(path, "a"))
  f:write(text)
  f:close()
end

T.case("src/core matches docs/architecture.md; includes point up; no cycle of calls", function()
  local bad, seen = check_all(root)
  T.eq(bad, {}, "violations")
  T.ok(seen.folders >= 10 and seen.includes > 200 and seen.functions > 300,
       "the checks looked at the code: " .. T.show(seen))
end)

T.case("a file or folder the tree does not name, and a name with no file, are caught", function()
  caught(planted(function(d) T.write(d .. "/src/core/stray.c", "int x;\n") end),
          "src/core/stray.c: a file docs/architecture.md does not name")
  caught(planted(function(d) T.write(d .. "/src/core/base/extra.c", "int x;\n") end),
          "src/core/base/extra.c: a file")
  caught(planted(function(d) assert(T.sh("mkdir " .. T.quote(d .. "/src/core/misc")) == 0) end),
          "src/core/misc/: a folder")
  caught(planted(function(d) os.remove(d .. "/src/core/base/nearest.c") end),
          "names src/core/base/nearest.c, which does not exist")
end)

T.case("an include that points down the tree, or names no folder, is caught", function()
  caught(planted(function(d) append(d .. "/src/core/base/err.c", '#include "cooc/cooc.h"\n') end),
          'src/core/base/err.c:%d+: includes "cooc/cooc.h": cooc/ comes after base/')
  caught(planted(function(d) append(d .. "/src/core/text/chars.h", '#include "mem.h"\n') end),
          'src/core/text/chars.h:%d+: includes "mem.h": not a folder/file.h')
end)

T.case("the pipeline including the text layer or naming the corpus is caught", function()
  caught(planted(function(d)
    append(d .. "/src/core/pipeline/pipeline.h", '#include "text/text.h"\n')
  end), 'src/core/pipeline/pipeline.h includes "text/text.h": the pipeline knows only')
  caught(planted(function(d)
    append(d .. "/src/core/pipeline/pipeline.c", "static int split(pipeline_next_fn f) {\n"
                                                .. "  return f == corpus_next_sink;\n}\n")
  end), "src/core/pipeline/pipeline.c names corpus_next_sink")
end)

T.case("two files that call each other, directly or through a third, are caught", function()
  caught(planted(function(d)
    append(d .. "/src/core/base/buf.c", "void planted_a(void);\n"
                                        .. "void planted_a(void) { planted_b(); }\n")
    append(d .. "/src/core/base/mem.c", "void planted_b(void);\n"
                                        .. "void planted_b(void) { planted_a(); }\n")
  end), "a cycle of calls: src/core/base/buf.c %-> src/core/base/mem.c %-> src/core/base/buf.c")
  -- text/chars.c calling the gazetteer closes chars -> gazetteer -> ... -> chars
  caught(planted(function(d)
    append(d .. "/src/core/text/chars.c", "void planted(void);\n"
                                          .. "void planted(void) { gaz_free(0); }\n")
  end), "a cycle of calls: [^\n]*src/core/text/chars.c")
  -- a call in a comment or a string is no call
  T.eq(planted(function(d)
    append(d .. "/src/core/text/chars.c", '/* gaz_free(g) */\n'
                                          .. 'static const char *s = "gaz_free(g)";\n')
  end), "", "comments and strings")
end)

T.done()
