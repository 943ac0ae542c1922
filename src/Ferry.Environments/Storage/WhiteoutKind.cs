namespace Ferry.Environments.Storage;

/// <summary>How a copy-on-write path hides its host (lower) side, as overlayfs does.</summary>
public enum WhiteoutKind
{
    /// <summary>Deleted inside: the host entry (and all below it) is hidden.</summary>
    Whiteout,
    /// <summary>Deleted and made again inside: only the private copy counts, the host entries below are hidden.</summary>
    Opaque,
}
