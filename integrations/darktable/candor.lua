--[[
  candor.lua: on every export, label the exported file with the AI use darktable's history shows.

  After darktable has written an export (the "intermediate-export-image" event, when the file and
  darktable's own metadata are on disk), this runs

      <candor> disclose --from-darktable <sidecar> <exported file>

  Candor reads the edit history, decides the IPTC Digital Source Type and the actions to write
  (see docs/darktable.md) and rewrites only the file's metadata blocks.

  On by default. Off for every export: the preference "label exports with candor" (or
  --conf lua/candor/enabled=false). Off for one image: tag it candor|no-disclose.
  The candor command: preference "candor command" (default "candor"); the environment
  variable CANDOR_COMMAND, when set, wins (for headless runs and tests).
  A failure is logged and never stops the export.

  darktable Lua API 9 or later (darktable 4.2+).
]]

local dt = require "darktable"

local MODULE = "candor"
local OPT_OUT_TAG = "candor|no-disclose"

local function api_major()
  local major = tostring(dt.configuration.api_version_string):match("^(%d+)")
  return tonumber(major) or 0
end

if api_major() < 9 then
  io.stderr:write("candor: darktable Lua API " .. tostring(dt.configuration.api_version_string) .. " is too old (9 or later needed); not loaded\n")
  return
end

-- Preferences live in darktablerc as lua/candor/enabled and lua/candor/candor_path, so headless runs
-- set them with --conf. They are registered (shown in the preferences dialog) only with a GUI:
-- darktable-cli 4.2 hangs in dt.preferences.register.
if dt.configuration.has_gui then
  dt.preferences.register(MODULE, "enabled", "bool",
    "label exports with candor",
    "write the AI-use disclosure (IPTC digital source type) into every exported file", true)
  dt.preferences.register(MODULE, "candor_path", "string",
    "candor command",
    "the candor executable, e.g. candor or /usr/local/bin/candor; it may be followed by arguments", "candor")
end

-- On unless switched off: an unset preference reads as "" (headless) and means on.
local function enabled()
  local value = tostring(dt.preferences.read(MODULE, "enabled", "string") or ""):lower()
  return not (value == "false" or value == "0" or value == "off" or value == "no")
end

-- Headless (darktable-cli) there is no log window: lines go to stderr as well.
local function log(message)
  dt.print_log(message)
  if not dt.configuration.has_gui then io.stderr:write(message .. "\n") end
end

local function log_error(message)
  dt.print_error(message)
  io.stderr:write(message .. "\n")
end

-- One argument for /bin/sh: single-quoted, with each ' written as '\''.
local function shell_quote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

local function has_opt_out_tag(image)
  for _, tag in ipairs(dt.tags.get_tags(image)) do
    if tag.name == OPT_OUT_TAG then return true end
  end
  return false
end

local function file_exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

local function candor_command()
  local env = os.getenv("CANDOR_COMMAND")
  if env and env ~= "" then return env end
  local pref = dt.preferences.read(MODULE, "candor_path", "string")
  if pref == nil or pref == "" then return "candor" end
  return pref
end

local function disclose(image, filename)
  -- The sidecar holds the history that was exported; when darktable is set not to write sidecars,
  -- the exported file's own XMP (darktable embeds the history) is read instead.
  local history = image.sidecar
  if history == nil or history == "" or not file_exists(history) then history = filename end
  local command = candor_command() .. " disclose --from-darktable " .. shell_quote(history) .. " " .. shell_quote(filename) .. " 2>&1"
  local pipe = io.popen(command)
  if not pipe then
    log_error("candor: could not start: " .. command)
    return
  end
  local output = pipe:read("*a") or ""
  local ok, how, code = pipe:close()
  if ok then
    log("candor: " .. output:gsub("%s+$", ""))
  else
    log_error("candor: disclose failed for " .. filename .. " (" .. tostring(how) .. " " .. tostring(code) .. "): " .. output:gsub("%s+$", ""))
  end
end

dt.register_event(MODULE, "intermediate-export-image",
  function(event, image, filename, format, storage)
    if not enabled() then return end
    if has_opt_out_tag(image) then
      log("candor: " .. image.filename .. " is tagged " .. OPT_OUT_TAG .. "; not labelled")
      return
    end
    local ok, err = pcall(disclose, image, filename)
    if not ok then log_error("candor: " .. tostring(err)) end
  end)
