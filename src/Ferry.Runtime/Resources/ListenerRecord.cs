namespace Ferry.Runtime.Resources;

/// <summary>A TCP listener or bound socket the app opened: re-bound on restore through the view's port mapping.</summary>
public sealed class ListenerRecord
{
    /// <summary>The port the app asked for (the host's choice when it asked for 0).</summary>
    public int InsidePort;

    /// <summary>The port the host really bound (differs from InsidePort under a port mapping).</summary>
    public int HostPort;

    /// <summary>
    /// Fronted (FrontMode): the published host port the node's front serves for this listener, which binds an
    /// ephemeral loopback port instead and reads the front's preamble on every connection; 0 otherwise.
    /// </summary>
    public int PublishedPort;

    /// <summary>The local address, as text (IPAddress.ToString()).</summary>
    public string Address = "";

    /// <summary>Whether Start/Listen was called, and with which backlog.</summary>
    public bool Listening;

    public int Backlog;
}
