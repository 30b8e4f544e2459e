-- wrk script: POSTs triage requests for the demo tenant, cycling through realistic tickets so that every request
-- embeds and searches for real (Sift caches nothing per text).
local subjects = {
  {"Outlook asks for my password again and again", "Since the update this morning Outlook shows a sign-in window every few minutes."},
  {"VPN connects but network drives are missing", "Since this morning my mapped drives show a red cross when I work from home."},
  {"Printer on floor 3 prints blank pages", "The HP printer next to the kitchen feeds paper but nothing is printed."},
  {"Cannot log in to the payroll portal", "It says my account is locked after I changed my password yesterday."},
  {"Laptop very slow after Windows update", "Boot takes ten minutes and Teams freezes during calls."},
  {"Need access to the finance shared mailbox", "My manager approved it, please add me to finance@ with send-as rights."},
  {"Wifi keeps dropping in meeting room B", "Every few minutes the connection drops for everyone in the room."},
  {"Excel crashes when opening large workbook", "Excel closes without an error when I open the monthly sales report."},
}
local bodies = {}
for i, s in ipairs(subjects) do
  bodies[i] = string.format('{"subject": "%s", "body": "%s"}', s[1], s[2])
end
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("SIFT_KEY") or "sift-demo-key")
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.1f rate=%.1f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
