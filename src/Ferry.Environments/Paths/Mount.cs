using Ferry.Environments.Definition;

namespace Ferry.Environments.Paths;

/// <summary>
/// A path mapping as the resolver uses it: the inside path, the host path (null when private) and the mode.
/// Exceptions are merged mounts at their own path.
/// </summary>
internal sealed record Mount(string Inside, string? Outside, PathMode Mode)
{
    /// <summary>True when the host path under this mount is the user's host directory (not the environment's root/).</summary>
    public bool HasHostSide => Outside is not null && Mode != PathMode.Private;
}
