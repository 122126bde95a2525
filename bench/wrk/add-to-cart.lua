-- wrk: add one unit of a random product to a random bench cart, as a shopper's app does. init args: <run name>
-- <carts.csv (cartId,productId)>; the shopper's bearer token comes from the environment (SHOPPER).
local rows, n = {}, 0

function init(args)
  for line in io.lines(args[2]) do
    local c, p = line:match("^([^,]+),([^,]+)$")
    if c and c ~= "cartId" then
      n = n + 1
      rows[n] = { c, p }
    end
  end
  math.randomseed(os.time())
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SHOPPER")

function request()
  local r = rows[math.random(n)]
  return wrk.format("POST", "/carts/" .. r[1] .. "/items", nil, '{"productId":"' .. r[2] .. '","quantity":1}')
end
