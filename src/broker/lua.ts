import { FIXED_PIECES } from './message-json.js';

/**
 * Lua scripts of the Redis broker. Each touches the keys of one user or one conversation only, and
 * those keys share a hash tag, so every script runs on one slot of a Redis Cluster.
 */

/** `text` as a Lua long-bracket literal, of a level the text does not close. */
function luaLiteral(text: string): string {
  let level = '';
  // Nor may the text end with `]` and the level (the closing bracket would start there).
  while (`${text}]`.includes(`]${level}]`)) level += '=';
  // A long bracket drops a newline right after its opening: such a text starts with one more.
  return `[${level}[${text.startsWith('\n') ? '\n' : ''}${text}]${level}]`;
}

/** Compares two stream ids "ms-n": -1, 0, 1. */
const CMP = `
local function cmpid(a, b)
  local am, an = string.match(a, '^(%d+)-(%d+)$')
  local bm, bn = string.match(b, '^(%d+)-(%d+)$')
  am, an, bm, bn = tonumber(am), tonumber(an), tonumber(bm), tonumber(bn)
  if am ~= bm then return am < bm and -1 or 1 end
  if an ~= bn then return an < bn and -1 or 1 end
  return 0
end
local function epoch(key, fresh)
  local ep = redis.call('GET', key)
  if not ep then
    ep = fresh
    redis.call('SET', key, ep)
  end
  return ep
end
`;

/**
 * Append one event to an inbox and notify its channel, atomically.
 * KEYS: inbox, epoch, channel. ARGV: event JSON, fresh epoch, max length, min id (age bound), publish command.
 * Returns the cursor.
 */
export const APPEND = `${CMP}
local ep = epoch(KEYS[2], ARGV[2])
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'e', ARGV[1])
redis.call('XTRIM', KEYS[1], 'MINID', '~', ARGV[4])
local cur = ep .. '-' .. id
redis.call(ARGV[5], KEYS[3], 'e' .. cur .. ' ' .. ARGV[1])
return cur
`;

/**
 * Read an inbox after a cursor.
 * KEYS: inbox, epoch. ARGV: cursor epoch ('' for none), cursor id, limit, fresh epoch.
 * Returns {epoch, lastId, status, entries?}; status is 'head', 'expired' or 'ok'.
 */
export const READ = `${CMP}
local ep = epoch(KEYS[2], ARGV[4])
local last, maxdel, first, added, len = '0-0', '0-0', nil, 0, 0
if redis.call('EXISTS', KEYS[1]) == 1 then
  local info = redis.call('XINFO', 'STREAM', KEYS[1])
  for i = 1, #info, 2 do
    local k, v = info[i], info[i + 1]
    if k == 'last-generated-id' then last = v
    elseif k == 'max-deleted-entry-id' then maxdel = v
    elseif k == 'entries-added' then added = v
    elseif k == 'length' then len = v
    elseif k == 'first-entry' and v then first = v[1] end
  end
end
if ARGV[1] == '' then return {ep, last, 'head'} end
-- XTRIM does not move max-deleted-entry-id: when entries were trimmed (fewer left than ever added),
-- a cursor before the oldest one left may have missed some. A cursor exactly at the last trimmed
-- entry missed nothing but cannot be told apart, so it expires too.
local trimmed = added > len and cmpid(ARGV[2], first or last) < 0
if ARGV[1] ~= ep or trimmed or cmpid(ARGV[2], maxdel) < 0 or cmpid(ARGV[2], last) > 0 then
  return {ep, last, 'expired'}
end
if cmpid(ARGV[2], last) == 0 then return {ep, last, 'ok', {}} end
return {ep, last, 'ok', redis.call('XRANGE', KEYS[1], '(' .. ARGV[2], '+', 'COUNT', ARGV[3])}
`;

/**
 * Dedup + sequence for one message.
 * KEYS: counter, dedup record. ARGV: now, dedup ttl seconds.
 * Returns {0, "seq:createdAt"} for a repeat, {1, "seq:createdAt"} for a new seq, {-1} when the counter is missing.
 */
