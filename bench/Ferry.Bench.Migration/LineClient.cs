using System.Net;
using System.Net.Sockets;

namespace Ferry.Bench.Migration;

/// <summary>
/// One request on a connection of its own, closed right after the answer: an open connection refuses a
/// checkpoint today (only listening sockets can be captured), so a client that kept one would stop every
/// move. Until the front carries connections across a move, this is the only client a move can run under.
/// </summary>
public static class LineClient
{
    /// <summary>The answer line; throws IOException/SocketException when the server is not there or drops it.</summary>
    public static string Ask(int port, string line, TimeSpan timeout)
    {
        using var client = new TcpClient { NoDelay = true, ReceiveTimeout = (int)timeout.TotalMilliseconds, SendTimeout = (int)timeout.TotalMilliseconds };
        client.Connect(IPAddress.Loopback, port);
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream);
        using var writer = new StreamWriter(stream) { NewLine = "\n" };
        writer.WriteLine(line);
        writer.WriteLine("quit");
        writer.Flush();
        return reader.ReadLine() ?? throw new IOException("the server closed the connection without an answer");
    }

    /// <summary>Ask until an answer comes (the server may be starting or moving), up to <paramref name="patience"/>.</summary>
    public static string AskPatiently(int port, string line, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            try
            {
                return Ask(port, line, patience);
            }
            catch (Exception e) when (e is IOException or SocketException && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>The NAME=VALUE fields of an answer line.</summary>
    public static Dictionary<string, long> Fields(string answer)
    {
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var part in answer.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (part.Split('=') is [var name, var value] && long.TryParse(value, out var number)) fields[name] = number;
        return fields;
    }
}
