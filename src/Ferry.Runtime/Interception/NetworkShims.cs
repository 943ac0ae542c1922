using System.Net;
using System.Net.Sockets;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Connections;
using Ferry.Runtime.Resources;
using Ferry.Runtime.Threading;

namespace Ferry.Runtime.Interception;

/// <summary>
/// Sockets in app code: binds go through the view's port mapping (a published port's host side),
/// connects through its policy (deny-network is the SocketException .NET throws for a refused
/// permission), and listeners are recorded so an image can re-bind them. A loopback connect to one of
/// the app's own listeners goes to the host port that listener really has. Waiting for a connection
/// (Accept*) and for a line from a network stream (ReadLine) are safe points: a thread blocked there
/// parks at a checkpoint instead of holding it up. Behind the node's front (<see cref="FrontMode"/>), a
/// listener on a published port binds an ephemeral port (on the node's address) and its Accept reads the front's preamble
/// (<see cref="FrontedConnections"/>): new connections reach the app, resumed ones are bound under it.
/// </summary>
public static class NetworkShims
{
    /// <summary>How long one kernel poll lasts before the shim looks at the barrier again.</summary>
    private const int PollMicroseconds = 10_000;

    public static string GetHostName() => HostPaths.View.MachineName;

    private static int BindPort(int appPort) => HostPaths.View.MapBindPort(appPort);

    /// <summary>Fronted mode: the published host port of <paramref name="appPort"/> (the front serves it), else null.</summary>
    private static int? FrontedPort(int appPort) => FrontMode.Enabled ? HostPaths.View.PublishedPort(appPort) : null;

    /// <summary>Where a listener on <paramref name="appPort"/> binds: when fronted, an ephemeral port on the front's bind address.</summary>
    private static IPEndPoint BindEndPoint(IPAddress address, int appPort, out int publishedPort)
    {
        publishedPort = FrontedPort(appPort) ?? 0;
        return publishedPort != 0 ? new IPEndPoint(FrontMode.BindAddress, 0) : new IPEndPoint(address, BindPort(appPort));
    }

    /// <summary>The app's fronted listeners: inside port, published host port, the loopback port it really has.</summary>
    public static IReadOnlyList<(int InsidePort, int PublishedPort, int LoopbackPort)> FrontedListeners() =>
        ResourceTable.Listeners().Where(l => l is { Listening: true, PublishedPort: not 0, HostPort: not 0 })
            .Select(l => (l.InsidePort, l.PublishedPort, l.HostPort)).OrderBy(l => l.InsidePort).ToList();