export const SEQUENCE = `
local v = redis.call('GET', KEYS[2])
if v then return {0, v} end
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
local seq = redis.call('INCR', KEYS[1])
v = seq .. ':' .. ARGV[1]
redis.call('SET', KEYS[2], v, 'EX', ARGV[2])
return {1, v}
`;

/**
 * Register a live connection.
 * KEYS: presence set, announced flag. ARGV: connection id, expiry ms, now.
 * Returns 1 when the user is to be announced online.
 */
export const PRESENCE_ADD = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) - tonumber(ARGV[3]) + 60000)
if redis.call('GET', KEYS[2]) == '1' then return 0 end
redis.call('SET', KEYS[2], '1')
return 1
`;

/**
 * After the grace period, announce offline when no connection is left.
 * KEYS: presence set, announced flag, last-seen. ARGV: now.
 */
export const PRESENCE_SETTLE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
if redis.call('GET', KEYS[2]) ~= '1' then return 0 end
redis.call('DEL', KEYS[2])
redis.call('SET', KEYS[3], ARGV[1])
return 1
`;

/**
 * What both send scripts start with (KEYS 1-3: rate counter, seq counter, dedup record; ARGV 1-6 as
 * SEND): take the rate point (returning {-2, ms to wait} over the budget), give the (device,
 * clientMsgId) its seq (a repeat keeps its first one; {-1} when the counter is missing), and join the
 * message's and its event's JSON (the pieces no draft changes are constants here). Leaves `fresh`,
 * `v` ("seq:createdAt"), `seq`, `at`, `msg` and `ev`.
 */
const TAKE_SEQ = `
local limit = tonumber(ARGV[3])
if limit > 0 then
  local n = redis.call('INCR', KEYS[1])
  if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
  if n > limit then
    local ttl = redis.call('PTTL', KEYS[1])
    if ttl < 0 then
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
      ttl = tonumber(ARGV[4])
    end
    return {-2, ttl}
  end
end
local fresh = 0
local v = redis.call('GET', KEYS[3])
if not v then
  if redis.call('EXISTS', KEYS[2]) == 0 then return {-1} end
  v = redis.call('INCR', KEYS[2]) .. ':' .. ARGV[1]
  redis.call('SET', KEYS[3], v, 'EX', ARGV[2])
  fresh = 1
end
local seq, at = string.match(v, '^(%d+):(%d+)$')
local msg = ARGV[5] .. seq .. ARGV[6] .. at .. ${luaLiteral(FIXED_PIECES.messageTail)}
local ev = ${luaLiteral(FIXED_PIECES.event[0])} .. at .. ${luaLiteral(FIXED_PIECES.event[1])} .. msg .. ${luaLiteral(FIXED_PIECES.event[2])}
`;

/** The log record of the message `msg`, the draft's piece being ARGV[7]. */
const RECORD = `ARGV[7] .. msg .. ${luaLiteral(FIXED_PIECES.recordTail)}`;

/**
 * One message's rate point, dedup + sequence, log record and inbox appends with their notices, for a
 * single Redis node (the keys span slots, so never on a Cluster). The script builds no JSON of its
 * own: it joins the pieces message-json.ts cuts from the one definition of a message, around the seq
 * and createdAt it hands out, so the message is sent once and its text is the same everywhere.
 * KEYS: rate counter, seq counter, dedup record, log shard, then per recipient: inbox, epoch, channel.
 * ARGV: now, dedup ttl s, rate limit (0: none), rate window ms, the draft's message pieces (2), its log
 * record piece, max length, min id, publish command, fresh epoch.
 * Returns {-2, ms to wait} over the budget, {-1} when the counter is missing, else
 * {1 fresh | 0 repeat, "seq:createdAt"}.
 */
