-- wrk: GET a random path of a list, as many readers do. init args: <run name> <paths.csv (a "path" header, then one
-- path per line)>; a bearer token, when the reads need one, comes from the environment (BEARER).
local paths, n = {}, 0

function init(args)
  for line in io.lines(args[2]) do
    if line ~= "path" and line ~= "" then
      n = n + 1
      paths[n] = line
    end
  end
  math.randomseed(os.time())
end

wrk.headers["Accept"] = "application/json"
if os.getenv("BEARER") and os.getenv("BEARER") ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BEARER")
end

function request()
  return wrk.format("GET", paths[math.random(n)])
end
