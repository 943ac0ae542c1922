using System.Net;
using System.Net.Sockets;

namespace Ferry.Tests.Support;

/// <summary>
/// One TCP connection to samples/Tally that adds 1 to <c>key</c> per request and checks every reply is the running
/// total: a lost request, a lost reply or a duplicated one shows as a wrong total (or a read that times out).
/// </summary>
public sealed class TallyClient : IDisposable
{
    private readonly TcpClient _client = new() { ReceiveTimeout = 60_000 };
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;
    private readonly string _key;
    private int _total;

    public TallyClient(IPEndPoint endpoint, string key)
    {
        _key = key;
        _client.Connect(endpoint);
        var stream = _client.GetStream();
        _reader = new StreamReader(stream);
        _writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
    }

    /// <summary>Replies received so far (each one checked).</summary>
    public int Total => Volatile.Read(ref _total);

    public void Add(int times)
    {
        for (var i = 0; i < times; i++)
        {
            _writer.WriteLine($"add {_key} 1");
            var expected = $"{_key} = {_total + 1}";
            var reply = _reader.ReadLine();
            if (reply != expected) throw new InvalidDataException($"reply {_total + 1}: expected \"{expected}\", got {(reply is null ? "end of stream" : $"\"{reply}\"")}");
            Interlocked.Increment(ref _total);
        }
    }

    /// <summary>Keep sending, one request at a time, until <paramref name="stop"/>; faults on the first wrong reply.</summary>
    public Task TalkUntil(CancellationToken stop) => Task.Run(() =>
    {
        while (!stop.IsCancellationRequested) Add(1);
    });

    public void Dispose() => _client.Dispose();
}
