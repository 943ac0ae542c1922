using Ferry.Runtime.Capture;
using Ferry.Runtime.Threading;
using Xunit.Abstractions;

namespace Ferry.Runtime.Tests.Threading;

/// <summary>A checkpoint request reaches threads blocked in every kind of blocking shim at once.</summary>
public sealed class ParkWhileBlockedTests : AppHarness
{
    private readonly ITestOutputHelper _output;

    public ParkWhileBlockedTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Contended_enter_parks_and_goes_on_entering_after_resume()
    {
        var target = new object();
        var enter = new Scripts.Enter { Target = target };
        var lockStatement = new Scripts.LockStatement { Target = target };
        Monitor.Enter(target); // the test thread owns it
        try
        {
            WaitUntilBlocked(Start(enter, "enter"), "enter blocks");
            WaitUntilBlocked(Start(lockStatement, "lock"), "lock blocks");

            Checkpoint(threads =>
            {
                foreach (var t in threads)
                {
                    Assert.Equal(MonitorShims.EnterFrame, TopFrame(t).Method);
                    Assert.Same(target, TopFrame(t).Slots[0]);
                    Assert.Empty(t.HeldLocks);
                }
            });
            Assert.Equal(0, enter.Entered + lockStatement.Entered);
        }
        finally
        {
            Monitor.Exit(target);
        }
        JoinAll();
        Assert.Equal(1, enter.Entered);
        Assert.Equal(1, lockStatement.Entered);
        Assert.Equal(1, enter.Finished);
        Assert.Equal(1, lockStatement.Finished);
    }

