using System.Net;
using System.Net.Sockets;
using Ferry.Tests.Support;

namespace Ferry.Cli.Tests;

/// <summary>
/// Two homes (two hosts' worth of state) whose nodes, a and b, run as real background processes on loopback ports
/// of their own. Disposing stops both nodes and deletes the homes.
/// </summary>
public sealed class TwoNodes : IDisposable
{
    public FerryCli A { get; } = new();
    public FerryCli B { get; } = new();
    public string AddressA { get; } = $"127.0.0.1:{FreePort()}";
    public string AddressB { get; } = $"127.0.0.1:{FreePort()}";

    /// <summary>Start a, then b joining a's cluster.</summary>
    public void Start()
    {
        var started = A.Ok("node", "start", "--name", "a", "--listen", AddressA);
        var join = started.Split('\n').Single(l => l.StartsWith("join it with: ", StringComparison.Ordinal))["join it with: ferry ".Length..].Trim();
        B.Ok([.. join.Split(' '), "--name", "b", "--listen", AddressB]);
    }

    /// <summary>A line to samples/Tally and its reply, on a new connection (retried while the listener comes back after a move).</summary>
    public static string Ask(int port, string line) => Ask(IPAddress.Loopback, port, line);

    /// <summary>A line to samples/Tally at <paramref name="host"/> and its reply, on a new connection (retried while it comes up).</summary>
    public static string Ask(IPAddress host, int port, string line)
    {
        string? reply = null;
        Eventually.True(() =>
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(host, port);
                using var stream = client.GetStream();
                using var reader = new StreamReader(stream);
                using var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
                writer.WriteLine(line);
                reply = reader.ReadLine();
                writer.WriteLine("quit");
                return reply is not null;
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                return false;
            }
        }, $"an answer to \"{line}\" at {host}:{port}");
        return reply!;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var cli in new[] { B, A })
        {
            cli.Run("node", "stop");
            cli.Dispose();
        }
    }
}
