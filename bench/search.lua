-- GET /api/v1/trees searches at random places of the generated city, one kind per run (SEARCH):
--   bbox    a box of about 450 x 330 m (up to 500 trees, limit=500)
--   nearest the 20 trees nearest a point
--   q       full-text search for a word a user would type (a street, a species, a note), limit=20
-- The city's extent comes from the environment: WEST, EAST, SOUTH, NORTH.
local mode = os.getenv("SEARCH")
local west, east = tonumber(os.getenv("WEST")), tonumber(os.getenv("EAST"))
local south, north = tonumber(os.getenv("SOUTH")), tonumber(os.getenv("NORTH"))
local words = {"broadway", "maple", "oak street", "linden", "avenue", "pruned", "storm damage", "memorial",
  "ginkgo", "elm", "5 park", "willow", "cherry lane", "honeylocust", "12 main", "pin oak", "plane", "river road"}

math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)

local function between(a, b) return a + math.random() * (b - a) end

request = function()
  local path
  if mode == "bbox" then
    local lng, lat = between(west, east - 0.0054), between(south, north - 0.003)
    path = string.format("/api/v1/trees?bbox=%.6f,%.6f,%.6f,%.6f&limit=500", lng, lat, lng + 0.0054, lat + 0.003)
  elseif mode == "nearest" then
    path = string.format("/api/v1/trees?near=%.6f,%.6f&limit=20", between(south, north), between(west, east))
  else
    path = "/api/v1/trees?limit=20&q=" .. words[math.random(#words)]:gsub(" ", "+")
  end
  return wrk.format("GET", path)
end
