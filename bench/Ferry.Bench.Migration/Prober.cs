using System.Diagnostics;
using System.Net.Sockets;
using HeapServer;

namespace Ferry.Bench.Migration;

/// <summary>
/// The client under test: requests back to back (a short think time between them), each on a new connection,
/// retried on a new connection until answered (the server may be frozen, gone or not yet listening). Every
/// answer is checked against the recipe: the static range's digest exactly, any other range for
/// <c>bad=0</c>. Records when each request was first sent and when it was answered.
/// </summary>
public sealed class Prober : IDisposable
{
    private const int Span = 256;

    private readonly int _port;
    private readonly int _records;
    private readonly TimeSpan _think;
    private readonly long _staticDigest = RecordRecipe.StaticDigest(0, Span);
    private readonly List<Sample> _samples = [];
    private readonly List<Failure> _failures = [];
    private readonly Thread _thread;
    private volatile bool _stop;

    /// <summary>One answered request: first send and answer, as Stopwatch timestamps.</summary>
    public readonly record struct Sample(long Sent, long Answered)
    {
        public double LatencyMs => Stopwatch.GetElapsedTime(Sent, Answered).TotalMilliseconds;
    }

    public Prober(int port, int records, TimeSpan think)
    {
        _port = port;
        _records = records;
        _think = think;
        _thread = new Thread(Run) { IsBackground = true, Name = "prober" };
        _thread.Start();
    }

    /// <summary>The first answer that did not match the recipe, if any.</summary>
    public string? Wrong { get; private set; }

    /// <summary>A connection that failed: when, and whether it was refused outright (no listener) rather than dropped.</summary>
    public readonly record struct Failure(long At, bool Refused);

    public IReadOnlyList<Failure> Failures()
    {
        lock (_failures) return [.. _failures];
    }

    public IReadOnlyList<Sample> Samples()
    {
        lock (_samples) return [.. _samples];
    }

    public int Answered
    {
        get
        {
            lock (_samples) return _samples.Count;
        }
    }

    private void Run()
    {
        var random = new Random(7);
        for (var i = 0; !_stop; i++)
        {
            var from = i % 2 == 0 ? 0 : random.Next(0, _records - Span);
            var line = $"sum {from} {from + Span}";
            var sent = Stopwatch.GetTimestamp();
            string? answer = null;
            while (answer is null && !_stop)
            {
                try
                {
                    answer = LineClient.Ask(_port, line, TimeSpan.FromSeconds(60));
                }
                catch (Exception e) when (e is IOException or SocketException)
                {
                    var refused = e is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
                    lock (_failures) _failures.Add(new Failure(Stopwatch.GetTimestamp(), refused));
                    Thread.Sleep(1);
                }
            }
            if (answer is null) break;
            var answered = Stopwatch.GetTimestamp();
            lock (_samples) _samples.Add(new Sample(sent, answered));
            Check(line, answer, from == 0);
            Thread.Sleep(_think);
        }
    }

    private void Check(string line, string answer, bool exact)
    {
        var fields = LineClient.Fields(answer);
        var right = fields.GetValueOrDefault("n") == Span && fields.GetValueOrDefault("bad", -1) == 0
            && (!exact || fields.GetValueOrDefault("digest") == _staticDigest);
        if (!right && Wrong is null) Wrong = $"\"{line}\" → \"{answer}\"";
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
