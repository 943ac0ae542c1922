using Ferry.Runtime.Capture;
using Ferry.Runtime.Threading;

namespace Ferry.Runtime.Tests.Threading;

/// <summary>Small hand-woven thread bodies, each blocking in one kind of shim.</summary>
public static class Scripts
{
    /// <summary>Monitor.Enter(obj), then exit.</summary>
    public sealed class Enter : Script
    {
        public required object Target;
        public int Entered;

        [Capturable]
        protected override bool Step()
        {
            switch (Site)
            {
                case 0:
                    MonitorShims.Enter(Target);
                    return Advance(1);
                default:
                    Entered++;
                    MonitorShims.Exit(Target);
                    return false;
            }
        }
    }

    /// <summary><c>lock (obj)</c>: Monitor.Enter(obj, ref taken); taken must stay false while capturing.</summary>
    public sealed class LockStatement : Script
    {
        public required object Target;
        public bool Taken;
        public int Entered;

        [Capturable]
        protected override bool Step()
        {
            switch (Site)
            {
                case 0:
                    MonitorShims.Enter(Target, ref Taken);
                    if (Capturing) Assert.False(Taken);
                    return Advance(1);
                default:
                    Assert.True(Taken);
                    Entered++;
                    Taken = false;
                    MonitorShims.Exit(Target);
                    return false;
            }
        }
    }

    /// <summary>Monitor.TryEnter(obj, timeout).</summary>
    public sealed class TryEnter : Script
    {
        public required object Target;
        public int TimeoutMs = 60_000;
        public bool? Acquired;

        [Capturable]
        protected override bool Step()
        {
            switch (Site)
            {
                case 0:
                    var acquired = MonitorShims.TryEnter(Target, TimeoutMs);
                    if (Capturing) return true;
                    Acquired = acquired;
                    Site = 1;
                    return true;
                default:
                    if (Acquired == true) MonitorShims.Exit(Target);
                    return false;
            }
        }
    }

    /// <summary>System.Threading.Lock.Enter().</summary>
    public sealed class LockEnter : Script
    {
        public required Lock Target;
        public int Entered;

        [Capturable]
        protected override bool Step()
        {
            switch (Site)
            {
                case 0:
                    LockShims.Enter(Target);
                    return Advance(1);
                default:
                    Entered++;
                    LockShims.Exit(Target);
                    return false;
            }
        }
    }

    /// <summary>lock (obj) { [lock (obj) {] Monitor.Wait(obj[, timeout]) [}] }: records what Wait returned.</summary>
    public sealed class Wait : Script
    {
        public required object Target;
        public int TimeoutMs = Timeout.Infinite;
        public int Depth = 1;
        public List<bool> Returned = new();
        public List<string>? Log;
        public string Name = "";

        [Capturable]
        protected override bool Step()
        {
            switch (Site)
            {
                case 0:
                    for (var i = 0; i < Depth; i++) MonitorShims.Enter(Target); // uncontended here
                    Site = 1;
                    return true;
                case 1:
                    var pulsed = MonitorShims.Wait(Target, TimeoutMs);
                    if (Capturing) return true;
                    Returned.Add(pulsed);
                    Log?.Add(Name); // under the monitor
                    Site = 2;
                    return true;
                default:
                    Assert.True(MonitorShims.IsEntered(Target));
                    for (var i = 0; i < Depth; i++) MonitorShims.Exit(Target);
                    return false;
            }
        }
    }

    /// <summary>lock (obj) { Thread.Sleep(ms) } with the monitor held <see cref="Depth"/> times.</summary>
    public sealed class SleepHolding : Script
    {
        public required object Target;
        public int SleepMs;
        public int Depth = 1;
        public int Slept;

        [Capturable]
        protected override bool Step()
        {
            switch (Site)
            {
                case 0:
                    for (var i = 0; i < Depth; i++) MonitorShims.Enter(Target);
                    Site = 1;
                    return true;
                case 1:
                    ThreadShims.Sleep(SleepMs);
                    return Advance(2);
                default:
                    Slept++;
                    for (var i = 0; i < Depth; i++) MonitorShims.Exit(Target);
                    return false;
            }
        }
    }

    public sealed class Sleep : Script
    {
        public int SleepMs;

        [Capturable]
        protected override bool Step()
        {
            if (Site == 1) return false;
            ThreadShims.Sleep(SleepMs);
            return Advance(1);
        }
    }

    public sealed class Join : Script
    {
        public required Thread Target;
        public bool Joined;

        [Capturable]
        protected override bool Step()
        {
            if (Site == 1)
            {
                Joined = !Target.IsAlive || ThreadShims.Find(Target)?.State == AppThreadState.Finished;
                return false;
            }
            ThreadShims.Join(Target);
            return Advance(1);
        }
    }

    /// <summary>Task.Wait / Task&lt;int&gt;.Result / WaitAll / WaitAny / GetAwaiter().GetResult() on tasks made by the test.</summary>
    public sealed class TaskWait : Script
    {
        public required Task[] Tasks;
        public string How = "Wait";
        public int Value = -1;

        [Capturable]
        protected override bool Step()
        {
            if (Site == 1) return false;
            switch (How)
            {
                case "Wait":
                    TaskShims.Wait(Tasks[0]);
                    break;
                case "Result":
                    var result = TaskShims.Result((Task<int>)Tasks[0]);
                    if (!Capturing) Value = result;
                    break;
                case "GetResult":
                    var awaiter = ((Task<int>)Tasks[0]).GetAwaiter();
                    var got = TaskShims.GetResult(ref awaiter);
                    if (!Capturing) Value = got;
                    break;
                case "WaitAll":
                    TaskShims.WaitAll(Tasks);
                    break;
                case "WaitAny":
                    var index = TaskShims.WaitAny(Tasks);
                    if (!Capturing) Value = index;
                    break;
            }
            return Advance(1);
        }
    }

    /// <summary>A task body: enter a gate the test holds, then produce a value.</summary>
    public sealed class GatedBody : Script
    {
        public required object Gate;
        public int Value;

        [Capturable]
        protected override bool Step()
        {
            switch (Site)
            {
                case 0:
                    MonitorShims.Enter(Gate);
                    return Advance(1);
                default:
                    MonitorShims.Exit(Gate);
                    Result = Value;
                    return false;
            }
        }
    }
}
