using System.Text.Json;
using Ferry.Bench.Migration;

HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"{e.Message}\n{HarnessOptions.Usage}");
    return 2;
}

var ferry = options.Ferry ?? FerryCommand.FindScript();
var workload = Path.Combine(AppContext.BaseDirectory, "workload", "HeapServer.dll");
var started = DateTime.UtcNow;
if (options.CloneStartup)
{
    using var nodes = new NodePair(ferry);
    try
    {
        Console.WriteLine(CloneStartup.Markdown(new CloneStartup(nodes, workload).Measure(warmupSeconds: 5, heapMb: options.HeapsMb[0])));
        return 0;
    }
    catch (Exception e) when (e is InvalidOperationException or IOException or System.Net.Sockets.SocketException or TimeoutException)
    {
        // Caught so the nodes and the instances are stopped (an unhandled exception would skip the clean-up).
        Console.Error.WriteLine($"clone startup: {e.Message}");
        return 1;
    }
}

var results = new List<MoveResult>();
using (var nodes = new NodePair(ferry))
{
    // Modes other than stop-and-copy need `ferry migrate --mode`; until it exists their rows say so.
    var hasModes = nodes.A.Ok("migrate", "--help").Contains("--mode", StringComparison.Ordinal);
    var harness = new MigrationHarness(nodes, options, workload, hasModes);
    foreach (var heap in options.HeapsMb)
        foreach (var rate in options.DirtyMbps)
            results.AddRange(harness.RunRow(heap, rate));
}

Console.WriteLine(ResultTable.Markdown(results, started));
if (options.JsonOut is { } json)
    File.WriteAllText(json, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
return results.Any(r => r.Error is not null && r.Mode == HarnessOptions.StopAndCopy || r.Error is null && !r.StateIntact) ? 1 : 0;
