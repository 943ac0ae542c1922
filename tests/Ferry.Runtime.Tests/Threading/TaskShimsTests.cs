using Ferry.Runtime.Capture;
using Ferry.Runtime.Threading;

namespace Ferry.Runtime.Tests.Threading;

/// <summary>Thread-pool work items and tasks run as app threads; waits and results behave as the TPL's.</summary>
public sealed class TaskShimsTests : AppHarness
{
    [Fact]
    public void Work_items_run_on_app_threads_that_are_forgotten_when_done()
    {
        var seen = new List<string>();
        var done = new CountdownEvent(3);
        void Record(string what)
        {
            var self = FrameStack.Current;
            lock (seen) seen.Add($"{what}:{self is not null && AppThreads.Find(self.Id) == self && self.IsBackground}");
            done.Signal();
        }
        Assert.True(ThreadPoolShims.QueueUserWorkItem(_ => Record("callback")));
        Assert.True(ThreadPoolShims.QueueUserWorkItem(s => Record((string)s!), "state"));
        Assert.True(ThreadPoolShims.QueueUserWorkItem(s => Record(s), "generic", preferLocal: false));
        Assert.True(done.Wait(10_000));
        Assert.Equal(["callback:True", "generic:True", "state:True"], seen.Order());

        WaitUntil(() => AppThreads.LiveCount == 0, "work items end");
        WaitUntil(() => !AppThreads.Snapshot().Any(ThreadPoolShims.IsWorkItem), "finished work items are forgotten");
        Assert.Throws<ArgumentNullException>(() => ThreadPoolShims.QueueUserWorkItem(null!));
    }

    [Fact]
    public void Task_results_exceptions_and_waits_behave_as_the_tpl()
    {
        var value = TaskShims.Run(() => 6 * 7);
        var failing = TaskShims.Run(new Action(() => throw new InvalidOperationException("boom")));
        var failingValue = TaskShims.Run<int>(() => throw new FormatException("bad"));
        var started = TaskShims.StartNew(Task.Factory, () => "x");

        Assert.Equal(42, TaskShims.Result(value));
        var awaiter = value.GetAwaiter();
        Assert.Equal(42, TaskShims.GetResult(ref awaiter));
        Assert.Equal("x", TaskShims.Result(started));
        var aggregate = Assert.Throws<AggregateException>(() => TaskShims.Wait(failing));
        Assert.IsType<InvalidOperationException>(aggregate.InnerException);
        Assert.IsType<FormatException>(Assert.Throws<AggregateException>(() => TaskShims.Result(failingValue)).InnerException);
        var plainAwaiter = ((Task)failing).GetAwaiter();
        Assert.Throws<InvalidOperationException>(() => TaskShims.GetResult(ref plainAwaiter));
        var all = Assert.Throws<AggregateException>(() => TaskShims.WaitAll([value, failing, failingValue]));
        Assert.Equal(2, all.InnerExceptions.Count);
        Assert.True(failing.IsFaulted);
        Assert.True(TaskShims.TryGetRecord(failing, out var record));
        Assert.Equal(FerryTaskStatus.Faulted, record.Status);
        Assert.True(TaskShims.TryGetRecord(value, out var valueRecord));
        Assert.Equal(42, Assert.IsType<FerryTask<int>>(valueRecord).Result);
        Assert.Same(value, TaskShims.GetTask(valueRecord)); // one Task per record
        Assert.NotEqual(record.Id, valueRecord.Id);
        WaitUntil(() => AppThreads.LiveCount == 0, "task threads end");
    }

    [Fact]
    public void Timeouts_and_wait_any_on_ferry_and_foreign_tasks()
    {
        var gate = new object();
        Monitor.Enter(gate);
        var blocked = TaskShims.Run(() =>
        {
            MonitorShims.Enter(gate);
            MonitorShims.Exit(gate);
            return 1;
        });
        var quick = TaskShims.Run(() => 2);
        bool waited = true, waitedAll = true;
        var any = -2;
        var anyTimeout = -2;
        var foreign = -1;
        var checker = Start(new ThreadStart(() =>
        {
            waited = TaskShims.Wait(blocked, 30);
            waitedAll = TaskShims.WaitAll([quick, blocked], TimeSpan.FromMilliseconds(30));
            any = TaskShims.WaitAny([blocked, quick]);
            anyTimeout = TaskShims.WaitAny([blocked], 20);
            foreign = TaskShims.Result(Task.Delay(20).ContinueWith(_ => 3)); // not Ferry's: a plain wait
        }), "checker");
        Assert.True(checker.Join(20_000));
        Monitor.Exit(gate);
        Assert.Equal(1, TaskShims.Result(blocked));

        Assert.False(waited);
        Assert.False(waitedAll);
        Assert.Equal(1, any);
        Assert.Equal(-1, anyTimeout);
        Assert.Equal(3, foreign);
        WaitUntil(() => AppThreads.LiveCount == 0, "task threads end");
    }

    [Fact]
    public void A_factory_with_its_own_scheduler_is_left_to_the_tpl()
    {
        using var cts = new CancellationTokenSource();
        var factory = new TaskFactory(cts.Token);
        var task = TaskShims.StartNew(factory, () => 5);
        Assert.False(TaskShims.TryGetRecord(task, out _));
        Assert.Equal(5, TaskShims.Result(task));
    }

    [Fact]
    public void A_restored_record_gets_a_task_completed_as_the_image_says()
    {
        var done = new FerryTask<string> { Id = 7, Status = FerryTaskStatus.RanToCompletion, Result = "kept" };
        var failed = new FerryTask { Id = 8, Status = FerryTaskStatus.Faulted, Exception = new InvalidOperationException("kept too") };
        var pending = new FerryTask<int> { Id = 9 };

        var doneTask = (Task<string>)TaskShims.GetTask(done);
        Assert.Equal("kept", TaskShims.Result(doneTask));
        Assert.Same(doneTask, TaskShims.GetTask(done));
        Assert.IsType<InvalidOperationException>(TaskShims.GetTask(failed).Exception!.InnerException);
        var pendingTask = (Task<int>)TaskShims.GetTask(pending);
        Assert.False(pendingTask.IsCompleted);

        // Its work item (a restored thread) completes it.
        pending.Result = 99;
        TaskRecords.Complete(pending, null);
        Assert.Equal(99, TaskShims.Result(pendingTask));

        // New tasks get ids above every restored one.
        Assert.True(TaskShims.TryGetRecord(TaskShims.Run(() => 0), out var fresh));
        Assert.True(fresh.Id > 9);
        WaitUntil(() => AppThreads.LiveCount == 0, "task threads end");
    }
}
