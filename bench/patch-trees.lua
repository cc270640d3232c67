-- PATCH /api/v1/trees/{id} (a new DBH) over the ids listed in the file named by IDS_FILE.
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do
  ids[#ids + 1] = line
end
request = function()
  local body = string.format('{"dbhCm":%.1f}', 1 + math.random() * 120)
  -- wrk.headers holds the -H headers (the bearer token); headers given here would replace them.
  wrk.headers["Content-Type"] = "application/merge-patch+json"
  return wrk.format("PATCH", "/api/v1/trees/" .. ids[math.random(#ids)], nil, body)
end
