namespace Ferry.Environments.Storage;

/// <summary>The files of one environment directory (<c>$FERRY_HOME/envs/NAME/</c>).</summary>
public sealed class EnvironmentPaths(string dir)
{
    public string Dir { get; } = Path.GetFullPath(dir).TrimEnd('/');

    public string Name => Path.GetFileName(Dir);

    /// <summary>The interception database (SQLite, schema in docs/environments.md).</summary>
    public string Database => Path.Combine(Dir, "env.db");

    /// <summary>
    /// The environment's own files: inside path /a/b lives at root/a/b when it is private, auto, or the
    /// private copy (upper layer) of a copy-on-write mapping. Mount points of host mappings are empty
    /// directories here, so listings of their parents show them.
    /// </summary>
    public string Root => Path.Combine(Dir, "root");
}
