-- Authenticated requests read the caller from an in-memory cache (src/modules/auth/person-cache.ts).
-- Every process LISTENs on `person_changed` and forgets a person the moment one of the facts an
-- access check uses changes, whoever changes it (the API, the CLI, another instance, plain SQL).
-- The payload is the person's id, or '*' when the table is truncated.

CREATE FUNCTION person_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('person_changed', '*');
  ELSE
    PERFORM pg_notify('person_changed', OLD.id::text);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER person_changed_update AFTER UPDATE ON "person" FOR EACH ROW
  WHEN (OLD.active IS DISTINCT FROM NEW.active
        OR OLD.role IS DISTINCT FROM NEW.role
        OR OLD.department_id IS DISTINCT FROM NEW.department_id
        OR OLD.username IS DISTINCT FROM NEW.username
        OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION person_changed_notify();

CREATE TRIGGER person_changed_delete AFTER DELETE ON "person" FOR EACH ROW
  EXECUTE FUNCTION person_changed_notify();

CREATE TRIGGER person_changed_truncate AFTER TRUNCATE ON "person" FOR EACH STATEMENT
  EXECUTE FUNCTION person_changed_notify();
