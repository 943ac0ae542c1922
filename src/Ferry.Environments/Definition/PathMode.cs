namespace Ferry.Environments.Definition;

/// <summary>How an inside path reaches the host (names as ThinApp and Sandboxie use them).</summary>
public enum PathMode
{
    /// <summary>Inside only: the files live in the environment's <c>root/</c>; no host path.</summary>
    Private,
    /// <summary>Reads fall through to the host path; writes go to a private copy (per file), deletions are recorded as whiteouts.</summary>
    CopyOnWrite,
    /// <summary>The host path, readable; any write is refused with UnauthorizedAccessException.</summary>
    ReadOnly,
    /// <summary>The host path, read-write: the app changes the host's files.</summary>
    Merged,
}
