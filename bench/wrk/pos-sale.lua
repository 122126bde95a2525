-- wrk: POS sales of two different products at a random bench location, each with its own Idempotency-Key, as a
-- till sends them. init args: <run name> <catalogue.csv (locationId,product1,product2)>; the till's bearer token
-- comes from the environment (TILL). Every sale is expected to succeed (201): the bench stock is large.
local rows, n, counter, prefix = {}, 0, 0, ""
local headers = {
  ["Content-Type"] = "application/json",
  ["Accept"] = "application/json",
  ["Authorization"] = "Bearer " .. os.getenv("TILL"),
}

function init(args)
  for line in io.lines(args[2]) do
    local l, a, b = line:match("^([^,]+),([^,]+),([^,]+)$")
    if l and l ~= "locationId" then
      n = n + 1
      rows[n] = { l, a, b }
    end
  end
  math.randomseed(os.time())
  prefix = args[1] .. "-" .. os.time() .. "-" .. math.random(1000000000)
end

function request()
  counter = counter + 1
  local r = rows[math.random(n)]
  -- wrk.format takes these headers instead of wrk.headers (Host aside)
  headers["Idempotency-Key"] = prefix .. "-" .. counter
  return wrk.format("POST", "/locations/" .. r[1] .. "/sales", headers,
    '{"items":[{"productId":"' .. r[2] .. '","quantity":1},{"productId":"' .. r[3] .. '","quantity":1}]}')
end
