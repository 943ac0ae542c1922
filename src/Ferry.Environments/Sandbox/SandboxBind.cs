namespace Ferry.Environments.Sandbox;

/// <summary>
/// One host path made visible in the sandbox. By default it appears at its own host path (an identity
/// bind), so the path the interception layer maps to is the same path inside the sandbox: one mapping
/// serves both the sandboxed and the interception-only mode.
/// </summary>
/// <param name="HostPath">Absolute host path (file or directory); must exist.</param>
/// <param name="Writable">Read-write when true, read-only otherwise.</param>
/// <param name="SandboxPath">Where it appears inside; null means at <paramref name="HostPath"/>.</param>
public sealed record SandboxBind(string HostPath, bool Writable = false, string? SandboxPath = null)
{
    /// <summary>The path inside the sandbox.</summary>
    public string Target => SandboxPath ?? HostPath;

    public static SandboxBind ReadOnly(string hostPath) => new(hostPath, Writable: false);

    public static SandboxBind ReadWrite(string hostPath) => new(hostPath, Writable: true);
}
