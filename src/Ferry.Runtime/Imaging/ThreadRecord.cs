using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Imaging;

/// <summary>One app thread as stored in an image (section "threads").</summary>
public sealed class ThreadRecord
{
    public int Id;
    public string? Name;
    public bool IsBackground;
    public AppThreadState State;
    public Delegate Entry = null!;
    public object? EntryArgument;
    public object? Result;

    /// <summary>Saved frames, innermost first (the order a rebuild consumes from the end).</summary>
    public Frame[] Frames = [];

    /// <summary>Objects whose monitors the thread holds, with their recursion counts.</summary>
    public object[] HeldLocks = [];
    public int[] HeldLockCounts = [];
}
