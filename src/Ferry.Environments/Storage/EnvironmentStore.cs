using Ferry.Abstractions;
using Ferry.Abstractions.Instances;
using Ferry.Environments.Definition;
using Ferry.Environments.Paths;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Environments.Storage;

/// <summary>
/// The environments under <c>$FERRY_HOME/envs</c>. Create and copy build the new environment in a hidden
/// temp directory and rename it into place, so a failure leaves nothing half-made; a lock shared by every
/// CLI keeps names unique.
/// </summary>
public sealed class EnvironmentStore(FerryHome home, ILogger<EnvironmentStore>? logger = null)
{
    private static readonly TimeSpan s_lockTimeout = TimeSpan.FromSeconds(10);
    private readonly ILogger _logger = logger ?? NullLogger<EnvironmentStore>.Instance;

    public FerryHome Home => home;

    public EnvironmentPaths PathsOf(string name) => new(Path.Combine(home.EnvironmentsDir, name));

    public bool Exists(string name) => InstanceName.Problem(name) is null && File.Exists(PathsOf(name).Database);

    /// <summary>Make the environment <paramref name="spec"/> describes; its definition as recorded.</summary>
    public EnvironmentDefinition Create(EnvironmentSpec spec)
    {
        CheckName(spec.Name);
        var mappings = Validate(spec);
        EnvironmentDefinition created = null!;
        BuildAside(spec.Name, $"cannot create environment \"{spec.Name}\"", temp =>
        {
            Directory.CreateDirectory(temp.Root);
            if (spec.AppDirectory is { } app)
            {
                var bytes = DirectoryCopier.Copy(app, InsidePath.Under(temp.Root, EnvironmentDefinition.AppPath[1..]));
                _logger.LogInformation("environment {Name}: copied the app ({Bytes} bytes) from {App}", spec.Name, bytes, app);
            }
            foreach (var m in mappings.Where(m => m.Kind == MappingKind.Path)) MakeMountPoint(temp.Root, m);
            using var db = EnvironmentDatabase.Open(temp.Database, create: true);
            db.Initialize(spec with { Mappings = mappings }, DateTimeOffset.UtcNow, Random.Shared.Next(100, 32768));
            created = db.Read();
        });
        return created;
    }

