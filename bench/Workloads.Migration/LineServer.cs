using System.Net;
using System.Net.Sockets;

namespace HeapServer;

/// <summary>
/// The line protocol, blocking sockets, one thread per client:
///   sum A B  → "n=COUNT bad=NOT_INTACT digest=SUM"   (records [A, B))
///   verify   → the same over every record
///   stats    → "records=N mutations=M"
///   quit     → closes the connection
/// </summary>
public sealed class LineServer(LiveHeap heap, int port)
{
    public void Run()
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Console.WriteLine($"heapserver listening on port {port}");
        // No local keeps the accepted client: the accept loop must hold nothing of a connection once its
        // thread is done with it (Ferry refuses to capture an open connection).
        while (true) new Thread(Serve) { IsBackground = true }.Start(listener.AcceptTcpClient());
    }

    private void Serve(object? state)
    {
        using var client = (TcpClient)state!;
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream);
        using var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
        string? line;
        try
        {
            while ((line = reader.ReadLine()) is not null && line != "quit")
                writer.WriteLine(Answer(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        }
        catch (IOException)
        {
            // The client went away mid-answer.
        }
    }

    private string Answer(string[] parts)
    {
        switch (parts)
        {
            case ["sum", var a, var b] when int.TryParse(a, out var from) && int.TryParse(b, out var to):
                var (n, bad, digest) = heap.Sum(from, to);
                return $"n={n} bad={bad} digest={digest}";
            case ["verify"]:
                var (all, broken, total) = heap.Sum(0, heap.Count);
                return $"n={all} bad={broken} digest={total}";
            case ["stats"]:
                return $"records={heap.Count} mutations={heap.Mutations}";
            default:
                return "error: expected sum A B | verify | stats | quit";
        }
    }
}
