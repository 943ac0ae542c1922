namespace Ferry.Abstractions.Control;

/// <summary>
/// A listener of the app on a published port while its host runs behind the node's front (the
/// <see cref="ControlOps.Listeners"/> answer): the node points the port's front route at <see cref="Endpoint"/>.
/// </summary>
/// <param name="InsidePort">The port the app listens on, as it sees it.</param>
/// <param name="HostPort">The published host port (the front's).</param>
/// <param name="Endpoint">Where the listener really is: a loopback address and ephemeral port, "127.0.0.1:40123".</param>
public sealed record FrontedListener(int InsidePort, int HostPort, string Endpoint);
