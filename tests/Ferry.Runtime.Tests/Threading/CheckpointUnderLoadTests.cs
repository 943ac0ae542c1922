using Ferry.Runtime.Capture;
using Ferry.Runtime.Threading;
using Xunit.Abstractions;
using static Ferry.Runtime.Tests.Threading.CheckpointScripts;

namespace Ferry.Runtime.Tests.Threading;

/// <summary>
/// Checkpoint-and-continue over and over while threads contend for locks, wait and pulse, and run
/// tasks: each capture keeps ownership exact and nobody inside; after all of it the results are exact.
/// </summary>
public sealed class CheckpointUnderLoadTests : AppHarness
{
    private readonly ITestOutputHelper _output;

    public CheckpointUnderLoadTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nobody_enters_a_critical_section_while_its_owner_is_captured(bool slim)
    {
        const int threads = 4, checkpoints = 60;
        var target = new object();
        var lockObject = slim ? new Lock() : null;
#pragma warning disable CS9216 // the Lock is only compared by identity with HeldLocks entries
        object owned = lockObject is null ? target : lockObject;
#pragma warning restore CS9216
        var counter = new Shared();
        var scripts = Enumerable.Range(0, threads)
            .Select(_ => new CriticalCounter { Target = target, Slim = lockObject, Counter = counter })
            .ToArray();
        foreach (var s in scripts) Start(s, "counter");

        var ownerParkedInside = 0;
        var taken = 0;
        CheckpointUntil(() => taken++ == checkpoints, frozen =>
        {
            var holders = frozen.Where(t => HeldCount(t, owned) > 0).ToList();
            Assert.True(holders.Count <= 1, "two threads hold the lock");
            foreach (var t in frozen)
            {
                var top = TopFrame(t);
                var inside = top.Method == nameof(CriticalCounter) + ".Run" && (int)top.Slots[0]! == CriticalCounter.InsideSite;
                if (inside)
                {
                    ownerParkedInside++;
                    Assert.Equal(1, HeldCount(t, owned));
                }
                if (top.Method is MonitorShims.EnterFrame or LockShims.EnterFrame) Assert.Equal(0, HeldCount(t, owned));
            }
        });
        counter.Stop = true;
        JoinAll();

        _output.WriteLine($"{checkpoints} checkpoints, owner parked inside the critical section {ownerParkedInside} times; " +
                          $"{counter.Value} increments; slowest freeze {FreezeTimes.Max().TotalMilliseconds:F2} ms");
        Assert.Equal(scripts.Sum(s => (long)s.I), counter.Value);
        Assert.All(scripts, s => Assert.Equal(1, s.Finished));
        Assert.All(scripts, s => Assert.Equal(0, s.LeakedInterrupts));
        Assert.True(ownerParkedInside > 0, "no checkpoint caught an owner inside the critical section");
    }

    [Fact]
    public void Wait_and_pulse_stay_exact_across_checkpoints()
    {
        var target = new object();
        var log = new List<string>();
        var waiters = new List<Scripts.Wait>();
        for (var i = 0; i < 6; i++)
        {
            var w = new Scripts.Wait { Target = target, Log = log, Name = "w" + i, Depth = 1 + i % 2 };
            waiters.Add(w);
            Start(w, w.Name);
            WaitUntil(() => MonitorShims.WaitersOf(target).Count == i + 1, "queued");
        }

        for (var p = 1; p <= 6; p++)
        {
            var pulsesSoFar = p - 1;
            Checkpoint(frozen =>
            {
                Assert.Equal(6 - pulsesSoFar, MonitorShims.WaitersOf(target).Count);
                foreach (var t in frozen)
                {
                    Assert.Equal(MonitorShims.WaitFrame, TopFrame(t).Method);
                    Assert.False(((MonitorWaiter)TopFrame(t).Slots[1]!).Pulsed);
                }
            });
            MonitorShims.Enter(target);
            MonitorShims.Pulse(target);
            MonitorShims.Exit(target);
            WaitUntil(() => { lock (target) return log.Count == p; }, "one waiter woken");
            Checkpoint();
            Thread.Sleep(20);
            lock (target) Assert.Equal(p, log.Count); // the captures woke nobody else
        }
        JoinAll();
        Assert.Equal(["w0", "w1", "w2", "w3", "w4", "w5"], log);
        Assert.All(waiters, w => Assert.Equal([true], w.Returned));
    }

