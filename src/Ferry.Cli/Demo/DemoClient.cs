using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ferry.Cli.Demo;

/// <summary>
/// The demo's client of samples/Tally: "add demo 1" again and again on one connection (through the node's
/// front, it should never have to open another), checking that each answer is the previous total + 1.
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

    /// <summary>Connections opened so far: 1 when the front kept the first one through every move.</summary>
    public int Connections { get; private set; }

    /// <summary>The longest wait between two answers since <see cref="ResetGap"/>.</summary>
    public TimeSpan LongestGap
    {
        get { lock (_gate) return _longestGap; }
    }

    public void ResetGap()
    {
        lock (_gate) _longestGap = TimeSpan.Zero;
    }

    public (long Answers, long Total, int Connections, string? Problem) Stop()
    {
        _stop = true;
        _thread.Join();
        return (Answers, Total, Connections, _problem);
    }

    /// <summary>One request on a new connection; its answer.</summary>
    public static string Ask(IPEndPoint service, string line)
    {
        using var connection = Connection.Open(service);
        var answer = connection.Ask(line);
        connection.Ask("quit", expectAnswer: false);
        return answer;
    }

    private void Loop()
    {
        Connection? connection = null;
        try
        {
            while (!_stop && _problem is null)
            {
                string answer;
                try
                {
                    if (connection is null)
                    {
                        connection = Connection.Open(_service);
                        Connections++;
                    }
                    answer = connection.Ask("add demo 1");
                }
                catch (Exception e) when (e is IOException or SocketException)
                {
                    // The connection was lost (it should not be, through the front): open another.
                    connection?.Dispose();
                    connection = null;
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
                Thread.Sleep(10);
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>A line-protocol connection to the service.</summary>
    private sealed class Connection : IDisposable
    {
        private readonly TcpClient _client;
        private readonly StreamReader _reader;
        private readonly StreamWriter _writer;

        private Connection(TcpClient client)
        {
            _client = client;
            var stream = client.GetStream();
            _reader = new StreamReader(stream);
            _writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
        }

        public static Connection Open(IPEndPoint service)
        {
            var client = new TcpClient();
            try
            {
                client.Connect(service);
                return new Connection(client);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        public string Ask(string line, bool expectAnswer = true)
        {
            _writer.WriteLine(line);
            if (!expectAnswer) return "";
            return _reader.ReadLine() ?? throw new IOException("the service closed the connection");
        }

        public void Dispose()
        {
            _reader.Dispose();
            _writer.Dispose();
            _client.Dispose();
        }
    }
}
