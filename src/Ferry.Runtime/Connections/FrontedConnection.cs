using System.Net.Sockets;
using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Connections;

/// <summary>
/// One client connection that reaches the app through the node's front. The app holds one end of a
/// loopback pair (<see cref="LoopbackPair"/>); the runtime relays the other end to the front's leg and
/// counts both directions, so at a checkpoint it can stop the client's stream at exactly the byte the
/// front paused at, keep what the app has not read, and — after a restore — bind a new leg to the same
/// app socket at the same offsets. The client→app direction writes only while holding <c>_toApp</c>,
/// which a freeze takes; the app→client direction forwards only under <c>_toClient</c>.
/// </summary>
internal sealed class FrontedConnection
{
    private const int BufferSize = 64 * 1024;

    private readonly Socket _runtime;
    private readonly Socket _app;
    private readonly SemaphoreSlim _toApp = new(1, 1);
    private readonly Lock _toClient = new();
    private readonly ManualResetEventSlim _legBound = new(false);
    private readonly Action<FrontedConnection> _ended;
    private Socket? _leg;
    private ConnectionImage? _closedImage;
    private byte[] _toAppFirst;
    private byte[] _toClientFirst;
    private long _received;
    private long _sent;
    private int _directionsOpen = 2;
    private int _closed;
    private volatile bool _legEnded;

    private FrontedConnection(ulong id, Socket runtime, Socket app, long received, long sent, byte[] toAppFirst, byte[] toClientFirst, Action<FrontedConnection> ended)
    {
        Id = id;
        _runtime = runtime;
        _app = app;
        _received = received;
        _sent = sent;
        _toAppFirst = toAppFirst;
        _toClientFirst = toClientFirst;
        _ended = ended;
    }

    public ulong Id { get; }

    /// <summary>The app's end: its socket identifies the connection in the app's objects.</summary>
    public Socket AppSocket => _app;

    public long Received => Interlocked.Read(ref _received);

    /// <summary>The front has let go of this connection's leg here (closed it after a switch), or there is none.</summary>
    public bool LegReleased => _legEnded || _leg is null || Volatile.Read(ref _closed) != 0;

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>The image of this connection while the app is frozen (null otherwise).</summary>
    public ConnectionImage? Frozen { get; private set; }

    /// <summary>
    /// What an image holds of this connection: its frozen state, or — the connection had ended before the
    /// freeze while the app still holds its objects — a closed one (the restored app reads end-of-stream).
    /// </summary>
    public ConnectionImage ImageForCapture() => Frozen ?? (_closedImage ??= new ConnectionImage { Id = Id, Received = Received, Sent = Sent, Closed = true });

    /// <summary>A new connection on <paramref name="leg"/>: relayed from now on.</summary>
    public static FrontedConnection Open(ulong id, Socket leg, Socket runtime, Socket app, Action<FrontedConnection> ended)
    {
        var connection = new FrontedConnection(id, runtime, app, 0, 0, [], [], ended);
        connection.StartPumps();
        connection.BindLeg(leg);
        return connection;
    }

    /// <summary>
    /// A connection from an image: the app's unread bytes (<paramref name="readerBytes"/> a restored reader had
    /// buffered, then the socket's) are served at once; the client's stream waits for the front's new leg.
    /// </summary>
    public static FrontedConnection Restored(ConnectionImage image, byte[] readerBytes, Socket runtime, Socket app, Action<FrontedConnection> ended)
    {
        var connection = new FrontedConnection(image.Id, runtime, app, image.Received, image.Sent, [.. readerBytes, .. image.Unread], image.Unsent, ended);
        connection.StartPumps();
        return connection;
    }

    /// <summary>A connection from an image whose client stays elsewhere (a clone): the app reads end-of-stream.</summary>
    public static void Detach(Socket runtime) => runtime.Dispose();

    /// <summary>Take <paramref name="leg"/> (its preamble read) as this connection's: false when the offsets do not match.</summary>
    public bool TryBind(Socket leg, FrontPreamble preamble)
    {
        if (_leg is not null || preamble.ToBackend != Received || preamble.FromBackend != Sent) return false;
        BindLeg(leg);
        return true;
    }

    private void BindLeg(Socket leg)
    {
        leg.NoDelay = true;
        // The front forwards nothing before the ack: the app side holds the connection now.
        leg.Send([FrontPreamble.Ack]);
        _leg = leg;
        _legBound.Set();
    }

    private void StartPumps()
    {
        new Thread(PumpToApp) { IsBackground = true, Name = $"ferry-front-{Id}-in" }.Start();
        new Thread(PumpToClient) { IsBackground = true, Name = $"ferry-front-{Id}-out" }.Start();
    }

