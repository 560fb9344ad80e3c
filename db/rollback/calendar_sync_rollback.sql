-- Removes exactly what db/migration/V1__calendar_sync.sql added. Dropping the tables
-- drops their indexes, policies, constraints and grants with them. Apply by hand
-- (psql -f) against the same database; the service never runs it.
begin;

drop table if exists public.calendar_sync_log;
drop table if exists public.staff_calendar_connections;
drop function if exists public.calendar_sync_current_staff_ids();

-- If the service applied the migration, forget it in Flyway's history so that a later
-- start would apply it again. The history table itself belongs to the migrator, not
-- to the migration, and stays.
do $$
begin
    if to_regclass('public.calendar_sync_schema_history') is not null then
        delete from public.calendar_sync_schema_history where version = '1';
    end if;
end
$$;

commit;
