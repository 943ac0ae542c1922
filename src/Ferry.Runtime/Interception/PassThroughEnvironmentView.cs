using System.Collections;
using Ferry.Abstractions.Environments;

namespace Ferry.Runtime.Interception;

/// <summary>The host as it is: no mapping, no policy. Used when an app runs outside any environment.</summary>
public sealed class PassThroughEnvironmentView : IEnvironmentView
{
    public string MapPath(string insidePath, PathAccess access) => Path.GetFullPath(insidePath);

    public IReadOnlyList<string> EnumerateEntries(string insideDirectory, string searchPattern, SearchOption option, EntryKinds kinds)
    {
        var entries = kinds switch
        {
            EntryKinds.Files => Directory.EnumerateFiles(insideDirectory, searchPattern, option),
            EntryKinds.Directories => Directory.EnumerateDirectories(insideDirectory, searchPattern, option),
            _ => Directory.EnumerateFileSystemEntries(insideDirectory, searchPattern, option),
        };
        var list = entries.ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    public string ToInsidePath(string hostPath) => hostPath;

    public string CurrentDirectory
    {
        get => Environment.CurrentDirectory;
        set => Environment.CurrentDirectory = value;
    }

    public string TempPath => Path.GetTempPath();

    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);

    public IReadOnlyDictionary<string, string> GetVariables()
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
            all[(string)e.Key] = (string?)e.Value ?? "";
        return all;
    }

    public void SetVariable(string name, string? value) => Environment.SetEnvironmentVariable(name, value);

    public string MachineName => Environment.MachineName;

    public string UserName => Environment.UserName;

    public int ProcessId => Environment.ProcessId;

    public int MapBindPort(int appPort) => appPort;

    public void CheckConnect(string host, int port) { }

    public void CheckProcessStart(string fileName) { }

    public long? MaxFileSize => null;
}
