-- PATCH /api/v1/work-orders/{id} to completed, each order of the file named by IDS_FILE at most
-- once: thread k of n takes every n-th id from an offset that moves on with the clock (a warm-up
-- and the measured run that follows it take different orders).
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do
  ids[#ids + 1] = line
end
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  n = 0
  base = (os.time() * 1000) % #ids
  count = tonumber(os.getenv("THREADS") or "2")
end
function request()
  n = n + 1
  local i = (base + n * count + tid) % #ids + 1
  wrk.headers["Content-Type"] = "application/merge-patch+json"
  return wrk.format("PATCH", "/api/v1/work-orders/" .. ids[i], nil, '{"status":"completed"}')
end
