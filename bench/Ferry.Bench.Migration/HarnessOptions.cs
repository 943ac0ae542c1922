using System.Globalization;

namespace Ferry.Bench.Migration;

/// <summary>The command line: which rows (heap × dirty rate), which modes, how the client and retries behave.</summary>
public sealed record HarnessOptions
{
    public const string StopAndCopy = "stop-and-copy";
    public const string PreCopy = "pre-copy";

    public IReadOnlyList<int> HeapsMb { get; init; } = [10, 100, 1024];
    public IReadOnlyList<double> DirtyMbps { get; init; } = [0, 1, 10];

    /// <summary>Stop-and-copy is the baseline each row measures next to the others.</summary>
    public IReadOnlyList<string> Modes { get; init; } = [StopAndCopy, PreCopy];

    /// <summary>The client's pause between answer and next request (its connection is closed then).</summary>
    public TimeSpan Think { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Client running against the app before the first move.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary><c>ferry migrate</c> calls per move before giving up (a call is refused when a request is in flight at the freeze).</summary>
    public int Attempts { get; init; } = 20;

    /// <summary>Measure clone time-to-first-response ÷ cold start (an app with a 5 s warm-up) instead of moves.</summary>
    public bool CloneStartup { get; init; }

    public string? Ferry { get; init; }
    public string? JsonOut { get; init; }

    public const string Usage =
        "usage: Ferry.Bench.Migration [--quick] [--heaps MB,MB,..] [--rates MBPS,..] [--modes stop-and-copy,pre-copy]\n"
        + "                             [--think-ms N] [--attempts N] [--ferry PATH] [--json FILE]\n"
        + "       Ferry.Bench.Migration --clone-startup [--heaps MB]   (clone time-to-first-response ÷ cold start; heap: the first of --heaps)\n"
        + "  full matrix: heaps 10,100,1024 × rates 0,1,10; --quick: heaps 10,100 × rate 1";

    public static HarnessOptions Parse(string[] args)
    {
        var options = new HarnessOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--quick" => options with { HeapsMb = [10, 100], DirtyMbps = [1] },
                "--heaps" => options with { HeapsMb = [.. Value().Split(',').Select(int.Parse)] },
                "--rates" => options with { DirtyMbps = [.. Value().Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))] },
                "--modes" => options with { Modes = Value().Split(',') },
                "--think-ms" => options with { Think = TimeSpan.FromMilliseconds(int.Parse(Value())) },
                "--attempts" => options with { Attempts = int.Parse(Value()) },
                "--clone-startup" => options with { CloneStartup = true },
                "--ferry" => options with { Ferry = Value() },
                "--json" => options with { JsonOut = Value() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options;
    }
}
