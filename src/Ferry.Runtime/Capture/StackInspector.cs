using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Ferry.Runtime.Capture;

/// <summary>
/// Decides, before anything is unwound, whether the current thread's stack can be saved: every
/// frame between the safe point and the thread's trampoline must be capturable. A framework frame
/// in between (LINQ or List.ForEach calling an app lambda), a constructor or a class constructor
/// would go on running after its callee returned, so the thread must not park there.
/// Only runs while a checkpoint is requested.
/// </summary>
internal static class StackInspector
{
    private static readonly ConcurrentDictionary<MethodBase, int> s_kinds = new();
    private static readonly ConcurrentDictionary<MethodBase, CapturableAttribute?> s_sites = new();
    private const int Capturable = 1, Trampoline = 2, Machinery = 3, Other = 0;
    private static readonly Assembly s_runtime = typeof(StackInspector).Assembly;

    /// <summary>Null when the stack can be captured, else the name of the method in the way.</summary>
    public static string? FindUncapturableFrame()
    {
        var trace = new StackTrace(1, false);
        var frames = trace.GetFrames();
        var sawAppFrame = false;
        foreach (var frame in frames)
        {
            var method = frame.GetMethod();
            if (method is null) return "a frame without method information";
            switch (Classify(method))
            {
                case Trampoline:
                    return null;
                case Capturable:
                    // The JIT inlines freely (framework loops included): a frame stopped anywhere but at
                    // one of its capture sites is running code that cannot be saved.
                    var attribute = s_sites.GetOrAdd(method, static m => m.GetCustomAttribute<CapturableAttribute>(false));
                    if (attribute is not null && !attribute.IsAtSite(frame.GetILOffset()))
                        return $"{Describe(method)} (at IL offset {frame.GetILOffset()}, inside a call that cannot be saved, e.g. an inlined framework method)";
                    sawAppFrame = true;
                    break;
                case Machinery when !sawAppFrame:
                    break;
                default:
                    return Describe(method);
            }
        }
        return "a thread whose bottom frame is not Ferry's";
    }

    private static int Classify(MethodBase method) => s_kinds.GetOrAdd(method, static m =>
    {
        if (m.IsDefined(typeof(ThreadTrampolineAttribute), false)) return Trampoline;
        if (m.IsDefined(typeof(CapturableAttribute), false)) return Capturable;
        if (m.Module.Assembly == s_runtime) return Machinery;
        return Other;
    });

    internal static string Describe(MethodBase method)
    {
        var type = method.DeclaringType is null ? "" : method.DeclaringType.FullName + ".";
        var why = method.IsConstructor ? " (a constructor)" : "";
        return $"{type}{method.Name}{why}";
    }
}
