-- Forgets a member in the moderation log or the open reports (CommunityProjection): every entry of the
-- group that names the member is replaced by one that does not (no user id; a report without its
-- reporter and reason, the reporter's words; a message without author and text). Idempotent. One key: cluster-safe.
-- KEYS[1] sorted set of moderation events (JSON) by time (ms)
-- ARGV[1] group id, ARGV[2] user id
-- Returns the number of entries rewritten. Its cost grows with the set: it reads every entry.
local u = ARGV[2]
local n = 0
local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #entries, 2 do
  local json = entries[i]
  if string.find(json, u, 1, true) then
    local e = cjson.decode(json)
    if e['groupId'] == ARGV[1] then
      local changed = false
      if e['userId'] == u then
        e['userId'] = nil
        changed = true
      end
      -- A report's actor is the member who reported; the reason is in their words.
      if e['type'] == 'REPORTED' and e['actor'] == u then
        e['actor'] = nil
        e['reason'] = nil
        changed = true
      end
      local m = e['message']
      if type(m) == 'table' and m['userId'] == u then
        m['userId'] = nil
        m['text'] = nil
        m['deleted'] = true
        changed = true
      end
      if changed then
        redis.call('ZREM', KEYS[1], json)
        redis.call('ZADD', KEYS[1], entries[i + 1], cjson.encode(e))
        n = n + 1
      end
    end
  end
end
return n
