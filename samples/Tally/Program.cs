// Tally: a small stateful TCP service for Ferry's demo and migration tests. Clients send lines:
//   add NAME N   → "NAME = TOTAL"      (totals live in memory: the state a migration must carry)
//   get NAME     → "NAME = TOTAL"
//   stats        → "REQUESTS requests, KEYS keys"
//   quit         → closes the connection
// Blocking sockets, one thread per client. Usage: Tally [PORT] (default 7800).
using System.Net;
using System.Net.Sockets;

namespace Tally;

internal static class Program
{
    private static readonly Dictionary<string, long> s_totals = new(StringComparer.Ordinal);
    private static long s_requests;
    private static int s_clients;

    private static int Main(string[] args)
    {
        var port = args.Length > 0 && int.TryParse(args[0], out var p) ? p : 7800;
        var listener = new TcpListener(IPAddress.Any, port);
        listener.Start();
        Console.WriteLine($"tally listening on port {port}");
        while (true)
        {
            var client = listener.AcceptTcpClient();
            var id = Interlocked.Increment(ref s_clients);
            Console.WriteLine($"client {id} connected");
            new Thread(() => Serve(client, id)).Start();
        }
    }

    private static void Serve(TcpClient client, int id)
    {
        using (client)
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream);
            var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 1 && parts[0] == "quit") break;
                writer.WriteLine(Handle(parts));
            }
        }
        Console.WriteLine($"client {id} left");
    }

    private static string Handle(string[] parts)
    {
        lock (s_totals)
        {
            var n = ++s_requests;
            if (n % 1000 == 0) Console.WriteLine($"{n} requests served");
            switch (parts)
            {
                case ["add", var name, var amount] when long.TryParse(amount, out var delta):
                    s_totals[name] = s_totals.GetValueOrDefault(name) + delta;
                    return $"{name} = {s_totals[name]}";
                case ["get", var name]:
                    return $"{name} = {s_totals.GetValueOrDefault(name)}";
                case ["stats"]:
                    return $"{n} requests, {s_totals.Count} keys";
                default:
                    return "error: expected add NAME N | get NAME | stats | quit";
            }
        }
    }
}
