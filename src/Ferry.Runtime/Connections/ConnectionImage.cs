namespace Ferry.Runtime.Connections;

/// <summary>
/// A fronted connection as an image holds it (one object per connection; every reference to its client,
/// socket, stream, reader and writer points here): the front's connection id, both byte counters at the
/// freeze, and the bytes that had arrived for the app but that it had not read yet.
/// </summary>
public sealed class ConnectionImage
{
    public ulong Id;

    /// <summary>Bytes of the client's stream that reached the app (the front's ToBackend).</summary>
    public long Received;

    /// <summary>Bytes of the app's stream that went to the front (the front's FromBackend).</summary>
    public long Sent;

    /// <summary>Received but not read by the app: served to it first after a restore.</summary>
    public byte[] Unread = [];

    /// <summary>Written by the app while no front leg was bound (a restored connection not switched yet): sent first when one is.</summary>
    public byte[] Unsent = [];

    /// <summary>The connection had ended before the freeze: restored, the app reads end-of-stream.</summary>
    public bool Closed;
}
