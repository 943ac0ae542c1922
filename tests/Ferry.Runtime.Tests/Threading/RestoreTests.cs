using System.Diagnostics;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Threading;

namespace Ferry.Runtime.Tests.Threading;

/// <summary>
/// Restore "in a new process": the frozen threads are deep-copied (as an image round trip would), the
/// original app runs to its end, the registry is emptied, and the copies are started the way the
/// restorer does. Restored threads must own their monitors again and sit in the wait queues in their
/// original order before any app code runs.
/// </summary>
public sealed class RestoreTests : AppHarness
{
    [Fact]
    public void Restored_threads_take_back_their_monitors_wait_queue_places_and_tasks()
    {
        var held = new object();   // held twice by a sleeping thread
        var condition = new object();
        var gate = new object();   // held by the test in the original run only
        var log = new List<string>();

        var holder = new Scripts.SleepHolding { Target = held, SleepMs = 60_000, Depth = 2 };
        var waiters = Enumerable.Range(1, 3).Select(i => new Scripts.Wait { Target = condition, Log = log, Name = "w" + i, Depth = i }).ToArray();
        var body = new Scripts.GatedBody { Gate = gate, Value = 42 };

        Monitor.Enter(gate);
        var task = TaskShims.Run(new Func<int>(body.RunForResult));
        var taskWaiter = new Scripts.TaskWait { Tasks = [task], How = "Result" };
        WaitUntilBlocked(Start(holder, "holder"), "holder sleeps");
        var waiterThreads = new List<Thread>();
        foreach (var w in waiters)
        {
            var queued = MonitorShims.WaitersOf(condition).Count;
            waiterThreads.Add(Start(w, w.Name));
            WaitUntil(() => MonitorShims.WaitersOf(condition).Count == queued + 1, "queued");
        }
        WaitUntilBlocked(Start(taskWaiter, "task waiter"), "task waiter blocks");

        // w1 is pulsed but cannot re-enter while the test holds the monitor.
        Monitor.Enter(condition);
        MonitorShims.Pulse(condition);
        var w1 = ThreadShims.Find(waiterThreads[0])!;
        WaitUntil(() => w1.WaitingOn is IWakeOnCapture, "w1 re-entering");

        var image = new ImageCopy();
        List<ImageCopy.ThreadImage> threads = null!;
        Checkpoint(frozen =>
        {
            Assert.Equal(6, frozen.Count); // holder, 3 waiters, task waiter, task body
            threads = frozen.Select(image.Copy).ToList();
            TopFrame(ThreadNamed(frozen, "holder")).Slots[0] = 0L; // the original wakes at once
        });

        // The original app goes on to its end, independent of the copy.
        Monitor.Exit(gate);
        Monitor.Exit(condition);
        WaitUntil(() => { lock (condition) return log.Count == 1; }, "w1 re-enters");
        for (var p = 2; p <= 3; p++)
        {
            MonitorShims.Enter(condition);
            MonitorShims.Pulse(condition);
            MonitorShims.Exit(condition);
            WaitUntil(() => { lock (condition) return log.Count == p; }, "next waiter woken");
        }
        JoinAll();
        WaitUntil(() => AppThreads.LiveCount == 0, "original work items end");
        Assert.Equal(["w1", "w2", "w3"], log);
        Assert.Equal(42, taskWaiter.Value);

        // ---- "new process" ----
        AppThreads.Clear();
        var holderImage = threads.Single(t => t.Name == "holder");
        holderImage.Frames[0].Slots[0] = 400 * Stopwatch.Frequency / 1000; // let the copy sleep 400 ms more
        var records = threads.Select(t =>
        {
            var record = AppThreads.Create(t.Entry, t.Argument, t.Name, t.IsBackground, t.Id);
            record.Frames.AddRange(t.Frames);
            record.HeldLocks.AddRange(t.HeldLocks);
            return record;
        }).ToList();
        CaptureBarrier.BeginRestore(records);
        var restoredThreads = new List<Thread>();
        foreach (var record in records)
        {
            if (ThreadPoolShims.IsWorkItem(record))
            {
                ThreadPoolShims.StartRestored(record);
                continue;
            }
            var thread = ThreadShims.Materialize(record);
            AppThreads.MarkRestoredRunning(record);
            thread.Start();
            restoredThreads.Add(thread);
        }
        CaptureBarrier.AwaitRebuilt();

        var held2 = image.Of(held);
        var condition2 = image.Of(condition);
        var log2 = image.Of(log);
        // The sleeping holder owns its monitor again (twice), before anyone ran.
        Assert.False(Monitor.TryEnter(held2));
        Assert.Equal(2, records.Single(r => r.Name == "holder").HeldLocks.Single(h => h.Target == held2).Count);
        // w2 and w3 wait, in their order; w1 (pulsed) is not in the queue and re-enters on its own.
        var queue = MonitorShims.WaitersOf(condition2);
        Assert.Equal(2, queue.Count);
        Assert.Same(threads.Single(t => t.Name == "w2").Frames[0].Slots[1], queue[0]);
        Assert.Same(threads.Single(t => t.Name == "w3").Frames[0].Slots[1], queue[1]);

        WaitUntil(() => { lock (condition2) return log2.Count == 1; }, "w1 re-enters");
        for (var p = 2; p <= 3; p++)
        {
            MonitorShims.Enter(condition2);
            MonitorShims.Pulse(condition2);
            MonitorShims.Exit(condition2);
            WaitUntil(() => { lock (condition2) return log2.Count == p; }, "next waiter woken");
        }
        foreach (var t in restoredThreads) Assert.True(t.Join(20_000), t.Name + " finishes");
        WaitUntil(() => AppThreads.LiveCount == 0, "restored work item ends");

        Assert.Equal(["w1", "w2", "w3"], log2);
        Assert.Equal([true], image.Of(waiters[0]).Returned);
        Assert.Equal([true], image.Of(waiters[2]).Returned);
        Assert.Equal(1, image.Of(holder).Slept);
        Assert.True(Monitor.TryEnter(held2)); // released by the restored holder
        Monitor.Exit(held2);
        Assert.Equal(42, image.Of(taskWaiter).Value);
        Assert.Equal(1, image.Of(body).Finished);
        Assert.Equal(1, body.Finished); // the original ran once too, separately
        Assert.Empty(MonitorShims.WaitersOf(condition2));
    }
}