    [Fact]
    public void A_pulsed_waiter_captured_while_re_entering_goes_on_re_entering()
    {
        var target = new object();
        var waiter = new Scripts.Wait { Target = target, Depth = 3 };
        var thread = Start(waiter, "waiter");
        WaitUntil(() => MonitorShims.WaitersOf(target).Count == 1, "queued");

        MonitorShims.Enter(target);
        MonitorShims.Pulse(target);
        // Still holding it: the waiter is pulsed and blocks re-entering (a contended Enter).
        WaitUntil(() => ThreadShims.Find(thread)?.WaitingOn is IWakeOnCapture, "re-entering");
        Checkpoint(frozen =>
        {
            var frame = TopFrame(frozen.Single());
            Assert.Equal(MonitorShims.WaitFrame, frame.Method);
            Assert.Equal(true, frame.Slots[3]);
            var record = (MonitorWaiter)frame.Slots[1]!;
            Assert.True(record.Pulsed);
            Assert.Equal(3, record.Recursion);
            Assert.Empty(frozen.Single().HeldLocks);
        });
        Thread.Sleep(20);
        Assert.Empty(waiter.Returned);
        MonitorShims.Exit(target);
        JoinAll();
        Assert.Equal([true], waiter.Returned);
    }

    [Fact]
    public void Producer_consumer_delivers_every_item_exactly_once_across_checkpoints()
    {
        const int producers = 2, consumers = 2, perProducer = 1_500, capacity = 3;
        var sync = new object();
        var buffer = new Queue<int>();
        var ps = Enumerable.Range(0, producers)
            .Select(i => new Producer { Sync = sync, Buffer = buffer, Capacity = capacity, Id = i, Count = perProducer }).ToArray();
        var cs = Enumerable.Range(0, consumers)
            .Select(_ => new Consumer { Sync = sync, Buffer = buffer, Quota = producers * perProducer / consumers }).ToArray();
        foreach (var c in cs) Start(c, "consumer");
        foreach (var p in ps) Start(p, "producer");

        var checkpoints = CheckpointUntil(() => ps.All(p => p.Finished == 1) && cs.All(c => c.Finished == 1), frozen =>
        {
            // While frozen everything adds up: made = taken + in the buffer.
            Assert.Equal(ps.Sum(p => p.I), cs.Sum(c => c.Got.Count) + buffer.Count);
            Assert.True(frozen.Count(t => HeldCount(t, sync) > 0) <= 1);
            foreach (var t in frozen)
                if (TopFrame(t).Method == MonitorShims.WaitFrame) Assert.Equal(0, HeldCount(t, sync));
        });
        JoinAll();

        _output.WriteLine($"{checkpoints} checkpoints during {producers * perProducer} items");
        Assert.True(checkpoints >= 5, $"only {checkpoints} checkpoints overlapped the run");
        Assert.Equal(Enumerable.Range(0, producers * perProducer), cs.SelectMany(c => c.Got).Order());
        foreach (var c in cs)
            foreach (var g in c.Got.GroupBy(x => x / perProducer))
                Assert.Equal(g.Order(), g);
        Assert.Empty(buffer);
        Assert.Empty(MonitorShims.WaitersOf(sync));
    }

    [Fact]
    public void Tasks_run_and_are_waited_for_exactly_across_checkpoints()
    {
        const int tasks = 30;
        var drivers = Enumerable.Range(0, 2).Select(_ => new TaskDriver { Tasks = tasks }).ToArray();
        foreach (var d in drivers) Start(d, "driver");
        var sawWorkItems = 0;
        var checkpoints = CheckpointUntil(() => drivers.All(d => d.Finished == 1), frozen =>
        {
            sawWorkItems += frozen.Count(ThreadPoolShims.IsWorkItem);
        });
        JoinAll();
        // Work-item threads end on their own; wait for them too.
        WaitUntil(() => AppThreads.LiveCount == 0, "work items finish");

        _output.WriteLine($"{checkpoints} checkpoints, {sawWorkItems} work-item threads captured");
        Assert.True(sawWorkItems > 0, "no checkpoint caught a task body running");
        var expected = Enumerable.Range(0, tasks).Sum(i => 200L + i) + 100L * tasks;
        Assert.All(drivers, d => Assert.Equal(expected, d.Sum));
    }
}
