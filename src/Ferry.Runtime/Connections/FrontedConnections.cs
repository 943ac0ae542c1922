using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Connections;

/// <summary>
/// The app's fronted connections (docs/migration.md, "The front"): made when an intercepted Accept on a
/// fronted listener reads a new connection's preamble, frozen and thawed around a checkpoint, rebuilt from
/// an image and bound to the front's new legs after a restore.
/// </summary>
public static class FrontedConnections
{
    private static readonly TimeSpan s_preambleTimeout = TimeSpan.FromSeconds(5);
    private static readonly ConcurrentDictionary<ulong, FrontedConnection> s_byId = new();
    private static readonly ConditionalWeakTable<Socket, FrontedConnection> s_byAppSocket = new();

    /// <summary>Connections the app holds that the front serves.</summary>
    public static int Count => s_byId.Count;

    /// <summary>The fronted connection whose app end <paramref name="socket"/> is, if any.</summary>
    internal static FrontedConnection? Of(Socket? socket) => socket is not null && s_byAppSocket.TryGetValue(socket, out var c) ? c : null;

    /// <summary>
    /// A connection accepted on a fronted listener: read its preamble. A new one becomes the app's (its end of
    /// the pair is returned); a known one is bound to its restored socket and handed to nobody (null), as is
    /// anything that is not the front.
    /// </summary>
    internal static TcpClient? Accept(Socket leg)
    {
        FrontPreamble? preamble;
        try
        {
            preamble = ReadPreamble(leg);
        }
        catch (SocketException)
        {
            preamble = null;
        }
        if (preamble is not { } p)
        {
            leg.Dispose();
            return null;
        }
        if (s_byId.TryGetValue(p.ConnectionId, out var known))
        {
            if (!known.TryBind(leg, p)) leg.Dispose();
            return null;
        }
        var (runtime, app) = LoopbackPair.Create();
        var connection = FrontedConnection.Open(p.ConnectionId, leg, runtime, app.Client, Ended);
        Register(connection);
        return app;
    }

    private static FrontPreamble? ReadPreamble(Socket leg)
    {
        var bytes = new byte[FrontPreamble.Size];
        leg.ReceiveTimeout = (int)s_preambleTimeout.TotalMilliseconds;
        var read = 0;
        while (read < bytes.Length)
        {
            var n = leg.Receive(bytes, read, bytes.Length - read, SocketFlags.None);
            if (n == 0) return null;
            read += n;
        }
        leg.ReceiveTimeout = 0;
        return FrontPreamble.TryRead(bytes);
    }

    private static void Register(FrontedConnection connection)
    {
        s_byId[connection.Id] = connection;
        s_byAppSocket.AddOrUpdate(connection.AppSocket, connection);
    }

    private static void Ended(FrontedConnection connection) => s_byId.TryRemove(new KeyValuePair<ulong, FrontedConnection>(connection.Id, connection));

    /// <summary>
    /// At a checkpoint (every app thread parked): freeze every connection at the front's offsets
    /// (<paramref name="toBackend"/> per connection id; one missing: what has arrived). Returns the bytes each
    /// app wrote (the front drains its old leg up to them). On failure every connection runs on.
    /// </summary>
    internal static IReadOnlyDictionary<ulong, long> Freeze(IReadOnlyDictionary<ulong, long>? toBackend, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var fromBackend = new Dictionary<ulong, long>();
        try
        {
            foreach (var connection in s_byId.Values.OrderBy(c => c.Id))
            {
                long? target = toBackend is not null && toBackend.TryGetValue(connection.Id, out var s) ? s : null;
                fromBackend[connection.Id] = connection.Freeze(target, deadline).Sent;
            }
        }
        catch (CaptureFailedException)
        {
            Thaw();
            throw;
        }
        return fromBackend;
    }

    /// <summary>
    /// After a checkpoint that ends this process: wait (up to <paramref name="timeout"/>) until the front has
    /// moved every connection away — closing a leg before the front switches it would end its client's connection.
    /// False when it has not (or <paramref name="giveUp"/> said so first).
    /// </summary>
    public static bool WaitForLegsReleased(TimeSpan timeout, Func<bool> giveUp)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!s_byId.Values.All(c => c.LegReleased))
        {
            if (DateTime.UtcNow > deadline || giveUp()) return false;
            Thread.Sleep(5);
        }
        return true;
    }

    /// <summary>The app runs on in this process: every frozen connection flows again.</summary>
    internal static void Thaw()
    {
        foreach (var connection in s_byId.Values) connection.Thaw();
    }

    /// <summary>
    /// On restore, once the graph is whole: the connection <paramref name="image"/> describes, with the app's new
    /// end <paramref name="app"/> of the pair. It waits for the front's new leg — or, for a clone's restore, its
    /// app reads end-of-stream at once.
    /// </summary>
    internal static void Adopt(ConnectionImage image, byte[] readerBytes, Socket runtime, Socket app)
    {
        if (FrontMode.DetachedConnections || image.Closed)
        {
            FrontedConnection.Detach(runtime);
            return;
        }
        Register(FrontedConnection.Restored(image, readerBytes, runtime, app, Ended));
    }
}
