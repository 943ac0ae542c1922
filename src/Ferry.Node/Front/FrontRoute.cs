using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Ferry.Node.Front;

/// <summary>
/// One published port: listens on the host side, spreads new clients across the instances serving it
/// (round robin — one instance normally, more after a scale-out) and moves an instance's connections
/// when the instance moves (pause → drain → switch → resume; docs/migration.md).
/// </summary>
public sealed class FrontRoute : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly bool _preamble;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private readonly List<Backend> _backends = [];
    private readonly ConcurrentDictionary<ulong, FrontConnection> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _acceptLoop = Task.CompletedTask;
    private long _nextId;
    private int _nextBackend;

    /// <param name="preamble">Whether backends are Ferry instances that read the front's preamble.</param>
    public FrontRoute(IPEndPoint publish, bool preamble, ILogger log)
    {
        _listener = new TcpListener(publish);
        _preamble = preamble;
        _log = log;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public void Start()
    {
        try
        {
            _listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new IOException($"cannot publish {_listener.LocalEndpoint}: the address is in use", e);
        }
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Serve new clients from <paramref name="instance"/> at <paramref name="endpoint"/> too.</summary>
    public void AddBackend(string instance, EndPoint endpoint)
    {
        lock (_gate)
        {
            if (_backends.Any(b => b.Instance == instance)) throw new InvalidOperationException($"instance {instance} already serves {LocalEndPoint}");
            _backends.Add(new Backend(instance, endpoint));
        }
    }

    /// <summary>Whether <paramref name="instance"/> is one of this route's backends.</summary>
    public bool Serves(string instance)
    {
        lock (_gate) return _backends.Any(b => b.Instance == instance);
    }

    /// <summary>No new clients for <paramref name="instance"/>; its open connections are left as they are.</summary>
    public void RemoveBackend(string instance)
    {
        lock (_gate) _backends.RemoveAll(b => b.Instance == instance);
    }

    public IReadOnlyList<FrontConnection> ConnectionsOf(string instance) =>
        _connections.Values.Where(c => c.Instance == instance).OrderBy(c => c.Id).ToList();

    /// <summary>
    /// Hold <paramref name="instance"/>'s clients: no byte of theirs reaches it from now on, and new clients
    /// wait. Returns each connection's offsets (the image must have received exactly ToBackend bytes).
    /// </summary>
    public async Task<IReadOnlyList<ConnectionOffsets>> PauseAsync(string instance, CancellationToken cancel)
    {
        var backend = Find(instance);
        await backend.Moving.WaitAsync(cancel);
        var offsets = new List<ConnectionOffsets>();
        try
        {
            foreach (var c in ConnectionsOf(instance)) offsets.Add(await c.PauseAsync(cancel));
        }
        catch
        {
            ResumeConnections(instance, offsets.Select(o => o.ConnectionId));
            backend.Moving.Release();
            throw;
        }
        return offsets;
    }

    /// <summary>Wait until every byte the frozen app sent (its image's counters) has reached its client.</summary>
    public async Task DrainAsync(string instance, IReadOnlyDictionary<ulong, long> fromBackend, TimeSpan timeout, CancellationToken cancel)
    {
        foreach (var c in ConnectionsOf(instance))
            if (fromBackend.TryGetValue(c.Id, out var sent)) await c.DrainAsync(sent, timeout, cancel);
    }

    /// <summary>Move <paramref name="instance"/>'s paused connections and its new clients to <paramref name="endpoint"/>.</summary>
    public async Task SwitchAsync(string instance, EndPoint endpoint, CancellationToken cancel)
    {
        var backend = Find(instance);
        foreach (var c in ConnectionsOf(instance)) await c.SwitchAsync(endpoint, cancel);
        backend.EndPoint = endpoint;
    }

    /// <summary>Let <paramref name="instance"/>'s clients flow again (after a switch, or giving up a move).</summary>
    public void Resume(string instance)
    {
        var backend = Find(instance);
        ResumeConnections(instance, ConnectionsOf(instance).Select(c => c.Id));
        backend.Moving.Release();
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        try { await _acceptLoop; } catch (OperationCanceledException) { }
        foreach (var c in _connections.Values) await c.DisposeAsync();
    }

    private void ResumeConnections(string instance, IEnumerable<ulong> ids)
    {
        foreach (var id in ids)
            if (_connections.TryGetValue(id, out var c) && c.Instance == instance) c.Resume();
    }

    private Backend Find(string instance)
    {
        lock (_gate)
            return _backends.FirstOrDefault(b => b.Instance == instance)
                ?? throw new InvalidOperationException($"instance {instance} does not serve {LocalEndPoint}");
    }

    private Backend? Next()
    {
        lock (_gate)
        {
            if (_backends.Count == 0) return null;
            return _backends[_nextBackend++ % _backends.Count];
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested) return;
                continue;
            }
            client.NoDelay = true;
            _ = Task.Run(() => ConnectAsync(client));
        }
    }

    private async Task ConnectAsync(Socket client)
    {
        var backend = Next();
        if (backend is null)
        {
            // Nothing serves the port (yet): the client sees the connection closed, as with no listener.
            client.Dispose();
            return;
        }
        var id = (ulong)Interlocked.Increment(ref _nextId);
        try
        {
            // A client arriving while its instance moves waits for the move, then goes to where it is.
            await backend.Moving.WaitAsync(_stopping.Token);
            FrontConnection connection;
            try
            {
                connection = await FrontConnection.OpenAsync(id, backend.Instance, client, backend.EndPoint, _preamble, _log, _stopping.Token);
                _connections[id] = connection;
            }
            finally
            {
                backend.Moving.Release();
            }
            await connection.Ended;
            _connections.TryRemove(id, out _);
            await connection.DisposeAsync();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            _log.LogDebug("Front {Port}: client {Id} not served: {Reason}", LocalEndPoint.Port, id, e.Message);
            client.Dispose();
        }
    }

    private sealed class Backend(string instance, EndPoint endpoint)
    {
        public string Instance { get; } = instance;
        public EndPoint EndPoint { get; set; } = endpoint;
        /// <summary>Held while the instance moves: new clients wait for it.</summary>
        public SemaphoreSlim Moving { get; } = new(1, 1);
    }
}
