using System.Reflection;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Threading;

namespace Ferry.Runtime;

/// <summary>
/// The app inside this process, as the host sees it: start its entry point on an app thread,
/// and wait for it the way the CLR would (main returned and every foreground thread ended).
/// </summary>
public static class AppProcess
{
    /// <summary>Stack size of the app's main thread (the CLR gives the real main thread 8 MB on Linux).</summary>
    public const int MainStackSize = 8 * 1024 * 1024;

    /// <summary>Exit code of a process stopped by a checkpoint (as criu dump stops the tree).</summary>
    public const int CheckpointedExitCode = 75;

    /// <summary>The app's main thread record (id 1).</summary>
    public static AppThread? Main { get; private set; }

    /// <summary>The app's own (woven) assemblies, as loaded by the host.</summary>
    public static IReadOnlyList<Assembly> AppAssemblies { get; private set; } = [];

    /// <summary>Path of the woven entry assembly (recorded in images so a restore finds the code).</summary>
    public static string EntryAssemblyPath { get; private set; } = "";

    /// <summary>Free-form facts the host wants in every image header (instance id, app name, ...).</summary>
    public static IReadOnlyDictionary<string, string> ImageMetadata { get; set; } = new Dictionary<string, string>();

    /// <summary>Tell the runtime which assemblies are the app's (their types may appear in images).</summary>
    public static void Initialize(IReadOnlyList<Assembly> appAssemblies, string entryAssemblyPath)
    {
        AppAssemblies = appAssemblies;
        EntryAssemblyPath = entryAssemblyPath;
    }

    /// <summary>Start <paramref name="entryPoint"/> (a static Main) with <paramref name="args"/> and return its exit code.</summary>
    public static int Run(MethodInfo entryPoint, string[] args)
    {
        var entry = CreateEntryDelegate(entryPoint);
        // The main thread is app thread 1 (images rely on it); a host runs one app at a time.
        if (AppThreads.LiveCount == 0) AppThreads.Clear();
        var main = AppThreads.Create(entry, args, name: null, isBackground: false);
        Main = main;
        var thread = ThreadShims.Materialize(main, MainStackSize);
        AppThreads.MarkStarted(main);
        thread.Start();
        return WaitForExit(main);
    }

    /// <summary>Wait until main has returned and no foreground app thread runs; the app's exit code.</summary>
    public static int WaitForExit(AppThread main)
    {
        while (true)
        {
            var pending = AppThreads.Snapshot()
                .Where(t => t.State == AppThreadState.Running && t.Thread is not null && (t == main || !IsBackground(t)))
                .ToList();
            if (pending.Count == 0 && main.State == AppThreadState.Finished) break;
            if (pending.Count == 0)
            {
                Thread.Sleep(1);
                continue;
            }
            foreach (var t in pending) t.Thread!.Join();
        }
        return main.Result is int code ? code : 0;
    }

    internal static void SetMain(AppThread main) => Main = main;

    private static bool IsBackground(AppThread t)
    {
        try
        {
            return t.AppVisibleThread?.IsBackground ?? t.IsBackground;
        }
        catch (ThreadStateException)
        {
            return t.IsBackground; // the OS thread is gone
        }
    }

    /// <summary>Main may take string[] or nothing and return int or void; the trampoline invokes the delegate.</summary>
    public static Delegate CreateEntryDelegate(MethodInfo entryPoint)
    {
        var takesArgs = entryPoint.GetParameters().Length == 1;
        var returnsInt = entryPoint.ReturnType == typeof(int);
        var type = (takesArgs, returnsInt) switch
        {
            (true, true) => typeof(Func<string[], int>),
            (true, false) => typeof(Action<string[]>),
            (false, true) => typeof(Func<int>),
            (false, false) => typeof(Action),
        };
        return Delegate.CreateDelegate(type, entryPoint);
    }
}
