using Ferry.Runtime.Capture;
using Ferry.Runtime.Threading;

namespace Ferry.Runtime.Tests.Threading;

/// <summary>Hand-woven loops that run while checkpoints are taken over and over.</summary>
public static class CheckpointScripts
{
    public sealed class Shared
    {
        public long Value;
        public volatile bool Stop;
    }

    /// <summary>
    /// Until stopped: lock; read; safe point (the owner parks holding the lock); write; unlock; safe point.
    /// Any thread slipping into the critical section during a capture loses an increment.
    /// </summary>
    public sealed class CriticalCounter : Script
    {
        public required object Target;
        public Lock? Slim;
        public required Shared Counter;
        public int I;
        public long Temp;
        public bool Taken;

        [Capturable]
        protected override bool Step()
        {
            switch (Site)
            {
                case 0:
                    if (Counter.Stop) return false;
                    if (Slim is not null) LockShims.Enter(Slim);
                    else if (I % 2 == 0) MonitorShims.Enter(Target);
                    else MonitorShims.Enter(Target, ref Taken);
                    return Advance(1);
                case 1:
                    Temp = Counter.Value;
                    Thread.SpinWait(1_000); // mostly inside: a checkpoint usually finds an owner there
                    Site = 2;
                    return true;
                case 2:
                    Poll(); // inside the critical section
                    return Advance(3);
                case 3:
                    Counter.Value = Temp + 1;
                    I++;
                    Taken = false;
                    if (Slim is not null) LockShims.Exit(Slim);
                    else MonitorShims.Exit(Target);
                    Site = 4;
                    return true;
                default:
                    // An interrupt the barrier used to wake a contender must never reach app code: it
                    // would stay pending until the next wait (checked now and then, and at the end).
                    if ((I & 63) == 0 || Counter.Stop) CheckNoPendingInterrupt();
                    Poll();
                    return Advance(0);
            }
        }

        public int LeakedInterrupts;

        private void CheckNoPendingInterrupt()
        {
            try
            {
                Thread.Sleep(0);
            }
            catch (ThreadInterruptedException)
            {
                LeakedInterrupts++;
            }
        }

        public const int InsideSite = 2;
    }

    /// <summary>Bounded buffer producer: lock; while full Wait; enqueue; PulseAll; unlock.</summary>
    public sealed class Producer : Script
    {
        public required object Sync;
        public required Queue<int> Buffer;
        public int Capacity;
        public int Id;
        public int Count;
        public int I;

        [Capturable]
        protected override bool Step()
        {
            switch (Site)
            {
                case 0:
                    if (I == Count) return false;
                    Thread.SpinWait(200);
                    MonitorShims.Enter(Sync);
                    return Advance(1);
                case 1:
                    if (Buffer.Count == Capacity)
                    {
                        Site = 2;
                        return true;
                    }
                    Buffer.Enqueue(Id * Count + I);
                    I++;
                    MonitorShims.PulseAll(Sync);
                    MonitorShims.Exit(Sync);
                    Site = 3;
                    return true;
                case 2:
                    MonitorShims.Wait(Sync);
                    return Advance(1);
                default:
                    Poll();
                    return Advance(0);
            }
        }
    }

    /// <summary>Bounded buffer consumer (with <c>lock</c>'s Enter(obj, ref taken)).</summary>
    public sealed class Consumer : Script
    {
        public required object Sync;
        public required Queue<int> Buffer;
        public int Quota;
        public List<int> Got = new();
        public bool Taken;

        [Capturable]
        protected override bool Step()
        {
            switch (Site)
            {
                case 0:
                    if (Got.Count == Quota) return false;
                    MonitorShims.Enter(Sync, ref Taken);
                    if (Capturing) Assert.False(Taken);
                    return Advance(1);
                case 1:
                    if (Buffer.Count == 0)
                    {
                        Site = 2;
                        return true;
                    }
                    Got.Add(Buffer.Dequeue());
                    MonitorShims.PulseAll(Sync);
                    Taken = false;
                    MonitorShims.Exit(Sync);
                    Site = 3;
                    return true;
                case 2:
                    MonitorShims.Wait(Sync);
                    return Advance(1);
                default:
                    Poll();
                    return Advance(0);
            }
        }
    }

    /// <summary>A task body that loops with safe points and returns how many rounds it made.</summary>
    public sealed class CountingBody : Script
    {
        public int Rounds;
        public int I;

        [Capturable]
        protected override bool Step()
        {
            if (Site == 1)
            {
                Poll();
                return Advance(0);
            }
            if (I == Rounds)
            {
                Result = I;
                return false;
            }
            Thread.SpinWait(50);
            I++;
            Site = 1;
            return true;
        }
    }

    /// <summary>Start tasks and wait for them in every way, summing their results.</summary>
    public sealed class TaskDriver : Script
    {
        public int Tasks;
        public int I;
        public long Sum;
        public Task<int>? Current;
        public Task<int>? Second;

        [Capturable]
        protected override bool Step()
        {
            switch (Site)
            {
                case 0:
                    if (I == Tasks) return false;
                    Current = TaskShims.Run(new Func<int>(new CountingBody { Rounds = 200 + I }.RunForResult));
                    Second = TaskShims.StartNew(Task.Factory, new Func<int>(new CountingBody { Rounds = 100 }.RunForResult));
                    Site = 1;
                    return true;
                case 1:
                    var value = (I % 3) switch
                    {
                        0 => TaskShims.Result(Current!),
                        1 => WaitThenResult(Current!),
                        _ => TaskShims.WaitAny([Current!]) + 200 + I,
                    };
                    if (Capturing) return true;
                    Sum += value;
                    Site = 2;
                    return true;
                default:
                    TaskShims.WaitAll([Current!, Second!]);
                    if (Capturing) return true;
                    Sum += Current!.IsCompletedSuccessfully ? Second!.Status == TaskStatus.RanToCompletion ? 100 : -1_000_000 : -1_000_000;
                    I++;
                    Site = 0;
                    return true;
            }
        }

        [Capturable]
        private static int WaitThenResult(Task<int> task)
        {
            TaskShims.Wait(task);
            return Capturing ? 0 : TaskShims.Result(task);
        }
    }
}
