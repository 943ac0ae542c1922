namespace Ferry.Environments.Definition;

/// <summary>What kind of resource an exception lets through to the host unmapped.</summary>
public enum PassThroughKind
{
    /// <summary>A host path the app sees at the same path, read-write.</summary>
    Path,
    /// <summary>A host environment variable the app sees with the host's value.</summary>
    Variable,
}