export const SEND = `${CMP}${TAKE_SEQ}
redis.call('XADD', KEYS[4], '*', 'r', ${RECORD})
-- The age bound is approximate anyway: trimming by age on every eighth message of a conversation
-- keeps inboxes within it (MAXLEN bounds every append) at an eighth of the cost.
local trim = tonumber(seq) % 8 == 0
for k = 5, #KEYS, 3 do
  local ep = epoch(KEYS[k + 1], ARGV[11])
  local id = redis.call('XADD', KEYS[k], 'MAXLEN', '~', ARGV[8], '*', 'e', ev)
  if trim then redis.call('XTRIM', KEYS[k], 'MINID', '~', ARGV[9]) end
  redis.call(ARGV[10], KEYS[k + 2], 'e' .. ep .. '-' .. id .. ' ' .. ev)
end
return {fresh, v}
`;

/**
 * Move persistence log entries to the shard's dead letters: each entry still in the log is copied
 * (its id first, then its own fields), then acknowledged and deleted. Ids not in the log are skipped.
 * KEYS: log shard, its dead letters (one hash tag). ARGV: consumer group, dead letters kept, ids...
 * Returns how many were moved.
 */
export const SET_ASIDE = `
local moved = 0
for i = 3, #ARGV do
  local id = ARGV[i]
  local e = redis.call('XRANGE', KEYS[1], id, id)
  if #e > 0 then
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'id', id, unpack(e[1][2]))
    redis.call('XACK', KEYS[1], ARGV[1], id)
    redis.call('XDEL', KEYS[1], id)
    moved = moved + 1
  end
end
return moved
`;

/**
 * A large group's stream is trimmed to about its max length every 64th seq; when entries went, the
 * trim mark becomes the seq before the oldest entry left, and a reader behind it is told `expired`
 * (reading the mark costs less than XINFO STREAM, which copies the first and last entries).
 */
const TRIM_STREAM = `
local function trimStream(stream, mark, seq, maxlen)
  if tonumber(seq) % 64 ~= 0 then return end
  if redis.call('XTRIM', stream, 'MAXLEN', '~', maxlen) == 0 then return end
  local first = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)
  if #first > 0 then redis.call('SET', mark, tonumber(string.match(first[1][1], '^(%d+)-')) - 1) end
end
`;

/**
 * A large group's message (groups.ts): rate point, dedup + sequence, log record, then one entry in the
 * group's stream (id `<seq>-0`) and one notice on the group's channel, instead of an inbox entry per
 * member. On a Cluster it runs on the conversation's slot only: without a rate point (limit 0, taken
 * before) and without the log record (`ARGV[11]` '0', appended after); the rate and log keys are then
 * the counter's key again, never touched. An entry whose seq the stream already passed (a retry) is not
 * added again.
 * KEYS: rate counter, seq counter, dedup record, log shard, group stream, group channel, the group's
 * "followed" mark, its members with inbox copies, its trim mark (see TRIM_STREAM).
 * ARGV: as SEND up to the record piece (1-7), stream max length, publish command, excluded members
 * (comma-separated, '-' for none), '1' to append the log record.
 * Returns {-3} when the group is not followed (nothing done), else as SEND, followed by the members
 * with inbox copies. The notice is `g<seq> <prev seq> <excluded> <event JSON>`.
 */
export const SEND_STREAM = `${TRIM_STREAM}
if redis.call('EXISTS', KEYS[7]) == 0 then return {-3} end
${TAKE_SEQ}
if ARGV[11] == '1' then redis.call('XADD', KEYS[4], '*', 'r', ${RECORD}) end
local prev = 0
local top = redis.call('XREVRANGE', KEYS[5], '+', '-', 'COUNT', 1)
if #top > 0 then prev = tonumber(string.match(top[1][1], '^(%d+)-')) end
if tonumber(seq) > prev then
  redis.call('XADD', KEYS[5], seq .. '-0', 'e', ev, 'x', ARGV[10])
  trimStream(KEYS[5], KEYS[9], seq, ARGV[8])
  redis.call(ARGV[9], KEYS[6], 'g' .. seq .. ' ' .. prev .. ' ' .. ARGV[10] .. ' ' .. ev)
end
local out = {fresh, v}
for _, m in ipairs(redis.call('SMEMBERS', KEYS[8])) do out[#out + 1] = m end
return out
`;

