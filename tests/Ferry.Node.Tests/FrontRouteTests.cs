using System.Net;
using System.Net.Sockets;
using System.Text;
using Ferry.Node.Front;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Node.Tests;

/// <summary>The front over real loopback sockets: forwarding, spreading clients, and moving connections.</summary>
public sealed class FrontRouteTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private static FrontRoute StartRoute(bool preamble)
    {
        var route = new FrontRoute(new IPEndPoint(IPAddress.Loopback, 0), preamble, NullLogger.Instance);
        route.Start();
        return route;
    }

    private static StreamReader Connect(FrontRoute route, out Socket socket)
    {
        socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(route.LocalEndPoint);
        socket.ReceiveTimeout = (int)s_timeout.TotalMilliseconds;
        return new StreamReader(new NetworkStream(socket), Encoding.ASCII);
    }

    private static void SendLine(Socket socket, string line) => socket.Send(Encoding.ASCII.GetBytes(line + "\n"));

    [Fact]
    public async Task ForwardsBothWaysToAPlainBackend()
    {
        using var backend = new LineEchoServer();
        await using var route = StartRoute(preamble: false);
        route.AddBackend("i1", backend.EndPoint);
        using var reader = Connect(route, out var socket);
        using (socket)
        {
            for (var i = 0; i < 50; i++)
            {
                SendLine(socket, $"line {i}");
                Assert.Equal($"echo line {i}", reader.ReadLine());
            }
        }
    }

    [Fact]
    public async Task SpreadsNewClientsAcrossTheInstancesServingThePort()
    {
        using var one = new LineEchoServer("one");
        using var two = new LineEchoServer("two");
        await using var route = StartRoute(preamble: false);
        route.AddBackend("i1", one.EndPoint);
        route.AddBackend("i2", two.EndPoint);
        var answeredBy = new List<string>();
        var sockets = new List<Socket>();
        for (var i = 0; i < 4; i++)
        {
            var reader = Connect(route, out var socket);
            sockets.Add(socket);
            SendLine(socket, "hi");
            answeredBy.Add(reader.ReadLine()!);
        }
        foreach (var s in sockets) s.Dispose();
        Assert.Equal(["one: echo hi", "two: echo hi", "one: echo hi", "two: echo hi"], answeredBy);
    }

    [Fact]
    public async Task AClientKeepsItsConnectionWhileTheInstanceMovesTwentyTimes()
    {
        var server = new ResumableLineServer();
        await using var route = StartRoute(preamble: true);
        route.AddBackend("i1", server.EndPoint);
        using var reader = Connect(route, out var socket);
        using var _ = socket;
        var sent = 0;
        var stop = false;
        string? wrong = null;
        // The client writes all the time, moves or not; its replies must come back in order, each once.
        var writer = new Thread(() =>
        {
            try
            {
                while (!Volatile.Read(ref stop))
                {
                    SendLine(socket, $"n{sent}");
                    Interlocked.Increment(ref sent);
                    if (sent % 50 == 0) Thread.Sleep(1);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                wrong ??= $"a send failed after {sent} lines: {e.Message}";
            }
        });
        writer.Start();
        var expected = 0;
        var readerThread = new Thread(() =>
        {
            try
            {
                while (reader.ReadLine() is { } line)
                {
                    if (line != $"echo n{expected}") wrong ??= $"reply {expected} was '{line}'";
                    expected++;
                }
            }
            catch (IOException e)
            {
                wrong ??= $"the connection broke after {expected} replies: {e.Message}";
            }
        });
        readerThread.Start();
        using var stopWriter = new Ender(() => { Volatile.Write(ref stop, true); writer.Join(); });
        for (var move = 0; move < 20; move++)
        {
            Thread.Sleep(20);
            var paused = await route.PauseAsync("i1", CancellationToken.None);
            var appSent = server.Freeze();
            var state = server.DrainAndExport(paused);
            var target = new ResumableLineServer(state);
            await route.DrainAsync("i1", appSent, s_timeout, CancellationToken.None);
            await route.SwitchAsync("i1", target.EndPoint, CancellationToken.None);
            route.Resume("i1");
            server.Dispose();
            server = target;
        }
        Volatile.Write(ref stop, true);
        writer.Join();
        var total = Volatile.Read(ref sent);
        var deadline = DateTime.UtcNow + s_timeout;
        while (Volatile.Read(ref expected) < total && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Assert.Null(wrong);
        Assert.Equal(total, Volatile.Read(ref expected));
        Assert.True(total > 100, $"only {total} lines went through");
        // The client ends; the app ends its side; the client sees the end — through the last target.
        socket.Shutdown(SocketShutdown.Send);
        Assert.True(readerThread.Join(s_timeout), "the end of the connection did not reach the client");
        Assert.Null(wrong);
        server.Dispose();
    }

    [Fact]
    public async Task AMoveGivenUpBeforeTheSwitchLeavesTheConnectionWhereItWas()
    {
        using var server = new ResumableLineServer();
        await using var route = StartRoute(preamble: true);
        route.AddBackend("i1", server.EndPoint);
        using var reader = Connect(route, out var socket);
        using var _ = socket;
        SendLine(socket, "before");
        Assert.Equal("echo before", reader.ReadLine());
        await route.PauseAsync("i1", CancellationToken.None);
        SendLine(socket, "during");
        route.Resume("i1");
        Assert.Equal("echo during", reader.ReadLine());
    }

    [Fact]
    public async Task ANewClientArrivingDuringAMoveIsServedByTheTarget()
    {
        var server = new ResumableLineServer();
        await using var route = StartRoute(preamble: true);
        route.AddBackend("i1", server.EndPoint);
        var paused = await route.PauseAsync("i1", CancellationToken.None);
        Assert.Empty(paused);
        using var reader = Connect(route, out var socket);
        using var _ = socket;
        SendLine(socket, "late");
        using var target = new ResumableLineServer(server.DrainAndExport(paused));
        server.Freeze();
        await route.SwitchAsync("i1", target.EndPoint, CancellationToken.None);
        route.Resume("i1");
        server.Dispose();
        Assert.Equal("echo late", reader.ReadLine());
    }

    [Fact]
    public async Task TheAppClosingTheConnectionEndsTheClientsToo()
    {
        using var backend = new LineEchoServer(closeAfterFirstLine: true);
        await using var route = StartRoute(preamble: false);
        route.AddBackend("i1", backend.EndPoint);
        using var reader = Connect(route, out var socket);
        using var _ = socket;
        SendLine(socket, "bye");
        Assert.Equal("echo bye", reader.ReadLine());
        Assert.Null(reader.ReadLine());
    }

    /// <summary>Runs an action when disposed, so a failing assertion still stops the test's threads.</summary>
    private sealed class Ender(Action end) : IDisposable
    {
        public void Dispose() => end();
    }

    [Fact]
    public void APublishedAddressInUseIsOneClearError()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var route = new FrontRoute((IPEndPoint)taken.LocalEndpoint, false, NullLogger.Instance);
        var e = Assert.Throws<IOException>(route.Start);
        Assert.Contains("in use", e.Message);
    }
}
