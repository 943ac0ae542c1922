using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Ferry.Node.Front;

/// <summary>
/// One client connection through the front: the client's socket, the current backend leg, and the byte
/// counters that let the connection move with its instance (docs/migration.md, "The front"). Two pumps
/// copy bytes; the client→backend one writes only while it holds <c>_toBackendGate</c>, which a pause
/// takes and keeps — so after <see cref="PauseAsync"/> no byte of the client's reaches the backend, and
/// the reported <see cref="ConnectionOffsets.ToBackend"/> is exact.
/// </summary>
public sealed class FrontConnection : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;
    private static readonly TimeSpan s_resumeTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _client;
    private readonly bool _preamble;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _toBackendGate = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private BackendLeg _leg;
    private long _toBackend;
    private long _fromBackend;
    private bool _paused;
    private bool _clientDone;
    private int _directionsOpen = 2;
    private Task _clientPump = Task.CompletedTask;

    private FrontConnection(ulong id, string instance, Socket client, BackendLeg leg, bool preamble, ILogger log)
    {
        Id = id;
        Instance = instance;
        _client = client;
        _leg = leg;
        _preamble = preamble;
        _log = log;
    }

    public ulong Id { get; }

    /// <summary>The instance this connection is served by.</summary>
    public string Instance { get; }

    /// <summary>Completes when both directions have ended (or the connection failed).</summary>
    public Task Ended => _ended.Task;

    public ConnectionOffsets Offsets => new(Id, Interlocked.Read(ref _toBackend), Interlocked.Read(ref _fromBackend));

    internal static async Task<FrontConnection> OpenAsync(ulong id, string instance, Socket client, EndPoint backend, bool preamble, ILogger log, CancellationToken cancel)
    {
        var leg = await ConnectLegAsync(backend, preamble ? new BackendPreamble(id, 0, 0) : null, cancel);
        if (!preamble) leg.MarkAccepted();
        var connection = new FrontConnection(id, instance, client, leg, preamble, log);
        connection._clientPump = Task.Run(connection.ClientToBackendAsync);
        _ = Task.Run(() => connection.BackendToClientAsync(leg));
        return connection;
    }

    /// <summary>Stop forwarding the client's bytes (they wait); returns how far each direction has come.</summary>
    public async Task<ConnectionOffsets> PauseAsync(CancellationToken cancel)
    {
        await _toBackendGate.WaitAsync(cancel);
        _paused = true;
        return Offsets;
    }

    /// <summary>Forward the client's bytes again (after a switch, or to give up a move before it).</summary>
    public void Resume()
    {
        if (!_paused) throw new InvalidOperationException($"front connection {Id} is not paused");
        _paused = false;
        _toBackendGate.Release();
    }

    /// <summary>Wait until the app's bytes up to <paramref name="fromBackend"/> have reached the client.</summary>
    public async Task DrainAsync(long fromBackend, TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Interlocked.Read(ref _fromBackend) < fromBackend)
        {
            if (_ended.Task.IsCompleted) throw new IOException($"front connection {Id} ended before the app's last {fromBackend - _fromBackend} bytes reached the client");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"front connection {Id}: {fromBackend - _fromBackend} bytes of the app's did not arrive within {timeout.TotalSeconds:0.#} s");
            await Task.Delay(1, cancel);
        }
        if (Interlocked.Read(ref _fromBackend) > fromBackend)
            throw new InvalidDataException($"front connection {Id}: the app sent {_fromBackend} bytes, its image says {fromBackend}");
    }

    /// <summary>
    /// Move the connection to <paramref name="backend"/> (paused connections only): a new leg carrying the
    /// preamble with both offsets, then the old leg is closed. Resume afterwards.
    /// </summary>
    public async Task SwitchAsync(EndPoint backend, CancellationToken cancel)
    {
        if (!_paused) throw new InvalidOperationException($"front connection {Id} must be paused to switch");
        var offsets = Offsets;
        var leg = await ConnectLegAsync(backend, _preamble ? new BackendPreamble(Id, offsets.ToBackend, offsets.FromBackend) : null, cancel);
        if (!_preamble) leg.MarkAccepted();
        var old = _leg;
        var resumes = old.Accepted.IsCompleted;
        old.Retire();
        _leg = leg;
        if (_clientDone) leg.Socket.Shutdown(SocketShutdown.Send);
        _ = Task.Run(() => BackendToClientAsync(leg));
        old.Dispose();
        // A connection the app held must be bound to its restored socket before the app runs on: the
        // switch is done when the instance has taken it. (One still in the old backlog is simply new.)
        if (resumes)
        {
            try
            {
                await leg.Accepted.WaitAsync(s_resumeTimeout, cancel);
            }
            catch (TimeoutException)
            {
                throw new IOException($"front connection {Id}: the instance at {backend} did not take it back within {s_resumeTimeout.TotalSeconds:0} s");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closing.Cancel();
        _client.Dispose();
        _leg.Dispose();
        try { await _clientPump; } catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        _ended.TrySetResult();
    }

    private static async Task<BackendLeg> ConnectLegAsync(EndPoint backend, BackendPreamble? preamble, CancellationToken cancel)
    {
        var socket = new Socket(backend.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(backend, cancel);
            if (preamble is { } p)
            {
                var bytes = new byte[BackendPreamble.Size];
                p.Write(bytes);
                await socket.SendAsync(bytes, SocketFlags.None, cancel);
            }
            return new BackendLeg(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task ClientToBackendAsync()
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var n = await _client.ReceiveAsync(buffer, SocketFlags.None, _closing.Token);
                var leg = await AcceptedLegAsync();
                try
                {
                    if (n == 0)
                    {
                        _clientDone = true;
                        leg.Socket.Shutdown(SocketShutdown.Send);
                        break;
                    }
                    await leg.Socket.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _closing.Token);
                    Interlocked.Add(ref _toBackend, n);
                }
                finally
                {
                    _toBackendGate.Release();
                }
            }
            DirectionEnded();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Fail("client → backend", e);
        }
    }

    /// <summary>Take the gate with a leg the instance has accepted (not holding the gate while waiting, so a pause can come).</summary>
    private async Task<BackendLeg> AcceptedLegAsync()
    {
        while (true)
        {
            await _toBackendGate.WaitAsync(_closing.Token);
            var leg = _leg;
            if (leg.Accepted.IsCompleted && !leg.Retired) return leg;
            _toBackendGate.Release();
            await leg.Accepted.WaitAsync(_closing.Token);
        }
    }

    private async Task BackendToClientAsync(BackendLeg leg)
    {
        var buffer = new byte[BufferSize];
        try
        {
            if (_preamble)
            {
                var ack = await leg.Socket.ReceiveAsync(buffer.AsMemory(0, 1), SocketFlags.None, leg.Stopping);
                if (leg.Retired) return;
                if (ack == 0)
                {
                    // Closed before taking the connection: as if the app had accepted and closed it.
                    _client.Shutdown(SocketShutdown.Send);
                    DirectionEnded();
                    return;
                }
                if (buffer[0] != BackendPreamble.Ack) throw new InvalidDataException($"front connection {Id}: the instance answered the preamble with {buffer[0]:x2}");
                leg.MarkAccepted();
            }
            while (true)
            {
                var n = await leg.Socket.ReceiveAsync(buffer, SocketFlags.None, leg.Stopping);
                if (leg.Retired) return;
                if (n == 0)
                {
                    _client.Shutdown(SocketShutdown.Send);
                    break;
                }
                await _client.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _closing.Token);
                Interlocked.Add(ref _fromBackend, n);
            }
            DirectionEnded();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidDataException)
        {
            // The source going away after the connection moved on is expected.
            if (!leg.Retired) Fail("backend → client", e);
        }
    }

    private void DirectionEnded()
    {
        if (Interlocked.Decrement(ref _directionsOpen) == 0) _ended.TrySetResult();
    }

    private void Fail(string direction, Exception e)
    {
        if (_closing.IsCancellationRequested) return;
        _log.LogDebug("Front connection {Id} ({Direction}) ended: {Reason}", Id, direction, e.Message);
        _closing.Cancel();
        _client.Dispose();
        _leg.Dispose();
        _ended.TrySetResult();
    }
}