/**
 * Append an already numbered message to a large group's stream (a message found in Postgres after the
 * counter was lost), unless the stream already passed its seq.
 * KEYS: group stream, group channel, members with inbox copies, trim mark. ARGV: seq, event JSON,
 * excluded, max length, publish command. Returns the members with inbox copies.
 */
export const GROUP_APPEND = `${TRIM_STREAM}
local prev = 0
local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if #top > 0 then prev = tonumber(string.match(top[1][1], '^(%d+)-')) end
if tonumber(ARGV[1]) > prev then
  redis.call('XADD', KEYS[1], ARGV[1] .. '-0', 'e', ARGV[2], 'x', ARGV[3])
  trimStream(KEYS[1], KEYS[4], ARGV[1], ARGV[4])
  redis.call(ARGV[5], KEYS[2], 'g' .. ARGV[1] .. ' ' .. prev .. ' ' .. ARGV[3] .. ' ' .. ARGV[2])
end
return redis.call('SMEMBERS', KEYS[3])
`;

/**
 * Read a large group's stream after a seq.
 * KEYS: group stream, its trim mark. ARGV: after seq, limit.
 * Returns {expired (1: entries after the seq may have been trimmed away), entries}.
 */
export const GROUP_READ = `
local gone = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[1]) < gone then return {1, {}} end
return {0, redis.call('XRANGE', KEYS[1], '(' .. ARGV[1] .. '-0', '+', 'COUNT', ARGV[2])}
`;

/**
 * Record a writer of the persistence log as alive until the broker's now + ttl (a sorted set per log
 * shard: member the consumer, score its expiry in ms), and keep the set a day past the last heartbeat.
 * KEYS: liveness set. ARGV: consumer, ttl ms.
 */
export const HEARTBEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], 86400000)
return now
`;

/**
 * Take over the entries pending with dead consumers of a log shard: consumers other than the caller
 * whose liveness expired by the broker's clock, or who have no liveness record. Each one's pending
 * entries (up to the count, over all of them) are claimed for the caller at once, whatever their idle
 * time; a dead consumer left holding nothing is removed from the liveness set and from the group.
 * KEYS: log shard, its liveness set (one hash tag). ARGV: consumer group, consumer, count.
 * Returns the claimed entries (XRANGE form), in id order.
 */
export const CLAIM_FROM_DEAD = `${CMP}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local group, me, left = ARGV[1], ARGV[2], tonumber(ARGV[3])
local out = {}
local holding = {}
local owners = redis.call('XPENDING', KEYS[1], group)[4]
if owners then
  for _, o in ipairs(owners) do
    local name, n = o[1], tonumber(o[2])
    holding[name] = true
    if name ~= me and left > 0 then
      local exp = redis.call('ZSCORE', KEYS[2], name)
      if not exp or tonumber(exp) <= now then
        local ids = {}
        for i, p in ipairs(redis.call('XPENDING', KEYS[1], group, '-', '+', left, name)) do ids[i] = p[1] end
        if #ids > 0 then
          for _, e in ipairs(redis.call('XCLAIM', KEYS[1], group, me, 0, unpack(ids))) do
            if e then out[#out + 1] = e end
          end
          left = left - #ids
        end
        if #ids >= n then
          holding[name] = nil
          redis.call('ZREM', KEYS[2], name)
          redis.call('XGROUP', 'DELCONSUMER', KEYS[1], group, name)
        end
      end
    end
  end
end
for _, name in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 64)) do
  if not holding[name] and name ~= me then
    redis.call('ZREM', KEYS[2], name)
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], group, name)
  end
end
table.sort(out, function(a, b) return cmpid(a[1], b[1]) < 0 end)
return out
`;
