using System.Net;

namespace Ferry.Host;

/// <summary>How the host serves the app's connections with respect to the node's front (docs/migration.md, "The front").</summary>
/// <param name="Fronted">Published ports are the front's: the app's listeners on them bind loopback and read its preamble.</param>
/// <param name="DetachedConnections">Restore: connections from the image read end-of-stream (a clone; its clients stay with the source).</param>
/// <param name="BindAddress">Where fronted listeners bind (<c>--front-bind</c>): the node's address; loopback when not given.</param>
internal sealed record FrontOptions(bool Fronted, bool DetachedConnections, IPAddress? BindAddress = null)
{
    public static FrontOptions None { get; } = new(false, false);
}
