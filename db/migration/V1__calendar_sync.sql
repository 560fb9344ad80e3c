-- Google Calendar sync: the two tables of the brief, their policies and privileges.
-- Purely additive: no statement alters, or adds a trigger or constraint to, an
-- existing table. db/rollback/ removes exactly what this file adds.

-- ---------------------------------------------------------------------------
-- staff_calendar_connections: one clinician's Google OAuth connection.
-- ---------------------------------------------------------------------------
create table public.staff_calendar_connections (
    id                      uuid        primary key default gen_random_uuid(),
    tenant_id               uuid        not null references public.tenants (id) on delete cascade,
    staff_id                uuid        not null references public.staff (id) on delete cascade,
    provider                text        not null default 'google',
    -- AES-256-GCM ciphertexts ("v1.<key id>.<iv>.<ciphertext>"); never plaintext.
    access_token_encrypted  text,
    refresh_token_encrypted text,
    token_expires_at        timestamptz,
    selected_calendar_id    text,
    connection_status       text        not null default 'disconnected'
        check (connection_status in ('connected', 'needs_reconnect', 'disconnected')),
    last_sync_at            timestamptz,
    last_error              text,
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now(),
    -- Beyond the brief: SHA-256 (hex) of the nonce of the newest OAuth state this
    -- clinician started. The callback consumes it atomically (compare-and-clear), so
    -- a state connects at most once and only the newest one is good.
    oauth_state_nonce_hash  text,
    -- Beyond the brief: scopes Google granted, space separated; list-calendars answers
    -- "limited" when the calendar-list scope is missing.
    granted_scopes          text,
    -- Beyond the brief: refresh lease. An instance that refreshes the access token
    -- takes it by compare-and-set, without holding a lock across the Google call, so
    -- that one refresh per expiry happens across all instances.
    token_refresh_lease_until timestamptz,
    constraint staff_calendar_connections_staff_provider_key unique (staff_id, provider)
);

comment on table public.staff_calendar_connections is
    'Google Calendar connection of a clinician (calendar sync service). Tokens are encrypted; authenticated cannot read them.';

-- Admin views count connections per tenant and status.
create index staff_calendar_connections_tenant_status_idx
    on public.staff_calendar_connections (tenant_id, connection_status);

-- ---------------------------------------------------------------------------
-- calendar_sync_log: maps an EHR appointment to its Google event.
-- ---------------------------------------------------------------------------
create table public.calendar_sync_log (
    id                 uuid        primary key default gen_random_uuid(),
    tenant_id          uuid        not null references public.tenants (id) on delete cascade,
    -- No foreign key to appointments (fixes the brief): the row must outlive a deleted
    -- appointment so that its Google event can still be removed, and a key would make
    -- the EHR's appointment deletes fail or cascade into this table.
    appointment_id     uuid        not null,
    staff_id           uuid        not null references public.staff (id) on delete cascade,
    google_event_id    text,
    google_calendar_id text,
    sync_status        text        not null default 'pending'
        check (sync_status in ('synced', 'pending', 'failed')),
    sync_direction     text        not null default 'outbound'
        check (sync_direction in ('outbound')),
    last_synced_at     timestamptz,
    error_message      text,
    retry_count        integer     not null default 0 check (retry_count >= 0),
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    -- Beyond the brief: what the row still has to achieve at Google ('upsert' = the
    -- event must exist with the appointment's current times, 'delete' = it must be
    -- gone). The sweeper retries this, re-reading the appointment.
    requested_action   text        not null default 'upsert'
        check (requested_action in ('upsert', 'delete')),
    -- Beyond the brief: when the sweeper may next try a failed row (backoff or
    -- Google's Retry-After).
    next_attempt_at    timestamptz,
    -- Beyond the brief: a 'pending' row whose lease has passed was left by a crashed
    -- instance and may be taken over.
    lease_until        timestamptz,
    -- Beyond the brief: why the row failed, as a stable code (no_calendar_connection,
    -- needs_reconnect, google_unavailable, rate_limited, ...), so that a reconnect can
    -- make the rows that failed for want of a connection due again.
    error_code         text,
    constraint calendar_sync_log_appointment_staff_key unique (appointment_id, staff_id)
);

comment on table public.calendar_sync_log is
    'Maps EHR appointments to Google Calendar events (calendar sync service). Written only by the service.';

-- The sweeper looks for due failed rows and stale pending rows.
create index calendar_sync_log_due_idx
    on public.calendar_sync_log (next_attempt_at)
    where sync_status in ('failed', 'pending');
-- Admin views: counts by status and failures newest first, per tenant.
create index calendar_sync_log_tenant_status_updated_idx
    on public.calendar_sync_log (tenant_id, sync_status, updated_at desc, id desc);
-- A clinician's own rows (RLS) and re-queueing on reconnect.
create index calendar_sync_log_staff_idx
    on public.calendar_sync_log (staff_id);

-- ---------------------------------------------------------------------------
-- Row-level security.
-- ---------------------------------------------------------------------------

-- The staff ids of the signed-in user. SECURITY DEFINER so the policies do not depend
-- on whatever RLS the EHR keeps on public.staff; it reveals only the caller's own ids.
create function public.calendar_sync_current_staff_ids() returns setof uuid
    language sql stable security definer
    set search_path = ''
as $$
    select s.id from public.staff s where s.profile_id = auth.uid()
$$;
revoke all on function public.calendar_sync_current_staff_ids() from public;
grant execute on function public.calendar_sync_current_staff_ids() to authenticated, service_role;

alter table public.staff_calendar_connections enable row level security;
alter table public.calendar_sync_log enable row level security;

-- A clinician reads and updates only their own connection.
create policy staff_calendar_connections_select_own on public.staff_calendar_connections
    for select to authenticated
    using (staff_id in (select public.calendar_sync_current_staff_ids()));
create policy staff_calendar_connections_update_own on public.staff_calendar_connections
    for update to authenticated
    using (staff_id in (select public.calendar_sync_current_staff_ids()))
    with check (staff_id in (select public.calendar_sync_current_staff_ids()));

-- A clinician reads the log rows of their own appointments; writes are the service's.
create policy calendar_sync_log_select_own on public.calendar_sync_log
    for select to authenticated
    using (staff_id in (select public.calendar_sync_current_staff_ids()));

-- ---------------------------------------------------------------------------
-- Privileges. Supabase's default privileges grant ALL on new public tables to anon and
-- authenticated: take that back first, then grant exactly what the policies need.
-- ---------------------------------------------------------------------------
revoke all on table public.staff_calendar_connections from public, anon, authenticated;
revoke all on table public.calendar_sync_log from public, anon, authenticated;

-- Token columns and the service's bookkeeping columns stay hidden from authenticated;
-- the only column it may write is selected_calendar_id.
grant select (id, tenant_id, staff_id, provider, token_expires_at, selected_calendar_id,
              connection_status, last_sync_at, last_error, created_at, updated_at)
    on public.staff_calendar_connections to authenticated;
grant update (selected_calendar_id) on public.staff_calendar_connections to authenticated;

grant select (id, tenant_id, appointment_id, staff_id, google_event_id, google_calendar_id,
              sync_status, sync_direction, last_synced_at, error_message, retry_count,
              created_at, updated_at)
    on public.calendar_sync_log to authenticated;

grant select, insert, update, delete on public.staff_calendar_connections to service_role;
grant select, insert, update, delete on public.calendar_sync_log to service_role;
