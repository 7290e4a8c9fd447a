-- A refresh token rotated out a moment ago is still answered, until grace_until, with the pair its
-- rotation issued: two tabs of one browser that refresh at the same moment both stay logged in.
-- next_pair is that pair sealed (AES-256-GCM) with a key derived from the rotated-out token itself,
-- so only a holder of that token can open it; a later rotation of the session clears it.
alter table used_refresh_tokens add column grace_until bigint;
alter table used_refresh_tokens add column next_pair text;
