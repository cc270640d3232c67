-- POST /api/v1/trees with generated trees spread over New York City.
local counter = 0
local statuses = {"alive", "alive", "alive", "dead", "stump", "planned"}
local healths = {alive = "\"healthy\"", dead = "\"dead\"", stump = "null", planned = "null"}
request = function()
  counter = counter + 1
  local status = statuses[math.random(#statuses)]
  local body = string.format(
    '{"location":{"lat":%.6f,"lng":%.6f,"address":"%d BENCH STREET"},"status":"%s","healthStatus":%s,' ..
    '"dbhCm":%.1f,"tags":["bench"],"scientificName":"Platanus x acerifolia"}',
    40.5 + math.random() * 0.4, -74.2 + math.random() * 0.5, counter, status, healths[status],
    1 + math.random() * 120)
  -- wrk.headers holds the -H headers (the bearer token); headers given here would replace them.
  wrk.headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/api/v1/trees", nil, body)
end
