-- Applies one community-events record to its group's read model, once and in offset order (CommunityProjection).
-- KEYS[1] applied offset (string), KEYS[2] group JSON (string), KEYS[3] members (zset user → join ms),
-- KEYS[4] window (zset message id → offset), KEYS[5] messages (hash id → JSON), KEYS[6] mutes (hash user → until ms),
-- KEYS[7] banned (set), KEYS[8] held (hash id → JSON); for FORGOTTEN also KEYS[9], KEYS[10] the member's
-- post counters (last post, posts today); every key carries the group's hash tag.
-- ARGV[1] offset, ARGV[2] type, ARGV[3] group or message JSON (or ''), ARGV[4] user id, ARGV[5] message id,
-- ARGV[6] reaction, ARGV[7] time ms (join time, mute end), ARGV[8] window size, ARGV[9] window TTL ms
-- Returns 1 when applied, 0 when the offset was already applied.
local applied = redis.call('GET', KEYS[1])
if applied and tonumber(applied) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1])
local t = ARGV[2]
local function update(id, change)
  local json = redis.call('HGET', KEYS[5], id)
  if json then
    local m = cjson.decode(json)
    change(m)
    redis.call('HSET', KEYS[5], id, cjson.encode(m))
  end
end
if t == 'CREATED' or t == 'RULES_CHANGED' then
  redis.call('SET', KEYS[2], ARGV[3])
elseif t == 'JOINED' then
  if redis.call('SISMEMBER', KEYS[7], ARGV[4]) == 0 then
    redis.call('ZADD', KEYS[3], 'NX', ARGV[7], ARGV[4])
  end
elseif t == 'LEFT' then
  redis.call('ZREM', KEYS[3], ARGV[4])
elseif t == 'HELD' then
  redis.call('HSET', KEYS[8], ARGV[5], ARGV[3])
elseif t == 'MESSAGE' or t == 'APPROVED' then
  local m = cjson.decode(ARGV[3])
  m['seq'] = tonumber(ARGV[1])
  redis.call('HDEL', KEYS[8], m['messageId'])
  redis.call('HSET', KEYS[5], m['messageId'], cjson.encode(m))
  redis.call('ZADD', KEYS[4], ARGV[1], m['messageId'])
  if m['replyTo'] then
    update(m['replyTo'], function(p) p['replies'] = (p['replies'] or 0) + 1 end)
  end
  local size = tonumber(ARGV[8])
  local n = redis.call('ZCARD', KEYS[4])
  if n > size then
    local old = redis.call('ZRANGE', KEYS[4], 0, n - size - 1)
    for _, id in ipairs(old) do
      redis.call('ZREM', KEYS[4], id)
      redis.call('HDEL', KEYS[5], id)
    end
  end
  redis.call('PEXPIRE', KEYS[4], ARGV[9])
  redis.call('PEXPIRE', KEYS[5], ARGV[9])
elseif t == 'REACTION' then
  update(ARGV[5], function(p)
    local r = p['reactions']
    if type(r) ~= 'table' then r = {} end
    r[ARGV[6]] = (r[ARGV[6]] or 0) + 1
    p['reactions'] = r
  end)
elseif t == 'FLAGGED' then
  update(ARGV[5], function(p) p['flagged'] = true end)
elseif t == 'HIDDEN' then
  redis.call('ZREM', KEYS[4], ARGV[5])
  redis.call('HDEL', KEYS[5], ARGV[5])
  redis.call('HDEL', KEYS[8], ARGV[5])
elseif t == 'MUTED' then
  redis.call('HSET', KEYS[6], ARGV[4], ARGV[7])
elseif t == 'BANNED' then
  redis.call('SADD', KEYS[7], ARGV[4])
  redis.call('ZREM', KEYS[3], ARGV[4])
elseif t == 'FORGOTTEN' then
  -- The member leaves every list; their messages stay in place (replies keep their thread) without
  -- author and text; their held posts, never published, go. Bounded by the window size.
  local u = ARGV[4]
  redis.call('ZREM', KEYS[3], u)
  redis.call('HDEL', KEYS[6], u)
  redis.call('SREM', KEYS[7], u)
  if KEYS[9] then
    redis.call('DEL', KEYS[9], KEYS[10])
  end
  local function authored(key, change)
    local all = redis.call('HGETALL', key)
    for i = 1, #all, 2 do
      if string.find(all[i + 1], u, 1, true) then
        local m = cjson.decode(all[i + 1])
        if m['userId'] == u then
          change(all[i], m)
        end
      end
    end
  end
  authored(KEYS[5], function(id, m)
    m['userId'] = nil
    m['text'] = nil
    m['deleted'] = true
    redis.call('HSET', KEYS[5], id, cjson.encode(m))
  end)
  authored(KEYS[8], function(id)
    redis.call('HDEL', KEYS[8], id)
  end)
end
return 1
