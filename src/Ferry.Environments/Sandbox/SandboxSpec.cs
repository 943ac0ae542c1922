namespace Ferry.Environments.Sandbox;

/// <summary>
/// What the OS sandbox of one environment host makes visible and how it limits it. Every host path
/// appears at its own path inside (identity binds); nothing else of the host file system is visible but
/// the system directories the runtime needs (see docs/environments-sandbox.md).
/// </summary>
public sealed record SandboxSpec
{
    /// <summary>The environment directory: the writable view of the app (bound read-write).</summary>
    public required string EnvironmentDirectory { get; init; }

    /// <summary>The instance state directory (control socket, logs, metadata): read-write.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The .NET root (the directory holding the dotnet muxer, shared/ and host/): read-only.</summary>
    public required string RuntimeDirectory { get; init; }

    /// <summary>Ferry's own directory (Ferry.Host.dll and its dependencies): read-only.</summary>
    public required string FerryDirectory { get; init; }

    /// <summary>Further host paths (the environment's mappings: read-only, merged, copy-on-write sources).</summary>
    public IReadOnlyList<SandboxBind> Binds { get; init; } = [];

    /// <summary>Names the per-instance cgroup; letters, digits, '-', '_' and '.' only.</summary>
    public string InstanceName { get; init; } = "instance";

    /// <summary>The host name inside (its own uts namespace); null keeps the host's name.</summary>
    public string? HostName { get; init; }

    /// <summary>No network but loopback (a new network namespace); otherwise the host's network, so published ports are reachable.</summary>
    public bool DenyNetwork { get; init; }

    /// <summary>A host directory to serve as /tmp (survives a restore); null gives a private tmpfs.</summary>
    public string? TmpDirectory { get; init; }

    /// <summary>The working directory inside; null: the command's own, else the environment directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Detach from the caller's terminal session (no keystroke injection through TIOCSTI); Ctrl-C then no longer reaches the sandbox.</summary>
    public bool NewSession { get; init; }

    /// <summary>
    /// Kill the sandbox when the process that started it ends (a foreground run). A detached host must
    /// outlive the CLI that launched it, so it runs without.
    /// </summary>
    public bool DieWithParent { get; init; } = true;

    /// <summary>Variables set inside on top of the command's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public SandboxLimits Limits { get; init; } = SandboxLimits.None;
}
