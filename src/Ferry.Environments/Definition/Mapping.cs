namespace Ferry.Environments.Definition;

/// <summary>
/// One row of the <c>mappings</c> table: a resource inside the environment and what it is outside.
/// <see cref="Outside"/> is null for private paths and for names that have no host side (host name,
/// user name, current directory); <see cref="Mode"/> is set for paths only.
/// </summary>
public sealed record Mapping(MappingKind Kind, string Inside, string? Outside, PathMode? Mode, MappingOrigin Origin, DateTimeOffset Created)
{
    public static Mapping PathOf(string inside, string? outside, PathMode mode, MappingOrigin origin = MappingOrigin.Explicit) =>
        new(MappingKind.Path, inside, outside, mode, origin, DateTimeOffset.UtcNow);

    public static Mapping Of(MappingKind kind, string inside, string? outside = null) =>
        new(kind, inside, outside, null, MappingOrigin.Explicit, DateTimeOffset.UtcNow);
}
