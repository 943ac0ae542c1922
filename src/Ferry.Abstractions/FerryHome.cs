using Ferry.Abstractions.Instances;

namespace Ferry.Abstractions;

/// <summary>
/// Where Ferry keeps its state: <c>$FERRY_HOME</c>, or <c>~/.ferry</c>. Layout:
/// <c>instances/&lt;id&gt;/</c> (one directory per instance, see <see cref="InstancePaths"/>),
/// <c>cache/&lt;key&gt;/</c> (woven apps, by content hash and weaver version),
/// <c>envs/&lt;name&gt;/</c> (isolated environments: <c>env.db</c> and <c>root/</c>, see docs/environments.md).
/// </summary>
public sealed class FerryHome
{
    public const string EnvironmentVariable = "FERRY_HOME";

    public FerryHome(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }
    public string InstancesDir => Path.Combine(Root, "instances");
    public string CacheDir => Path.Combine(Root, "cache");
    public string EnvironmentsDir => Path.Combine(Root, "envs");

    /// <summary>Held while an instance is created, so ids and names stay unique across concurrent CLIs.</summary>
    public string StoreLockFile => Path.Combine(InstancesDir, ".lock");

    public InstancePaths Instance(string id) => new(Path.Combine(InstancesDir, id));

    public static FerryHome FromEnvironment()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return new FerryHome(configured);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new FerryHome(Path.Combine(home, ".ferry"));
    }
}
