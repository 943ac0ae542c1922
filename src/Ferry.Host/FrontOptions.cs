namespace Ferry.Host;

/// <summary>How the host serves the app's connections with respect to the node's front (docs/migration.md, "The front").</summary>
/// <param name="Fronted">Published ports are the front's: the app's listeners on them bind loopback and read its preamble.</param>
/// <param name="DetachedConnections">Restore: connections from the image read end-of-stream (a clone; its clients stay with the source).</param>
internal sealed record FrontOptions(bool Fronted, bool DetachedConnections)
{
    public static FrontOptions None { get; } = new(false, false);
}
