-- wrk reporter for scripts/bench/storefront: one JSON line with the request count, the
-- measured duration, the error counts and the whole latency histogram (microseconds, count),
-- so the benchmark can merge slices and compute exact percentiles over all of them.
done = function(summary, latency, requests)
  local bins = {}
  for i = 1, #latency do
    local value, count = latency(i)
    bins[#bins + 1] = string.format("[%d,%d]", value, count)
  end
  local e = summary.errors
  io.write(string.format(
    'STOREFRONT_JSON {"requests":%d,"duration_us":%d,"errors":{"connect":%d,"read":%d,' ..
    '"write":%d,"status":%d,"timeout":%d},"latency_us":[%s]}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(bins, ",")))
end