    [Fact]
    public void Every_kind_of_blocked_thread_parks_promptly_and_finishes_exactly_once()
    {
        var gate = new object();      // held by the test: Enter, lock, TryEnter and the task bodies wait for it
        var condition = new object(); // waiters
        var held = new object();      // held (twice) by a sleeping thread
        var slim = new Lock();
        slim.Enter();
        Monitor.Enter(gate);

        var sleeper = new Scripts.SleepHolding { Target = held, SleepMs = 60_000, Depth = 2 };
        var waiter = new Scripts.Wait { Target = condition, Depth = 2 };
        var timedWaiter = new Scripts.Wait { Target = condition, TimeoutMs = 60_000 };
        var enter = new Scripts.Enter { Target = gate };
        var tryEnter = new Scripts.TryEnter { Target = gate };
        var lockEnter = new Scripts.LockEnter { Target = slim };
        var bodies = Enumerable.Range(0, 3).Select(i => new Scripts.GatedBody { Gate = gate, Value = 10 + i }).ToArray();
        var voidTask = TaskShims.Run(new Action(bodies[0].Run));
        var intTask = TaskShims.Run(new Func<int>(bodies[1].RunForResult));
        var otherTask = TaskShims.Run(new Func<int>(bodies[2].RunForResult));
        var taskWaits = new[]
        {
            new Scripts.TaskWait { Tasks = [voidTask], How = "Wait" },
            new Scripts.TaskWait { Tasks = [intTask], How = "Result" },
            new Scripts.TaskWait { Tasks = [otherTask], How = "GetResult" },
            new Scripts.TaskWait { Tasks = [voidTask, intTask, otherTask], How = "WaitAll" },
            new Scripts.TaskWait { Tasks = [intTask, otherTask], How = "WaitAny" },
        };

        var sleeperThread = Start(sleeper, "sleeper");
        WaitUntilBlocked(sleeperThread, "sleeper sleeps");
        var waiterThread = Start(waiter, "waiter");
        WaitUntil(() => MonitorShims.WaitersOf(condition).Count == 1, "waiter queued");
        Start(timedWaiter, "timed waiter");
        WaitUntil(() => MonitorShims.WaitersOf(condition).Count == 2, "timed waiter queued");
        var joiner = new Scripts.Join { Target = waiterThread };
        var blocked = new List<Thread>
        {
            Start(enter, "enter"), Start(tryEnter, "tryEnter"), Start(lockEnter, "lockEnter"), Start(joiner, "join"),
        };
        blocked.AddRange(taskWaits.Select((s, i) => Start(s, "task " + s.How)));
        foreach (var t in blocked) WaitUntilBlocked(t, t.Name + " blocks");

        Checkpoint(threads =>
        {
            // 3 task bodies + 12 threads started here.
            Assert.Equal(15, threads.Count);
            var sleeping = ThreadNamed(threads, "sleeper");
            Assert.Equal("Sleep", TopFrame(sleeping).Method);
            Assert.InRange((long)TopFrame(sleeping).Slots[0]!, 1, 60 * System.Diagnostics.Stopwatch.Frequency);
            Assert.Equal(2, HeldCount(sleeping, held)); // ownership is in the image

            foreach (var name in new[] { "waiter", "timed waiter" })
            {
                var frame = TopFrame(ThreadNamed(threads, name));
                Assert.Equal(MonitorShims.WaitFrame, frame.Method);
                Assert.Same(condition, frame.Slots[0]);
                var record = Assert.IsType<MonitorWaiter>(frame.Slots[1]);
                Assert.False(record.Pulsed);
                Assert.Equal(name == "waiter" ? 2 : 1, record.Recursion);
                Assert.Equal(name == "waiter" ? -1L : 1L, Math.Sign((long)frame.Slots[2]!));
                Assert.Equal(false, frame.Slots[3]);
                Assert.Empty(ThreadNamed(threads, name).HeldLocks); // Wait released it
            }
            Assert.Equal(2, MonitorShims.WaitersOf(condition).Count); // the capture woke nobody

            Assert.Equal(MonitorShims.EnterFrame, TopFrame(ThreadNamed(threads, "enter")).Method);
            Assert.Equal(MonitorShims.TryEnterFrame, TopFrame(ThreadNamed(threads, "tryEnter")).Method);
            Assert.Equal(LockShims.EnterFrame, TopFrame(ThreadNamed(threads, "lockEnter")).Method);
            Assert.Equal("Join", TopFrame(ThreadNamed(threads, "join")).Method);
            Assert.Equal(TaskShims.WaitFrame, TopFrame(ThreadNamed(threads, "task Wait")).Method);
            Assert.Equal(TaskShims.WaitFrame, TopFrame(ThreadNamed(threads, "task Result")).Method);
            Assert.Equal(TaskShims.WaitFrame, TopFrame(ThreadNamed(threads, "task GetResult")).Method);
            Assert.Equal(TaskShims.WaitAllFrame, TopFrame(ThreadNamed(threads, "task WaitAll")).Method);
            Assert.Equal(TaskShims.WaitAnyFrame, TopFrame(ThreadNamed(threads, "task WaitAny")).Method);
            var workItems = threads.Where(ThreadPoolShims.IsWorkItem).ToList();
            Assert.Equal(3, workItems.Count);
            foreach (var w in workItems) Assert.Equal(MonitorShims.EnterFrame, TopFrame(w).Method);

            // Let the sleeper wake soon after the resume.
            TopFrame(sleeping).Slots[0] = 0L;
        });
        _output.WriteLine($"froze 15 blocked threads in {FreezeTimes[0].TotalMilliseconds:F2} ms");

        // Nothing moved: the gate is still held, nobody was pulsed.
        Thread.Sleep(50);
        Assert.Equal(0, enter.Finished + tryEnter.Finished + lockEnter.Finished + waiter.Finished);
        Assert.Equal(0, taskWaits.Sum(s => s.Finished));

        Monitor.Exit(gate);
        slim.Exit();
        MonitorShims.Enter(condition);
        MonitorShims.PulseAll(condition);
        MonitorShims.Exit(condition);
        JoinAll();

        Assert.Equal(1, sleeper.Slept);
        Assert.Equal([true], waiter.Returned);
        Assert.Equal([true], timedWaiter.Returned);
        Assert.Equal(1, enter.Entered);
        Assert.True(tryEnter.Acquired);
        Assert.Equal(1, lockEnter.Entered);
        Assert.True(joiner.Joined);
        Assert.Equal(11, taskWaits[1].Value);
        Assert.Equal(12, taskWaits[2].Value);
        Assert.InRange(taskWaits[4].Value, 0, 1);
        Assert.All(taskWaits, s => Assert.Equal(1, s.Finished));
        Assert.All(bodies, b => Assert.Equal(1, b.Finished));
        Assert.True(voidTask.IsCompletedSuccessfully);
        Assert.Equal(11, TaskShims.Result(intTask));
    }
}
