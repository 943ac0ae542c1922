using Microsoft.Data.Sqlite;

namespace Ferry.Node.State;

/// <summary>
/// A node's own state in SQLite (<c>node/node.db</c>): the cluster members it knows and the ownership of
/// instances that have moved (instance id → epoch and owning node). Schema changes are
/// migrations applied in order, each in a transaction, tracked by <c>PRAGMA user_version</c>; a database
/// written by a newer Ferry is refused rather than guessed at.
/// </summary>
public sealed class NodeDatabase : IDisposable
{
    private static readonly string[] s_migrations =
    [
        // 1: cluster members (this node included), as last heard of.
        """
        CREATE TABLE members (
            name TEXT PRIMARY KEY,
            address TEXT NOT NULL,
            version TEXT NOT NULL,
            started_unix_ms INTEGER NOT NULL,
            last_seen_unix_ms INTEGER NOT NULL
        );
        """,
        // 2: who owns an instance that has moved, at which epoch. An epoch is taken only as the one after the
        // epoch its previous owner handed over, so at most one node holds the newest one.
        """
        CREATE TABLE ownership (
            instance_id TEXT PRIMARY KEY,
            epoch INTEGER NOT NULL,
            owner TEXT NOT NULL,
            updated_unix_ms INTEGER NOT NULL
        );
        """,
    ];

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private NodeDatabase(SqliteConnection connection) => _connection = connection;

    public static int SchemaVersion => s_migrations.Length;

    public static NodeDatabase Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        try
        {
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;");
            Migrate(connection, path);
            return new NodeDatabase(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void UpsertMember(NodeMember member)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT INTO members (name, address, version, started_unix_ms, last_seen_unix_ms)
                VALUES ($name, $address, $version, $started, $seen)
                ON CONFLICT(name) DO UPDATE SET address = $address, version = $version,
                    started_unix_ms = $started, last_seen_unix_ms = $seen;
                """;
            command.Parameters.AddWithValue("$name", member.Name);
            command.Parameters.AddWithValue("$address", member.Address);
            command.Parameters.AddWithValue("$version", member.Version);
            command.Parameters.AddWithValue("$started", member.StartedUnixMs);
            command.Parameters.AddWithValue("$seen", member.LastSeenUnixMs);
            command.ExecuteNonQuery();
        }
    }

    public IReadOnlyList<NodeMember> Members()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT name, address, version, started_unix_ms, last_seen_unix_ms FROM members ORDER BY name";
            using var reader = command.ExecuteReader();
            var members = new List<NodeMember>();
            while (reader.Read())
                members.Add(new NodeMember(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4)));
            return members;
        }
    }

    /// <summary>What this node last recorded about <paramref name="instanceId"/>'s owner; null when it never moved here or away.</summary>
    public InstanceOwnership? OwnershipOf(string instanceId)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT epoch, owner FROM ownership WHERE instance_id = $id";
            command.Parameters.AddWithValue("$id", instanceId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? new InstanceOwnership(instanceId, reader.GetInt64(0), reader.GetString(1)) : null;
        }
    }

    /// <summary>Record <paramref name="ownership"/> (durably: WAL, committed before this returns).</summary>
    public void SetOwnership(InstanceOwnership ownership)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT INTO ownership (instance_id, epoch, owner, updated_unix_ms) VALUES ($id, $epoch, $owner, $now)
                ON CONFLICT(instance_id) DO UPDATE SET epoch = $epoch, owner = $owner, updated_unix_ms = $now;
                """;
            command.Parameters.AddWithValue("$id", ownership.InstanceId);
            command.Parameters.AddWithValue("$epoch", ownership.Epoch);
            command.Parameters.AddWithValue("$owner", ownership.Owner);
            command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Put back what <see cref="OwnershipOf"/> returned before a change that did not take effect (null: no record).</summary>
    public void RestoreOwnership(string instanceId, InstanceOwnership? previous)
    {
        if (previous is not null)
        {
            SetOwnership(previous);
            return;
        }
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM ownership WHERE instance_id = $id";
            command.Parameters.AddWithValue("$id", instanceId);
            command.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();

    private static void Migrate(SqliteConnection connection, string path)
    {
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"));
        if (version > s_migrations.Length)
            throw new InvalidDataException($"{path} was written by a newer Ferry (schema {version}, this one knows up to {s_migrations.Length})");
        for (var v = version; v < s_migrations.Length; v++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, s_migrations[v], transaction);
            Execute(connection, $"PRAGMA user_version = {v + 1}", transaction);
            transaction.Commit();
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
