using System.Diagnostics;
using System.Text.Json;

namespace Ferry.Bench.Migration;

/// <summary>
/// Clone time-to-first-response ÷ cold start (issue 4: target ≤ 5 %). HeapServer with a warm-up of its own runs in
/// an environment publishing its port on node a's front; cold start = <c>ferry run</c> → its first answer through
/// the front (the woven app already cached: a second run, so weaving is not counted against the cold start);
/// clone = <c>ferry scale ID --to b</c> → the clone's first answer. The front hands new connections to its
/// instances in turn, so of the first two connections after the clone joined, one is the clone's: the clone's
/// first answer is taken as the later of those two (an upper bound). Two clones: the first weaves the app on b,
/// the second finds it cached.
/// </summary>
public sealed class CloneStartup(NodePair nodes, string workload)
{
    private const int AppPort = 7800;
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(5);

    public sealed record Result(double WarmupSeconds, double ColdStartMs, double FirstCloneMs, double SecondCloneMs, double FirstCloneRunningMs, double SecondCloneRunningMs)
    {
        public double FirstRatio => FirstCloneMs / ColdStartMs;
        public double SecondRatio => SecondCloneMs / ColdStartMs;
    }

    public Result Measure(double warmupSeconds, int heapMb)
    {
        var hostPort = NodePair.FreePort();
        nodes.A.Ok("env", "create", "bench-clone", "--publish", $"{hostPort}:{AppPort}");
        string[] run = ["run", "--detach", "--env", "bench-clone", workload, AppPort.ToString(), heapMb.ToString(), "0",
            warmupSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)];

        // The first run weaves and caches the app; it is ended once it answers.
        var first = nodes.A.Ok(run).Trim();
        LineClient.AskPatiently(hostPort, "stats", s_patience);
        nodes.A.Ok("kill", first);

        var cold = Stopwatch.StartNew();
        var primary = nodes.A.Ok(run).Trim();
        var clones = new List<string>();
        try
        {
            LineClient.AskPatiently(hostPort, "stats", s_patience);
            var coldMs = cold.Elapsed.TotalMilliseconds;
            Log($"cold start with a {warmupSeconds} s warm-up: {coldMs:F0} ms");

            var (firstMs, firstRunning) = Clone(primary, hostPort, clones);
            var (secondMs, secondRunning) = Clone(primary, hostPort, clones);
            return new Result(warmupSeconds, coldMs, firstMs, secondMs, firstRunning, secondRunning);
        }
        finally
        {
            foreach (var clone in clones) nodes.B.Run("kill", clone);
            nodes.A.Run("kill", primary);
        }
    }

    private (double FirstAnswerMs, double RunningMs) Clone(string primary, int hostPort, List<string> clones)
    {
        var clock = Stopwatch.StartNew();
        using var reports = JsonDocument.Parse(nodes.A.Ok("scale", primary, "--to", "b", "--json"));
        var report = reports.RootElement[0];
        clones.Add(report.GetProperty("instance").GetString()!);
        // One of the next two new connections is the clone's (the front takes its instances in turn).
        LineClient.AskPatiently(hostPort, "stats", s_patience);
        LineClient.AskPatiently(hostPort, "stats", s_patience);
        var ms = clock.Elapsed.TotalMilliseconds;
        var running = report.GetProperty("timeToRunningMs").GetDouble();
        var phases = string.Join(", ", report.GetProperty("phaseMs").EnumerateObject().Select(p => $"{p.Name} {p.Value.GetDouble():F0}"));
        Log($"clone {clones[^1]}: first answer {ms:F0} ms after ferry scale (running after {running:F0} ms; {phases})");
        return (ms, running);
    }

    public static string Markdown(Result r) =>
        "| warm-up | cold start → first answer | clone → first answer (b weaves) | ÷ cold | clone → first answer (cached) | ÷ cold |\n"
        + "|---|---|---|---|---|---|\n"
        + $"| {r.WarmupSeconds} s | {r.ColdStartMs:F0} ms | {r.FirstCloneMs:F0} ms | {r.FirstRatio:P1} | {r.SecondCloneMs:F0} ms | {r.SecondRatio:P1} |";

    private static void Log(string line) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
}
