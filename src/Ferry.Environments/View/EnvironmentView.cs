using System.Collections.Concurrent;
using System.ComponentModel;
using System.IO.Enumeration;
using System.Net.Sockets;
using Ferry.Abstractions.Environments;
using Ferry.Environments.Definition;
using Ferry.Environments.Paths;
using Ferry.Environments.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Environments.View;

/// <summary>
/// What an app sees from inside an environment, over its interception database: paths through
/// <see cref="PathResolver"/>, the environment's own variables (host variables only when listed as
/// exceptions), its host name, user name, process id, current and temp directory, published ports and
/// policies. Auto mappings and copy-on-write deletions are written to the database as they happen (WAL,
/// busy timeout: <c>ferry env show</c> may read meanwhile). Thread-safe.
/// </summary>
public sealed class EnvironmentView : IEnvironmentView, IDisposable
{
    /// <summary>The search path every environment starts with (the host's is not seen).</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private readonly EnvironmentDatabase? _database;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<int, int> _ports;
    private string _currentDirectory;

    /// <param name="database">Where auto mappings and whiteouts are recorded; null keeps them in memory only.</param>
    /// <param name="hostVariable">Reads a host variable (for the variables listed as exceptions).</param>
    /// <param name="processMappings">Path mappings for this process only, not recorded (e.g. the woven app's own directory).</param>
    public EnvironmentView(EnvironmentPaths paths, EnvironmentDefinition definition, EnvironmentDatabase? database, ILogger? logger = null,
        Func<string, string?>? hostVariable = null, IReadOnlyList<Mapping>? processMappings = null)
    {
        Paths = paths;
        Definition = definition;
        _database = database;
        _logger = logger ?? NullLogger.Instance;
        var whiteouts = new WhiteoutSet(database?.ReadWhiteouts(), database is null ? null : (inside, kind) => Record(() => database.SetWhiteout(inside, kind), "a deletion", inside));
        var resolved = processMappings is { Count: > 0 } ? definition with { Mappings = [.. definition.Mappings, .. processMappings] } : definition;
        Resolver = new PathResolver(paths.Root, resolved, whiteouts, database is null ? null : inside => Record(() => database.AddAutoMapping(inside), "an auto mapping", inside));
        _ports = definition.PublishedPorts;
        _currentDirectory = definition.CurrentDirectory;

        hostVariable ??= Environment.GetEnvironmentVariable;
        _variables["PATH"] = DefaultPath;
        _variables["HOME"] = "/home/" + definition.UserName;
        _variables["USER"] = _variables["LOGNAME"] = definition.UserName;
        _variables["HOSTNAME"] = definition.MachineName;
        _variables["TMPDIR"] = EnvironmentDefinition.TempPath;
        foreach (var p in definition.PassThroughs.Where(p => p.Kind == PassThroughKind.Variable))
            if (hostVariable(p.Resource) is { } value) _variables[p.Resource] = value;
        foreach (var m in definition.Mappings.Where(m => m.Kind == MappingKind.Variable)) _variables[m.Inside] = m.Outside ?? "";
    }

