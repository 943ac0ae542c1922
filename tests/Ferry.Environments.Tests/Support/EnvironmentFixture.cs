using Ferry.Abstractions;
using Ferry.Abstractions.Environments;
using Ferry.Environments.Definition;
using Ferry.Environments.Storage;
using Ferry.Environments.View;

namespace Ferry.Environments.Tests.Support;

/// <summary>
/// A FERRY_HOME of its own in a temp directory, beside a "host" with files the environments must not reach
/// (<see cref="Secret"/>), a read-only host directory, a copy-on-write host directory and a merged one.
/// Real files, real links, real SQLite. Disposing deletes it all.
/// </summary>
public sealed class EnvironmentFixture : IDisposable
{
    public const string SecretText = "HOST SECRET";
    public const string HostText = "host content";

    private readonly List<IDisposable> _open = [];

    public EnvironmentFixture()
    {
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Secret, SecretText);
        Directory.CreateDirectory(Path.Combine(ReadOnlyHost, "sub"));
        File.WriteAllText(Path.Combine(ReadOnlyHost, "file.txt"), HostText);
        File.WriteAllText(Path.Combine(ReadOnlyHost, "sub", "deep.txt"), HostText);
        Directory.CreateDirectory(Path.Combine(CowHost, "sub"));
        File.WriteAllText(Path.Combine(CowHost, "file.txt"), HostText);
        File.WriteAllText(Path.Combine(CowHost, "other.txt"), HostText);
        File.WriteAllText(Path.Combine(CowHost, "sub", "deep.txt"), HostText);
        Directory.CreateDirectory(MergedHost);
        File.WriteAllText(Path.Combine(MergedHost, "file.txt"), HostText);
    }

    public string Dir { get; } = Directory.CreateTempSubdirectory("ferry-env").FullName;
    public FerryHome Home => new(Path.Combine(Dir, "home"));
    public EnvironmentStore Store => new(Home);

    /// <summary>A host directory no mapping names.</summary>
    public string Outside => Path.Combine(Dir, "outside");
    public string Secret => Path.Combine(Outside, "secret.txt");
    public string ReadOnlyHost => Path.Combine(Dir, "ro-host");
    public string CowHost => Path.Combine(Dir, "cow-host");
    public string MergedHost => Path.Combine(Dir, "merged-host");

    /// <summary>The usual spec: /ro read-only, /cow copy-on-write, /merged merged, plus <paramref name="extra"/>.</summary>
    public EnvironmentSpec Spec(string name = "e", Func<EnvironmentSpec, EnvironmentSpec>? extra = null)
    {
        var spec = new EnvironmentSpec
        {
            Name = name,
            Mappings =
            [
                Mapping.PathOf("/ro", ReadOnlyHost, PathMode.ReadOnly),
                Mapping.PathOf("/cow", CowHost, PathMode.CopyOnWrite),
                Mapping.PathOf("/merged", MergedHost, PathMode.Merged),
                Mapping.PathOf("/data", null, PathMode.Private),
            ],
        };
        return extra is null ? spec : extra(spec);
    }

    /// <summary>Create the environment and open its view (closed on dispose).</summary>
    public EnvironmentView View(EnvironmentSpec? spec = null, Func<string, string?>? hostVariable = null)
    {
        spec ??= Spec();
        Store.Create(spec);
        return Open(spec.Name, hostVariable);
    }

    public EnvironmentView Open(string name, Func<string, string?>? hostVariable = null)
    {
        var paths = Store.Find(name);
        var db = EnvironmentDatabase.Open(paths.Database);
        var view = new EnvironmentView(paths, db.Read(), db, hostVariable: hostVariable);
        _open.Add(view);
        return view;
    }

    /// <summary>A file of every host directory the tests guard, with its content now.</summary>
    public IReadOnlyDictionary<string, string> HostSnapshot() =>
        new[] { Outside, ReadOnlyHost, CowHost }
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .ToDictionary(f => f, File.ReadAllText);

    /// <summary>Do as a shim would: map for writing and write; refusals are fine. The host must not change.</summary>
    public void AssertWriteDoesNotReachHost(IEnvironmentView view, string inside)
    {
        var before = HostSnapshot();
        try
        {
            var host = view.MapPath(inside, PathAccess.Write);
            Directory.CreateDirectory(Path.GetDirectoryName(host)!);
            File.WriteAllText(host, "pwned");
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or ArgumentException)
        {
        }
        Assert.Equal(before, HostSnapshot());
        Assert.Equal(SecretText, File.ReadAllText(Secret));
    }

    /// <summary>Do as a shim would: map for reading and read; refusals and missing files are fine. The secret must not come back.</summary>
    public void AssertSecretUnreadable(IEnvironmentView view, string inside)
    {
        string host;
        try
        {
            host = view.MapPath(inside, PathAccess.Read);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or ArgumentException)
        {
            return;
        }
        Assert.False(InsideOutside(host), $"{inside} mapped to {host}, under {Outside}");
        if (File.Exists(host)) Assert.NotEqual(SecretText, File.ReadAllText(host));
    }

    private bool InsideOutside(string host) => Ferry.Environments.Paths.InsidePath.IsUnder(Path.GetFullPath(host), Outside);

    public void Dispose()
    {
        foreach (var d in _open) d.Dispose();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
