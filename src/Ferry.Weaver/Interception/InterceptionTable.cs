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
    private const string Clock = "Ferry.Runtime.Time.ClockShims";
    private const string Bool = "System.Boolean";
    private const string BoolRef = "System.Boolean&";
    private const string Monitor = "System.Threading.Monitor";
    private const string MonitorShims = "Ferry.Runtime.Threading.MonitorShims";
    private const string Lock = "System.Threading.Lock";
    private const string LockShims = "Ferry.Runtime.Threading.LockShims";
    private const string ThreadPool = "System.Threading.ThreadPool";
    private const string ThreadPoolShims = "Ferry.Runtime.Threading.ThreadPoolShims";
    private const string WaitCallback = "System.Threading.WaitCallback";
    private const string Task = "System.Threading.Tasks.Task";
    private const string TaskOfT = "System.Threading.Tasks.Task`1";
    private const string TaskFactory = "System.Threading.Tasks.TaskFactory";
    private const string TaskArray = "System.Threading.Tasks.Task[]";
    private const string TaskSpan = "System.ReadOnlySpan`1<System.Threading.Tasks.Task>";
    private const string TaskAwaiter = "System.Runtime.CompilerServices.TaskAwaiter";
    private const string TaskAwaiterOfT = "System.Runtime.CompilerServices.TaskAwaiter`1";
    private const string TaskShims = "Ferry.Runtime.Threading.TaskShims";
    private const string Action = "System.Action";
    // Generic parameters as Cecil names them in a call's signature: !0 of the declaring type, !!0 of the method.
    private const string FuncOfMethodT = "System.Func`1<!!0>";
    private const string ActionOfMethodT = "System.Action`1<!!0>";
    private const string MethodT = "!!0";

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

        // Monotonic clocks continue across a restore (an offset carried in the image).
        new("System.Diagnostics.Stopwatch", "GetTimestamp", [], Clock, "GetTimestamp", false),
        new("System.Environment", "get_TickCount64", [], Clock, "TickCount64", false),
        new("System.Environment", "get_TickCount", [], Clock, "TickCount", false),

        // Monitor and C# `lock`: ownership is tracked for the image; a contended Enter and Wait are safe points.
        new(Monitor, "Enter", [Object], MonitorShims, "Enter", true),
        new(Monitor, "Enter", [Object, BoolRef], MonitorShims, "Enter", true),
        new(Monitor, "TryEnter", [Object], MonitorShims, "TryEnter", false),
        new(Monitor, "TryEnter", [Object, BoolRef], MonitorShims, "TryEnter", false),
        new(Monitor, "TryEnter", [Object, Int], MonitorShims, "TryEnter", true),
        new(Monitor, "TryEnter", [Object, TimeSpan], MonitorShims, "TryEnter", true),
        new(Monitor, "TryEnter", [Object, Int, BoolRef], MonitorShims, "TryEnter", true),
        new(Monitor, "TryEnter", [Object, TimeSpan, BoolRef], MonitorShims, "TryEnter", true),
        new(Monitor, "Exit", [Object], MonitorShims, "Exit", false),
        new(Monitor, "IsEntered", [Object], MonitorShims, "IsEntered", false),
        new(Monitor, "Wait", [Object], MonitorShims, "Wait", true),
        new(Monitor, "Wait", [Object, Int], MonitorShims, "Wait", true),
        new(Monitor, "Wait", [Object, TimeSpan], MonitorShims, "Wait", true),
        new(Monitor, "Wait", [Object, Int, Bool], MonitorShims, "Wait", true),
        new(Monitor, "Wait", [Object, TimeSpan, Bool], MonitorShims, "Wait", true),
        new(Monitor, "Pulse", [Object], MonitorShims, "Pulse", false),
        new(Monitor, "PulseAll", [Object], MonitorShims, "PulseAll", false),

        // System.Threading.Lock, explicit calls (EnterScope needs the Scope local retyped; see LockShims).
        new(Lock, "Enter", [], LockShims, "Enter", true),
        new(Lock, "TryEnter", [], LockShims, "TryEnter", false),
        new(Lock, "TryEnter", [Int], LockShims, "TryEnter", true),
        new(Lock, "TryEnter", [TimeSpan], LockShims, "TryEnter", true),
        new(Lock, "Exit", [], LockShims, "Exit", false),
        new(Lock, "get_IsHeldByCurrentThread", [], LockShims, "IsHeldByCurrentThread", false),

        // Thread pool and tasks: work items run as app threads; waits on them are safe points.
        new(ThreadPool, "QueueUserWorkItem", [WaitCallback], ThreadPoolShims, "QueueUserWorkItem", false),
        new(ThreadPool, "QueueUserWorkItem", [WaitCallback, Object], ThreadPoolShims, "QueueUserWorkItem", false),
        new(ThreadPool, "QueueUserWorkItem", [ActionOfMethodT, MethodT, Bool], ThreadPoolShims, "QueueUserWorkItem", false),
        new(Task, "Run", [Action], TaskShims, "Run", false),
        new(Task, "Run", [FuncOfMethodT], TaskShims, "Run", false),
        new(TaskFactory, "StartNew", [Action], TaskShims, "StartNew", false),
        new(TaskFactory, "StartNew", [FuncOfMethodT], TaskShims, "StartNew", false),
        new(Task, "Wait", [], TaskShims, "Wait", true),
        new(Task, "Wait", [Int], TaskShims, "Wait", true),
        new(Task, "Wait", [TimeSpan], TaskShims, "Wait", true),
        new(Task, "WaitAll", [TaskArray], TaskShims, "WaitAll", true),
        new(Task, "WaitAll", [TaskArray, Int], TaskShims, "WaitAll", true),
        new(Task, "WaitAll", [TaskArray, TimeSpan], TaskShims, "WaitAll", true),
        new(Task, "WaitAll", [TaskSpan], TaskShims, "WaitAll", true),
        new(Task, "WaitAny", [TaskArray], TaskShims, "WaitAny", true),
        new(Task, "WaitAny", [TaskArray, Int], TaskShims, "WaitAny", true),
        new(Task, "WaitAny", [TaskArray, TimeSpan], TaskShims, "WaitAny", true),
        new(TaskOfT, "get_Result", [], TaskShims, "Result", true),
        new(TaskAwaiter, "GetResult", [], TaskShims, "GetResult", true),
        new(TaskAwaiterOfT, "GetResult", [], TaskShims, "GetResult", true),

        // Time and console rows are added next to their shims.
    ];

    private static readonly Dictionary<string, InterceptionRule> s_byKey = Rules.ToDictionary(r => r.Key);

    public static InterceptionRule? Find(string type, string method, IEnumerable<string> parameters) =>
        s_byKey.GetValueOrDefault(InterceptionRule.Describe(type, method, parameters));
}
