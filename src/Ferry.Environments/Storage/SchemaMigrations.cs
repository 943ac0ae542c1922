namespace Ferry.Environments.Storage;

/// <summary>
/// The interception database's schema, as the migrations that build it, oldest first. Migration N takes
/// the schema from version N-1 to N; each runs in its own transaction with the version update. Never edit
/// a released migration: add the next one (and document it in docs/environments.md).
/// </summary>
internal static class SchemaMigrations
{
    public static readonly IReadOnlyList<string> All =
    [
        // 1: the first schema.
        """
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE mappings (
            id      INTEGER PRIMARY KEY,
            kind    TEXT NOT NULL CHECK (kind IN ('path', 'variable', 'port', 'hostname', 'username', 'cwd')),
            inside  TEXT NOT NULL,
            outside TEXT,
            mode    TEXT CHECK (mode IS NULL OR mode IN ('private', 'copy-on-write', 'read-only', 'merged')),
            origin  TEXT NOT NULL CHECK (origin IN ('explicit', 'auto')),
            created TEXT NOT NULL,
            UNIQUE (kind, inside)
        );
        CREATE TABLE exceptions (
            id       INTEGER PRIMARY KEY,
            kind     TEXT NOT NULL CHECK (kind IN ('path', 'variable')),
            resource TEXT NOT NULL,
            created  TEXT NOT NULL,
            UNIQUE (kind, resource)
        );
        CREATE TABLE policies (
            id      INTEGER PRIMARY KEY,
            kind    TEXT NOT NULL CHECK (kind IN ('deny-network', 'deny-path', 'deny-process-start')),
            target  TEXT,
            created TEXT NOT NULL
        );
        CREATE TABLE limits (
            name  TEXT PRIMARY KEY CHECK (name IN ('memory', 'cpus', 'file-size')),
            value NUMERIC NOT NULL
        );
        CREATE TABLE whiteouts (
            inside  TEXT PRIMARY KEY,
            kind    TEXT NOT NULL CHECK (kind IN ('whiteout', 'opaque')),
            created TEXT NOT NULL
        );
        """,
    ];

    public static int Latest => All.Count;
}
