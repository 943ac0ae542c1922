using System.Diagnostics;
using BenchWorkloads;

// Runs every workload (or the ones named on the command line) and prints its checksum and time.
// "-n N" runs each N times and prints the fastest time (the first runs are not optimised yet).
var repeat = 1;
var names = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "-n" && i + 1 < args.Length) repeat = int.Parse(args[++i]);
    else names.Add(args[i]);
}
if (names.Count == 0) names.AddRange(Suite.Names);
foreach (var name in names)
{
    var best = double.MaxValue;
    long checksum = 0;
    for (var r = 0; r < repeat; r++)
    {
        var sw = Stopwatch.StartNew();
        checksum = Suite.Run(name);
        best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
    }
    Console.WriteLine($"{name,-12} {checksum,22} {best,10:F1} ms");
}
