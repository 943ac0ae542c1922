using System.Net;
using System.Net.Sockets;

namespace Ferry.Bench.Migration;

/// <summary>
/// Nodes a and b in one cluster on loopback, each with a FERRY_HOME in a temp directory (two hosts' worth of
/// state on one machine). Disposing stops both and deletes the homes.
/// </summary>
public sealed class NodePair : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ferry-bench-migration-" + Guid.NewGuid().ToString("N")[..8]);

    public NodePair(string ferry)
    {
        A = new FerryCommand(ferry, Path.Combine(_root, "a"));
        B = new FerryCommand(ferry, Path.Combine(_root, "b"));
        Directory.CreateDirectory(A.Home);
        Directory.CreateDirectory(B.Home);
        var started = A.Ok("node", "start", "--name", "a", "--listen", $"127.0.0.1:{FreePort()}");
        const string prefix = "join it with: ferry ";
        var join = started.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..].Trim();
        B.Ok([.. join.Split(' '), "--name", "b", "--listen", $"127.0.0.1:{FreePort()}"]);
    }

    public FerryCommand A { get; }
    public FerryCommand B { get; }

    public FerryCommand Named(string name) => name == "a" ? A : B;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var node in new[] { B, A })
        {
            try
            {
                node.Run("node", "stop");
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                Console.Error.WriteLine($"stopping the node of {node.Home}: {e.Message}");
            }
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"could not delete {_root}: {e.Message}");
        }
    }
}
