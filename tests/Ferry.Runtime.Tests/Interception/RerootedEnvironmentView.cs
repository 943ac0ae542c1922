using System.ComponentModel;
using System.Net.Sockets;
using Ferry.Abstractions.Environments;

namespace Ferry.Runtime.Tests.Interception;

/// <summary>
/// A real (if small) environment view for tests: inside paths are re-rooted under a host directory
/// (inside "/data/a.txt" is host "ROOT/data/a.txt"), variables, names and ports are its own, and
/// policies (denied paths, network, process start, file size) are switches. Not a mock: every file call
/// really lands under the root.
/// </summary>
public sealed class RerootedEnvironmentView : IEnvironmentView
{
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _ports = new();
    private readonly object _gate = new();
    private string _currentDirectory = "/";

    public RerootedEnvironmentView(string root)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        Directory.CreateDirectory(Path.Combine(Root, "tmp"));
    }

    public string Root { get; }

    public List<string> DeniedPrefixes { get; } = new();

    public bool DenyNetwork { get; set; }

    public bool DenyProcessStart { get; set; }

    public long? MaxFileSize { get; set; }

    public void Publish(int appPort, int hostPort)
    {
        lock (_gate) _ports[appPort] = hostPort;
    }

    public string MapPath(string insidePath, PathAccess access)
    {
        // Normalized inside first: ".." cannot climb above the inside root, so it cannot leave ROOT.
        var inside = Path.GetFullPath(insidePath, CurrentDirectory);
        foreach (var denied in DeniedPrefixes)
            if (inside == denied || inside.StartsWith(denied + "/", StringComparison.Ordinal))
                throw new UnauthorizedAccessException($"Access to the path '{inside}' is denied.");
        return inside == "/" ? Root : Root + inside;
    }

    public string ToInsidePath(string hostPath)
    {
        if (hostPath == Root) return "/";
        return hostPath.StartsWith(Root + "/", StringComparison.Ordinal) ? hostPath[Root.Length..] : hostPath;
    }

    public IReadOnlyList<string> EnumerateEntries(string insideDirectory, string searchPattern, SearchOption option, EntryKinds kinds)
    {
        var host = MapPath(insideDirectory, PathAccess.List);
        if (!Directory.Exists(host))
            throw new DirectoryNotFoundException($"Could not find a part of the path '{Path.GetFullPath(insideDirectory, CurrentDirectory)}'.");
        var entries = kinds switch
        {
            EntryKinds.Files => Directory.EnumerateFiles(host, searchPattern, option),
            EntryKinds.Directories => Directory.EnumerateDirectories(host, searchPattern, option),
            _ => Directory.EnumerateFileSystemEntries(host, searchPattern, option),
        };
        var list = entries.Select(ToInsidePath).ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    public string CurrentDirectory
    {
        get
        {
            lock (_gate) return _currentDirectory;
        }
        set
        {
            lock (_gate) _currentDirectory = value;
        }
    }

    public string TempPath => "/tmp/";

    public string? GetVariable(string name)
    {
        lock (_gate) return _variables.GetValueOrDefault(name);
    }

    public IReadOnlyDictionary<string, string> GetVariables()
    {
        lock (_gate) return new Dictionary<string, string>(_variables);
    }

    public void SetVariable(string name, string? value)
    {
        lock (_gate)
        {
            if (value is null) _variables.Remove(name);
            else _variables[name] = value;
        }
    }

    public string MachineName => "inside-host";

    public string UserName => "app";

    public int ProcessId => 4242;

    public int MapBindPort(int appPort)
    {
        if (DenyNetwork) throw new SocketException((int)SocketError.AccessDenied);
        lock (_gate) return _ports.GetValueOrDefault(appPort, appPort);
    }

    public void CheckConnect(string host, int port)
    {
        if (DenyNetwork) throw new SocketException((int)SocketError.AccessDenied);
    }

    public void CheckProcessStart(string fileName)
    {
        if (DenyProcessStart) throw new Win32Exception(13, $"An error occurred trying to start process '{fileName}'. Permission denied");
    }
}
