-- Every gate keeps the device sessions revoked within the last access-token lifetime in memory, and
-- reads them from here when it starts and whenever its broadcast subscription was broken: this
-- index makes that read a short range scan however many sessions there are.
create index device_sessions_revoked on device_sessions (revoked_at) where revoked_at is not null;
