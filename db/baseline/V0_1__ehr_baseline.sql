-- A minimal copy of the EHR's existing schema, for dev and tests only (DB_MIGRATE=all).
-- Production already has all of this (Supabase + the EHR); it is never applied there.
-- Everything is created only where absent, so it can also run against a Supabase-like
-- database that already has the roles and the auth schema.

-- Supabase's API roles. service_role bypasses RLS, as on Supabase.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'anon') then
        create role anon nologin noinherit;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'authenticated') then
        create role authenticated nologin noinherit;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'service_role') then
        create role service_role nologin noinherit bypassrls;
    end if;
end
$$;

-- The login role the service connects as must be able to SET ROLE to the API roles
-- (on Supabase, postgres already can). Granting to a superuser is harmless.
do $$
begin
    execute format('grant anon, authenticated, service_role to %I', current_user);
end
$$;

-- auth.uid() / auth.role() exactly as Supabase defines them: the claim set by
-- set_config('request.jwt.claim.sub', ..., true) first, else the JSON claims.
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create or replace function auth.uid() returns uuid
    language sql stable
as $$
    select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
    )::uuid
$$;

create or replace function auth.role() returns text
    language sql stable
as $$
    select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
    )::text
$$;

grant usage on schema public to anon, authenticated, service_role;

-- The EHR's tables, with the columns this service reads.
create table if not exists public.tenants (
    id   uuid primary key default gen_random_uuid(),
    name text not null
);

create table if not exists public.profiles (
    id    uuid primary key,          -- the auth user id: the JWT's sub
    email text
);

create table if not exists public.tenant_memberships (
    tenant_id  uuid not null references public.tenants (id) on delete cascade,
    profile_id uuid not null references public.profiles (id) on delete cascade,
    role       text not null check (role in ('admin', 'staff', 'client')),
    primary key (tenant_id, profile_id)
);

create table if not exists public.staff (
    id           uuid primary key default gen_random_uuid(),
    tenant_id    uuid not null references public.tenants (id) on delete cascade,
    profile_id   uuid references public.profiles (id) on delete set null,
    display_name text
);

create table if not exists public.appointments (
    id         uuid primary key default gen_random_uuid(),
    tenant_id  uuid not null references public.tenants (id) on delete cascade,
    staff_id   uuid not null references public.staff (id),
    client_id  uuid,
    start_at   timestamptz not null,
    end_at     timestamptz not null,
    time_zone  text,
    status     text not null default 'scheduled'
               check (status in ('scheduled', 'cancelled', 'completed', 'no_show')),
    updated_at timestamptz not null default now()
);

-- As on Supabase, the API roles hold table privileges on public tables; what they see
-- is then up to RLS. The EHR's own policies are not reproduced: this service reads
-- these tables only as service_role.
grant select, insert, update, delete on all tables in schema public to service_role;
grant select on all tables in schema public to authenticated;
