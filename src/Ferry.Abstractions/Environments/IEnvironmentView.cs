namespace Ferry.Abstractions.Environments;

/// <summary>
/// What an app running inside an environment sees of the host: every intercepted framework call
/// (files, environment, host name, sockets, process start) asks this view before it reaches the host.
/// The runtime's shims depend only on this contract; Ferry.Environments implements it over an
/// environment's interception database, and a pass-through view serves apps run without one.
/// </summary>
/// <remarks>
/// "Inside" is what the app sees (paths, ports, names); "outside" is the host resource Ferry uses.
/// Implementations must be thread-safe: app threads call them concurrently.
/// </remarks>
public interface IEnvironmentView
{
    /// <summary>
    /// The host path for an inside path the app passes to a file API. Relative paths are taken against
    /// <see cref="CurrentDirectory"/>. The result never leaves the environment's mappings (`..`,
    /// symlinks and <c>/proc/self/root</c> included). An inside path no mapping covers gets a private
    /// mapping created and recorded on first use.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">a policy denies <paramref name="access"/> to the path.</exception>
    string MapPath(string insidePath, PathAccess access);

    /// <summary>
    /// The entries of an inside directory, as inside paths, in ordinal order. The view owns layering:
    /// a copy-on-write directory shows its host entries merged with the private copies, deleted ones
    /// hidden. <paramref name="searchPattern"/> uses the framework's wildcard rules ('*', '?').
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">the directory does not exist inside.</exception>
    /// <exception cref="UnauthorizedAccessException">a policy denies listing it.</exception>
    IReadOnlyList<string> EnumerateEntries(string insideDirectory, string searchPattern, SearchOption option, EntryKinds kinds);

    /// <summary>The inside path for a host path the framework handed back (enumeration results, full paths).</summary>
    string ToInsidePath(string hostPath);

    /// <summary>The app's current directory, an inside path.</summary>
    string CurrentDirectory { get; set; }

    /// <summary>The inside temp directory, ending with a directory separator (as <c>Path.GetTempPath</c>).</summary>
    string TempPath { get; }

    /// <summary>An environment variable as the app sees it, or null.</summary>
    string? GetVariable(string name);

    /// <summary>Every environment variable the app sees.</summary>
    IReadOnlyDictionary<string, string> GetVariables();

    /// <summary>Set (or with null, remove) a variable for the app; the host process's own are untouched.</summary>
    void SetVariable(string name, string? value);

    string MachineName { get; }

    string UserName { get; }

    /// <summary>The process id the app sees (stable across restore and migration).</summary>
    int ProcessId { get; }

    /// <summary>
    /// The host port to bind for a port the app binds (a published port's host side, else the same
    /// port; 0 stays 0).
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException">network access is denied.</exception>
    int MapBindPort(int appPort);

    /// <summary>
    /// The host port an app port is published on, or null when it is not published (a host run behind the
    /// node's front binds such a port on loopback and leaves the published one to the front).
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException">network access is denied.</exception>
    int? PublishedPort(int appPort) => null;

    /// <summary>Check an outgoing connection before it is made.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">network access is denied.</exception>
    void CheckConnect(string host, int port);

    /// <summary>Check a process start before it is made.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">process start is denied.</exception>
    void CheckProcessStart(string fileName);

    /// <summary>The largest file the app may write, in bytes, or null for no limit.</summary>
    long? MaxFileSize { get; }
}