    /// <summary>
    /// Copy <paramref name="source"/> to a new environment <paramref name="destination"/> that shares nothing
    /// writable with it: its own database (a consistent SQLite backup, safe while the source runs) and its own
    /// copy of every private file. Host mappings (copy-on-write lower layers, read-only and merged paths) and
    /// published ports are kept: the copy sees the same host, and running both at once with the same
    /// published host port is refused by <c>ferry run</c>.
    /// </summary>
    public EnvironmentDefinition Copy(string source, string destination)
    {
        CheckName(destination);
        var from = Find(source);
        BuildAside(destination, $"cannot copy environment \"{source}\"", temp =>
        {
            Directory.CreateDirectory(temp.Dir);
            using (var db = EnvironmentDatabase.Open(from.Database))
                db.BackupTo(temp.Database);
            using (var db = EnvironmentDatabase.Open(temp.Database))
            {
                db.SetSetting("name", destination);
                db.SetSetting("created", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                db.SetSetting("ephemeral", "0");
            }
            DirectoryCopier.Copy(from.Root, temp.Root);
        });
        return Read(destination);
    }

    /// <summary>
    /// Write environment <paramref name="name"/> into the empty directory <paramref name="destination"/> as another
    /// host can take it in (<see cref="Import"/>): a consistent copy of its database (safe while it runs) and of
    /// its private files. Host paths it maps are named, not copied.
    /// </summary>
    /// <summary>In an export: the directories under root/, one relative path per line.</summary>
    private const string ExportedDirectories = "directories.txt";

    public void Export(string name, string destination)
    {
        var from = Find(name);
        var to = new EnvironmentPaths(destination);
        try
        {
            Directory.CreateDirectory(to.Dir);
            using (var db = EnvironmentDatabase.Open(from.Database))
                db.BackupTo(to.Database);
            DirectoryCopier.Copy(from.Root, to.Root);
            // Carriers of an export (bundles) hold files only: the directories are listed so empty ones come back.
            File.WriteAllLines(Path.Combine(to.Dir, ExportedDirectories), Directory.EnumerateDirectories(to.Root, "*", SearchOption.AllDirectories)
                .Select(d => Path.GetRelativePath(to.Root, d)).Order(StringComparer.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnvironmentException($"cannot export environment \"{name}\": {e.Message}", e);
        }
    }

    /// <summary>
    /// Take in an environment another host exported (<see cref="Export"/>) from <paramref name="exported"/> as
    /// <paramref name="name"/>, replacing one of that name (the caller checks nothing runs in it): its host
    /// paths rewritten by <paramref name="outsideRewrites"/> (e.g. the app directory → this host's bundle), and
    /// every other host path it maps checked to exist here. Appears whole or not at all; a replaced one stays
    /// until the new one is in place.
    /// </summary>
    public EnvironmentDefinition Import(string name, string exported, IReadOnlyDictionary<string, string> outsideRewrites)
    {
        CheckName(name);
        var from = new EnvironmentPaths(exported);
        if (!File.Exists(from.Database)) throw new EnvironmentException($"cannot import environment \"{name}\": {exported} holds no environment database");
        Directory.CreateDirectory(home.EnvironmentsDir);
        using var _ = AcquireLock();
        var temp = new EnvironmentPaths(Path.Combine(home.EnvironmentsDir, $".new-{name}-{Guid.NewGuid():N}"));
        var final = PathsOf(name);
        var old = Path.Combine(home.EnvironmentsDir, $".rm-{name}-{Guid.NewGuid():N}");
        try
        {
            var imported = BuildImport(name, from, temp, outsideRewrites);
            if (Directory.Exists(final.Dir)) Directory.Move(final.Dir, old);
            Directory.Move(temp.Dir, final.Dir);
            DeleteQuietly(old);
            return imported;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EnvironmentException)
        {
            DeleteQuietly(temp.Dir);
            if (!Directory.Exists(final.Dir) && Directory.Exists(old)) Directory.Move(old, final.Dir);
            throw e as EnvironmentException ?? new EnvironmentException($"cannot import environment \"{name}\": {e.Message}", e);
        }
    }

    /// <summary>
    /// Take in a newer export of environment <paramref name="name"/> (as <see cref="Import"/>) <em>inside</em> its
    /// directory, which stays the same directory: a standby host (a warm migration target) runs in a sandbox that
    /// bound it when it started, and would still see the old one if a new directory were renamed into its place.
    /// Its database and private files are replaced by the export's, each by a rename; the caller makes sure no app
    /// uses it meanwhile (a standby host opens it only at its go). An environment not here yet is imported.
    /// </summary>
    public EnvironmentDefinition Refresh(string name, string exported, IReadOnlyDictionary<string, string> outsideRewrites)
    {
        CheckName(name);
        var final = PathsOf(name);
        if (!Directory.Exists(final.Dir)) return Import(name, exported, outsideRewrites);
        var from = new EnvironmentPaths(exported);
        if (!File.Exists(from.Database)) throw new EnvironmentException($"cannot import environment \"{name}\": {exported} holds no environment database");
        using var _ = AcquireLock();
        var temp = new EnvironmentPaths(Path.Combine(final.Dir, $".new-{Guid.NewGuid():N}"));
        var oldRoot = Path.Combine(final.Dir, $".rm-root-{Guid.NewGuid():N}");
        try
        {
            var imported = BuildImport(name, from, temp, outsideRewrites);
            // SQLite's side files belong to the database being replaced.
            foreach (var side in new[] { "-wal", "-shm", "-journal" }) File.Delete(final.Database + side);
            File.Move(temp.Database, final.Database, overwrite: true);
            if (Directory.Exists(final.Root)) Directory.Move(final.Root, oldRoot);
            Directory.Move(temp.Root, final.Root);
            return imported;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EnvironmentException)
        {
            if (!Directory.Exists(final.Root) && Directory.Exists(oldRoot)) Directory.Move(oldRoot, final.Root);
            throw e as EnvironmentException ?? new EnvironmentException($"cannot import environment \"{name}\": {e.Message}", e);
        }
        finally
        {
            DeleteQuietly(temp.Dir);
            DeleteQuietly(oldRoot);
        }
    }

    /// <summary>An export taken in as <paramref name="name"/> in the new directory <paramref name="temp"/>: its database and files, host paths rewritten and checked.</summary>
    private static EnvironmentDefinition BuildImport(string name, EnvironmentPaths from, EnvironmentPaths temp, IReadOnlyDictionary<string, string> outsideRewrites)
    {
        Directory.CreateDirectory(temp.Dir);
        File.Copy(from.Database, temp.Database);
        Directory.CreateDirectory(temp.Root);
        if (Directory.Exists(from.Root)) DirectoryCopier.Copy(from.Root, temp.Root);
        var listed = Path.Combine(from.Dir, ExportedDirectories);
        if (File.Exists(listed))
            foreach (var dir in File.ReadAllLines(listed).Where(d => d.Length > 0 && !Path.IsPathRooted(d) && !d.Split('/').Contains("..")))
                Directory.CreateDirectory(InsidePath.Under(temp.Root, dir));
        EnvironmentDefinition imported;
        using (var db = EnvironmentDatabase.Open(temp.Database))
        {
            foreach (var (was, now) in outsideRewrites) db.RewriteOutside(was, now);
            db.SetSetting("name", name);
            imported = db.Read();
        }
        foreach (var m in imported.PathMappings)
            if (m.Mode != PathMode.Private && m.Outside is { } outside && !Path.Exists(outside))
                throw new EnvironmentException($"cannot import environment \"{name}\": {m.Inside} maps the host path {outside}, which this host does not have");
        return imported;
    }

    /// <summary>
    /// Build environment <paramref name="name"/> in a directory aside (under the store lock) and rename it in:
    /// it appears whole or not at all, and a failure leaves nothing behind.
    /// </summary>
    private void BuildAside(string name, string what, Action<EnvironmentPaths> build)
    {
        Directory.CreateDirectory(home.EnvironmentsDir);
        using var _ = AcquireLock();
        var final = PathsOf(name);
        if (Directory.Exists(final.Dir)) throw new EnvironmentException($"an environment named \"{name}\" already exists");
        var temp = new EnvironmentPaths(Path.Combine(home.EnvironmentsDir, $".new-{name}-{Guid.NewGuid():N}"));
        try
        {
            build(temp);
            Directory.Move(temp.Dir, final.Dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temp.Dir);
            throw new EnvironmentException($"{what}: {e.Message}", e);
        }
        catch
        {
            DeleteQuietly(temp.Dir);
            throw;
        }
    }

    /// <summary>Every environment, by name.</summary>
    public IReadOnlyList<EnvironmentDefinition> List()
    {
        if (!Directory.Exists(home.EnvironmentsDir)) return [];
        var result = new List<EnvironmentDefinition>();
        foreach (var dir in Directory.EnumerateDirectories(home.EnvironmentsDir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (InstanceName.Problem(name) is not null || !File.Exists(PathsOf(name).Database)) continue;
            try
            {
                result.Add(Read(name));
            }
            catch (EnvironmentException e)
            {
                _logger.LogWarning("environment {Name} is unreadable: {Message}", name, e.Message);
            }
        }
        return result;
    }

    /// <summary>The paths of an existing environment; EnvironmentException when there is none by that name.</summary>
    public EnvironmentPaths Find(string name)
    {
        if (!Exists(name)) throw new EnvironmentException($"no environment named \"{name}\"");
        return PathsOf(name);
    }

    public EnvironmentDefinition Read(string name)
    {
        using var db = EnvironmentDatabase.Open(Find(name).Database);
        return db.Read();
    }

    /// <summary>Delete an environment and its files (the caller checks that nothing runs in it).</summary>
    public void Remove(string name)
    {
        var paths = Find(name);
        // Renamed away first: a removal cut short leaves no half environment under the name.
        var doomed = Path.Combine(home.EnvironmentsDir, $".rm-{name}-{Guid.NewGuid():N}");
        Directory.Move(paths.Dir, doomed);
        Directory.Delete(doomed, recursive: true);
    }

    private static void CheckName(string name)
    {
        if (InstanceName.Problem(name) is { } problem) throw new EnvironmentException($"invalid environment name \"{name}\": {problem}");
    }

    /// <summary>Refuse what cannot work; the mappings to record, defaults (/app, /tmp, cwd) added.</summary>
    private List<Mapping> Validate(EnvironmentSpec spec)
    {
        var mappings = spec.Mappings.ToList();
        foreach (var group in mappings.GroupBy(m => (m.Kind, m.Inside)).Where(g => g.Count() > 1))
            throw new EnvironmentException(group.Key.Kind switch
            {
                MappingKind.Port => $"app port {group.Key.Inside} is published twice",
                MappingKind.Variable => $"variable {group.Key.Inside} is set twice",
                MappingKind.Path => $"{group.Key.Inside} is mapped twice",
                _ => $"{DefinitionNames.Of(group.Key.Kind)} is given twice",
            });
        foreach (var group in mappings.Where(m => m.Kind == MappingKind.Port).GroupBy(m => m.Outside).Where(g => g.Count() > 1))
            throw new EnvironmentException($"host port {group.Key} is published twice (app ports {string.Join(", ", group.Select(m => m.Inside))})");
        foreach (var group in mappings.Where(m => m.Kind is MappingKind.Hostname or MappingKind.Username or MappingKind.Cwd).GroupBy(m => m.Kind).Where(g => g.Count() > 1))
            throw new EnvironmentException($"{DefinitionNames.Of(group.Key)} is given twice");

        var envs = Path.GetFullPath(home.EnvironmentsDir);
        foreach (var m in mappings.Where(m => m.Kind == MappingKind.Path))
        {
            if (m.Mode != PathMode.Private && m.Outside is { } outside)
            {
                if (InsidePath.IsUnder(outside, envs) || InsidePath.IsUnder(envs, outside))
                    throw new EnvironmentException($"{m.Inside}: the host path {outside} holds Ferry's environments; map a path outside {envs}");
                if (!Directory.Exists(outside) && !File.Exists(outside)) throw new EnvironmentException($"{m.Inside}: the host path {outside} does not exist");
            }
            if (ProcPaths.IsProc(m.Inside)) throw new EnvironmentException($"{m.Inside}: /proc cannot be mapped");
        }
        foreach (var p in spec.PassThroughs.Where(p => p.Kind == PassThroughKind.Path))
        {
            if (InsidePath.IsUnder(p.Resource, envs) || InsidePath.IsUnder(envs, p.Resource))
                throw new EnvironmentException($"--except {p.Resource}: it holds Ferry's environments");
            if (mappings.Any(m => m.Kind == MappingKind.Path && m.Inside == p.Resource)) throw new EnvironmentException($"{p.Resource} is both mapped and an exception");
        }
        foreach (var group in spec.PassThroughs.GroupBy(p => p).Where(g => g.Count() > 1))
            throw new EnvironmentException($"--except {group.Key.Resource} is given twice");

        bool mapsApp = mappings.Any(m => m.Kind == MappingKind.Path && m.Inside == EnvironmentDefinition.AppPath);
        if (spec.AppDirectory is { } app)
        {
            if (!Directory.Exists(app)) throw new EnvironmentException($"--app {app}: no such directory");
            if (mapsApp) throw new EnvironmentException($"--app and --map {EnvironmentDefinition.AppPath} both give the app directory");
            if (InsidePath.IsUnder(Path.GetFullPath(app), envs)) throw new EnvironmentException($"--app {app}: it is inside Ferry's environments");
        }
        if (spec.AppOverlay is { } overlay)
        {
            if (!Directory.Exists(overlay)) throw new EnvironmentException($"the app directory {overlay} does not exist");
            if (!mapsApp) mappings.Add(Mapping.PathOf(EnvironmentDefinition.AppPath, Path.GetFullPath(overlay).TrimEnd('/'), PathMode.CopyOnWrite));
        }
        else if (!mapsApp)
        {
            mappings.Add(Mapping.PathOf(EnvironmentDefinition.AppPath, null, PathMode.Private));
        }
        if (!mappings.Any(m => m.Kind == MappingKind.Path && m.Inside == EnvironmentDefinition.TempPath))
            mappings.Add(Mapping.PathOf(EnvironmentDefinition.TempPath, null, PathMode.Private));
        return mappings;
    }

    /// <summary>The directory (or, for a host file, an empty file) in root/ where a mapping's inside path is: listings of its parent show it.</summary>
    private static void MakeMountPoint(string root, Mapping m)
    {
        var host = InsidePath.Under(root, m.Inside[1..]);
        if (m.Outside is { } outside && File.Exists(outside))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(host)!);
            // A copy-on-write file's private copy is made on its first write; until then the host's is read.
            if (m.Mode != PathMode.CopyOnWrite && !File.Exists(host)) File.WriteAllBytes(host, []);
        }
        else
        {
            Directory.CreateDirectory(host);
        }
    }

    private FileStream AcquireLock()
    {
        var deadline = DateTime.UtcNow + s_lockTimeout;
        var lockFile = Path.Combine(home.EnvironmentsDir, ".lock");
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Unix: one creator at a time across processes.
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    private static void DeleteQuietly(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
