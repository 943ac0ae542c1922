using Ferry.Runtime.Capture;
using Ferry.Runtime.Threading;

namespace Ferry.Runtime.Tests.Threading;

/// <summary>Monitor semantics of the shims, without checkpoints: exclusion, ownership records, Wait/Pulse.</summary>
public sealed class MonitorShimsTests : AppHarness
{
    private const int Iterations = 20_000;

    private sealed class Counter
    {
        public long Value;
    }

    /// <summary>Increment non-atomically under the lock, every way of taking it, on app threads and plain ones.</summary>
    [Fact]
    public void Mutual_exclusion_keeps_counts_exact_under_contention()
    {
        var target = new object();
        var counter = new Counter();
        var ways = new Action[]
        {
            () => { MonitorShims.Enter(target); Bump(counter); MonitorShims.Exit(target); },
            () =>
            {
                var taken = false;
                try { MonitorShims.Enter(target, ref taken); Bump(counter); }
                finally { if (taken) MonitorShims.Exit(target); }
            },
            () => { Assert.True(MonitorShims.TryEnter(target, Timeout.Infinite)); Bump(counter); MonitorShims.Exit(target); },
            () => { while (!MonitorShims.TryEnter(target)) Thread.Yield(); Bump(counter); MonitorShims.Exit(target); },
            () =>
            {
                var taken = false;
                MonitorShims.TryEnter(target, TimeSpan.FromMinutes(1), ref taken);
                Assert.True(taken);
                MonitorShims.Enter(target); // recursive
                Bump(counter);
                MonitorShims.Exit(target);
                MonitorShims.Exit(target);
            },
        };
        var heldAfter = new List<int>();
        foreach (var way in ways)
        {
            Start(new ThreadStart(() =>
            {
                for (var i = 0; i < Iterations; i++) way();
                lock (heldAfter) heldAfter.Add(Published().Count);
            }), "app");
        }
        var plain = new Thread(() => { for (var i = 0; i < Iterations; i++) ways[0](); });
        plain.Start();
        JoinAll();
        plain.Join();

        Assert.Equal((ways.Length + 1L) * Iterations, counter.Value);
        Assert.Equal(Enumerable.Repeat(0, ways.Length), heldAfter);
    }