    /// <summary>
    /// The checkpoint's step for this connection (the app is frozen): wait until exactly <paramref name="toBackend"/>
    /// bytes of the client's have arrived (null: what has arrived so far), take back what the app has not read,
    /// and wait until everything the app wrote has gone to the front. Holds the client→app direction until <see cref="Thaw"/>.
    /// </summary>
    public ConnectionImage Freeze(long? toBackend, DateTime deadline)
    {
        var target = toBackend ?? Received;
        while (Received < target && Volatile.Read(ref _closed) == 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new CaptureFailedException($"front connection {Id}: {target - Received} bytes the front sent did not arrive in time");
            Thread.Sleep(1);
        }
        if (Received != target)
            throw new CaptureFailedException($"front connection {Id}: the app received {Received} bytes, the front says it sent {target}");
        if (!_toApp.Wait(Remaining(deadline)))
            throw new CaptureFailedException($"front connection {Id}: its relay did not stop in time");
        try
        {
            // Everything the relay wrote must be in the app's receive queue before it is taken out.
            WaitUntil(() => SocketQueues.Unacknowledged(_runtime) <= 0, _app, deadline, "bytes for the app");
            var unread = ReadAvailable(_app);
            WaitUntil(() =>
            {
                lock (_toClient) return SocketQueues.Unacknowledged(_app) <= 0 && (_leg is null || _runtime.Available == 0);
            }, _runtime, deadline, "bytes the app wrote");
            byte[] unsent;
            lock (_toClient) unsent = _leg is null ? [.. _toClientFirst, .. ReadAvailable(_runtime)] : [];
            if (_leg is null) _toClientFirst = unsent;
            Frozen = new ConnectionImage { Id = Id, Received = Received, Sent = Sent, Unread = unread, Unsent = unsent };
            return Frozen;
        }
        catch
        {
            _toApp.Release();
            throw;
        }
    }

    /// <summary>The app runs on here (checkpoint-and-continue, or a failed one): its unread bytes go back first.</summary>
    public void Thaw()
    {
        if (Frozen is not { } frozen) return;
        Frozen = null;
        try
        {
            if (frozen.Unread.Length > 0) _runtime.Send(frozen.Unread);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Close();
        }
        finally
        {
            _toApp.Release();
        }
    }

    private void WaitUntil(Func<bool> done, Socket acknowledging, DateTime deadline, string what)
    {
        while (!done())
        {
            if (Volatile.Read(ref _closed) != 0) return;
            if (DateTime.UtcNow > deadline) throw new CaptureFailedException($"front connection {Id}: {what} still in flight at the deadline");
            SocketQueues.AcknowledgeNow(acknowledging);
            Thread.Sleep(1);
        }
    }

    private static byte[] ReadAvailable(Socket socket)
    {
        var result = new MemoryStream();
        var buffer = new byte[BufferSize];
        try
        {
            int available;
            while ((available = socket.Available) > 0)
                result.Write(buffer, 0, socket.Receive(buffer, 0, Math.Min(available, buffer.Length), SocketFlags.None));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        return result.ToArray();
    }

    private static TimeSpan Remaining(DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private void PumpToApp()
    {
        var buffer = new byte[BufferSize];
        try
        {
            _toApp.Wait();
            try
            {
                if (_toAppFirst.Length > 0) _runtime.Send(_toAppFirst);
                _toAppFirst = [];
            }
            finally
            {
                _toApp.Release();
            }
            _legBound.Wait();
            if (_leg is not { } leg) return;
            while (true)
            {
                var n = leg.Receive(buffer);
                if (n == 0) _legEnded = true;
                _toApp.Wait();
                try
                {
                    if (n == 0)
                    {
                        _runtime.Shutdown(SocketShutdown.Send);
                        break;
                    }
                    _runtime.Send(buffer, 0, n, SocketFlags.None);
                    Interlocked.Add(ref _received, n);
                }
                finally
                {
                    _toApp.Release();
                }
            }
            DirectionEnded();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _legEnded = true;
            Close();
        }
    }

    private void PumpToClient()
    {
        var buffer = new byte[BufferSize];
        try
        {
            _legBound.Wait();
            if (_leg is not { } leg) return;
            lock (_toClient)
            {
                if (_toClientFirst.Length > 0) leg.Send(_toClientFirst);
                Interlocked.Add(ref _sent, _toClientFirst.Length);
                _toClientFirst = [];
            }
            while (true)
            {
                // Wait outside the lock; take the bytes and forward them under it, so a freeze sees none half-way.
                _runtime.Poll(-1, SelectMode.SelectRead);
                lock (_toClient)
                {
                    var n = _runtime.Receive(buffer);
                    if (n == 0)
                    {
                        leg.Shutdown(SocketShutdown.Send);
                        break;
                    }
                    leg.Send(buffer, 0, n, SocketFlags.None);
                    Interlocked.Add(ref _sent, n);
                }
            }
            DirectionEnded();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Close();
        }
    }

    private void DirectionEnded()
    {
        if (Interlocked.Decrement(ref _directionsOpen) == 0) Close();
    }

    /// <summary>Both directions over (or one failed): the relay's sockets go; the app's end is the app's.</summary>
    private void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _leg?.Dispose();
        _runtime.Dispose();
        _legBound.Set();
        _ended(this);
    }
}
