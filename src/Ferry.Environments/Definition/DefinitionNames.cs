namespace Ferry.Environments.Definition;

/// <summary>The words the database and the CLI use for kinds, modes and origins.</summary>
public static class DefinitionNames
{
    public static string Of(MappingKind kind) => kind switch
    {
        MappingKind.Path => "path",
        MappingKind.Variable => "variable",
        MappingKind.Port => "port",
        MappingKind.Hostname => "hostname",
        MappingKind.Username => "username",
        MappingKind.Cwd => "cwd",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Of(PathMode mode) => mode switch
    {
        PathMode.Private => "private",
        PathMode.CopyOnWrite => "copy-on-write",
        PathMode.ReadOnly => "read-only",
        PathMode.Merged => "merged",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static string Of(MappingOrigin origin) => origin == MappingOrigin.Auto ? "auto" : "explicit";

    public static string Of(PassThroughKind kind) => kind == PassThroughKind.Variable ? "variable" : "path";

    public static MappingKind MappingKindOf(string text) => text switch
    {
        "path" => MappingKind.Path,
        "variable" => MappingKind.Variable,
        "port" => MappingKind.Port,
        "hostname" => MappingKind.Hostname,
        "username" => MappingKind.Username,
        "cwd" => MappingKind.Cwd,
        _ => throw new EnvironmentException($"unknown mapping kind \"{text}\" in the environment database"),
    };

    /// <summary>A mode as written in <c>--map</c> (short forms too), or null when it is not one.</summary>
    public static PathMode? TryModeOf(string text) => text switch
    {
        "private" => PathMode.Private,
        "copy-on-write" or "cow" => PathMode.CopyOnWrite,
        "read-only" or "ro" => PathMode.ReadOnly,
        "merged" or "rw" => PathMode.Merged,
        _ => null,
    };

    public static PathMode ModeOf(string text) =>
        TryModeOf(text) ?? throw new EnvironmentException($"unknown path mode \"{text}\" in the environment database");

    public static MappingOrigin OriginOf(string text) => text == "auto" ? MappingOrigin.Auto : MappingOrigin.Explicit;

    public static PassThroughKind PassThroughKindOf(string text) => text == "variable" ? PassThroughKind.Variable : PassThroughKind.Path;
}
