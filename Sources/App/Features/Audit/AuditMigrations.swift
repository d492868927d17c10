import Fluent
import SQLKit

/// 019: the database itself refuses to change or delete an audit row. PostgreSQL: a trigger function raising an error
/// on UPDATE, DELETE and TRUNCATE of `audit_events`; SQLite: BEFORE UPDATE and BEFORE DELETE triggers that abort.
/// (Whoever owns the tables can still drop a trigger: the signed checkpoints outside the database catch that case.)
struct M019AuditTableIsAppendOnly: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "postgresql" {
            try await sql.raw(
                """
                CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  RAISE EXCEPTION 'The audit trail is append-only: % on audit_events is refused.', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
                END
                $$
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events \
                FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events \
                FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()
                """
            ).run()
        } else {
            for (operation, verb) in [("UPDATE", "changed"), ("DELETE", "deleted")] {
                try await sql.raw(
                    """
                    CREATE TRIGGER audit_events_no_\(unsafeRaw: operation.lowercased()) BEFORE \(unsafeRaw: operation) ON audit_events \
                    BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: its rows cannot be \(unsafeRaw: verb).'); END
                    """
                ).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events").run()
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events").run()
            try await sql.raw("DROP FUNCTION IF EXISTS audit_events_refuse_change()").run()
        } else {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_no_update").run()
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_no_delete").run()
        }
    }
}
