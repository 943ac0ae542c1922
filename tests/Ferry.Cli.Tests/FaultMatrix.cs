using System.Collections.Concurrent;
using Ferry.Node.Migration;

namespace Ferry.Cli.Tests;

/// <summary>
/// Runs one <see cref="FaultBlow"/> at many fault points, each case on nodes of its own (no case shares a node, so
/// they run side by side), and fails with every failed case named.
/// </summary>
public static class FaultMatrix
{
    /// <summary>Cases at once: each is two nodes and a host or two, mostly waiting on each other.</summary>
    private const int Parallel = 6;

    public static void Run(FaultBlow blow, IEnumerable<FaultPoint> points, Action<FaultCase> check)
    {
        var failures = new ConcurrentQueue<string>();
        System.Threading.Tasks.Parallel.ForEach(points, new ParallelOptions { MaxDegreeOfParallelism = Parallel }, point =>
        {
            try
            {
                using var one = new FaultCase(point, blow);
                check(one);
            }
            catch (Exception e)
            {
                failures.Enqueue($"{point} × {blow}: {e.GetType().Name}: {e.Message}");
            }
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures));
    }

    /// <summary>The points before the state bundle leaves the source: a corrupted stream is caught there (after them it carries nothing more).</summary>
    public static bool CorruptionReachesState(FaultPoint point) =>
        point is FaultPoint.AfterPrepare or FaultPoint.AfterBaseRound or FaultPoint.AfterRounds or FaultPoint.AfterCheckpoint;
}
