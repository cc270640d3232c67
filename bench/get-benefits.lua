-- GET /api/v1/trees/{id}/benefits over the ids listed in the file named by IDS_FILE.
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do
  ids[#ids + 1] = line
end
request = function()
  return wrk.format("GET", "/api/v1/trees/" .. ids[math.random(#ids)] .. "/benefits")
end
