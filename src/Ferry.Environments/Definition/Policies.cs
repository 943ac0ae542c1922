namespace Ferry.Environments.Definition;

/// <summary>What the environment denies (the <c>policies</c> table).</summary>
public sealed record Policies
{
    public static readonly Policies None = new();

    /// <summary>Every bind and connect fails with SocketException (AccessDenied).</summary>
    public bool DenyNetwork { get; init; }

    /// <summary>Every Process.Start fails with Win32Exception.</summary>
    public bool DenyProcessStart { get; init; }

    /// <summary>Inside paths (and everything below them) the app may not touch: UnauthorizedAccessException.</summary>
    public IReadOnlyList<string> DenyPaths { get; init; } = [];
}
