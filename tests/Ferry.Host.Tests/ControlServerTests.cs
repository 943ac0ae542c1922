using System.Net.Sockets;
using System.Text;
using Ferry.Abstractions.Control;
using Ferry.Host.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Host.Tests;

public sealed class ControlServerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ferry-ctl").FullName;
    private string SocketPath => Path.Combine(_dir, "control.sock");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Exchange(string socketPath, string requestLine)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        using var stream = new NetworkStream(socket);
        stream.Write(Encoding.UTF8.GetBytes(requestLine + "\n"));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Fact]
    public void A_request_line_gets_one_response_line()
    {
        ControlRequest? seen = null;
        using var server = ControlServer.Start(SocketPath, r =>
        {
            seen = r;
            return new ControlReply(new ControlResponse { Ok = true, State = "running", Pid = 7 });
        }, NullLogger.Instance);
        var answer = Exchange(SocketPath, """{"op":"checkpoint","image":"/x.img","leaveRunning":true,"timeoutMs":1500}""");
        Assert.Equal("{\"ok\":true,\"state\":\"running\",\"pid\":7}\n", answer);
        Assert.Equal(new ControlRequest { Op = "checkpoint", Image = "/x.img", LeaveRunning = true, TimeoutMs = 1500 }, seen);
    }

    [Fact]
    public void Malformed_requests_get_an_error_answer()
    {
        using var server = ControlServer.Start(SocketPath, _ => throw new InvalidOperationException("not reached"), NullLogger.Instance);
        Assert.StartsWith("{\"ok\":false,\"error\":\"malformed request", Exchange(SocketPath, "{nope"));
        Assert.StartsWith("{\"ok\":false,\"error\":\"", Exchange(SocketPath, "{}"));
    }

    [Fact]
    public void A_failing_handler_answers_with_its_message_on_one_line()
    {
        using var server = ControlServer.Start(SocketPath, _ => throw new InvalidOperationException("first\nsecond"), NullLogger.Instance);
        Assert.Equal("{\"ok\":false,\"error\":\"first second\"}\n", Exchange(SocketPath, """{"op":"status"}"""));
    }

    [Fact]
    public async Task Disposing_waits_for_a_request_under_way_to_be_answered()
    {
        // The host disposes the server when the app ends; a checkpoint failing at that moment must still be answered.
        using var handling = new ManualResetEventSlim();
        var handled = false;
        var server = ControlServer.Start(SocketPath, _ =>
        {
            handling.Set();
            Thread.Sleep(300);
            Volatile.Write(ref handled, true);
            return new ControlReply(ControlResponse.Failure("checkpoint failed; the app keeps running"));
        }, NullLogger.Instance);
        var answer = Task.Run(() => Exchange(SocketPath, """{"op":"checkpoint","image":"/x.img"}"""));
        Assert.True(handling.Wait(TimeSpan.FromSeconds(10)));
        server.Dispose();
        Assert.True(Volatile.Read(ref handled), "Dispose returned while a request was still being handled");
        Assert.Equal("{\"ok\":false,\"error\":\"checkpoint failed; the app keeps running\"}\n", await answer);
    }

    [Fact]
    public void The_after_sent_action_runs_once_the_answer_is_out()
    {
        using var done = new ManualResetEventSlim();
        using var server = ControlServer.Start(SocketPath, _ => new ControlReply(new ControlResponse { Ok = true }, done.Set), NullLogger.Instance);
        Assert.Equal("{\"ok\":true}\n", Exchange(SocketPath, """{"op":"kill"}"""));
        Assert.True(done.Wait(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Requests_are_served_concurrently()
    {
        using var release = new ManualResetEventSlim();
        using var server = ControlServer.Start(SocketPath, r =>
        {
            if (r.Op == "slow") release.Wait(TimeSpan.FromSeconds(20));
            return new ControlReply(new ControlResponse { Ok = true, State = r.Op });
        }, NullLogger.Instance);
        var slow = Task.Run(() => Exchange(SocketPath, """{"op":"slow"}"""));
        Assert.Contains("\"state\":\"status\"", Exchange(SocketPath, """{"op":"status"}"""));
        release.Set();
        Assert.Contains("\"state\":\"slow\"", await slow);
    }

    [Fact]
    public void A_stale_socket_file_is_replaced_and_removed_on_dispose()
    {
        File.WriteAllText(SocketPath, "stale");
        var server = ControlServer.Start(SocketPath, _ => new ControlReply(new ControlResponse { Ok = true }), NullLogger.Instance);
        Assert.Equal("{\"ok\":true}\n", Exchange(SocketPath, """{"op":"status"}"""));
        server.Dispose();
        Assert.False(File.Exists(SocketPath));
    }

    [Fact]
    public void Too_long_a_socket_path_is_refused_clearly()
    {
        var longPath = Path.Combine(_dir, new string('d', 120), "control.sock");
        Assert.Contains("shorter FERRY_HOME", Assert.Throws<IOException>(() => ControlServer.Start(longPath, _ => new ControlReply(new ControlResponse()), NullLogger.Instance)).Message);
    }
}