    [Fact]
    public void System_threading_lock_excludes_and_is_recorded()
    {
        var slim = new Lock();
        var counter = new Counter();
        var holds = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            Start(new ThreadStart(() =>
            {
                for (var i = 0; i < Iterations; i++)
                {
                    if (i % 2 == 0) LockShims.Enter(slim);
                    else Assert.True(LockShims.TryEnter(slim, 60_000));
                    Assert.True(LockShims.IsHeldByCurrentThread(slim));
                    Bump(counter);
                    LockShims.Exit(slim);
                }
                var scope = LockShims.EnterScope(slim);
                LockShims.Enter(slim);
                lock (holds) holds.Add(Describe(FrameStack.Current!, slim));
                LockShims.Exit(slim);
                LockShims.ExitScope(scope);
                lock (holds) holds.Add(Describe(FrameStack.Current!, slim));
            }), "slim");
        }
        JoinAll();
        Assert.Equal(3L * Iterations, counter.Value);
        Assert.Equal(3, holds.Count(h => h == "L:2"));
        Assert.Equal(3, holds.Count(h => h == ""));
    }

    [Fact]
    public void Held_locks_list_each_object_with_its_recursion_count_in_order()
    {
        var a = new object();
        var b = new object();
        var c = new object();
        var seen = new List<string>();
        string Held() => string.Join(" ", Published().Select(h => $"{Name(h.Target)}:{h.Count}"));
        string Name(object o) => ReferenceEquals(o, a) ? "a" : ReferenceEquals(o, b) ? "b" : ReferenceEquals(o, c) ? "c" : "?";

        Start(new ThreadStart(() =>
        {
            MonitorShims.Enter(a);
            MonitorShims.Enter(a);
            var taken = false;
            MonitorShims.Enter(b, ref taken);
            Assert.True(MonitorShims.TryEnter(c));
            seen.Add(Held());
            MonitorShims.Exit(b);
            seen.Add(Held());
            MonitorShims.Exit(a);
            seen.Add(Held());
            MonitorShims.Enter(a);

            // Wait gives the monitor up entirely (and its record) and takes both levels back: re-acquired last.
            var other = new Thread(() =>
            {
                seen.Add("other waits");
                MonitorShims.Enter(a); // once Wait has let go of both levels
                MonitorShims.Pulse(a);
                MonitorShims.Exit(a);
            });
            other.Start();
            var pulsed = MonitorShims.Wait(a, 30_000);
            seen.Add($"pulsed={pulsed} {Held()}");
            other.Join();
            Assert.True(MonitorShims.IsEntered(a));
            MonitorShims.Exit(a);
            MonitorShims.Exit(a);
            MonitorShims.Exit(c);
            seen.Add("[" + Held() + "]");
        }), "holder");
        JoinAll();

        Assert.Equal(["a:2 b:1 c:1", "a:2 c:1", "a:1 c:1", "other waits", "pulsed=True c:1 a:2", "[]"], seen);
    }

    [Fact]
    public void Misuse_throws_as_monitor_does_and_leaves_the_record_alone()
    {
        var a = new object();
        Exception? exitError = null, waitError = null, pulseError = null, pulseAllError = null, lockTakenError = null;
        var held = -1;
        Start(new ThreadStart(() =>
        {
            MonitorShims.Enter(a);
            exitError = Record.Exception(() => MonitorShims.Exit(new object()));
            waitError = Record.Exception(() => MonitorShims.Wait(new object()));
            pulseError = Record.Exception(() => MonitorShims.Pulse(new object()));
            pulseAllError = Record.Exception(() => MonitorShims.PulseAll(new object()));
            lockTakenError = Record.Exception(() =>
            {
                var taken = true;
                MonitorShims.Enter(a, ref taken);
            });
            held = Published().Single().Count;
            MonitorShims.Exit(a);
        }), "misuse");
        JoinAll();

        Assert.IsType<SynchronizationLockException>(exitError);
        Assert.IsType<SynchronizationLockException>(waitError);
        Assert.IsType<SynchronizationLockException>(pulseError);
        Assert.IsType<SynchronizationLockException>(pulseAllError);
        Assert.IsType<ArgumentException>(lockTakenError);
        Assert.Equal(1, held);
        Assert.Throws<ArgumentNullException>(() => MonitorShims.Enter(null!));
    }

    [Fact]
    public void Wait_times_out_and_leaves_the_queue()
    {
        var a = new object();
        bool? result = null;
        Start(new ThreadStart(() =>
        {
            MonitorShims.Enter(a);
            result = MonitorShims.Wait(a, TimeSpan.FromMilliseconds(30));
            Assert.True(MonitorShims.IsEntered(a));
            MonitorShims.Exit(a);
        }), "timeout");
        JoinAll();
        Assert.False(result);
        Assert.Empty(MonitorShims.WaitersOf(a));

        // A thread Ferry does not know waits in the same queue.
        MonitorShims.Enter(a);
        Assert.False(MonitorShims.Wait(a, 10));
        MonitorShims.Exit(a);
        Assert.Empty(MonitorShims.WaitersOf(a));
    }

    [Fact]
    public void Pulse_wakes_waiters_one_at_a_time_first_come_first_woken()
    {
        var a = new object();
        var order = new List<string>();
        var waiters = new List<Thread>();
        for (var i = 0; i < 5; i++)
        {
            var name = "w" + i;
            waiters.Add(Start(new ThreadStart(() =>
            {
                MonitorShims.Enter(a);
                Assert.True(MonitorShims.Wait(a));
                order.Add(name);
                MonitorShims.Exit(a);
            }), name));
            WaitUntil(() => MonitorShims.WaitersOf(a).Count == i + 1, "waiter queued");
        }
        for (var p = 1; p <= 5; p++)
        {
            MonitorShims.Enter(a);
            MonitorShims.Pulse(a);
            MonitorShims.Exit(a);
            WaitUntil(() => { lock (a) return order.Count == p; }, "one waiter woken");
            Thread.Sleep(5);
            lock (a) Assert.Equal(p, order.Count); // exactly one per pulse
        }
        JoinAll();
        Assert.Equal(["w0", "w1", "w2", "w3", "w4"], order);
    }

    [Fact]
    public void Interrupt_from_the_app_ends_a_wait_holding_the_monitor_and_leaves_the_queue()
    {
        var a = new object();
        string? outcome = null;
        var thread = Start(new ThreadStart(() =>
        {
            MonitorShims.Enter(a);
            MonitorShims.Enter(a);
            try
            {
                MonitorShims.Wait(a);
                outcome = "returned";
            }
            catch (ThreadInterruptedException)
            {
                outcome = $"interrupted, entered={MonitorShims.IsEntered(a)}, held={Published().Single().Count}";
            }
            MonitorShims.Exit(a);
            MonitorShims.Exit(a);
        }), "waiter");
        WaitUntil(() => MonitorShims.WaitersOf(a).Count == 1, "queued");
        thread.Interrupt();
        JoinAll();
        Assert.Equal("interrupted, entered=True, held=2", outcome);
        Assert.Empty(MonitorShims.WaitersOf(a));
    }

    [Fact]
    public void Interrupt_from_the_app_ends_a_contended_enter_as_monitor_does()
    {
        var a = new object();
        string? outcome = null;
        Monitor.Enter(a);
        var thread = Start(new ThreadStart(() =>
        {
            try
            {
                MonitorShims.Enter(a);
                outcome = "entered";
                MonitorShims.Exit(a);
            }
            catch (ThreadInterruptedException)
            {
                outcome = $"interrupted, held={Published().Count}";
            }
        }), "contender");
        WaitUntilBlocked(thread, "contender blocks");
        thread.Interrupt();
        Assert.True(thread.Join(10_000));
        Monitor.Exit(a);
        Assert.Equal("interrupted, held=0", outcome);
    }

    /// <summary>A bounded buffer with Wait/PulseAll: every item is consumed exactly once.</summary>
    [Fact]
    public void Producer_consumer_delivers_every_item_exactly_once()
    {
        const int producers = 3, consumers = 3, perProducer = 4_000, capacity = 4;
        var sync = new object();
        var buffer = new Queue<int>();
        var taken = new List<int>[consumers];
        for (var p = 0; p < producers; p++)
        {
            var id = p;
            Start(new ThreadStart(() =>
            {
                for (var i = 0; i < perProducer; i++)
                {
                    MonitorShims.Enter(sync);
                    while (buffer.Count == capacity) MonitorShims.Wait(sync);
                    buffer.Enqueue(id * perProducer + i);
                    MonitorShims.PulseAll(sync);
                    MonitorShims.Exit(sync);
                }
            }), "producer");
        }
        for (var c = 0; c < consumers; c++)
        {
            var mine = taken[c] = new List<int>();
            Start(new ThreadStart(() =>
            {
                for (var i = 0; i < producers * perProducer / consumers; i++)
                {
                    var taken = false;
                    MonitorShims.Enter(sync, ref taken);
                    while (buffer.Count == 0) MonitorShims.Wait(sync);
                    mine.Add(buffer.Dequeue());
                    MonitorShims.PulseAll(sync);
                    MonitorShims.Exit(sync);
                }
            }), "consumer");
        }
        JoinAll();
        Assert.Equal(Enumerable.Range(0, producers * perProducer), taken.SelectMany(t => t).Order());
        // Per producer, items come out in order.
        foreach (var list in taken)
            foreach (var g in list.GroupBy(x => x / perProducer))
                Assert.Equal(g.Order(), g);
    }

    /// <summary>The calling app thread's HeldLocks, made exact as a checkpoint would make them.</summary>
    private static List<HeldLock> Published()
    {
        var self = FrameStack.Current!;
        LockBook.Publish(self);
        return self.HeldLocks;
    }

    private static void Bump(Counter counter)
    {
        var v = counter.Value;
        Thread.SpinWait(2);
        counter.Value = v + 1;
    }

    private static string Describe(AppThread thread, Lock target) =>
        string.Join(" ", Published().Select(h => (h.Target is Lock l && l == target ? "L" : "?") + ":" + h.Count));
}
