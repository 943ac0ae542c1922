using Ferry.Environments.Definition;
using Ferry.Environments.Storage;
using Microsoft.Data.Sqlite;

namespace Ferry.Environments.Tests;

/// <summary>The interception database on real SQLite files: migrations, refusal of newer schemas, round trips, concurrent recording.</summary>
public sealed class DatabaseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ferry-envdb").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string DbPath => Path.Combine(_dir, "env.db");

    private static long Scalar(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    [Fact]
    public void A_new_database_is_migrated_to_the_latest_schema_in_WAL_mode()
    {
        using (var db = EnvironmentDatabase.Open(DbPath, create: true))
            Assert.Equal(SchemaMigrations.Latest, db.SchemaVersion);
        Assert.Equal(SchemaMigrations.Latest, Scalar(DbPath, "SELECT version FROM schema_version"));
        foreach (var table in new[] { "settings", "mappings", "exceptions", "policies", "limits", "whiteouts" })
            Assert.Equal(1, Scalar(DbPath, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
        using var c = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", cmd.ExecuteScalar());
    }

    [Fact]
    public void Opening_again_applies_nothing_and_keeps_the_data()
    {
        using (var db = EnvironmentDatabase.Open(DbPath, create: true))
            db.Initialize(new EnvironmentSpec { Name = "x", Mappings = [Mapping.PathOf("/data", null, PathMode.Private)] }, DateTimeOffset.UtcNow, 42);
        using (var db = EnvironmentDatabase.Open(DbPath))
        {
            var d = db.Read();
            Assert.Equal(("x", 42), (d.Name, d.ProcessId));
            Assert.Single(d.Mappings);
        }
        Assert.Equal(1, Scalar(DbPath, "SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public void A_database_from_a_newer_Ferry_is_refused_in_one_line_and_left_alone()
    {
        using (EnvironmentDatabase.Open(DbPath, create: true)) { }
        using (var c = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"UPDATE schema_version SET version = {SchemaMigrations.Latest + 5}";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<EnvironmentException>(() => EnvironmentDatabase.Open(DbPath));
        Assert.Equal($"the environment database {DbPath} has schema version {SchemaMigrations.Latest + 5}, newer than this Ferry knows ({SchemaMigrations.Latest}); use a newer Ferry", e.Message);
        Assert.Equal(SchemaMigrations.Latest + 5, Scalar(DbPath, "SELECT version FROM schema_version"));
    }

    [Fact]
    public void A_database_at_version_zero_gets_every_migration()
    {
        using (var c = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (0);";
            cmd.ExecuteNonQuery();
        }
        using var db = EnvironmentDatabase.Open(DbPath);
        Assert.Equal(SchemaMigrations.Latest, db.SchemaVersion);
    }

    [Fact]
    public void A_missing_database_is_an_environment_error() =>
        Assert.Throws<EnvironmentException>(() => EnvironmentDatabase.Open(DbPath));

    [Fact]
    public void Every_part_of_a_definition_round_trips()
    {
        var spec = new EnvironmentSpec
        {
            Name = "full",
            Mappings =
            [
                Mapping.PathOf("/data", _dir, PathMode.ReadOnly),
                Mapping.Of(MappingKind.Variable, "GREETING", "hi"),
                Mapping.Of(MappingKind.Port, "80", "8080"),
                Mapping.Of(MappingKind.Hostname, "box"),
                Mapping.Of(MappingKind.Username, "ann"),
                Mapping.Of(MappingKind.Cwd, "/data"),
            ],
            PassThroughs = [new PassThrough(PassThroughKind.Path, "/usr"), new PassThrough(PassThroughKind.Variable, "LANG")],
            Policies = new Policies { DenyNetwork = true, DenyProcessStart = true, DenyPaths = ["/secret", "/other"] },
            Limits = new Limits { MemoryBytes = 256L << 20, Cpus = 0.5, FileSizeBytes = 10L << 20 },
        };
        using var db = EnvironmentDatabase.Open(DbPath, create: true);
        db.Initialize(spec, DateTimeOffset.UtcNow, 7);
        var d = db.Read();
        Assert.Equal(spec.Mappings.Select(m => (m.Kind, m.Inside, m.Outside, m.Mode, m.Origin)), d.Mappings.Select(m => (m.Kind, m.Inside, m.Outside, m.Mode, m.Origin)));
        Assert.Equal(spec.PassThroughs, d.PassThroughs);
        Assert.Equal((true, true), (d.Policies.DenyNetwork, d.Policies.DenyProcessStart));
        Assert.Equal(["/secret", "/other"], d.Policies.DenyPaths);
        Assert.Equal(spec.Limits, d.Limits);
        Assert.Equal(("box", "ann", "/data"), (d.MachineName, d.UserName, d.CurrentDirectory));
        Assert.Equal(8080, d.PublishedPorts[80]);
    }

    [Fact]
    public void The_schema_refuses_unknown_kinds_and_modes()
    {
        using (EnvironmentDatabase.Open(DbPath, create: true)) { }
        using var c = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO mappings (kind, inside, origin, created) VALUES ('socket', '/x', 'explicit', 'now')";
        Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
        cmd.CommandText = "INSERT INTO mappings (kind, inside, mode, origin, created) VALUES ('path', '/x', 'sideways', 'explicit', 'now')";
        Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
    }

    [Fact]
    public async Task Auto_mappings_are_recorded_once_while_other_connections_read()
    {
        using (var db = EnvironmentDatabase.Open(DbPath, create: true))
            db.Initialize(new EnvironmentSpec { Name = "x" }, DateTimeOffset.UtcNow, 1);
        using var writer = EnvironmentDatabase.Open(DbPath);
        var stop = false;
        var readerErrors = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                try
                {
                    using var r = EnvironmentDatabase.Open(DbPath);
                    r.Read();
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref readerErrors);
                }
            }
        })).ToList();
        var added = 0;
        Parallel.For(0, 200, i =>
        {
            if (writer.AddAutoMapping($"/auto{i % 50}")) Interlocked.Increment(ref added);
        });
        Volatile.Write(ref stop, true);
        await Task.WhenAll(readers);
        Assert.Equal(50, added);
        Assert.Equal(0, readerErrors);
        var autos = writer.Read().Mappings.Where(m => m.Origin == MappingOrigin.Auto).ToList();
        Assert.Equal(50, autos.Count);
        Assert.All(autos, m => Assert.Equal(PathMode.Private, m.Mode));
    }

    [Fact]
    public void Whiteouts_persist()
    {
        using (var db = EnvironmentDatabase.Open(DbPath, create: true))
        {
            db.SetWhiteout("/cow/a", WhiteoutKind.Whiteout);
            db.SetWhiteout("/cow/a", WhiteoutKind.Opaque);
            db.SetWhiteout("/cow/b", WhiteoutKind.Whiteout);
        }
        using var again = EnvironmentDatabase.Open(DbPath);
        var w = again.ReadWhiteouts();
        Assert.Equal(WhiteoutKind.Opaque, w["/cow/a"]);
        Assert.Equal(WhiteoutKind.Whiteout, w["/cow/b"]);
    }
}
