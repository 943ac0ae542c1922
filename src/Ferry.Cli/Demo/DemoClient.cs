using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ferry.Cli.Demo;

/// <summary>
/// The demo's client of samples/Tally: "add demo 1" again and again, one short connection per request (so a
/// move finds no connection open most of the time), checking that each answer is the previous total + 1.
/// </summary>
internal sealed class DemoClient
{
    private readonly IPEndPoint _service;
    private readonly Thread _thread;
    private readonly Lock _gate = new();
    private volatile bool _stop;
    private long _lastAnswer = Stopwatch.GetTimestamp();
    private TimeSpan _longestGap;
    private string? _problem;

    private DemoClient(IPEndPoint service)
    {
        _service = service;
        _thread = new Thread(Loop) { IsBackground = true, Name = "demo client" };
    }

    public static DemoClient Start(IPEndPoint service)
    {
        var client = new DemoClient(service);
        client._thread.Start();
        return client;
    }

    public long Answers { get; private set; }
    public long Total { get; private set; }

    /// <summary>The longest wait between two answers since <see cref="ResetGap"/>.</summary>
    public TimeSpan LongestGap
    {
        get { lock (_gate) return _longestGap; }
    }

    public void ResetGap()
    {
        lock (_gate) _longestGap = TimeSpan.Zero;
    }

    public (long Answers, long Total, string? Problem) Stop()
    {
        _stop = true;
        _thread.Join();
        return (Answers, Total, _problem);
    }

    /// <summary>One request on a new connection; its answer.</summary>
    public static string Ask(IPEndPoint service, string line)
    {
        using var client = new TcpClient();
        client.Connect(service);
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream);
        using var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
        writer.WriteLine(line);
        var answer = reader.ReadLine() ?? throw new IOException("the service closed the connection");
        writer.WriteLine("quit");
        return answer;
    }

    private void Loop()
    {
        while (!_stop && _problem is null)
        {
            string answer;
            try
            {
                answer = Ask(_service, "add demo 1");
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // Moving: nothing listens for a moment. Try again.
                Thread.Sleep(5);
                continue;
            }
            var now = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                var gap = Stopwatch.GetElapsedTime(_lastAnswer, now);
                if (gap > _longestGap) _longestGap = gap;
                _lastAnswer = now;
            }
            if (answer != $"demo = {Total + 1}")
            {
                _problem = $"\"{answer}\" after \"demo = {Total}\" (an answer lost or counted twice)";
                return;
            }
            Total++;
            Answers++;
            // About 30 requests a second: a connection is open a few percent of the time (a move that finds one
            // open is refused and tried again; connections through the node's front are not wired into moves yet).
            Thread.Sleep(30);
        }
    }
}
