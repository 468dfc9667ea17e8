-- A sequence of different requests for scripts/bench/measure.ts (loadSequence):
-- each thread sends the lines of its own file ("cookie<TAB>path", and a third
-- column, when present, sent as X-Forwarded-For: the person's own address
-- behind a load balancer), each once,
-- in order. Arguments: file prefix (thread N reads <prefix>N.tsv), method,
-- content type, body, expected status.
-- Prints wrk's summary (WRK_JSON) and, per thread, how many lines it used and
-- how many responses had another status (WRK_THREAD id used unexpected).
dofile("scripts/bench/wrk-report.lua")
local report = done

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- Globals, so that done() can read them from each thread.
used = 0
unexpected = 0
local entries = {}
local count = 0
local method, content_type, body, expected

function init(args)
  method, content_type, body, expected = args[2], args[3], args[4], tonumber(args[5])
  for line in io.lines(args[1] .. id .. ".tsv") do
    local cookie, path, forwarded = line:match("^([^\t]*)\t([^\t]+)\t?(.*)$")
    count = count + 1
    entries[count] = { cookie, path, forwarded }
  end
end

function request()
  -- Past the end of the file the sequence starts again; measure.ts counts those as repeats.
  local entry = entries[(used % count) + 1]
  used = used + 1
  local headers = { ["Cookie"] = entry[1], ["Content-Type"] = content_type }
  if entry[3] ~= "" then headers["X-Forwarded-For"] = entry[3] end
  return wrk.format(method, entry[2], headers, body)
end

function response(status, headers, response_body)
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  report(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("WRK_THREAD %d %d %d\n", thread:get("id"), thread:get("used"), thread:get("unexpected")))
  end
end
