namespace Ferry.Environments.Definition;

/// <summary>An environment as its database records it.</summary>
public sealed record EnvironmentDefinition
{
    /// <summary>The inside path of the app directory, and the default current directory.</summary>
    public const string AppPath = "/app";

    /// <summary>The inside temp directory (private in every environment).</summary>
    public const string TempPath = "/tmp";

    /// <summary>The user name the app sees unless <c>--user</c> says otherwise (never the host's).</summary>
    public const string DefaultUserName = "ferry";

    public required string Name { get; init; }
    public DateTimeOffset Created { get; init; }

    /// <summary>The process id the app sees: chosen at create, kept by copies, so restores see the same one.</summary>
    public int ProcessId { get; init; }

    public bool Ephemeral { get; init; }
    public IReadOnlyList<Mapping> Mappings { get; init; } = [];
    public IReadOnlyList<PassThrough> PassThroughs { get; init; } = [];
    public Policies Policies { get; init; } = Policies.None;
    public Limits Limits { get; init; } = Limits.None;

    public IEnumerable<Mapping> PathMappings => Mappings.Where(m => m.Kind == MappingKind.Path);

    /// <summary>Published ports: app port → host port.</summary>
    public IReadOnlyDictionary<int, int> PublishedPorts => Mappings.Where(m => m.Kind == MappingKind.Port)
        .ToDictionary(m => int.Parse(m.Inside, System.Globalization.CultureInfo.InvariantCulture), m => int.Parse(m.Outside!, System.Globalization.CultureInfo.InvariantCulture));

    public string MachineName => Single(MappingKind.Hostname) ?? Name;
    public string UserName => Single(MappingKind.Username) ?? DefaultUserName;
    public string CurrentDirectory => Single(MappingKind.Cwd) ?? AppPath;

    private string? Single(MappingKind kind) => Mappings.FirstOrDefault(m => m.Kind == kind)?.Inside;
}