    /// <summary>Check an outgoing connection, and map a loopback one to an app listener's host port.</summary>
    private static int ConnectPort(string host, IPAddress? address, int port)
    {
        HostPaths.View.CheckConnect(host, port);
        var loopback = address is not null ? IPAddress.IsLoopback(address) : string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);
        if (!loopback) return port;
        // A fronted listener is reached through the front (its own port expects the front's preamble).
        foreach (var listener in ResourceTable.Listeners())
            if (listener.InsidePort == port && listener.HostPort != 0) return listener.PublishedPort != 0 ? listener.PublishedPort : listener.HostPort;
        return port;
    }

    private static EndPoint MapConnect(EndPoint remote) => remote switch
    {
        IPEndPoint ip => new IPEndPoint(ip.Address, ConnectPort(ip.Address.ToString(), ip.Address, ip.Port)),
        DnsEndPoint dns => new DnsEndPoint(dns.Host, ConnectPort(dns.Host, IPAddress.TryParse(dns.Host, out var a) ? a : null, dns.Port), dns.AddressFamily),
        _ => remote,
    };

    private static void NoteBound(ListenerRecord record, IPAddress address, int insidePort, EndPoint? local)
    {
        record.Address = address.ToString();
        var hostPort = (local as IPEndPoint)?.Port ?? 0;
        record.HostPort = hostPort;
        // Port 0: the inside port is the one the host chose (the app reads it back and may hand it out).
        record.InsidePort = insidePort != 0 ? insidePort : hostPort;
    }

    // Socket
    public static void Bind(Socket socket, EndPoint localEP)
    {
        ArgumentNullException.ThrowIfNull(localEP);
        if (localEP is not IPEndPoint ip)
        {
            socket.Bind(localEP);
            return;
        }
        socket.Bind(BindEndPoint(ip.Address, ip.Port, out var published));
        var record = ResourceTable.Socket(socket);
        record.PublishedPort = published;
        NoteBound(record, ip.Address, ip.Port, socket.LocalEndPoint);
    }

    public static void Listen(Socket socket) => Listen(socket, int.MaxValue);

    public static void Listen(Socket socket, int backlog)
    {
        socket.Listen(backlog);
        if (ResourceTable.FindSocket(socket) is { } record)
        {
            record.Listening = true;
            record.Backlog = backlog;
        }
    }

    public static EndPoint? LocalEndPoint(Socket socket)
    {
        var local = socket.LocalEndPoint;
        return local is IPEndPoint ip && ResourceTable.FindSocket(socket) is { } record ? new IPEndPoint(ip.Address, record.InsidePort) : local;
    }

    public static void Connect(Socket socket, EndPoint remoteEP)
    {
        ArgumentNullException.ThrowIfNull(remoteEP);
        socket.Connect(MapConnect(remoteEP));
    }

    public static void Connect(Socket socket, IPAddress address, int port) =>
        socket.Connect(address, ConnectPort(address.ToString(), address, port));

    public static void Connect(Socket socket, string host, int port) =>
        socket.Connect(host, ConnectPort(host, IPAddress.TryParse(host, out var a) ? a : null, port));

    [Capturable]
    public static Socket Accept(Socket socket)
    {
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
            socket = (Socket)FrameStack.Pop(nameof(Accept)).Slots[0]!;
        while (true)
        {
            if (!WaitForSocket(socket))
            {
                FrameStack.Push(Frame.Create(nameof(Accept), 0, 1).Set(0, socket));
                return null!;
            }
            if (ResourceTable.FindSocket(socket) is not { PublishedPort: not 0 }) return socket.Accept();
            if (FrontedConnections.Accept(socket.Accept()) is { } client) return client.Client;
        }
    }

    // TcpListener
    public static TcpListener NewTcpListener(int port) => NewTcpListener(IPAddress.Any, port);

    public static TcpListener NewTcpListener(IPEndPoint localEP)
    {
        ArgumentNullException.ThrowIfNull(localEP);
        return NewTcpListener(localEP.Address, localEP.Port);
    }

    public static TcpListener NewTcpListener(IPAddress localaddr, int port)
    {
        ArgumentNullException.ThrowIfNull(localaddr);
        var listener = new TcpListener(BindEndPoint(localaddr, port, out var published));
        var record = ResourceTable.Listener(listener);
        record.Address = localaddr.ToString();
        record.InsidePort = port;
        record.PublishedPort = published;
        return listener;
    }

    public static TcpListener CreateTcpListener(int port)
    {
        if (FrontedPort(port) is not null) return NewTcpListener(IPAddress.Any, port);
        var listener = TcpListener.Create(BindPort(port));
        var record = ResourceTable.Listener(listener);
        record.Address = ((IPEndPoint)listener.LocalEndpoint).Address.ToString();
        record.InsidePort = port;
        return listener;
    }

    public static void Start(TcpListener listener) => Start(listener, (int)SocketOptionName.MaxConnections);

    public static void Start(TcpListener listener, int backlog)
    {
        listener.Start(backlog);
        if (ResourceTable.FindListener(listener) is { } record)
        {
            NoteBound(record, IPAddress.Parse(record.Address), record.InsidePort, listener.LocalEndpoint);
            record.Listening = true;
            record.Backlog = backlog;
        }
    }

    public static void Stop(TcpListener listener)
    {
        listener.Stop();
        if (ResourceTable.FindListener(listener) is { } record) record.Listening = false;
    }

    public static EndPoint LocalEndpoint(TcpListener listener)
    {
        var local = listener.LocalEndpoint;
        return local is IPEndPoint ip && ResourceTable.FindListener(listener) is { InsidePort: not 0 } record
            ? new IPEndPoint(ip.Address, record.InsidePort)
            : local;
    }

    [Capturable]
    public static TcpClient AcceptTcpClient(TcpListener listener)
    {
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
            listener = (TcpListener)FrameStack.Pop(nameof(AcceptTcpClient)).Slots[0]!;
        while (true)
        {
            if (!WaitForSocket(listener.Server))
            {
                FrameStack.Push(Frame.Create(nameof(AcceptTcpClient), 0, 1).Set(0, listener));
                return null!;
            }
            if (!IsFronted(listener)) return listener.AcceptTcpClient();
            if (FrontedConnections.Accept(listener.Server.Accept()) is { } client) return client;
        }
    }

    [Capturable]
    public static Socket AcceptSocket(TcpListener listener)
    {
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
            listener = (TcpListener)FrameStack.Pop(nameof(AcceptSocket)).Slots[0]!;
        while (true)
        {
            if (!WaitForSocket(listener.Server))
            {
                FrameStack.Push(Frame.Create(nameof(AcceptSocket), 0, 1).Set(0, listener));
                return null!;
            }
            if (!IsFronted(listener)) return listener.AcceptSocket();
            if (FrontedConnections.Accept(listener.Server.Accept()) is { } client) return client.Client;
        }
    }

    private static bool IsFronted(TcpListener listener) => ResourceTable.FindListener(listener) is { PublishedPort: not 0 };

    // TcpClient
    public static TcpClient NewTcpClient(IPEndPoint localEP)
    {
        ArgumentNullException.ThrowIfNull(localEP);
        return new TcpClient(new IPEndPoint(localEP.Address, BindPort(localEP.Port)));
    }

    public static TcpClient NewTcpClient(string hostname, int port)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        return new TcpClient(hostname, ConnectPort(hostname, IPAddress.TryParse(hostname, out var a) ? a : null, port));
    }

    public static void Connect(TcpClient client, string hostname, int port) =>
        client.Connect(hostname, ConnectPort(hostname, IPAddress.TryParse(hostname, out var a) ? a : null, port));

    public static void Connect(TcpClient client, IPAddress address, int port) =>
        client.Connect(address, ConnectPort(address.ToString(), address, port));

    public static void Connect(TcpClient client, IPEndPoint remoteEP)
    {
        ArgumentNullException.ThrowIfNull(remoteEP);
        client.Connect((IPEndPoint)MapConnect(remoteEP));
    }

    // UdpClient
    public static UdpClient NewUdpClient(int port) => new(BindPort(port));

    public static UdpClient NewUdpClient(int port, AddressFamily family) => new(BindPort(port), family);

    public static UdpClient NewUdpClient(IPEndPoint localEP)
    {
        ArgumentNullException.ThrowIfNull(localEP);
        return new UdpClient(new IPEndPoint(localEP.Address, BindPort(localEP.Port)));
    }

    public static UdpClient NewUdpClient(string hostname, int port)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        return new UdpClient(hostname, ConnectPort(hostname, IPAddress.TryParse(hostname, out var a) ? a : null, port));
    }

    public static void Connect(UdpClient client, string hostname, int port) =>
        client.Connect(hostname, ConnectPort(hostname, IPAddress.TryParse(hostname, out var a) ? a : null, port));

    public static void Connect(UdpClient client, IPAddress addr, int port) =>
        client.Connect(addr, ConnectPort(addr.ToString(), addr, port));

    public static void Connect(UdpClient client, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        client.Connect((IPEndPoint)MapConnect(endPoint));
    }

    /// <summary>
    /// TextReader.ReadLine: a reader over a network stream waits for data here (a safe point) before the
    /// framework reads the line, so a thread waiting for its peer does not hold up a checkpoint.
    /// </summary>
    [Capturable]
    public static string? ReadLine(TextReader reader)
    {
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
            reader = (TextReader)FrameStack.Pop(nameof(ReadLine)).Slots[0]!;
        if (reader is StreamReader { BaseStream: NetworkStream network } streamReader && !StreamReaderState.HasBufferedChars(streamReader)
            && !WaitForSocket(network.Socket))
        {
            FrameStack.Push(Frame.Create(nameof(ReadLine), 0, 1).Set(0, reader));
            return null;
        }
        return reader.ReadLine();
    }

    /// <summary>StreamReader.ReadLine where the compiler names the override: as <see cref="ReadLine(TextReader)"/>.</summary>
    [Capturable]
    public static string? ReadLine(StreamReader reader) => ReadLine((TextReader)reader);

    /// <summary>
    /// Wait until the socket is readable (data, a connection to accept, or the end), watching the barrier
    /// between short kernel polls. False: a checkpoint is unwinding this thread.
    /// </summary>
    internal static bool WaitForSocket(Socket socket)
    {
        var self = FrameStack.Current;
        if (self is null) return true;
        var wait = new BlockingWait(self.Sync);
        while (true)
        {
            try
            {
                if (socket.Poll(PollMicroseconds, SelectMode.SelectRead)) return true;
            }
            catch (ObjectDisposedException)
            {
                return true; // the framework call reports it
            }
            if (wait.Block(self, 0, static () => false) == BlockOutcome.Capturing) return false;
        }
    }
}
