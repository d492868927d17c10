-- wrk script for bench/intake.py: each request is a new patient request with its own
-- `submission` key, sent as application/x-www-form-urlencoded with the double-submit CSRF
-- cookie and field. Only 303 answers (the redirect to the confirmation) count as confirmed.
--
-- Arguments (after `--`): run id, mode ("intake" or "healthz"), practices (comma-separated ODS codes), the file of
-- signed forms intake.py wrote (one "practice submission proof" per line: the red-flag screen's proof, signed as the
-- server signs it, so that the run measures sending requests), and the number of wrk threads. Thread N takes every
-- line whose number is N modulo the thread count; a thread that runs out sends forms without a proof, which the server
-- refuses (counted as "other"), so running out shows.
-- The seventh argument, when given, is where each thread records what it was told: thread N writes to "PATH.N" one
-- line per 303, "submission reference" from the answer's Location (`/sent/RQ-…?k=submission`), or "? location" when
-- the Location names no reference; intake.py matches every one against the database.
-- In "healthz" mode the same Lua work (a fresh body per request) is done, but the request
-- sent is GET /healthz: the client's own ceiling against a trivial endpoint of the same server.
-- done() prints one line starting "WRK-RESULT " with JSON for the driver.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  run = args[1] or "run"
  mode = args[2] or "intake"
  practices = {}
  for code in string.gmatch(args[3] or "L81101", "[^,]+") do table.insert(practices, code) end
  confirmed = 0
  other = 0
  math.randomseed(os.time() + tid * 7919)
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "sa_csrf=benchcsrftoken0123456789",
  }
  forms = {}
  local every = tonumber(args[5] or "1")
  if args[4] then
    local line_number = 0
    for line in io.lines(args[4]) do
      line_number = line_number + 1
      if line_number % every == tid % every then
        local practice, submission, proof = string.match(line, "^(%S+) (%S+) (%S+)$")
        table.insert(forms, { practice = practice, submission = submission, proof = proof })
      end
    end
  end
  version = args[6] or ""
  told = nil
  if args[7] and args[7] ~= "" then
    -- fully buffered: wrk leaves through exit(), which flushes it; intake.py checks the line count against `confirmed`
    told = assert(io.open(args[7] .. "." .. tid, "w"))
  end
  fixed = "&csrf=benchcsrftoken0123456789&redFlags=&subject=me&kind=medical"
    .. "&description=Itchy+red+rash+on+my+forearm+for+three+days%2C+no+fever.+Cream+from+the+pharmacy+has+not+helped."
    .. "&givenName=Ann&familyName=Bench&dobDay=14&dobMonth=3&dobYear=1981"
    .. "&postcode=LS1+4AP&sex=female&mobile=07700900123&email=ann.bench%40example.com&contactPreference=sms&consent=yes"
end

function request()
  counter = counter + 1
  local form = forms[counter]
  local submission = form and form.submission or string.format("bench-%s-t%d-%d-%08x", run, tid, counter, math.random(0, 0x7fffffff))
  local body = "submission=" .. submission .. "&screenVersion=" .. version .. "&screenProof=" .. (form and form.proof or "") .. fixed
  if mode == "healthz" then
    return wrk.format("GET", "/healthz", nil, nil)
  end
  local practice = form and form.practice or practices[(counter % #practices) + 1]
  return wrk.format("POST", "/request/" .. practice .. "/send", headers, body)
end

function response(status, headers, body)
  if (mode == "healthz" and status == 200) or (mode ~= "healthz" and status == 303) then
    confirmed = confirmed + 1
    if told and mode ~= "healthz" then
      local location = headers["Location"] or headers["location"] or ""
      local reference = string.match(location, "/sent/(RQ%-[%w]+)")
      local key = string.match(location, "[?&]k=([^&]+)")
      if reference and key then
        told:write(key, " ", reference, "\n")
      else
        told:write("? ", location, "\n")
      end
    end
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local confirmed_total, other_total = 0, 0
  for _, thread in ipairs(threads) do
    confirmed_total = confirmed_total + thread:get("confirmed")
    other_total = other_total + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"duration_us": %d, "requests": %d, "confirmed": %d, "other_status": %d, '
      .. '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, '
      .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.duration, summary.requests, confirmed_total, other_total,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
