using System.Runtime.CompilerServices;
using Ferry.Runtime.Capture;

// A Lock is passed around as object only as an identity (HeldLocks, frames); nothing here locks its monitor.
#pragma warning disable CS9216

namespace Ferry.Runtime.Threading;

/// <summary>
/// Replacements for System.Threading.Lock calls in app code: Enter, TryEnter, Exit, IsHeldByCurrentThread,
/// with the same bookkeeping and safe points as <see cref="MonitorShims"/> (a held Lock is listed in
/// <see cref="AppThread.HeldLocks"/> and re-entered on restore).
/// C# 13 <c>lock (aLock)</c> compiles to <c>EnterScope()</c> and a <c>Lock.Scope</c> local, a ref struct:
/// such a method cannot be woven as it is. <see cref="EnterScope"/>/<see cref="ExitScope"/> are for a
/// weaver that retypes the Scope local as the Lock itself (<c>EnterScope()</c> → <c>EnterScope(l)</c>,
/// <c>ldloca s; call Scope.Dispose()</c> → <c>ldloc s; call ExitScope(l)</c>).
/// </summary>
public static class LockShims
{
    internal const string EnterFrame = "Lock.Enter";
    internal const string TryEnterFrame = "Lock.TryEnter";

    [Capturable, MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter(Lock lockObject)
    {
        // Fast path (inlined into app code): no capture under way and nobody holds it.
        if (Volatile.Read(ref CaptureGate.Active) == 0 && lockObject.TryEnter())
        {
            var self = FrameStack.Current;
            if (self is not null) LockBook.Add(self, lockObject);
            return;
        }
        EnterCore(lockObject);
    }

    /// <summary>Enter; returns the Lock entered (on rebuild, the one from the frame), or null while capturing.</summary>
    [Capturable, MethodImpl(MethodImplOptions.NoInlining)]
    private static Lock? EnterCore(Lock lockObject)
    {
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
            return EnterBlocking((Lock)FrameStack.Pop(EnterFrame).Slots[0]!);
        if (!lockObject.TryEnter()) return EnterBlocking(lockObject);
        var self = FrameStack.Current;
        if (self is not null) LockBook.Add(self, lockObject);
        return lockObject;
    }

    [Capturable]
    private static Lock? EnterBlocking(Lock lockObject)
    {
        var self = FrameStack.Current;
        if (self is null)
        {
            lockObject.Enter();
            return lockObject;
        }
        if (ContendedAcquire.Run(self, lockObject, lockObject, Deadline.Infinite) == AcquireOutcome.Capturing)
        {
            FrameStack.Push(Frame.Create(EnterFrame, 0, 1).Set(0, lockObject));
            return null;
        }
        LockBook.Add(self, lockObject);
        return lockObject;
    }

    public static bool TryEnter(Lock lockObject)
    {
        if (!lockObject.TryEnter()) return false;
        var self = FrameStack.Current;
        if (self is not null) LockBook.Add(self, lockObject);
        return true;
    }

    [Capturable]
    public static bool TryEnter(Lock lockObject, int millisecondsTimeout) => TryEnterCore(lockObject, millisecondsTimeout);

    [Capturable]
    public static bool TryEnter(Lock lockObject, TimeSpan timeout) =>
        TryEnterCore(lockObject, Deadline.ToMilliseconds(timeout, nameof(timeout)));

    [Capturable]
    private static bool TryEnterCore(Lock lockObject, int millisecondsTimeout)
    {
        long deadline;
        var self = FrameStack.Current;
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
        {
            var frame = FrameStack.Pop(TryEnterFrame);
            lockObject = (Lock)frame.Slots[0]!;
            deadline = Deadline.FromRemaining((long)frame.Slots[1]!);
        }
        else
        {
            ArgumentNullException.ThrowIfNull(lockObject);
            ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, Timeout.Infinite);
            if (lockObject.TryEnter())
            {
                if (self is not null) LockBook.Add(self, lockObject);
                return true;
            }
            if (millisecondsTimeout == 0) return false;
            deadline = Deadline.FromMilliseconds(millisecondsTimeout);
        }
        if (self is null) return lockObject.TryEnter(Deadline.LeftMs(deadline));

        switch (ContendedAcquire.Run(self, lockObject, lockObject, deadline))
        {
            case AcquireOutcome.Acquired:
                LockBook.Add(self, lockObject);
                return true;
            case AcquireOutcome.Capturing:
                FrameStack.Push(Frame.Create(TryEnterFrame, 0, 2).Set(0, lockObject).Set(1, Deadline.Remaining(deadline)));
                return false;
            default:
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exit(Lock lockObject)
    {
        lockObject.Exit();
        var self = FrameStack.Current;
        if (self is not null) LockBook.Remove(self, lockObject);
    }

    public static bool IsHeldByCurrentThread(Lock lockObject) => lockObject.IsHeldByCurrentThread;

    /// <summary>For a weaver that retypes <c>Lock.Scope</c> locals as <c>Lock</c>: enter, and return the Lock as the "scope".</summary>
    [Capturable]
    public static Lock EnterScope(Lock lockObject) => EnterCore(lockObject)!;

    /// <summary>The retyped <c>Scope.Dispose()</c>.</summary>
    public static void ExitScope(Lock lockObject) => Exit(lockObject);
}
