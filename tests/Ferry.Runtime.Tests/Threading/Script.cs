using System.Runtime.CompilerServices;
using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Tests.Threading;

/// <summary>
/// A hand-woven app thread body for tests: <see cref="Step"/> runs the code of one resume point
/// (<see cref="Site"/>) and ends with at most one capture site (a shim call or a safe-point poll); it
/// advances <see cref="Site"/> only when that call completed. <see cref="Run"/> follows the frame
/// protocol: while capturing it saves the site and returns, on rebuild it pops it and re-invokes the
/// step, which re-invokes the shim it stopped in. State between steps lives in fields (heap).
/// </summary>
public abstract class Script
{
    public int Site;

    /// <summary>Set when the body ran to its end (never twice: a rebuild must not re-run finished work).</summary>
    public int Finished;

    protected virtual string FrameName => GetType().Name + ".Run";

    [Capturable, MethodImpl(MethodImplOptions.NoInlining)]
    public void Run()
    {
        if (Restoring) Site = (int)FrameStack.Pop(FrameName).Slots[0]!;
        while (Step())
        {
            if (Capturing)
            {
                FrameStack.Push(Frame.Create(FrameName, 0, 1).Set(0, Site));
                return;
            }
        }
        Finished++;
    }

    /// <summary>For Task.Run&lt;int&gt;: the body's result.</summary>
    public int Result;

    [Capturable, MethodImpl(MethodImplOptions.NoInlining)]
    public int RunForResult()
    {
        Run();
        return Result;
    }

    [Capturable, MethodImpl(MethodImplOptions.NoInlining)]
    public void RunWithState(object? state) => Run();

    /// <summary>One resume point; false when the body is done.</summary>
    [Capturable]
    protected abstract bool Step();

    /// <summary>Go on at <paramref name="next"/> unless the call just made is unwinding.</summary>
    protected bool Advance(int next)
    {
        if (!Capturing) Site = next;
        return true;
    }

    /// <summary>A loop back-edge safe point, as woven code polls it.</summary>
    [Capturable]
    protected static void Poll()
    {
        if (Volatile.Read(ref CaptureGate.Active) != 0) FrameStack.SafePoint();
    }

    protected static bool Restoring => Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring();

    protected static bool Capturing => Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsCapturing();
}
