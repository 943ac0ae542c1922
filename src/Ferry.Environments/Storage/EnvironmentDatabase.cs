using System.Globalization;
using Ferry.Environments.Definition;
using Microsoft.Data.Sqlite;

namespace Ferry.Environments.Storage;

/// <summary>
/// An environment's interception database (SQLite). Opening applies pending migrations in order, each in
/// one transaction, and refuses a database made by a newer Ferry. WAL journaling and a busy timeout let a
/// running host record auto mappings while the CLI reads. One connection per instance, used under a lock:
/// safe to share between threads.
/// </summary>
public sealed class EnvironmentDatabase : IDisposable
{
    private const int BusyTimeoutMs = 5000;

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    private EnvironmentDatabase(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Open (or with <paramref name="create"/>, make) the database at <paramref name="path"/>, migrated to the latest schema.</summary>
    public static EnvironmentDatabase Open(string path, bool create = false)
    {
        if (!create && !File.Exists(path)) throw new EnvironmentException($"the environment database {path} is missing");
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            // Pooled connections would keep the file open after Dispose; environments are removed and renamed.
            Pooling = false,
            DefaultTimeout = BusyTimeoutMs / 1000,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA foreign_keys = ON;");
            // WAL: readers (ferry env show) never block the host's writes and the other way round.
            Execute(connection, "PRAGMA journal_mode = WAL;");
            // In WAL mode NORMAL syncs at checkpoints only: still never corrupt, and commits cost no fsync
            // (a fresh environment for every ferry run must be cheap). A crash may lose the last auto mapping.
            // A database being created lives in a temp directory until it is renamed into place: a crash
            // leaves only garbage there, so its writes need no sync at all.
            Execute(connection, create ? "PRAGMA synchronous = OFF;" : "PRAGMA synchronous = NORMAL;");
            var db = new EnvironmentDatabase(connection, path);
            db.Migrate();
            return db;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new EnvironmentException($"cannot open the environment database {path}: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The schema version the database is at.</summary>
    public int SchemaVersion
    {
        get
        {
            lock (_lock) return ReadVersion();
        }
    }

    private void Migrate()
    {
        Execute(_connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);");
        // IMMEDIATE: two hosts opening one environment at once do not both migrate.
        using (var tx = _connection.BeginTransaction(deferred: false))
        {
            if (Scalar(_connection, "SELECT COUNT(*) FROM schema_version;", tx) is 0L)
                Execute(_connection, "INSERT INTO schema_version (version) VALUES (0);", tx);
            tx.Commit();
        }
        while (true)
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            var version = ReadVersion(tx);
            if (version > SchemaMigrations.Latest)
                throw new EnvironmentException($"the environment database {Path} has schema version {version}, newer than this Ferry knows ({SchemaMigrations.Latest}); use a newer Ferry");
            if (version == SchemaMigrations.Latest) return;
            Execute(_connection, SchemaMigrations.All[version], tx);
            Execute(_connection, $"UPDATE schema_version SET version = {version + 1};", tx);
            tx.Commit();
        }
    }

    private int ReadVersion(SqliteTransaction? tx = null) => Convert.ToInt32(Scalar(_connection, "SELECT version FROM schema_version;", tx), CultureInfo.InvariantCulture);

    /// <summary>Record a new environment's definition, all in one transaction.</summary>
    public void Initialize(EnvironmentSpec spec, DateTimeOffset created, int processId)
    {
        lock (_lock)
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            SetSetting("name", spec.Name, tx);
            SetSetting("created", created.ToString("O", CultureInfo.InvariantCulture), tx);
            SetSetting("process-id", processId.ToString(CultureInfo.InvariantCulture), tx);
            SetSetting("ephemeral", spec.Ephemeral ? "1" : "0", tx);
            foreach (var m in spec.Mappings) InsertMapping(m, tx);
            foreach (var p in spec.PassThroughs)
                Run("INSERT INTO exceptions (kind, resource, created) VALUES ($kind, $resource, $created);", tx,
                    ("$kind", DefinitionNames.Of(p.Kind)), ("$resource", p.Resource), ("$created", Now()));
            if (spec.Policies.DenyNetwork) InsertPolicy("deny-network", null, tx);
            if (spec.Policies.DenyProcessStart) InsertPolicy("deny-process-start", null, tx);
            foreach (var path in spec.Policies.DenyPaths) InsertPolicy("deny-path", path, tx);
            if (spec.Limits.MemoryBytes is { } memory) InsertLimit("memory", memory, tx);
            if (spec.Limits.Cpus is { } cpus) InsertLimit("cpus", cpus, tx);
            if (spec.Limits.FileSizeBytes is { } size) InsertLimit("file-size", size, tx);
            tx.Commit();
        }
    }

    public void SetSetting(string key, string value)
    {
        lock (_lock) SetSetting(key, value, null);
    }

    private void SetSetting(string key, string value, SqliteTransaction? tx) =>
        Run("INSERT INTO settings (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;", tx, ("$key", key), ("$value", value));

    private void InsertMapping(Mapping m, SqliteTransaction? tx) =>
        Run("INSERT INTO mappings (kind, inside, outside, mode, origin, created) VALUES ($kind, $inside, $outside, $mode, $origin, $created);", tx,
            ("$kind", DefinitionNames.Of(m.Kind)), ("$inside", m.Inside), ("$outside", m.Outside), ("$mode", m.Mode is { } mode ? DefinitionNames.Of(mode) : null),
            ("$origin", DefinitionNames.Of(m.Origin)), ("$created", m.Created.ToString("O", CultureInfo.InvariantCulture)));

    private void InsertPolicy(string kind, string? target, SqliteTransaction tx) =>
        Run("INSERT INTO policies (kind, target, created) VALUES ($kind, $target, $created);", tx, ("$kind", kind), ("$target", target), ("$created", Now()));

    private void InsertLimit(string name, object value, SqliteTransaction tx) =>
        Run("INSERT INTO limits (name, value) VALUES ($name, $value);", tx, ("$name", name), ("$value", value));

    /// <summary>
    /// Point every path mapping whose host side is <paramref name="from"/> at <paramref name="to"/> instead: an
    /// environment moved to another host sees the same files (e.g. the app bundle) where that host keeps them.
    /// </summary>
    public int RewriteOutside(string from, string to)
    {
        lock (_lock)
        {
            using var command = Command("UPDATE mappings SET outside = $to WHERE kind = 'path' AND outside = $from;", null, ("$from", from), ("$to", to));
            return command.ExecuteNonQuery();
        }
    }

    /// <summary>Record a private mapping the app made by touching an unmapped path; false when it was already recorded.</summary>
    public bool AddAutoMapping(string inside)
    {
        lock (_lock)
        {
            using var command = Command("INSERT OR IGNORE INTO mappings (kind, inside, outside, mode, origin, created) VALUES ('path', $inside, NULL, 'private', 'auto', $created);", null,
                ("$inside", inside), ("$created", Now()));
            return command.ExecuteNonQuery() > 0;
        }
    }

    public IReadOnlyDictionary<string, WhiteoutKind> ReadWhiteouts()
    {
        lock (_lock)
        {
            var result = new Dictionary<string, WhiteoutKind>(StringComparer.Ordinal);
            using var command = Command("SELECT inside, kind FROM whiteouts;", null);
            using var reader = command.ExecuteReader();
            while (reader.Read()) result[reader.GetString(0)] = reader.GetString(1) == "opaque" ? WhiteoutKind.Opaque : WhiteoutKind.Whiteout;
            return result;
        }
    }

    public void SetWhiteout(string inside, WhiteoutKind kind)
    {
        lock (_lock)
            Run("INSERT INTO whiteouts (inside, kind, created) VALUES ($inside, $kind, $created) ON CONFLICT (inside) DO UPDATE SET kind = excluded.kind;", null,
                ("$inside", inside), ("$kind", kind == WhiteoutKind.Opaque ? "opaque" : "whiteout"), ("$created", Now()));
    }

    /// <summary>The whole definition as recorded now.</summary>
    public EnvironmentDefinition Read()
    {
        lock (_lock)
        {
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var command = Command("SELECT key, value FROM settings;", null))
            using (var reader = command.ExecuteReader())
                while (reader.Read()) settings[reader.GetString(0)] = reader.GetString(1);

            var mappings = new List<Mapping>();
            using (var command = Command("SELECT kind, inside, outside, mode, origin, created FROM mappings ORDER BY id;", null))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    mappings.Add(new Mapping(
                        DefinitionNames.MappingKindOf(reader.GetString(0)),
                        reader.GetString(1),
                        reader.IsDBNull(2) ? null : reader.GetString(2),
                        reader.IsDBNull(3) ? null : DefinitionNames.ModeOf(reader.GetString(3)),
                        DefinitionNames.OriginOf(reader.GetString(4)),
                        DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture)));
                }
            }

            var passThroughs = new List<PassThrough>();
            using (var command = Command("SELECT kind, resource FROM exceptions ORDER BY id;", null))
            using (var reader = command.ExecuteReader())
                while (reader.Read()) passThroughs.Add(new PassThrough(DefinitionNames.PassThroughKindOf(reader.GetString(0)), reader.GetString(1)));

            bool denyNetwork = false, denyProcessStart = false;
            var denyPaths = new List<string>();
            using (var command = Command("SELECT kind, target FROM policies ORDER BY id;", null))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    switch (reader.GetString(0))
                    {
                        case "deny-network": denyNetwork = true; break;
                        case "deny-process-start": denyProcessStart = true; break;
                        case "deny-path": denyPaths.Add(reader.GetString(1)); break;
                    }
                }
            }

            var limits = Limits.None;
            using (var command = Command("SELECT name, value FROM limits;", null))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    limits = reader.GetString(0) switch
                    {
                        "memory" => limits with { MemoryBytes = reader.GetInt64(1) },
                        "cpus" => limits with { Cpus = reader.GetDouble(1) },
                        "file-size" => limits with { FileSizeBytes = reader.GetInt64(1) },
                        _ => limits,
                    };
                }
            }

            return new EnvironmentDefinition
            {
                Name = settings.GetValueOrDefault("name") ?? System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(Path)) ?? "",
                Created = settings.TryGetValue("created", out var created) ? DateTimeOffset.Parse(created, CultureInfo.InvariantCulture) : default,
                ProcessId = settings.TryGetValue("process-id", out var pid) ? int.Parse(pid, CultureInfo.InvariantCulture) : 1,
                Ephemeral = settings.GetValueOrDefault("ephemeral") == "1",
                Mappings = mappings,
                PassThroughs = passThroughs,
                Policies = new Policies { DenyNetwork = denyNetwork, DenyProcessStart = denyProcessStart, DenyPaths = denyPaths },
                Limits = limits,
            };
        }
    }

    /// <summary>A consistent copy of the database (SQLite's online backup: safe while a host writes).</summary>
    public void BackupTo(string destination)
    {
        lock (_lock)
        {
            using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
            target.Open();
            _connection.BackupDatabase(target);
        }
    }

    public void Dispose()
    {
        lock (_lock) _connection.Dispose();
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private void Run(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, tx, parameters);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? tx)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return command.ExecuteScalar();
    }
}
