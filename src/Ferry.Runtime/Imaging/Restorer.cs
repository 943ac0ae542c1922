using System.Reflection;
using Ferry.Images;
using Ferry.Images.Graph;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Threading;
using Ferry.Runtime.Time;

namespace Ferry.Runtime.Imaging;

/// <summary>
/// Continues an app from an image in this (new) process: the image is validated and read in full,
/// statics and runtime state are put back, every thread is rebuilt from its frames, and only when
/// all are whole does any app code run. Nothing of the app runs if anything about the image is wrong.
/// The two stages (the graph read, then the start) are <see cref="StagedRestore"/>'s; a standby host runs
/// them apart, reading a pre-copy's rounds while the app still runs on the source.
/// </summary>
public static class Restorer
{
    /// <summary>Restore and run to completion; returns the app's exit code.</summary>
    public static int Restore(string imagePath, RestoreOptions? options = null)
    {
        var main = Load(imagePath);
        return AppProcess.WaitForExit(main);
    }

    /// <summary>Restore from the rounds of a pre-copy (<see cref="PreCopy"/>, in order) and run to completion; the app's exit code.</summary>
    public static int Restore(IReadOnlyList<string> imagePaths)
    {
        var main = Load(imagePaths);
        return AppProcess.WaitForExit(main);
    }

    /// <summary>Restore and start the app; returns its main thread record.</summary>
    public static AppThread Load(string imagePath) => Load([imagePath]);

    /// <summary>
    /// Restore and start the app from one image, or from the round files of a pre-copy in the order they were
    /// written (a final round that is a full image is read alone); returns its main thread record.
    /// </summary>
    public static AppThread Load(IReadOnlyList<string> imagePaths)
    {
        if (imagePaths.Count == 0) throw new ArgumentException("no image to restore", nameof(imagePaths));
        var readers = new List<ImageReader>();
        try
        {
            foreach (var path in imagePaths) readers.Add(OpenImage(path));
            return Load(readers);
        }
        finally
        {
            foreach (var r in readers) r.Dispose();
        }
    }

    /// <summary>An image (or round) to restore from: validated as it is read, made by this runtime.</summary>
    public static ImageReader OpenImage(string path) => ImageReader.Open(path, new ImageReadOptions { RequireCurrentRuntime = true });

    private static AppThread Load(List<ImageReader> readers)
    {
        var restore = new StagedRestore();
        // A final round that is a full image is read alone.
        if (!readers[^1].HasSection("graph"))
            foreach (var round in readers.Take(readers.Count - 1)) restore.ApplyRound(round);
        return restore.Go(readers[^1]);
    }

    /// <summary>
    /// The last stage of a restore (<see cref="StagedRestore.Go"/>): the graph is whole; statics, clock and runtime
    /// state are put back, every thread is rebuilt from its frames, and the app runs. <paramref name="shell"/>: the
    /// thread record of an app thread id (the graph's Thread objects are theirs).
    /// </summary>
    internal static AppThread Start(ObjectGraph graph, Func<int, AppThread> shell)
    {
        var records = graph["threads"] as ThreadRecord[] ?? throw new ImageFormatException("image has no thread records");
        var statics = graph["statics"] as TypeStatics[] ?? throw new ImageFormatException("image has no statics record");
        var environment = graph["environment"] as EnvironmentRecord ?? throw new ImageFormatException("image has no environment record");
        if (!records.Any(r => r.Id == 1)) throw new ImageFormatException("image has no main thread");

        RestoreStatics(statics);
        ClockShims.ContinueFrom(environment.MonotonicTimestamp, environment.TickCount64);
        RuntimeStateRegistry.RestoreAll(environment.ExtensionNames, environment.Extensions);

        var running = new List<AppThread>();
        foreach (var r in records.OrderBy(r => r.Id))
        {
            var t = shell(r.Id);
            t.Entry = r.Entry ?? throw new ImageFormatException($"thread {r.Id} has no entry");
            t.EntryArgument = r.EntryArgument;
            t.Name = r.Name;
            t.IsBackground = r.IsBackground;
            t.Result = r.Result;
            var thread = t.AppVisibleThread!;
            if (r.Name is not null) thread.Name = r.Name;
            thread.IsBackground = r.IsBackground;
            if (r.HeldLocks.Length != r.HeldLockCounts.Length) throw new ImageFormatException($"thread {r.Id}: lock table is inconsistent");
            for (var i = 0; i < r.HeldLocks.Length; i++) t.HeldLocks.Add(new HeldLock(r.HeldLocks[i], r.HeldLockCounts[i]));
            t.Frames.AddRange(r.Frames);
            switch (r.State)
            {
                case AppThreadState.Running:
                    t.ReacquireLocks = t.HeldLocks.Count > 0;
                    AppThreads.MarkRestoredRunning(t);
                    running.Add(t);
                    break;
                case AppThreadState.Finished:
                    t.State = AppThreadState.Finished;
                    break;
                default:
                    t.State = AppThreadState.Unstarted;
                    break;
            }
        }
        var main = shell(1);
        AppProcess.SetMain(main);

        CaptureBarrier.BeginRestore(running);
        foreach (var t in running) t.AppVisibleThread!.Start();
        CaptureBarrier.AwaitRebuilt();
        // Timers from the image fire only now that every thread is whole.
        Interception.TimerShims.ArmRestored();
        return main;
    }

    private static void RestoreStatics(TypeStatics[] statics)
    {
        var assemblies = ImageSerializer.AssembliesByName();
        var app = AppProcess.AppAssemblies.ToHashSet();
        foreach (var s in statics)
        {
            var type = s.Type.Resolve(assemblies);
            if (!app.Contains(type.Assembly)) throw new ImageMismatchException($"the image sets statics of {type}, which is not an app type");
            if (s.Fields.Length != s.Values.Length) throw new ImageFormatException($"statics of {type} are inconsistent");
            var fields = Checkpointer.StaticFields(type).ToDictionary(f => f.Name);
            // Statics come from the image: the class constructor must not run (again) in this process.
            TypeInitGate.MarkRestored(type);
            for (var i = 0; i < s.Fields.Length; i++)
            {
                if (!fields.TryGetValue(s.Fields[i], out var field))
                    throw new ImageMismatchException($"the image has static field {type}.{s.Fields[i]}, which this build does not");
                try
                {
                    field.SetValue(null, s.Values[i]);
                }
                catch (ArgumentException e)
                {
                    throw new ImageFormatException($"static field {type}.{field.Name}: {e.Message}");
                }
            }
        }
    }
}