    /// <summary>Open the environment in <paramref name="environmentDirectory"/> (as Ferry.Host does with --env-dir).</summary>
    /// <param name="appDirectory">
    /// The directory the host loads the app from (the woven copy): seen read-only at its own path, so the
    /// app's reads next to <c>AppContext.BaseDirectory</c> (a host path) still find its files.
    /// </param>
    public static EnvironmentView Open(string environmentDirectory, ILoggerFactory? loggers = null, string? appDirectory = null)
    {
        var paths = new EnvironmentPaths(environmentDirectory);
        if (!Directory.Exists(paths.Root)) throw new EnvironmentException($"{paths.Dir} is not an environment (no root/ directory)");
        var database = EnvironmentDatabase.Open(paths.Database);
        try
        {
            IReadOnlyList<Mapping> own = appDirectory is null ? [] : [Mapping.PathOf(Path.GetFullPath(appDirectory).TrimEnd('/'), Path.GetFullPath(appDirectory).TrimEnd('/'), PathMode.ReadOnly)];
            return new EnvironmentView(paths, database.Read(), database, loggers?.CreateLogger<EnvironmentView>(), processMappings: own);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    public EnvironmentPaths Paths { get; }
    public EnvironmentDefinition Definition { get; }
    public PathResolver Resolver { get; }

    public string MapPath(string insidePath, PathAccess access) => Resolver.Resolve(insidePath, CurrentDirectory, access).Host;

    public IReadOnlyList<string> EnumerateEntries(string insideDirectory, string searchPattern, SearchOption option, EntryKinds kinds)
    {
        var directory = Resolver.ResolveInside(insideDirectory, CurrentDirectory, followLast: true);
        var pattern = searchPattern is "*.*" or "" ? "*" : searchPattern;
        var result = new List<string>();
        if (!ListInto(directory, insideDirectory, pattern, option == SearchOption.AllDirectories, kinds, result))
            throw new DirectoryNotFoundException($"Could not find a part of the path '{insideDirectory}'.");
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>Add the entries of the resolved inside directory <paramref name="directory"/> (shown as <paramref name="shown"/>); false when it is not a directory.</summary>
    private bool ListInto(string directory, string shown, string pattern, bool recurse, EntryKinds kinds, List<string> result)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var found = false;
        foreach (var (host, isLower) in Resolver.Layers(directory))
        {
            if (!Directory.Exists(host)) continue;
            found = true;
            foreach (var entry in Directory.EnumerateFileSystemEntries(host))
            {
                var name = Path.GetFileName(entry);
                if (name.Contains(".ferry-copy-", StringComparison.Ordinal) || name.Contains(".ferry-unlink-", StringComparison.Ordinal)) continue;
                if (isLower && Resolver.HidesLower(InsidePath.Combine(directory, name))) continue;
                names.Add(name);
            }
        }
        foreach (var mount in Resolver.MountsBelow(directory))
        {
            names.Add(mount);
            found = true;
        }
        if (!found) return false;
        foreach (var name in names)
        {
            var child = InsidePath.Combine(directory, name);
            var childShown = Path.Join(shown, name);
            bool isDirectory, isLink;
            try
            {
                Resolver.CheckAllowed(child);
                var location = Resolver.Resolve(child, "/", PathAccess.Read).Host;
                isDirectory = Directory.Exists(location);
                isLink = Resolver.Layers(directory).Select(l => Path.Join(l.Host, name)).FirstOrDefault(HostFiles.Exists) is { } raw && HostFiles.IsSymbolicLink(raw);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                continue; // denied entries are not shown; a link loop is listed by nobody
            }
            var wanted = isDirectory ? kinds.HasFlag(EntryKinds.Directories) : kinds.HasFlag(EntryKinds.Files);
            if (wanted && FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: false)) result.Add(childShown);
            // Links are listed, not entered: a link to an ancestor would never end.
            if (recurse && isDirectory && !isLink) ListInto(child, childShown, pattern, recurse, kinds, result);
        }
        return true;
    }

    public string ToInsidePath(string hostPath) => Resolver.ToInside(hostPath) ?? hostPath;

    public string CurrentDirectory
    {
        get => Volatile.Read(ref _currentDirectory);
        set
        {
            var inside = Resolver.ResolveInside(value, CurrentDirectory, followLast: true);
            if (!Directory.Exists(Resolver.Resolve(inside, "/", PathAccess.Read).Host))
                throw new DirectoryNotFoundException($"Could not find a part of the path '{value}'.");
            Volatile.Write(ref _currentDirectory, inside);
        }
    }

    public string TempPath => EnvironmentDefinition.TempPath + "/";

    public string? GetVariable(string name) => _variables.TryGetValue(name, out var value) ? value : null;

    public IReadOnlyDictionary<string, string> GetVariables() => new Dictionary<string, string>(_variables, StringComparer.Ordinal);

    public void SetVariable(string name, string? value)
    {
        if (value is null) _variables.TryRemove(name, out _);
        else _variables[name] = value;
    }

    public string MachineName => Definition.MachineName;

    public string UserName => Definition.UserName;

    public int ProcessId => Definition.ProcessId;

    /// <summary>A published app port binds its host port; an unpublished one binds as itself (0 stays 0: the host picks).</summary>
    public int MapBindPort(int appPort)
    {
        if (Definition.Policies.DenyNetwork) throw NetworkDenied();
        return appPort != 0 && _ports.TryGetValue(appPort, out var hostPort) ? hostPort : appPort;
    }

    public int? PublishedPort(int appPort)
    {
        if (Definition.Policies.DenyNetwork) throw NetworkDenied();
        return appPort != 0 && _ports.TryGetValue(appPort, out var hostPort) ? hostPort : null;
    }

    public void CheckConnect(string host, int port)
    {
        if (Definition.Policies.DenyNetwork) throw NetworkDenied();
    }

    public void CheckProcessStart(string fileName)
    {
        // EACCES, as execve would fail for a program the user may not run.
        if (Definition.Policies.DenyProcessStart) throw new Win32Exception(13, $"Starting a process is denied in environment '{Definition.Name}' ({fileName}).");
    }

    public long? MaxFileSize => Definition.Limits.FileSizeBytes;

    private static SocketException NetworkDenied() => new((int)SocketError.AccessDenied);

    /// <summary>Recording must never fail the app's own file call: a database that cannot be written is logged.</summary>
    private void Record(Action write, string what, string inside)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is SqliteException or ObjectDisposedException or InvalidOperationException)
        {
            _logger.LogWarning("cannot record {What} for {Inside}: {Message}", what, inside, e.Message);
        }
    }

    public void Dispose() => _database?.Dispose();
}
