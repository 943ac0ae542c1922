namespace Ferry.Weaver.Interception;

/// <summary>
/// The one table of framework APIs that app code reaches through Ferry's shims. Everything the
/// weaver redirects is listed here; nothing is special-cased elsewhere.
/// </summary>
public static class InterceptionTable
{
    private const string Thread = "System.Threading.Thread";
    private const string ThreadShims = "Ferry.Runtime.Threading.ThreadShims";
    private const string ThreadStart = "System.Threading.ThreadStart";
    private const string ParamStart = "System.Threading.ParameterizedThreadStart";
    private const string Int = "System.Int32";
    private const string TimeSpan = "System.TimeSpan";
    private const string Object = "System.Object";

    public static IReadOnlyList<InterceptionRule> Rules { get; } =
    [
        // Threads: app threads run under Ferry's trampoline; Sleep and Join are safe points.
        new(Thread, ".ctor", [ThreadStart], ThreadShims, "Create", false),
        new(Thread, ".ctor", [ThreadStart, Int], ThreadShims, "Create", false),
        new(Thread, ".ctor", [ParamStart], ThreadShims, "Create", false),
        new(Thread, ".ctor", [ParamStart, Int], ThreadShims, "Create", false),
        new(Thread, "Start", [], ThreadShims, "Start", false),
        new(Thread, "Start", [Object], ThreadShims, "Start", false),
        new(Thread, "Sleep", [Int], ThreadShims, "Sleep", true),
        new(Thread, "Sleep", [TimeSpan], ThreadShims, "Sleep", true),
        new(Thread, "Join", [], ThreadShims, "Join", true),
        new(Thread, "Join", [Int], ThreadShims, "Join", true),
        new(Thread, "Join", [TimeSpan], ThreadShims, "Join", true),

        // Locks, thread pool, tasks, time and console rows are added next to their shims.
    ];

    private static readonly Dictionary<string, InterceptionRule> s_byKey = Rules.ToDictionary(r => r.Key);

    public static InterceptionRule? Find(string type, string method, IEnumerable<string> parameters) =>
        s_byKey.GetValueOrDefault(InterceptionRule.Describe(type, method, parameters));
}
