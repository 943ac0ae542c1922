using System.Net;

namespace Ferry.Runtime.Connections;

/// <summary>
/// How the host runs the app with respect to the node's front (docs/migration.md, "The front"): fronted,
/// a listener on a published port binds an ephemeral port on <see cref="BindAddress"/> (the front owns the published one)
/// and every connection on it starts with the front's preamble. Set by the host before any app code runs.
/// </summary>
public static class FrontMode
{
    /// <summary>Listeners on published ports are served through the node's front.</summary>
    public static bool Enabled { get; set; }

    /// <summary>
    /// On restore, connections from the image read end-of-stream instead of waiting for the front: a clone's
    /// clients stay with the instance it was cloned from.
    /// </summary>
    public static bool DetachedConnections { get; set; }

    /// <summary>
    /// The address fronted listeners bind (an ephemeral port): loopback for a node on loopback, the node's own
    /// address otherwise, so that the front of a node on another host can open its legs to them.
    /// </summary>
    public static IPAddress BindAddress { get; set; } = IPAddress.Loopback;
}
