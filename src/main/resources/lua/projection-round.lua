-- One step of the projection rebuild protocol (ProjectionMonitor), atomic so that instances sharing
-- a Redis agree on one rebuild round.
-- KEYS[1] marker: present = every projection complete
-- KEYS[2] round hash: field 'round' = the round id, one field per participant = its last heartbeat (ms)
-- ARGV[1] this participant's field, ARGV[2] now (ms), ARGV[3] heartbeat age after which a participant
-- is presumed dead (ms), ARGV[4] id for a new round, ARGV[5] the round this instance works on,
-- ARGV[6] '1' when this instance replayed its partitions in that round, ARGV[7] the marker's value.
-- Returns {'ready', round} or {'rebuilding', round}.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {'ready', ''}
end
local round = redis.call('HGET', KEYS[2], 'round')
if not round then
  round = ARGV[4]
  redis.call('HSET', KEYS[2], 'round', round)
end
local now, stale = tonumber(ARGV[2]), tonumber(ARGV[3])
local fields = redis.call('HGETALL', KEYS[2])
for i = 1, #fields, 2 do
  local field, beat = fields[i], tonumber(fields[i + 1])
  if field ~= 'round' and field ~= ARGV[1] and beat and beat < now - stale then
    redis.call('HDEL', KEYS[2], field)
  end
end
if round == ARGV[5] and ARGV[6] == '1' then
  redis.call('HDEL', KEYS[2], ARGV[1])
  if redis.call('HLEN', KEYS[2]) <= 1 then
    redis.call('SET', KEYS[1], ARGV[7])
    redis.call('DEL', KEYS[2])
    return {'ready', round}
  end
else
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
end
return {'rebuilding', round}
