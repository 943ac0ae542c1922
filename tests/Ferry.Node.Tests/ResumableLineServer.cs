using System.Net;
using System.Net.Sockets;
using System.Text;
using Ferry.Node.Front;

namespace Ferry.Node.Tests;

/// <summary>
/// A line-echo server that behaves towards the front as a restored Ferry instance does (docs/migration.md):
/// it reads the preamble, can be frozen, drains each connection to the offset the front reports, and
/// hands its connection state (offsets, unread bytes) to a new server that resumes the connections.
/// Replies "echo LINE" to each line.
/// </summary>
internal sealed class ResumableLineServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<ulong, ConnectionState> _handed;
    private readonly List<Served> _served = [];
    private readonly Lock _gate = new();
    private readonly Thread _acceptor;
    private readonly List<Socket> _backlog = [];
    private bool _frozen;

    public ResumableLineServer(Dictionary<ulong, ConnectionState>? resumed = null)
    {
        _handed = resumed ?? [];
        _listener.Start();
        _acceptor = new Thread(Accept) { IsBackground = true };
        _acceptor.Start();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>What a connection's app side holds: its offsets, bytes received but not yet handled.</summary>
    public sealed record ConnectionState(long Received, long Sent, byte[] Unread);

    /// <summary>Stop handling input (as the barrier stops the app); returns each connection's sent count.</summary>
    public Dictionary<ulong, long> Freeze()
    {
        lock (_gate)
        {
            _frozen = true;
            var sent = new Dictionary<ulong, long>();
            foreach (var s in _served)
                lock (s.Lock)
                {
                    s.Frozen = true;
                    sent[s.Id] = s.Sent;
                }
            return sent;
        }
    }

    /// <summary>Read each connection until it has received what the front says it sent, and export the state.</summary>
    public Dictionary<ulong, ConnectionState> DrainAndExport(IReadOnlyList<ConnectionOffsets> front)
    {
        var states = new Dictionary<ulong, ConnectionState>();
        foreach (var offsets in front)
        {
            Served? s;
            lock (_gate) s = _served.SingleOrDefault(x => x.Id == offsets.ConnectionId);
            if (s is null)
            {
                // Never taken by the app (still in the backlog): the front cannot have sent it anything.
                if (offsets.ToBackend != 0) throw new InvalidDataException($"connection {offsets.ConnectionId} was never accepted but the front sent it {offsets.ToBackend} bytes");
                continue;
            }
            // The serving thread keeps reading while frozen (as the runtime drains a frozen app's sockets).
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                lock (s.Lock)
                {
                    if (s.Received > offsets.ToBackend) throw new InvalidDataException($"connection {s.Id} got bytes past the front's pause");
                    if (s.Received == offsets.ToBackend)
                    {
                        states[s.Id] = new ConnectionState(s.Received, s.Sent, s.Unread.ToArray());
                        break;
                    }
                }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"connection {s.Id} did not receive up to {offsets.ToBackend}");
                Thread.Sleep(1);
            }
        }
        return states;
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_gate)
        {
            foreach (var s in _served) s.Socket.Dispose();
            foreach (var s in _backlog) s.Dispose();
        }
    }

    private void Accept()
    {
        while (true)
        {
            Socket socket;
            try { socket = _listener.AcceptSocket(); }
            catch (SocketException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (InvalidOperationException) { return; } // stopped
            new Thread(() => Serve(socket)) { IsBackground = true }.Start();
        }
    }

    private void Serve(Socket socket)
    {
        var head = new byte[BackendPreamble.Size];
        for (var read = 0; read < head.Length;)
        {
            var n = socket.Receive(head, read, head.Length - read, SocketFlags.None);
            if (n == 0) return;
            read += n;
        }
        var preamble = BackendPreamble.Read(head);
        var served = new Served(preamble.ConnectionId, socket);
        ConnectionState? state;
        lock (_gate) _handed.Remove(preamble.ConnectionId, out state);
        if (state is not null)
        {
            if (state.Received != preamble.ToBackend || state.Sent != preamble.FromBackend)
                throw new InvalidDataException($"connection {preamble.ConnectionId}: front at {preamble}, state at {state}");
            served.Received = state.Received;
            served.Sent = state.Sent;
            served.Unread.Write(state.Unread);
        }
        else if (preamble.ToBackend != 0 || preamble.FromBackend != 0)
        {
            throw new InvalidDataException($"connection {preamble.ConnectionId} resumed here but was never handed over");
        }
        lock (_gate)
        {
            if (_frozen && state is null)
            {
                // A frozen app accepts nothing: the connection stays in its backlog, unanswered.
                _backlog.Add(socket);
                return;
            }
            _served.Add(served);
        }
        socket.Send([BackendPreamble.Ack]);
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                lock (served.Lock)
                    if (!served.Frozen) HandleLines(served);
                var n = socket.Receive(chunk);
                if (n == 0)
                {
                    // The client is done: answer its last lines, then end our side as an app would.
                    lock (served.Lock)
                        if (!served.Frozen)
                        {
                            HandleLines(served);
                            socket.Shutdown(SocketShutdown.Send);
                        }
                    return;
                }
                lock (served.Lock)
                {
                    // Bytes arriving after the freeze are kept unread: they belong to the image.
                    served.Unread.Write(chunk, 0, n);
                    served.Received += n;
                }
            }
        }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }

    private static void HandleLines(Served s)
    {
        var bytes = s.Unread.ToArray();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            var reply = Encoding.ASCII.GetBytes("echo " + Encoding.ASCII.GetString(bytes, start, i - start) + "\n");
            s.Socket.Send(reply);
            s.Sent += reply.Length;
            start = i + 1;
        }
        s.Unread.SetLength(0);
        s.Unread.Write(bytes, start, bytes.Length - start);
    }

    private sealed class Served(ulong id, Socket socket)
    {
        public ulong Id { get; } = id;
        public Socket Socket { get; } = socket;
        public Lock Lock { get; } = new();
        public MemoryStream Unread { get; } = new();
        public long Received { get; set; }
        public long Sent { get; set; }
        public bool Frozen { get; set; }
    }
}
