// Warm target vs fresh restore (bench/README.md, "Warm target"). Usage: Ferry.Bench.Standby [ACCOUNTS] [REPEATS]
using System.Globalization;
using Ferry.Bench.Standby;

var accounts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500_000;
var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
var workload = Path.Combine(AppContext.BaseDirectory, "workload", "PrecopyLedger.dll");
var samples = new List<(double Standby, double Fresh)>();
for (var i = 1; i <= repeats; i++)
{
    using var run = new StandbyRun(workload, accounts);
    var (standby, fresh) = run.Measure();
    Console.WriteLine($"run {i}: final round written → running: standby-go {standby:F0} ms, fresh restore {fresh:F0} ms, ratio {fresh / standby:F1}×");
    samples.Add((standby, fresh));
}
Console.WriteLine("| accounts | standby-go (ms) | fresh restore (ms) | fresh ÷ standby |");
Console.WriteLine("|---|---|---|---|");
foreach (var (s, f) in samples) Console.WriteLine($"| {accounts} | {s:F0} | {f:F0} | {f / s:F1}× |");
return 0;
