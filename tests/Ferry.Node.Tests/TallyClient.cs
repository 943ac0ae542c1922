using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ferry.Node.Tests;

/// <summary>
/// A client of samples/Tally that keeps one connection and sends <c>add KEY 1</c> lines in batches without
/// pause, checking that every reply arrives once and in order (the running total goes up by exactly one).
/// </summary>
internal sealed class TallyClient : IDisposable
{
    private const int Batch = 4;
    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private long _confirmed;

    public TallyClient(EndPoint front, string key)
    {
        Key = key;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 30_000 };
        _socket.Connect(front);
        _reader = new StreamReader(new NetworkStream(_socket), Encoding.ASCII);
        _thread = new Thread(Loop) { IsBackground = true, Name = $"tally-client-{key}" };
        _thread.Start();
    }

    public string Key { get; }

    /// <summary>Replies received, all in order.</summary>
    public long Confirmed => Interlocked.Read(ref _confirmed);

    public Exception? Failure { get; private set; }

    /// <summary>Stop sending after the current batch; then ask for the total on the same connection.</summary>
    public string StopAndGetTotal()
    {
        _stopping = true;
        _thread.Join();
        if (Failure is not null) throw new InvalidOperationException($"client {Key} failed", Failure);
        _socket.Send(Encoding.ASCII.GetBytes($"get {Key}\n"));
        return _reader.ReadLine() ?? "(end of stream)";
    }

    /// <summary>Wait until <paramref name="more"/> more replies have come (the connection flows).</summary>
    public void WaitForProgress(long more, TimeSpan timeout)
    {
        var target = Confirmed + more;
        var deadline = DateTime.UtcNow + timeout;
        while (Confirmed < target)
        {
            if (Failure is not null) throw new InvalidOperationException($"client {Key} failed", Failure);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"client {Key}: no progress past {Confirmed} replies");
            Thread.Sleep(5);
        }
    }

    private void Loop()
    {
        var batch = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"add {Key} 1\n", Batch)));
        try
        {
            while (!_stopping)
            {
                _socket.Send(batch);
                for (var i = 0; i < Batch; i++)
                {
                    var expected = $"{Key} = {Confirmed + 1}";
                    var line = _reader.ReadLine();
                    if (line != expected) throw new InvalidDataException($"expected \"{expected}\", got \"{line ?? "(end of stream)"}\"");
                    Interlocked.Increment(ref _confirmed);
                }
            }
        }
        catch (Exception e)
        {
            Failure = e;
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _socket.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
